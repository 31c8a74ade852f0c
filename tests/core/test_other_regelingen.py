"""Amersfoort's redirect, Rotterdam's supporters, and a fictional municipality's file."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application
from tests.conftest import DAY


@pytest.fixture
def make(catalog, clock):
    def build(regeling_id: str):
        regeling = catalog.current(regeling_id, DAY)
        application = example_application(regeling, clock)
        application.answers = copy.deepcopy(application.answers)
        return regeling, application

    return build


def codes(regeling, application) -> list[str]:
    return [v.code for v in evaluate(regeling, application, DAY).verdicts]


def only(regeling, application, code):
    found = [v for v in evaluate(regeling, application, DAY).verdicts if v.code == code]
    assert len(found) == 1, codes(regeling, application)
    return found[0]


@pytest.mark.parametrize("cause", ["amount", "paid_staff"])
def test_amersfoort_points_to_the_other_regeling_and_its_april_window(make, cause) -> None:
    regeling, application = make("amersfoort-wijkactiviteiten")
    if cause == "paid_staff":
        application.answers["paid_staff"] = True
    else:
        budget = application.answers["budget"]
        budget["lines"].append({"category": "rent", "description": "Podium", "amount": "2000.00"})
        budget["requested"] = "2600.00"
    verdict = only(regeling, application, "amf.other_regeling")
    assert verdict.severity == "blocking"
    assert "vanaf € 2.500 of door betaalde arbeidskracht(en)" in verdict.message.nl
    assert "1 tot en met 30 april" in verdict.message.nl
    assert "https://www.amersfoort.nl/node/2963" in verdict.message.nl
    assert "1 to 30 April" in verdict.message.en


def test_amersfoort_exactly_2500_with_volunteers_is_fine(make) -> None:
    regeling, application = make("amersfoort-wijkactiviteiten")
    budget = application.answers["budget"]
    budget["lines"].append({"category": "rent", "description": "Podium", "amount": "1900.00"})
    budget["requested"] = "2500.00"
    assert codes(regeling, application) == []


def test_rotterdam_needs_four_supporters_aged_twelve_or_more(make) -> None:
    regeling, application = make("rotterdam-bewonersinitiatief")
    signers = application.answers["co_signers"]
    signers[2]["age"] = 11
    verdict = only(regeling, application, "rdam.co_signers")
    assert verdict.fields == ("co_signers",)
    assert "nu 3 andere bewoners van 12 jaar of ouder" in verdict.message.nl
    assert "nog 1 toe" in verdict.message.nl
    signers.append(
        {"name": "Ali Kaya", "street_address": "Voorbeeldstraat 230", "age": 12, "agrees": True}
    )
    assert codes(regeling, application) == []


def test_rotterdam_supporter_details_are_checked_per_person(make) -> None:
    regeling, application = make("rotterdam-bewonersinitiatief")
    application.answers["co_signers"][1] |= {"name": "", "agrees": False}
    result = evaluate(regeling, application, DAY)
    paths = {v.fields[0] for v in result.blocking}
    assert paths == {"co_signers[1].name", "co_signers[1].agrees"}
    messages = " ".join(v.message.nl for v in result.blocking)
    assert "Buur 2: Naam" in messages


def test_rotterdam_applicant_must_be_adult_but_an_organisation_has_no_age(make) -> None:
    regeling, application = make("rotterdam-bewonersinitiatief")
    application.answers["applicant_age"] = 17
    assert "rdam.applicant_age" in codes(regeling, application)
    application.answers |= {
        "applicant_type": "organisation",
        "organisation_name": "Vereniging Zwaanshals",
        "kvk_number": "87654321",
        "rooted_in_area": "Alle leden wonen aan de Zwaanshals.",
    }
    assert codes(regeling, application) == []  # age and payee questions are not asked


def test_rotterdam_above_2500_reports_with_a_financial_overview(catalog) -> None:
    regeling = catalog.current("rotterdam-bewonersinitiatief", DAY)
    assert regeling.tier_for(regeling.parameter_value("financial_overview_above")).id == "photos"
    assert (
        regeling.tier_for(regeling.parameter_value("financial_overview_above") + 1).id
        == "financial"
    )
    assert regeling.parameters["financial_overview_above"].note is not None  # the € 5.000 conflict


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda a: a.update(participants=10), "vbs.per_participant"),
        (lambda a: a.update(paid_help=True), "vbs.volunteers"),
        (lambda a: a.update(applicant_age=15), "vbs.age"),
        (lambda a: a.update(activity_date="2027-11-15"), "vbs.season"),
        (
            lambda a: (
                a["budget"]["lines"].append(
                    {"category": "food_drink", "description": "Taart", "amount": "50.00"}
                )
                or a["budget"].update(requested="550.00")
            ),
            "vbs.food_cap",
        ),
        (
            lambda a: (
                a["budget"]["lines"].append(
                    {"category": "materials", "description": "Tent", "amount": "300.00"}
                )
                or a["budget"].update(requested="800.00")
            ),
            "vbs.quote",
        ),
    ],
)
def test_a_new_municipality_uses_the_existing_rule_types(make, change, code) -> None:
    regeling, application = make("voorbeeldstad-buurtbudget")
    assert codes(regeling, application) == []
    change(application.answers)
    assert codes(regeling, application) == [code]


def test_the_quote_rule_is_satisfied_by_attaching_a_quote(make) -> None:
    regeling, application = make("voorbeeldstad-buurtbudget")
    application.answers["budget"]["lines"].append(
        {"category": "materials", "description": "Tent", "amount": "300.00"}
    )
    application.answers["budget"]["requested"] = "800.00"
    verdict = only(regeling, application, "vbs.quote")
    assert "Bij meer dan € 750 moet u een offerte meesturen" in verdict.message.nl
    application.answers["quotes"] = [
        {
            "file_name": "offerte.pdf",
            "kind": "quote",
            "media_type": "application/pdf",
            "size": 2000,
            "sha256": "b" * 64,
        }
    ]
    assert codes(regeling, application) == []


def test_the_window_uses_dutch_dates(make) -> None:
    regeling, application = make("voorbeeldstad-buurtbudget")
    application.answers["activity_date"] = (dt.date(2026, 3, 20)).isoformat()
    verdict = only(regeling, application, "vbs.season")
    assert "tussen 1 april 2026 en 31 oktober 2027" in verdict.message.nl
