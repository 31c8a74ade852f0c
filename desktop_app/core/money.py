"""Money as Decimal euros with cents; parsing and formatting in Dutch and English.

Floats never touch an amount: user input is parsed with Babel (strict), stored as a
two-decimal Decimal and written to JSON as a string.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from babel.numbers import NumberFormatError, format_currency, parse_decimal
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from desktop_app.core.limits import MAX_AMOUNT

CENT = Decimal("0.01")

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
# Digits with grouping and decimal marks only: no signs, exponents or words.
_TYPED_AMOUNT = re.compile(r"^[0-9][0-9.,]*$")
# How a stored amount is written: digits, at most one decimal point; no sign, no exponent.
_STORED_AMOUNT = re.compile(r"^[0-9]{1,20}(\.[0-9]{1,10})?$")


class MoneyError(ValueError):
    """The text is not an amount of money."""


class AmountOutOfRangeError(MoneyError):
    """An amount, but below zero or above MAX_AMOUNT (ten million euros)."""

    def __init__(self, message: str, amount: Decimal | None = None) -> None:
        super().__init__(message)
        self.amount = amount


def to_cents(value: Decimal) -> Decimal:
    """Round to whole cents the way a bank does (half up)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def coerce_money(value: object) -> Decimal:
    """Turn a JSON value (string or integer; never float) into a cent-exact Decimal.

    The range (0 … MAX_AMOUNT, at most two decimals, finite) is checked before any
    arithmetic, so ``"1e1000000"`` or a 10**40 integer is refused, never an Overflow.
    """
    if isinstance(value, bool | float):
        raise MoneyError('amounts are written as a string like "1234.56", not as a float')
    if isinstance(value, int):
        if not 0 <= value <= MAX_AMOUNT:
            raise AmountOutOfRangeError(f"an amount lies between 0 and {MAX_AMOUNT}")
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 32:
            raise MoneyError("amount is too long")
        if not _STORED_AMOUNT.match(text):
            if re.match(r"^-[0-9]", text):
                raise AmountOutOfRangeError("amount cannot be negative")
            raise MoneyError('not an amount: write it like "1234.56"')
        amount = Decimal(text)
    else:
        raise MoneyError(f"not an amount: {type(value).__name__}")
    if not amount.is_finite():
        raise MoneyError("amount must be a finite number")
    # adjusted() and comparisons need no arithmetic context: they cannot overflow.
    if amount.is_zero():
        return Decimal("0.00")  # also -0, which would otherwise be written as "-0.00"
    if amount.is_signed():
        raise AmountOutOfRangeError("amount cannot be negative")
    if amount.adjusted() > MAX_AMOUNT.adjusted() or amount > MAX_AMOUNT:
        raise AmountOutOfRangeError(f"an amount lies between 0 and {MAX_AMOUNT}", amount)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and to_cents(amount) != amount:
        raise MoneyError("amounts have at most two decimals (cents)")
    return to_cents(amount)


def _serialize(value: Decimal) -> str:
    return f"{to_cents(value):.2f}"


Money = Annotated[
    Decimal,
    BeforeValidator(coerce_money),
    PlainSerializer(_serialize, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,8}(\.\d{1,2})?$"}),
]
"""An amount in euros, cent-exact; JSON form: a string like ``"1234.56"``."""


def parse_money(text: str, language: str = "nl") -> Decimal:
    """Parse what a person typed: "€ 1.234,56", "1234,56", "1234" (nl) or "1,234.56" (en).

    Raises MoneyError with no amount guessed: a wrong guess costs a resident real money.
    """
    cleaned = text.replace("€", "").replace("EUR", "").replace("\u00a0", " ").strip()
    cleaned = cleaned.replace(" ", "")
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-2]
    if not _TYPED_AMOUNT.match(cleaned):
        raise MoneyError(f"not an amount: {text!r}")
    try:
        amount = parse_decimal(cleaned, locale=_LOCALES.get(language, "nl_NL"), strict=True)
    except NumberFormatError as exc:
        raise MoneyError(f"not an amount: {text!r}") from exc
    return coerce_money(amount)


def stored_money(text: str, language: str = "nl") -> str:
    """What a form stores for what a person typed: "1234.56" for an amount, also for one
    above the limit (so the rule engine can say the limit, not "write it like 1250,50"),
    else the text as typed (the engine explains what is wrong)."""
    try:
        return f"{parse_money(text, language):.2f}"
    except AmountOutOfRangeError as error:
        if error.amount is not None and error.amount.adjusted() < 20:
            return f"{error.amount:.2f}"
        return text.strip()
    except MoneyError:
        return text.strip()


def format_money(value: Decimal, language: str = "nl") -> str:
    """Format for people: "€ 6.200" for whole euros, "€ 1.234,56" otherwise (nl)."""
    value = to_cents(value)
    locale = _LOCALES.get(language, "nl_NL")
    if value == value.to_integral_value():
        pattern = "¤ #,##0" if language == "nl" else "¤#,##0"
        text = format_currency(value, "EUR", locale=locale, format=pattern, currency_digits=False)
    else:
        text = format_currency(value, "EUR", locale=locale)
    # One plain space everywhere, so amounts read, search and copy the same in UI and PDF.
    return text.replace("\u00a0", " ")
