"""Between what an editor shows and what is stored: amounts ("1.234,56" <-> "1234.56") and
dates ("24-05-2026" <-> "2026-05-24"). Text that cannot be read is kept as typed, so nothing
typed is lost; the rule engine then says what is wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop_app.core.money import MoneyError, format_money, parse_money, stored_money


def money_text(raw: Any, language: str) -> str:
    if isinstance(raw, str):
        try:
            return format_money(
                parse_money(raw, "en") if "." in raw else parse_money(raw), language
            )
        except MoneyError:
            return raw
    return ""


def money_value(text: str, language: str) -> str:
    """What is stored: "1234.56" when readable, else the text as typed (the engine explains)."""
    return stored_money(text, language)


def date_value(text: str) -> str:
    text = text.strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text


def date_text(raw: Any) -> str:
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw).strftime("%d-%m-%Y")
        except ValueError:
            return raw
    return ""
