from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.limits import MAX_AMOUNT
from desktop_app.core.money import (
    AmountOutOfRangeError,
    MoneyError,
    coerce_money,
    format_money,
    parse_money,
    stored_money,
)

amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2)


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


@pytest.mark.parametrize(
    "value",
    ["1e1000000", "1E+999999", "-1e1000000", "1e-1000000", "0x10", "+5", "1_000", "١٢٣"],
)
def test_an_attackers_amount_is_refused_without_overflow(value: str) -> None:
    """Decimal("1e1000000") overflowed abs() and crashed the importer; now it is simply no
    amount. Only plain digits with a decimal point are stored amounts."""
    with pytest.raises(MoneyError):
        coerce_money(value)


@pytest.mark.parametrize(
    "value",
    [
        "10000000.01",
        "99999999999999999999",
        10**40,
        -1,
        "-0.01",
        Decimal("1e1000000"),
        Decimal("-1e1000000"),
    ],
)
def test_amounts_outside_zero_to_ten_million_are_out_of_range(value: object) -> None:
    with pytest.raises(AmountOutOfRangeError):
        coerce_money(value)


def test_the_limits_themselves_are_amounts() -> None:
    assert coerce_money("10000000") == MAX_AMOUNT
    assert coerce_money("0") == Decimal("0.00")
    assert str(coerce_money(Decimal("-0"))) == "0.00"


@given(st.lists(amounts, max_size=200))
def test_a_full_budget_of_maximal_amounts_sums_exactly(values: list[Decimal]) -> None:
    """200 lines (the most a budget holds) of at most ten million never lose a cent."""
    total = sum((coerce_money(f"{v:.2f}") for v in values), Decimal("0.00"))
    assert total == sum(values, Decimal("0"))


@pytest.mark.parametrize(
    ("typed", "language", "stored"),
    [
        ("€ 1.234,56", "nl", "1234.56"),
        ("20.000.000", "nl", "20000000.00"),  # kept as an amount: the engine says the limit
        ("20,000,000.50", "en", "20000000.50"),
        ("1" * 40, "nl", "1" * 40),
        ("twaalf", "nl", "twaalf"),
    ],
)
def test_what_a_form_stores_for_what_was_typed(typed: str, language: str, stored: str) -> None:
    assert stored_money(typed, language) == stored
    if stored == "20000000.00":
        with pytest.raises(AmountOutOfRangeError):
            coerce_money(stored)
