from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.money import MoneyError, coerce_money, format_money, parse_money

amounts = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("€ 1.234,56", "nl", Decimal("1234.56")),
        ("1234,56", "nl", Decimal("1234.56")),
        ("1.234", "nl", Decimal("1234.00")),
        ("500,-", "nl", Decimal("500.00")),
        ("  75 ", "nl", Decimal("75.00")),
        ("€1,234.56", "en", Decimal("1234.56")),
    ],
)
def test_parses_what_people_type(typed: str, language: str, expected: Decimal) -> None:
    assert parse_money(typed, language) == expected


@pytest.mark.parametrize("typed", ["", "twaalf", "1,2,3", "12,345", "-5", "1e5", "NaN", "1,234"])
def test_refuses_to_guess_an_amount(typed: str) -> None:
    with pytest.raises(MoneyError):
        parse_money(typed, "nl")


def test_formats_like_a_dutch_bank() -> None:
    assert format_money(Decimal("6200"), "nl") == "€ 6.200"
    assert format_money(Decimal("1234.5"), "nl") == "€ 1.234,50"
    assert format_money(Decimal("1234.5"), "en") == "€1,234.50"


@pytest.mark.parametrize(
    "value", [1.5, float("nan"), "Infinity", "NaN", "-1", "0.001", True, "1" * 40]
)
def test_stored_amounts_are_exact_or_refused(value: object) -> None:
    with pytest.raises(MoneyError):
        coerce_money(value)


@given(amounts)
def test_what_is_shown_reads_back_as_the_same_amount(amount: Decimal) -> None:
    for language in ("nl", "en"):
        assert parse_money(format_money(amount, language), language) == amount


@given(st.lists(amounts, max_size=30))
def test_sums_stay_cent_exact(values: list[Decimal]) -> None:
    total = sum((coerce_money(str(v)) for v in values), Decimal("0.00"))
    assert total == sum(values, Decimal("0"))
    assert total.as_tuple().exponent == -2
