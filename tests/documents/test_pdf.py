"""The PDF read back as a person and as an archive would: pdftotext, pikepdf, pyHanko."""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.regeling import Regeling
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.pdfa import pdfa_findings, pdfa_identification, pdfa_violations
from desktop_app.documents.service import make_pdf
from desktop_app.documents.signing import Signer
from tests.conftest import DAY
from tests.documents.conftest import PNG_1PX, QUOTE_PDF, flat, pdftotext


@pytest.fixture
def unsigned_pdf(amsterdam, amsterdam_application, verdicts, signature) -> bytes:
    made = make_pdf(amsterdam_application, amsterdam, verdicts, signature, None, None, CLOCK)
    return made.pdf


@pytest.fixture
def signed_pdf(amsterdam, amsterdam_application, verdicts, signature, signer) -> bytes:
    made = make_pdf(amsterdam_application, amsterdam, verdicts, signature, signer, None, CLOCK)
    assert made.signed
    return made.pdf


CLOCK = fixed_on(DAY)


def test_the_pdf_shows_every_answer_in_the_words_of_the_form(signed_pdf, tmp_path) -> None:
    text = flat(pdftotext(signed_pdf, tmp_path))
    expected = [
        "Gemeente Amsterdam",
        "Aanvraag subsidie: Bewonersinitiatief sociaal weefsel",
        "Bewonersinitiatief sociaal weefsel, versie 2026.1",
        # questions as the resident saw them, with their answers
        "Naam van uw initiatief Buurtmaaltijd Van der Pekbuurt",
        "Bij welk doel past uw plan het best? Een fijne leefomgeving",
        "Voor wie is de activiteit? • Ouderen • Iedereen in de buurt",
        "In welk stadsdeel? Noord",
        "Datum van de activiteit 11 mei 2026",
        "Hoeveel mensen doen ongeveer mee? 60",
        "Heeft u een vergunning of verzekering nodig? Nee",
        "Vraagt u aan als bewoner of als organisatie? Bewoner of groep bewoners",
        "Telefoonnummer 06 12345678",
        "IBAN (rekeningnummer) NL91 ABNA 0417 1643 00",
        "Postcode 1031 AB",
        # the budget with Dutch money
        "Gezond eten en drinken Boodschappen voor vier maaltijden € 480",
        "Bekendmaking Flyers en posters € 85,50",
        "Totale kosten € 1.085,50",
        "Eigen bijdrage € 85,50",
        "Ander geld (fondsen, sponsors) € 0",
        "Gevraagd bedrag € 1.000",
        # declarations, signature block, page numbers
        "✓ Ik heb alles naar waarheid ingevuld.",
        "Naam Anna de Vries",
        "Plaats Amsterdam",
        "Datum 2 maart 2026",
        "Digitaal ondertekend",
        "Pagina 1 van 3",
        "Pagina 3 van 3",
    ]
    for part in expected:
        assert part in text, part
    # No raw ids, no English, no unsigned warning in a signed Dutch PDF.
    for wrong in ("living_environment", "older_people", "food_drink", "noord ", "True", "False"):
        assert wrong not in text, wrong
    for english in ("Page ", "Budget", "Amount", "Signature", "Not digitally"):
        assert english not in text, english
    assert "Niet digitaal ondertekend" not in text


def test_an_english_document_gets_an_english_pdf(
    amsterdam, amsterdam_application, signature, tmp_path
) -> None:
    amsterdam_application.language = "en"
    made = make_pdf(amsterdam_application, amsterdam, (), signature, None, None, CLOCK)
    text = flat(pdftotext(made.pdf, tmp_path))
    for part in (
        "Grant application: Residents' initiative – social fabric",
        "Which goal does your plan fit best? A pleasant living environment",
        "Total costs €1,085.50",
        "Amount requested €1,000",
        "Page 1 of",
        "Not digitally signed",
    ):
        assert part in text, part
    assert "Pagina" not in text and "Gevraagd" not in text


def test_warnings_the_resident_saw_are_in_the_pdf(
    amsterdam: Regeling, amsterdam_application: Application, signature, tmp_path
) -> None:
    # A regeling that gives advice (a `notice`, a warning) on every application.
    from desktop_app.core.rules import Notice

    notice = Notice.model_validate(
        {
            "code": "test.advice",
            "type": "notice",
            "when": {"field": "budget.requested", "answered": True},
            "fields": ["budget.requested"],
            "message": {"nl": "Het Huis van de Wijk helpt u graag.", "en": "They help."},
        }
    )
    form = amsterdam.application
    amsterdam = amsterdam.model_copy(
        update={"application": form.model_copy(update={"rules": (*form.rules, notice)})}
    )
    result = evaluate(amsterdam, amsterdam_application, DAY)
    assert result.ok and result.warnings
    made = make_pdf(amsterdam_application, amsterdam, result.verdicts, signature, None, None, CLOCK)
    text = flat(pdftotext(made.pdf, tmp_path))
    assert "Meldingen bij het invullen" in text
    for warning in result.warnings:
        assert f"Let op: {flat(warning.message.nl)}" in text


def test_attachments_are_listed_with_their_sha256(
    amsterdam, with_attachments, signature, tmp_path
) -> None:
    made = make_pdf(with_attachments, amsterdam, (), signature, None, None, CLOCK)
    text = flat(pdftotext(made.pdf, tmp_path))
    for ref in with_attachments.answers["attachments"]:
        assert ref["file_name"] in text
        assert f"SHA-256: {ref['sha256']}" in text
    assert f"offerte-buurtwinkel.pdf (offerte, {len(QUOTE_PDF)} bytes)" in text


