"""The PDF of an application or report, laid out with reportlab: calm, A4, fonts embedded.

The result is a plain PDF; pdfa.py makes it PDF/A-2b and signing.py seals it. Every text
is in the document's language; the words come from the regeling (summary.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Verdict
from desktop_app.core.errors import UserError
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.documents.summary import (
    Answer,
    AttachmentLine,
    AttachmentList,
    BudgetTable,
    Declaration,
    Group,
    Item,
    Summary,
    long_date,
    money_text,
    summarize,
    t,
)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MAX_DRAWING_BYTES = 2 * 1024 * 1024
MAX_DRAWING_PIXELS = 4000 * 2000

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADING = colors.HexColor("#1d3f66")
SHADE = colors.HexColor("#eef2f6")
WARN_BG = colors.HexColor("#fff4e5")
WARN_LINE = colors.HexColor("#b35c00")


@dataclass(frozen=True)
class Seal:
    """Whether the PDF will carry a digital signature, and with which certificate."""

    signed: bool
    certificate_sha256: str | None = None


WORDS: dict[str, Text] = {
    "application": t("Aanvraag subsidie", "Grant application"),
    "report": t("Verantwoording subsidie", "Grant report"),
    "municipality": t("Gemeente {m}", "Municipality of {m}"),
    "regeling": t("Regeling", "Scheme"),
    "version": t("versie", "version"),
    "initiative": t("Initiatief", "Initiative"),
    "reference": t("Kenmerk", "Reference"),
    "made": t("Gemaakt op", "Made on"),
    "for_application": t("Hoort bij aanvraag", "Belongs to application"),
    "granted": t("Toegekend bedrag", "Amount granted"),
    "tier": t("Soort verslag", "Kind of report"),
    "helped": t("Ingevuld met hulp van", "Filled in with help from"),
    "messages": t("Meldingen bij het invullen", "Messages while filling in"),
    "messages_intro": t(
        "Deze meldingen zag u bij het invullen. De gemeente ziet dezelfde meldingen.",
        "You saw these messages while filling in. The municipality sees the same messages.",
    ),
    "no_messages": t("Er waren geen meldingen.", "There were no messages."),
    "blocking": t("Fout", "Error"),
    "warning": t("Let op", "Note"),
    "attachments": t("Controle van de bijlagen", "Checking the attachments"),
    "attachments_intro": t(
        "Met de SHA-256-code kan de gemeente controleren dat een bijlage precies dit bestand is.",
        "With the SHA-256 code the municipality can check that an attachment is exactly this file.",
    ),
    "no_attachments": t("Er zijn geen bijlagen.", "There are no attachments."),
    "signing": t("Ondertekening", "Signature"),
    "name": t("Naam", "Name"),
    "place": t("Plaats", "Place"),
    "date": t("Datum", "Date"),
    "drawn": t("Handtekening", "Signature"),
    "signed_title": t("Digitaal ondertekend", "Digitally signed"),
    "signed_text": t(
        "Dit document heeft een digitale handtekening met de sleutel van dit initiatief. "
        "Daarmee is te controleren dat het na het ondertekenen niet is veranderd. "
        "De handtekening zegt niet wie het document heeft ondertekend.",
        "This document carries a digital signature made with this initiative's key. It "
        "shows that the document has not been changed since it was signed. The signature "
        "does not prove who signed it.",
    ),
    "certificate": t("Certificaat (SHA-256)", "Certificate (SHA-256)"),
    "unsigned_title": t("Niet digitaal ondertekend", "Not digitally signed"),
    "unsigned_text": t(
        "Op deze computer kon geen digitale handtekening worden gezet. De gemeente kan "
        "daarom niet controleren of dit document na het maken is veranderd.",
        "No digital signature could be made on this computer. The municipality therefore "
        "cannot check whether this document was changed after it was made.",
    ),
    "page": t("Pagina {n} van {total}", "Page {n} of {total}"),
    "ineligible": t("(betaalt de gemeente niet)", "(not paid by the municipality)"),
    "agreed": t("✓", "✓"),
    "not_agreed": t("✗ niet aangevinkt:", "✗ not ticked:"),
    "bad_drawing": t(
        "De getekende handtekening is geen geldig PNG-plaatje. Teken de handtekening opnieuw.",
        "The drawn signature is not a valid PNG image. Please draw the signature again.",
    ),
}


def fonts_dir() -> Path:
    """resources/fonts of the source tree, or its copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_resources" / "fonts", package.parent / "resources" / "fonts"):
        if (candidate / "DejaVuSans.ttf").is_file():
            return candidate
    return package / "_resources" / "fonts"


