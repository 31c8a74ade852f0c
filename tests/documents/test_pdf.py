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
from desktop_app.documents.pdfa import pdfa_identification, pdfua_part
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
    ]
    for part in expected:
        assert part in text, part
    pages = pdftotext(signed_pdf, tmp_path).count("\f")
    assert pages >= 2 and f"Pagina 1 van {pages}" in text and f"Pagina {pages} van {pages}" in text
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


def test_pdfa_2a_and_pdfua_1_declared_before_signing(unsigned_pdf) -> None:
    assert pdfa_identification(unsigned_pdf) == "2A"
    assert pdfua_part(unsigned_pdf) == "1"


def test_pdfa_2a_and_pdfua_1_declared_after_signing(signed_pdf) -> None:
    # veraPDF checks the rules themselves (test_accessible_pdf.py).
    assert pdfa_identification(signed_pdf) == "2A"
    assert pdfua_part(signed_pdf) == "1"


def test_the_pdf_is_tagged_with_its_language_and_title_shown(signed_pdf) -> None:
    with pikepdf.open(io.BytesIO(signed_pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "nl-NL"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == "Aanvraag subsidie: Buurtmaaltijd Van der Pekbuurt"


def test_every_font_is_embedded(signed_pdf) -> None:
    with pikepdf.open(io.BytesIO(signed_pdf)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                files = {"/FontFile2", "/FontFile3"} & set(described.FontDescriptor.keys())
                assert files, font.BaseFont


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
    assert pdfa_identification(signed_pdf) == "2A"
    assert signer.certificate_sha256.startswith(signature.signer_cert.sha256.hex()[:8])  # same cert


def test_a_changed_byte_breaks_the_pdf_signature(signed_pdf, signer) -> None:
    changed = signed_pdf.replace(b"/Kids[", b"/Kidz[", 1)
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


HOSTILE_TEXT = [
    '"); #panic("boem") #("',
    '#import "/etc/passwd": * ] [ #read("/etc/passwd")',
    "*vet* _schuin_ $x^2$ <label> @ref `code` = kop - lijst + punt / term: uitleg",
    "\\u{1F600} \\ \" ' // geen commentaar /* ook niet */ ~ ---",
]


def test_resident_text_never_becomes_typst_markup_or_code(
    amsterdam, amsterdam_application, signature, tmp_path
) -> None:
    amsterdam_application.answers["activity_description"] = "\n".join(HOSTILE_TEXT)
    amsterdam_application.answers["initiative_name"] = '#panic("x")'
    made = make_pdf(amsterdam_application, amsterdam, (), signature, None, None, CLOCK)
    text = flat(pdftotext(made.pdf, tmp_path))
    for line in HOSTILE_TEXT:
        assert flat(line) in text, line
    assert "root:" not in text  # nothing was read from the file system
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        assert str(pdf.docinfo.Title) == 'Aanvraag subsidie: #panic("x")'


def test_only_the_shipped_fonts_are_embedded(amsterdam, amsterdam_application, signature) -> None:
    from fontTools.ttLib import TTFont

    from desktop_app.core.printable import font_files

    shipped = {str(TTFont(str(p), lazy=True)["name"].getDebugName(6)) for p in font_files()}
    amsterdam_application.answers["activity_description"] = "Feest 🎉 مرحبا 你好 ሰላም ✓"
    made = make_pdf(amsterdam_application, amsterdam, (), signature, None, None, CLOCK)
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        used = {
            str(font.BaseFont).lstrip("/").split("+", 1)[-1].removesuffix("-Identity-H")
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert used and used <= shipped, used - shipped
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoEmoji-Regular"} <= used


def test_an_answer_wholly_in_another_language_is_marked_so_and_right_to_left(
    amsterdam, amsterdam_application, signature
) -> None:
    amsterdam_application.answers["activity_description"] = "שלום לכולם בשכונה"
    made = make_pdf(amsterdam_application, amsterdam, (), signature, None, None, CLOCK)
    languages = set()
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    languages.add(str(operands[1].get("/Lang", "")))
    assert {"he", "nl-NL"} <= languages, languages


@pytest.mark.slow
def test_every_character_the_field_check_accepts_can_be_put_in_a_pdf() -> None:
    """The field check (core/printable.py) and the PDF engine agree, character by character."""
    from desktop_app.core.printable import first_unprintable
    from desktop_app.documents.typst_pdf import compile_pdf, document, lit

    every = (chr(p) for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF)
    accepted = [char for char in every if first_unprintable(char) is None]
    assert len(accepted) > 30_000
    lines = ["".join(accepted[i : i + 60]) for i in range(0, len(accepted), 60)]
    markup = document(
        title="Alle tekens",
        author="test",
        description="test",
        language="nl",
        footer="none",
        body=[f"#par({lit(line)})" for line in lines],
    )
    assert compile_pdf(markup, CLOCK.now()).startswith(b"%PDF-1.7")