def test_the_drawn_signature_and_the_helper_are_shown(
    amsterdam, amsterdam_application, tmp_path
) -> None:
    amsterdam_application.assisted_by = "Huis van de Wijk Noord"
    block = SignatureBlock("Anna de Vries", "Amsterdam", DAY, drawing_png=PNG_1PX)
    made = make_pdf(amsterdam_application, amsterdam, (), block, None, None, CLOCK)
    assert "Ingevuld met hulp van Huis van de Wijk Noord" in flat(pdftotext(made.pdf, tmp_path))
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        images = [
            name
            for page in pdf.pages
            for name, obj in (page.Resources.get("/XObject") or {}).items()
            if obj.get("/Subtype") == "/Image"
        ]
    assert images


@pytest.mark.parametrize("drawing", [b"not a png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50])
def test_a_broken_drawing_gives_a_clear_error(amsterdam, amsterdam_application, drawing) -> None:
    block = SignatureBlock("Anna", "Amsterdam", DAY, drawing_png=drawing)
    with pytest.raises(UserError) as caught:
        make_pdf(amsterdam_application, amsterdam, (), block, None, None, CLOCK)
    assert caught.value.code == "pdf.bad_signature_drawing"
    assert "Teken de handtekening opnieuw" in caught.value.message.nl


def test_an_unsigned_pdf_says_so_on_every_page(unsigned_pdf, tmp_path) -> None:
    pages = pdftotext(unsigned_pdf, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert "Niet digitaal ondertekend" in page
    assert "De gemeente kan daarom niet controleren" in flat("".join(pages))


def test_pdfa_2b_before_signing(unsigned_pdf) -> None:
    assert pdfa_identification(unsigned_pdf) == "2B"
    assert pdfa_findings(unsigned_pdf) == []


def test_pdfa_2b_identification_survives_signing(signed_pdf) -> None:
    assert pdfa_identification(signed_pdf) == "2B"
    # pikepdf's validator does not vouch for form fields (the signature lives in one), but
    # it finds nothing that breaks PDF/A.
    assert pdfa_violations(signed_pdf) == []


def test_every_font_is_embedded(signed_pdf) -> None:
    with pikepdf.open(io.BytesIO(signed_pdf)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor, font.BaseFont


def _validate(pdf: bytes, signer: Signer):
    cert = asn1_x509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[cert])
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_signatures) == 1
    return reader, validate_pdf_signature(reader.embedded_signatures[0], context)


def test_pyhanko_validates_the_signature_as_intact(signed_pdf, signer) -> None:
    reader, status = _validate(signed_pdf, signer)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    signature = reader.embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.signer_cert.subject.native["common_name"] == "Buurtmaaltijd Van der Pekbuurt"
    assert pdfa_identification(signed_pdf) == "2B"
    assert signer.certificate_sha256.startswith(signature.signer_cert.sha256.hex()[:8])  # same cert


def test_a_changed_byte_breaks_the_pdf_signature(signed_pdf, signer) -> None:
    changed = signed_pdf.replace(b"/Rotate 0", b"/Rotate 9", 1)
    assert changed != signed_pdf
    _, status = _validate(changed, signer)
    assert not status.intact


def test_a_report_pdf_uses_the_report_form_and_its_tier(
    amsterdam: Regeling, amsterdam_application: Application, tmp_path: Path
) -> None:
    report = Report(
        regeling=amsterdam_application.regeling,
        created_at=CLOCK.now(),
        updated_at=CLOCK.now(),
        application_id=amsterdam_application.id,
        granted_amount=Decimal("1000.00"),
        answers={
            "took_place": True,
            "activity_date": "2026-02-20",
            "what_happened": "Vier maaltijden met zestig buren.",
            "achieved": "Buren kennen elkaar nu.",
            "participants_actual": 1250,
            "actual_costs": copy.deepcopy(amsterdam_application.answers["budget"]),
            "decl_receipts_kept": True,
            "decl_truthful": True,
        },
    )
    report.answers["actual_costs"].pop("requested")
    result = evaluate(amsterdam, report, DAY)
    made = make_pdf(
        report,
        amsterdam,
        result.verdicts,
        SignatureBlock("Anna de Vries", "Amsterdam", DAY),
        None,
        None,
        CLOCK,
    )
    text = flat(pdftotext(made.pdf, tmp_path))
    for part in (
        "Verantwoording subsidie: Bewonersinitiatief sociaal weefsel",
        f"Hoort bij aanvraag {amsterdam_application.id}",
        "Toegekend bedrag € 1.000",
        "Soort verslag Verslag met kosten",
        "Is de activiteit doorgegaan? Ja",
        "Wanneer was de activiteit? 20 februari 2026",
        "Hoeveel mensen deden mee? 1.250",
        "Echte kosten",
        "Totale kosten € 1.085,50",
        "✓ Ik bewaar de bonnen en facturen.",
    ):
        assert part in text, part
    # An actual-costs budget has no "requested" line; a hidden question is not shown.
    assert "Gevraagd bedrag" not in text
    assert "Waarom is de activiteit niet doorgegaan?" not in text


def test_group_items_are_numbered_with_their_sub_answers(catalog, tmp_path: Path) -> None:
    from desktop_app.core.loader import example_application

    rotterdam = catalog.current("rotterdam-bewonersinitiatief", DAY)
    application = example_application(rotterdam, CLOCK)
    block = SignatureBlock("Jan Smit", "Rotterdam", DAY)
    made = make_pdf(application, rotterdam, (), block, None, None, CLOCK)
    text = flat(pdftotext(made.pdf, tmp_path))
    assert "Buur 1 Naam: Jan Smit Straat en huisnummer: Voorbeeldstraat 212" in text
    assert "✓ Deze buur steunt het plan." in text
    assert ".:" not in text  # a statement's full stop is not followed by a colon
