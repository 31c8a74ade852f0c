"""What the resident (and, through the same verdicts, the official) is told about a budget:
an amount that cannot be read is named by its line and shown with a correct example; a
plain, balanced small request carries no warning at all."""

from __future__ import annotations

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import Catalog, example_application
from tests.conftest import DAY
from tests.core.test_engine import PHOTO, _report


def test_an_unreadable_amount_names_its_line_and_shows_an_example(amsterdam) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    application.answers["budget"]["lines"][1]["amount"] = "honderd euro"
    [verdict] = evaluate(amsterdam, application, DAY).blocking
    assert verdict.fields == ("budget.lines[1]",)  # shown under that line in the wizard
    nl, en = verdict.message.nl, verdict.message.en
    assert nl.startswith("De begroting bij 'Begroting' is niet te lezen op regel 2")
    assert "('Huur tafels en stoelen')" in nl and "'honderd euro' is geen bedrag" in nl
    assert "bijvoorbeeld 125 of 125,50" in nl
    assert "line 2" in en and "for example 125 or 125.50" in en


def test_an_unreadable_requested_amount_names_the_box(amsterdam) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    application.answers["budget"]["requested"] = "4,50,0"
    [verdict] = evaluate(amsterdam, application, DAY).blocking
    assert verdict.fields == ("budget.requested",)
    assert "bij 'Gevraagd bedrag': '4,50,0' is geen bedrag" in verdict.message.nl
    assert "125,50" in verdict.message.nl


def test_a_budget_that_is_no_budget_at_all_still_shows_an_example(amsterdam) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    application.answers["budget"] = {"lines": "alles"}
    verdicts = evaluate(amsterdam, application, DAY).blocking
    [verdict] = [v for v in verdicts if v.code == "field.invalid_budget"]
    assert "bijvoorbeeld 'Boodschappen' en 125,50" in verdict.message.nl


@pytest.mark.parametrize("amount", ["25.00", "450.00", "500.00", "501.00", "1000.00"])
def test_a_balanced_request_carries_no_warning(catalog_default: Catalog, amount: str) -> None:
    """No rule of a shipped regeling warns about an ordinary request (≤ € 500 included): a
    warning reaches the official's list, so it must come from a rule that says so."""
    for regeling_id in catalog_default.ids():
        regeling = catalog_default.current(regeling_id, DAY)
        application = example_application(regeling, fixed_on(DAY))
        budget = application.answers["budget"]
        category = budget["lines"][0]["category"]
        budget["lines"] = [{"category": category, "description": "Koffie", "amount": amount}]
        budget |= {"requested": amount, "own_contribution": "0.00", "other_funding": "0.00"}
        if "amount_estimate" in application.answers:
            application.answers["amount_estimate"] = amount
        result = evaluate(regeling, application, DAY)
        assert result.warnings == (), (regeling_id, [v.code for v in result.warnings])
        report = _report(regeling, amount, {"took_place": True, "activity_date": "2026-02-14"})
        report.answers["proof_attachments"] = [PHOTO]
        warned = evaluate(regeling, report, DAY).warnings
        assert warned == (), (regeling_id, [v.code for v in warned])


@pytest.fixture
def catalog_default() -> Catalog:
    return Catalog.default()