@cache
def register_fonts() -> None:
    folder = fonts_dir()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=MUTED),
        "hash": ParagraphStyle("hash", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        "kicker": ParagraphStyle("kicker", parent=body, fontSize=10, textColor=MUTED),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=18,
            leading=23,
            textColor=HEADING,
            spaceAfter=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=HEADING,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "label": ParagraphStyle(
            "label",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            textColor=MUTED,
            spaceBefore=6,
            keepWithNext=True,
        ),
        "answer": ParagraphStyle("answer", parent=body, leftIndent=0, spaceAfter=1),
        "missing": ParagraphStyle("missing", parent=body, textColor=MUTED),
        "declaration": ParagraphStyle("declaration", parent=body, spaceBefore=5),
        "item": ParagraphStyle(
            "item", parent=body, fontName=FONT_BOLD, spaceBefore=6, keepWithNext=True
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName=FONT_BOLD, fontSize=9.5, leading=12.5
        ),
        "amount": ParagraphStyle(
            "amount", parent=body, fontSize=9.5, leading=12.5, alignment=TA_RIGHT
        ),
        "amount_bold": ParagraphStyle(
            "amount_bold",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=12.5,
            alignment=TA_RIGHT,
        ),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (escaped) as a paragraph; new lines stay new lines."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _Renderer:
    def __init__(self, language: str) -> None:
        self.language = language
        self.s = styles()

    def w(self, key: str, **values: str) -> str:
        text = WORDS[key].get(self.language)
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text

    # --- the parts of the document ----------------------------------------------------------

    def header(
        self,
        regeling: Regeling,
        document: Application | Report,
        summary: Summary,
        made_at: dt.datetime,
    ) -> list[Flowable]:
        lang = self.language
        kind = "report" if isinstance(document, Report) else "application"
        flow: list[Flowable] = [
            paragraph(regeling.funder_text(lang), self.s["kicker"]),
            paragraph(
                f"{regeling.document_title(kind, lang)}: {regeling.name.get(lang)}", self.s["title"]
            ),
        ]
        facts: list[tuple[str, str]] = []
        if summary.initiative_name:
            facts.append((self.w("initiative"), summary.initiative_name))
        facts.append(
            (
                self.w("regeling"),
                f"{regeling.name.get(lang)}, {self.w('version')} {regeling.version}",
            )
        )
        if isinstance(document, Report):
            facts.append((self.w("for_application"), str(document.application_id)))
            if document.granted_amount is not None:
                facts.append((self.w("granted"), money_text(document.granted_amount, lang)))
            if summary.tier_label:
                facts.append((self.w("tier"), summary.tier_label))
        if summary.helper:
            facts.append((self.w("helped"), summary.helper))
        facts.append((self.w("reference"), str(document.id)))
        local = made_at.astimezone(AMSTERDAM)
        facts.append((self.w("made"), f"{long_date(local.date(), lang)}, {local:%H:%M}"))
        rows = [[paragraph(k, self.s["cell_bold"]), paragraph(v, self.s["cell"])] for k, v in facts]
        table = Table(rows, colWidths=[5.6 * cm, 11.4 * cm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                ]
            )
        )
        return [*flow, Spacer(1, 4), table, Spacer(1, 8)]

    def notice(self, title: str, text: str) -> Table:
        box = Table(
            [[paragraph(title, self.s["cell_bold"])], [paragraph(text, self.s["cell"])]],
            colWidths=[17 * cm],
        )
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
                    ("BOX", (0, 0), (-1, -1), 1, WARN_LINE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return box

    def item(self, item: Item, section_title: str = "") -> list[Flowable]:
        s = self.s
        if isinstance(item, Answer):
            style = s["missing"] if item.missing else s["answer"]
            return [
                paragraph(item.label, s["label"]),
                *(paragraph(line, style) for line in item.lines),
            ]
        if isinstance(item, Declaration):
            mark = self.w("agreed") if item.agreed else self.w("not_agreed")
            return [paragraph(f"{mark} {item.label}", s["declaration"])]
        if isinstance(item, Group):
            flow: list[Flowable] = [paragraph(item.label, s["label"])]
            for group_item in item.items:
                flow.append(paragraph(group_item.title, s["item"]))
                for answer in group_item.answers:
                    value = " ".join(answer.lines)
                    flow.append(
                        paragraph(
                            f"{answer.label}: {value}" if answer.label else value, s["answer"]
                        )
                    )
            return flow
        if isinstance(item, BudgetTable):
            return [paragraph(item.label, s["label"]), self.budget(item)]
        if isinstance(item, AttachmentList):
            flow = [] if item.label == section_title else [paragraph(item.label, s["label"])]
            if not item.attachments:
                flow.append(paragraph(self.w("no_attachments"), s["missing"]))
            for line in item.attachments:
                flow.append(paragraph(f"{line.file_name} ({line.kind}, {line.size})", s["answer"]))
            return flow
        raise TypeError(f"unknown summary item {type(item).__name__}")

    def budget(self, table: BudgetTable) -> Table:
        s = self.s
        rows: list[list[Any]] = [[paragraph(h, s["cell_bold"]) for h in table.head[:2]]]
        rows[0].append(paragraph(table.head[2], s["amount_bold"]))
        for row in table.rows:
            category = row.category + (f" {self.w('ineligible')}" if row.ineligible else "")
            rows.append(
                [
                    paragraph(category, s["cell"]),
                    paragraph(row.description, s["cell"]),
                    paragraph(row.amount, s["amount"]),
                ]
            )
        total_at = len(rows)
        rows.append(
            [
                paragraph(table.total[0], s["cell_bold"]),
                "",
                paragraph(table.total[1], s["amount_bold"]),
            ]
        )
        for label, amount in table.funding:
            rows.append([paragraph(label, s["cell"]), "", paragraph(amount, s["amount"])])
        if table.funding:  # the requested amount is what it is all about: make it stand out
            rows[-1] = [
                paragraph(table.funding[-1][0], s["cell_bold"]),
                "",
                paragraph(table.funding[-1][1], s["amount_bold"]),
            ]
        grid = Table(rows, colWidths=[5.6 * cm, 8.2 * cm, 3.2 * cm], repeatRows=1, hAlign="LEFT")
        style: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ("LINEABOVE", (0, total_at), (-1, total_at), 0.8, INK),
            ("SPAN", (0, total_at), (1, total_at)),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for index in range(total_at + 1, len(rows)):
            style.append(("SPAN", (0, index), (1, index)))
        if table.funding:
            style.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.5, RULE))
        for index, row in enumerate(table.rows, start=1):
            if index % 2 == 0:
                style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#f7f9fb")))
            if row.ineligible:
                style.append(("TEXTCOLOR", (0, index), (-1, index), WARN_LINE))
        grid.setStyle(TableStyle(style))
        return grid

    def verdicts(self, verdicts: Sequence[Verdict]) -> list[Flowable]:
        flow: list[Flowable] = [paragraph(self.w("messages"), self.s["h2"])]
        if not verdicts:
            return [*flow, paragraph(self.w("no_messages"), self.s["body"])]
        flow.append(paragraph(self.w("messages_intro"), self.s["small"]))
        for verdict in verdicts:
            label = self.w("blocking" if verdict.severity == "blocking" else "warning")
            text = f"<b>{escape(label)}:</b> {escape(verdict.message.get(self.language))}"
            flow.append(Paragraph(text, ParagraphStyle("v", parent=self.s["body"], spaceBefore=4)))
        return flow

    def attachments(self, lines: Sequence[AttachmentLine]) -> list[Flowable]:
        flow: list[Flowable] = [paragraph(self.w("attachments"), self.s["h2"])]
        flow.append(paragraph(self.w("attachments_intro"), self.s["small"]))
        for number, line in enumerate(lines, start=1):
            flow.append(
                KeepTogether(
                    [
                        paragraph(
                            f"{number}. {line.file_name} ({line.kind}, {line.size})", self.s["item"]
                        ),
                        paragraph(f"SHA-256: {line.sha256}", self.s["hash"]),
                    ]
                )
            )
        return flow

    def signature(self, block: SignatureBlock, seal: Seal) -> list[Flowable]:
        s = self.s
        rows: list[list[Flowable]] = [
            [paragraph(self.w("name"), s["cell_bold"]), paragraph(block.name, s["cell"])],
            [paragraph(self.w("place"), s["cell_bold"]), paragraph(block.place, s["cell"])],
            [
                paragraph(self.w("date"), s["cell_bold"]),
                paragraph(long_date(block.date, self.language), s["cell"]),
            ],
        ]
        if block.drawing_png:
            rows.append([paragraph(self.w("drawn"), s["cell_bold"]), _drawing(block.drawing_png)])
        table = Table(rows, colWidths=[5.6 * cm, 11.4 * cm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        if seal.signed:
            fingerprint = seal.certificate_sha256 or ""
            grouped = " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))
            seal_flow: list[Flowable] = [
                paragraph(self.w("signed_title"), s["item"]),
                paragraph(self.w("signed_text"), s["body"]),
                paragraph(f"{self.w('certificate')}: {grouped}", s["hash"]),
            ]
        else:
            seal_flow = [self.notice(self.w("unsigned_title"), self.w("unsigned_text"))]
        return [
            KeepTogether(
                [paragraph(self.w("signing"), s["h2"]), table, Spacer(1, 8), *seal_flow],
            )
        ]


def _drawing(png: bytes) -> Image:
    """The drawn signature, checked first: it comes from a widget, but is still outside data."""
    problem = UserError("pdf.bad_signature_drawing", WORDS["bad_drawing"])
    if len(png) > MAX_DRAWING_BYTES or not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise problem
    try:
        with PILImage.open(io.BytesIO(png)) as probe:
            width, height = probe.size
            if width * height > MAX_DRAWING_PIXELS or width < 1 or height < 1:
                raise problem
            probe.load()
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise problem from exc
    scale = min(6 * cm / width, 2.5 * cm / height)
    image = Image(io.BytesIO(png), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def _canvas_class(footer_left: str, footer_mark: str | None, page_words: str) -> type[Canvas]:
    """A canvas that knows the page count, for "Pagina 1 van 3" (two passes over its pages)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = A4
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(2 * cm, 1.6 * cm, width - 2 * cm, 1.6 * cm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 8)
            self.drawString(2 * cm, 1.1 * cm, footer_left)
            page = page_words.replace("{n}", str(number)).replace("{total}", str(total))
            self.drawRightString(width - 2 * cm, 1.1 * cm, page)
            if footer_mark:
                self.setFillColor(WARN_LINE)
                self.setFont(FONT_BOLD, 8)
                self.drawCentredString(width / 2, 1.1 * cm, footer_mark)
            self.restoreState()

    return NumberedCanvas


def render_pdf(
    regeling: Regeling,
    document: Application | Report,
    verdicts: Sequence[Verdict],
    signature: SignatureBlock,
    seal: Seal,
    made_at: dt.datetime,
) -> bytes:
    """The PDF bytes (not yet PDF/A, not yet signed)."""
    register_fonts()
    summary = summarize(regeling, document)
    lang = document.language
    r = _Renderer(lang)
    kind = "report" if isinstance(document, Report) else "application"
    name = summary.initiative_name or regeling.name.get(lang)
    title = f"{regeling.document_title(kind, lang)}: {name}"

    flow: list[Flowable] = r.header(regeling, document, summary, made_at)
    if not seal.signed:
        flow += [r.notice(r.w("unsigned_title"), r.w("unsigned_text")), Spacer(1, 4)]
    for section in summary.sections:
        flow.append(paragraph(section.title, r.s["h2"]))
        for item in section.items:
            flow += r.item(item, section.title)
    flow += r.verdicts(verdicts)
    if summary.attachments:
        flow += r.attachments(summary.attachments)
    flow += r.signature(signature, seal)

    footer_left = f"{r.w('reference')} {str(document.id)[:8]} · {regeling.municipality.get(lang)}"
    canvas = _canvas_class(footer_left, None if seal.signed else r.w("unsigned_title"), r.w("page"))
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2.2 * cm,
        title=title,
        author=summary.initiative_name or regeling.municipality.get(lang),
        subject=f"{regeling.name.get(lang)} {regeling.version}",
        creator="Klein Initiatief",
        lang="nl-NL" if lang == "nl" else "en-GB",
        initialFontName=FONT,
        initialFontSize=10,
    )
    template.build(flow, canvasmaker=canvas)
    return out.getvalue()
