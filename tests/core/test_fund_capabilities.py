"""What real schemes need, said as data: a fund (not a municipality) with its own word for
the grant, fixed amounts, a word limit, supporters at different addresses, counted only when
they are in favour. Each refusal names the numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Application, RegelingRef
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application, load_regeling_file
from desktop_app.core.regeling import Regeling
from desktop_app.documents.decision import Decision
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.service import make_pdf
from desktop_app.officials.letter import decision_letter
from tests.conftest import DAY, TEST_FORMS
from tests.documents.conftest import flat, pdftotext

FUND = TEST_FORMS / "fonds-buurtkracht/2026.1.yaml"


@pytest.fixture
def fund() -> Regeling:
    return load_regeling_file(FUND)


@pytest.fixture
def application(fund: Regeling) -> Application:
    return example_application(fund, fixed_on(DAY))


def blocking(fund: Regeling, application: Application) -> dict[str, str]:
    return {v.code: v.message.nl for v in evaluate(fund, application, DAY).blocking}


def test_the_example_passes(fund: Regeling, application: Application) -> None:
    assert evaluate(fund, application, DAY).verdicts == ()


def test_an_amount_not_in_the_list_is_refused_naming_the_amounts(fund, application) -> None:
    application.answers["budget"]["requested"] = "600.00"
    application.answers["budget"]["lines"][0]["amount"] = "600.00"
    message = blocking(fund, application)["fbk.fixed_amounts"]
    assert "U vraagt € 600." in message
    assert "€ 250, € 500, € 1.000, € 1.500, € 2.500 of € 5.000" in message


def test_260_words_are_refused_naming_both_numbers(fund, application) -> None:
    application.answers["plan"] = " ".join(["buren"] * 260)
    message = blocking(fund, application)["field.too_many_words"]
    assert "260 woorden" in message and "maximum is 250" in message
    application.answers["plan"] = "\n".join(["buren"] * 250)  # line breaks part words too
    assert "field.too_many_words" not in blocking(fund, application)


def test_two_supporters_at_one_address_are_refused_naming_them(fund, application) -> None:
    second = application.answers["supporters"][1]
    second["postcode"], second["house_number"] = "1031ab", " 3"  # typed differently
    message = blocking(fund, application)["fbk.other_addresses"]
    assert "nummer 1 en nummer 2" in message and "1031 AB, 3" in message


def test_only_supporters_in_favour_are_counted(fund, application) -> None:
    application.answers["supporters"][0]["stance"] = "tegen"
    message = blocking(fund, application)["fbk.supporters"]
    assert "nu 1 andere" in message and "minstens 2" in message


def test_the_pdf_says_fonds_and_bijdrage_not_gemeente_and_subsidie(
    fund, application, tmp_path
) -> None:
    signature = SignatureBlock(name="Lotte Jansen", place="Voorbeeldstad", date=DAY)
    made = make_pdf(application, fund, (), signature, None, None, fixed_on(DAY))
    text = flat(pdftotext(made.pdf, tmp_path))
    assert "Fonds Buurtkracht" in text and "Aanvraag bijdrage: Bijdrage buurtplan" in text
    assert "Gemeente" not in text and "subsidie" not in text.lower()


def test_the_decision_letter_is_from_the_fund(fund, application, tmp_path) -> None:
    decision = Decision(
        application_id=application.id,
        regeling=RegelingRef(id=fund.id, version=fund.version),
        outcome="grant",
        granted_amount="1000.00",
        reason={"nl": "Een mooi plan.", "en": "A fine plan."},
        decided_at=dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC),
    )
    letter = decision_letter(decision, fund, "Lotte Jansen", "Geveltuinen Bloemstraat")
    text = flat(pdftotext(letter, tmp_path))
    assert "Fonds Buurtkracht" in text and "U krijgt € 1.000 bijdrage." in text
    assert "U vroeg bijdrage aan" in text and "Gemeente" not in text


def test_a_municipality_still_says_gemeente(amsterdam: Regeling) -> None:
    assert amsterdam.funder_text("nl") == "Gemeente Amsterdam"
    assert amsterdam.document_title("application", "nl") == "Aanvraag subsidie"
    assert amsterdam.document_title("report", "en") == "Grant report"
