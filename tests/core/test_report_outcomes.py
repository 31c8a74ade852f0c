"""Reports that real life brings: the activity did not take place and nothing was spent (the
report can be finished, the whole grant is paid back), and money spent on costs the grant
does not pay for (a warning, and it is paid back: the pay-back leaves it out of the spending).
The officials' settlement comes from the same rule."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.engine import evaluate, report_pay_back
from desktop_app.core.regeling import Regeling
from tests.conftest import DAY
from tests.core.test_engine import PHOTO, _report


def test_did_not_take_place_nothing_spent_can_be_finished(amsterdam: Regeling) -> None:
    answers = {
        "took_place": False,
        "why_not": "De zaal was afgebrand.",
        "spent_anything": False,
        "decl_truthful": True,
    }
    report = _report(amsterdam, "1000.00", answers)
    result = evaluate(amsterdam, report, DAY)
    assert result.ok, [v.message.nl for v in result.blocking]
    assert [v.code for v in result.warnings] == ["ams.pay_back"]
    assert "U kreeg € 1.000." in result.warnings[0].message.nl
    assert "€ 1.000 terug" in result.warnings[0].message.nl
    assert report_pay_back(amsterdam, report, Decimal("1000.00"), DAY) == Decimal("1000.00")


def test_did_not_take_place_but_some_was_spent_asks_for_the_costs(amsterdam: Regeling) -> None:
    answers = {"took_place": False, "why_not": "Ziek.", "spent_anything": True}
    answers |= {"decl_truthful": True}
    result = evaluate(amsterdam, _report(amsterdam, "1000.00", answers), DAY)
    assert {v.field for v in result.blocking} == {"actual_costs", "decl_receipts_kept"}
    answers |= {
        "actual_costs": {
            "lines": [{"category": "rent", "description": "Aanbetaling zaal", "amount": "150.00"}]
        },
        "decl_receipts_kept": True,
    }
    report = _report(amsterdam, "1000.00", answers)
    assert evaluate(amsterdam, report, DAY).ok
    assert report_pay_back(amsterdam, report, Decimal("1000.00"), DAY) == Decimal("850.00")


def test_ineligible_spending_is_a_warning_and_is_paid_back(amsterdam: Regeling) -> None:
    answers = {
        "took_place": True,
        "activity_date": "2026-02-14",
        "what_happened": "We aten met 40 buren.",
        "achieved": "Nieuwe contacten.",
        "participants_actual": 40,
        "proof_attachments": [PHOTO],
        "actual_costs": {
            "lines": [
                {"category": "food_drink", "description": "Boodschappen", "amount": "900.00"},
                {"category": "alcohol_tobacco", "description": "Wijn", "amount": "100.00"},
            ]
        },
        "decl_receipts_kept": True,
        "decl_truthful": True,
    }
    report = _report(amsterdam, "1000.00", answers)
    result = evaluate(amsterdam, report, DAY)
    assert result.ok, "spending the grant wrongly is paid back, it does not block the report"
    warnings = {v.code: v.message.nl for v in result.warnings}
    assert "'Wijn' (€ 100)" in warnings["ams.report_ineligible_costs"]
    assert "u betaalt het terug" in warnings["ams.report_ineligible_costs"]
    assert "U heeft € 900 van de subsidie uitgegeven" in warnings["ams.pay_back"]
    assert "€ 100 terug" in warnings["ams.pay_back"]
    assert report_pay_back(amsterdam, report, Decimal("1000.00"), DAY) == Decimal("100.00")
