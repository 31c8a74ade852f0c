"""What a resident is told, rule by rule, on the Amsterdam regeling."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.documents import Application, RegelingRef, Report
from desktop_app.core.engine import Result, evaluate
from desktop_app.core.questions import questions
from desktop_app.core.regeling import Regeling
from tests.conftest import DAY


def check(regeling: Regeling, document, day: dt.date = DAY) -> Result:
    return evaluate(regeling, document, day)


def codes(result: Result) -> list[str]:
    return [v.code for v in result.verdicts]


def only(result: Result, code: str):
    found = [v for v in result.verdicts if v.code == code]
    assert len(found) == 1, codes(result)
    return found[0]


def test_amount_above_the_maximum_is_named_with_both_amounts(
    amsterdam, amsterdam_application
) -> None:
    budget = amsterdam_application.answers["budget"]
    budget["lines"].append({"category": "rent", "description": "Podium", "amount": "5200.00"})
    budget["requested"] = "6200.00"
    verdict = only(check(amsterdam, amsterdam_application), "ams.max_amount")
    assert verdict.severity == "blocking"
    assert verdict.fields == ("budget.requested",)
    assert "U vraagt € 6.200. Voor deze regeling is het maximum € 5.000." in verdict.message.nl
    assert "Gevraagd bedrag" in verdict.message.nl
    assert "€6,200" in verdict.message.en and "€5,000" in verdict.message.en


def test_the_error_disappears_when_the_amount_is_corrected(
    amsterdam, amsterdam_application
) -> None:
    amsterdam_application.answers["budget"]["requested"] = "6200.00"
    assert "ams.max_amount" in codes(check(amsterdam, amsterdam_application))
    amsterdam_application.answers["budget"]["requested"] = "1000.00"
    assert check(amsterdam, amsterdam_application).verdicts == ()


def test_five_weeks_ahead_is_too_soon_and_says_the_earliest_date(
    amsterdam, amsterdam_application
) -> None:
    amsterdam_application.answers["activity_date"] = (DAY + dt.timedelta(weeks=5)).isoformat()
    verdict = only(check(amsterdam, amsterdam_application), "ams.lead_time")
    assert verdict.fields == ("activity_date",)
    assert "minstens 8 weken" in verdict.message.nl
    assert "27 april 2026" in verdict.message.nl  # DAY + 8 weeks
    assert "6 april 2026" in verdict.message.nl  # the date chosen


def test_exactly_eight_weeks_ahead_is_fine(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers["activity_date"] = (DAY + dt.timedelta(weeks=8)).isoformat()
    assert "ams.lead_time" not in codes(check(amsterdam, amsterdam_application))


def test_an_ineligible_cost_line_is_flagged_on_the_line_with_the_reason(
    amsterdam, amsterdam_application
) -> None:
    budget = amsterdam_application.answers["budget"]
    budget["lines"].append(
        {"category": "alcohol_tobacco", "description": "Wijn", "amount": "40.00"}
    )
    budget["requested"] = "1040.00"
    verdict = only(check(amsterdam, amsterdam_application), "ams.ineligible_costs")
    assert verdict.fields == ("budget.lines[4]",)
    assert "'Wijn' (€ 40)" in verdict.message.nl and "Alcohol of tabak" in verdict.message.nl
    assert "rookvrij" in verdict.message.nl


def test_budget_that_does_not_add_up_says_what_to_fill_in(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers["budget"]["requested"] = "900.00"
    verdict = only(check(amsterdam, amsterdam_application), "ams.budget_balance")
    assert verdict.fields == ("budget.requested",)
    assert "Uw kosten zijn samen € 1.085,50" in verdict.message.nl
    assert "€ 1.000 in" in verdict.message.nl


def test_kvk_is_asked_only_of_an_organisation(amsterdam, amsterdam_application) -> None:
    assert "kvk_number" not in amsterdam_application.answers
    assert check(amsterdam, amsterdam_application).ok
    amsterdam_application.answers["legal_form"] = "stichting"
    result = check(amsterdam, amsterdam_application)
    assert {v.field for v in result.blocking} == {"organisation_name", "kvk_number"}
    amsterdam_application.answers |= {
        "organisation_name": "Stichting Buurt",
        "kvk_number": "1234 5678",
    }
    assert check(amsterdam, amsterdam_application).ok


def test_a_hidden_answer_is_ignored_even_when_it_is_wrong(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers["kvk_number"] = "not a number"
    assert check(amsterdam, amsterdam_application).ok


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("iban", "NL91ABNA0417164301", "field.invalid_iban"),
        ("iban", "NL91 ABNA 0417 1643 00", None),
        ("postcode", "1031AB", None),
        ("postcode", "0123 AB", "field.invalid_postcode"),
        ("email", "anna@@example.nl", "field.invalid_email"),
        ("email", "anna@example.nl", None),
        ("phone", "020 123 4567", None),
        ("phone", "+31 6 1234 5678", None),
        ("phone", "12345", "field.invalid_phone"),
        ("participants", "veel", "field.invalid_integer"),
        ("participants", 0, "field.too_small"),
        ("activity_date", "31-12-2026", "field.invalid_date"),
        ("goal", "world_peace", "field.invalid_choice"),
        ("initiative_name", "x" * 101, "field.too_long"),
        ("initiative_name", "   ", "field.required"),
        ("decl_truthful", False, "field.declaration"),
        ("permits_needed", "ja", "field.invalid_yes_no"),
    ],
)
def test_field_checks(amsterdam, amsterdam_application, field, value, code) -> None:
    amsterdam_application.answers[field] = value
    result = check(amsterdam, amsterdam_application)
    if code is None:
        assert result.verdicts == ()
    else:
        verdict = only(result, code)
        assert verdict.field == field
        label = next(
            f.label for s in amsterdam.application.steps for f in s.fields if f.id == field
        )
        assert label.nl.rstrip(".") in verdict.message.nl
        assert label.en.rstrip(".") in verdict.message.en


def test_kvk_needs_exactly_eight_digits(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers |= {
        "legal_form": "vereniging",
        "organisation_name": "Vereniging X",
    }
    for value, ok in (
        ("12345678", True),
        ("1234567", False),
        ("123456789", False),
        ("1234567a", False),
    ):
        amsterdam_application.answers["kvk_number"] = value
        assert check(amsterdam, amsterdam_application).ok is ok, value


def test_an_empty_application_lists_every_required_question_once(
    amsterdam, amsterdam_application
) -> None:
    amsterdam_application.answers = {}
    result = check(amsterdam, amsterdam_application)
    # No amount yet: the full route, every one of its required questions.
    assert result.route == "full"
    required = [q.id for q in questions(amsterdam, "full") if q.required]
    assert [v.field for v in result.blocking] == required
    assert all(v.code in ("field.required", "field.declaration") for v in result.blocking)


def test_verdicts_read_in_the_order_of_the_form(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers |= {"email": "x", "initiative_name": "", "iban": "NL00"}
    assert [v.field for v in check(amsterdam, amsterdam_application).verdicts] == [
        "initiative_name",
        "email",
        "iban",
    ]


def test_the_regeling_out_of_force_is_a_warning(amsterdam, amsterdam_application) -> None:
    later = dt.date(2033, 1, 10)
    amsterdam_application.answers["activity_date"] = (later + dt.timedelta(weeks=9)).isoformat()
    verdict = only(check(amsterdam, amsterdam_application, later), "regeling.not_in_force")
    assert verdict.severity == "warning"
    assert "31 december 2032" in verdict.message.nl


def _report(regeling: Regeling, granted: str | None, answers: dict) -> Report:
    now = dt.datetime(2026, 6, 1, 10, tzinfo=AMSTERDAM)
    return Report(
        regeling=RegelingRef(id=regeling.id, version=regeling.version),
        application_id=uuid.uuid4(),
        granted_amount=Decimal(granted) if granted else None,
        created_at=now,
        updated_at=now,
        answers=answers,
    )


PHOTO = {
    "file_name": "foto.jpg",
    "kind": "photo",
    "media_type": "image/jpeg",
    "size": 120_000,
    "sha256": "a" * 64,
}


def test_a_small_grant_reports_in_the_short_form(amsterdam) -> None:
    report = _report(
        amsterdam,
        "450.00",
        {
            "took_place": True,
            "activity_date": "2026-02-14",
            "what_happened": "We aten met 40 buren.",
            "proof_attachments": [PHOTO],
            "decl_truthful": True,
        },
    )
    result = check(amsterdam, report)
    assert result.tier == "small"
    assert result.verdicts == ()


def test_a_larger_grant_asks_for_results_and_actual_costs(amsterdam) -> None:
    answers = {
        "took_place": True,
        "activity_date": "2026-02-14",
        "what_happened": "We aten met 40 buren.",
        "proof_attachments": [PHOTO],
        "decl_truthful": True,
    }
    result = check(amsterdam, _report(amsterdam, "1000.00", answers))
    assert result.tier == "standard"
    assert {v.field for v in result.blocking} == {
        "achieved",
        "participants_actual",
        "actual_costs",
        "decl_receipts_kept",
    }


def test_money_left_over_is_to_be_paid_back(amsterdam) -> None:
    answers = {
        "took_place": True,
        "activity_date": "2026-02-14",
        "what_happened": "We aten met 40 buren.",
        "achieved": "Nieuwe contacten.",
        "participants_actual": 40,
        "proof_attachments": [PHOTO],
        "actual_costs": {
            "lines": [{"category": "food_drink", "description": "Boodschappen", "amount": "700.00"}]
        },
        "decl_receipts_kept": True,
        "decl_truthful": True,
    }
    verdict = only(check(amsterdam, _report(amsterdam, "1000.00", answers)), "ams.pay_back")
    assert verdict.severity == "warning"
    assert "€ 300 terug" in verdict.message.nl


def test_a_report_before_the_activity_is_refused_and_a_late_one_warned(amsterdam) -> None:
    answers = {
        "took_place": True,
        "what_happened": "Nog niet.",
        "proof_attachments": [PHOTO],
        "decl_truthful": True,
    }
    early = _report(amsterdam, "200.00", answers | {"activity_date": "2026-03-20"})
    assert only(check(amsterdam, early), "ams.report_date_passed").severity == "blocking"
    late = _report(amsterdam, "200.00", answers | {"activity_date": "2025-12-01"})
    verdict = only(check(amsterdam, late), "ams.report_deadline")
    assert verdict.severity == "warning"
    assert "26 januari 2026" in verdict.message.nl


def test_an_activity_that_did_not_happen_asks_why_not_photos(amsterdam) -> None:
    report = _report(
        amsterdam, "200.00", {"took_place": False, "what_happened": "-", "decl_truthful": True}
    )
    # Not what happened, nor photos: why not, and whether any of the grant was spent.
    assert [v.field for v in check(amsterdam, report).blocking] == ["why_not", "spent_anything"]


@pytest.mark.parametrize(
    ("attachment", "code"),
    [
        ({**PHOTO, "media_type": "application/zip", "file_name": "x.zip"}, "attachment.wrong_type"),
        ({**PHOTO, "size": 11 * 1024 * 1024}, "attachment.too_large"),
        ({**PHOTO, "sha256": "nope"}, "field.invalid_value"),
    ],
)
def test_attachments_are_checked_for_type_and_size(
    amsterdam, amsterdam_application, attachment, code
) -> None:
    amsterdam_application.answers["attachments"] = [attachment]
    verdict = only(check(amsterdam, amsterdam_application), code)
    assert verdict.fields == ("attachments[0]",)
    assert "'Bijlagen'" in verdict.message.nl


def test_messages_never_show_a_raw_placeholder(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers = {
        "budget": {"lines": [{"category": "own_hours", "amount": "10"}]}
    }
    for verdict in check(amsterdam, amsterdam_application).verdicts:
        for text in (verdict.message.nl, verdict.message.en):
            assert "{" not in text and "}" not in text, text


def test_application_type_is_kept(amsterdam_application: Application) -> None:
    assert amsterdam_application.kind == "application"
