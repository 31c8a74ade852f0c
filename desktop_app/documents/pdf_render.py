"""The PDF of an application or report, laid out with typst: calm, A4, tagged for screen readers.

One pass makes a PDF/A-2a that is also PDF/UA-1 (documents/typst_pdf.py says why typst);
signing.py then seals it. Every text is in the document's language; the words come from the
regeling (summary.py). Resident text enters the markup only as escaped string literals.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from PIL import Image as PILImage

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Verdict
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext, pgettext, text
from desktop_app.core.printable import describe, first_unprintable, fonts_dir
from desktop_app.core.regeling import Regeling
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
)
from desktop_app.documents.typst_pdf import call, compile_pdf, content, image_bytes, lit, page_words
from desktop_app.documents.typst_pdf import document as typst_document

__all__ = ["WORDS", "Seal", "SignatureBlock", "fonts_dir", "render_pdf"]

MAX_DRAWING_BYTES = 2 * 1024 * 1024
MAX_DRAWING_PIXELS = 4000 * 2000
CM = 72 / 2.54  # points
# A proof photo in the report PDF: at most this wide and high on the page, and at most this
# many pixels on its longest side (enough to see what happened; the bundle keeps the original).
PHOTO_WIDTH, PHOTO_HEIGHT = 15 * CM, 11 * CM
PHOTO_PIXELS = 1600
PHOTO_TYPES = ("image/jpeg", "image/png")
BULLET = "• "  # how summary.py writes each of several choices


@dataclass(frozen=True)
class Seal:
    """Whether the PDF will carry a digital signature, and with which certificate."""

    signed: bool
    certificate_sha256: str | None = None


WORDS: dict[str, str] = {  # Dutch; the PDF shows them in its language
    "application": N_("Aanvraag subsidie"),
    "report": N_("Verantwoording subsidie"),
    "municipality": N_("Gemeente {m}"),
    "regeling": N_("Regeling"),
    "version": N_("versie"),
    "initiative": N_("Initiatief"),
    "reference": N_("Kenmerk"),
    "made": N_("Gemaakt op"),
    "for_application": N_("Hoort bij aanvraag"),
    "granted": N_("Toegekend bedrag"),
    "tier": N_("Soort verslag"),
    "helped": N_("Ingevuld met hulp van"),
    "messages": N_("Meldingen bij het invullen"),
    "messages_intro": N_(
        "Deze meldingen zag u bij het invullen. De gemeente ziet dezelfde meldingen."
    ),
    "no_messages": N_("Er waren geen meldingen."),
    "blocking": N_("Fout"),
    "attachments": N_("Controle van de bijlagen"),
    "attachments_intro": N_(
        "Met de SHA-256-code kan de gemeente controleren dat een bijlage precies dit bestand is."
    ),
    "no_attachments": N_("Er zijn geen bijlagen."),
    "photo_alt": N_("Foto {name}, bijlage bij het verslag"),
    "photo_note": N_(
        "De foto hieronder is verkleind. De SHA-256-code hoort bij het bestand zelf, dat in de "
        "bundel zit."
    ),
    "signing": N_("Ondertekening"),
    "name": N_("Naam"),
    "place": N_("Plaats"),
    "date": N_("Datum"),
    "drawn": N_("Handtekening"),
    "signed_title": N_("Digitaal ondertekend"),
    "signed_text": N_(
        "Dit document heeft een digitale handtekening met de sleutel van dit initiatief. "
        "Daarmee is te controleren dat het na het ondertekenen niet is veranderd. "
        "De handtekening zegt niet wie het document heeft ondertekend."
    ),
    "certificate": N_("Certificaat (SHA-256)"),
    "unsigned_title": N_("Niet digitaal ondertekend"),
    "unsigned_text": N_(
        "Op deze computer kon geen digitale handtekening worden gezet. De gemeente kan "
        "daarom niet controleren of dit document na het maken is veranderd."
    ),
    "page": N_("Pagina {n} van {total}"),
    "ineligible": N_("(betaalt de gemeente niet)"),
    "agreed": N_("✓"),
    "not_agreed": N_("✗ niet aangevinkt:"),
    "bad_drawing": N_(
        "De getekende handtekening is geen geldig PNG-plaatje. Teken de handtekening opnieuw."
    ),
    "drawing_alt": N_("Getekende handtekening van {name}"),
    "unprintable": N_(
        "Bij '{field}' staat het teken {character}. Dat teken kan de app niet in de PDF "
        "zetten. Haal het weg of schrijf het op een andere manier."
    ),
}


# Scripts whose language is clear from the script alone: an answer written wholly in one of
# them is marked as that language, so a screen reader reads it with the right voice. (Arabic,
# Cyrillic, Devanagari, Ethiopic and Han script serve several languages: left unmarked.)
_SCRIPT_LANGUAGES = {
    "HEBREW": "he",
    "THAI": "th",
    "GREEK": "el",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "TAMIL": "ta",
}


def _language_of(text: str) -> str | None:
    found: set[str] = set()
    for char in text:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "").split(" ", 1)[0]
        if script == "CJK" and found & {"ja"}:
            continue
        found.add(_SCRIPT_LANGUAGES.get(script, script))
        if len(found) > 1 and not (found <= {"ja", "CJK"}):
            return None
    if "ja" in found:
        return "ja"
    return next(iter(found)) if len(found) == 1 and next(iter(found)).islower() else None


def _right_to_left(text: str) -> bool:
    """The paragraph direction Unicode's bidi algorithm gives: that of the first strong letter."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def span(text: str) -> str:
    """Resident text as a typst expression: its language and direction marked where clear."""
    named: dict[str, str] = {}
    language = _language_of(text)
    if language:
        named["lang"] = lit(language)
        named["region"] = "none"  # not "he-NL": the document's region is not the text's
    if _right_to_left(text):
        named["dir"] = "rtl"
    if not named:
        return lit(text)
    return call("text", lit(text), **named)[1:]


class _Renderer:
    def __init__(self, language: str) -> None:
        self.language = language

    def w(self, key: str, **values: str) -> str:
        text = gettext(self.language, WORDS[key])
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
    ) -> list[str]:
        lang = self.language
        kind = "report" if isinstance(document, Report) else "application"
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
        return [
            # The funder's own name and word ("Fonds …", "bijdrage"), not always "Gemeente".
            call("kicker", lit(regeling.funder_text(lang))),
            call(
                "heading",
                lit(f"{regeling.document_title(kind, lang)}: {regeling.name.get(lang)}"),
                level="1",
            ),
            self.facts(facts),
            "#line(length: 100%, stroke: 0.5pt + rule)",
        ]

    def facts(self, pairs: Sequence[tuple[str, str | None]], extra: str = "") -> str:
        args = []
        for key, value in pairs:
            args += [f"strong({lit(key)})", span(value or "")]
        if extra:
            args.append(extra)
        return call("facts", *args)

    def notice(self, title: str, text: str) -> str:
        return call("notice", lit(title), lit(text))

    def item(self, item: Item, section_title: str = "") -> list[str]:
        if isinstance(item, Answer):
            style = "missing" if item.missing else "answer"
            if not item.missing and all(x.startswith(BULLET) for x in item.lines):
                # Several choices: a real list, so a screen reader says how many.
                choices = (span(x.removeprefix(BULLET)) for x in item.lines)
                return [call("label", lit(item.label)), call("list", "tight: true", *choices)]
            return [call("label", lit(item.label)), *(call(style, span(x)) for x in item.lines)]
        if isinstance(item, Declaration):
            mark = self.w("agreed") if item.agreed else self.w("not_agreed")
            return [call("answer", lit(f"{mark} {item.label}"))]
        if isinstance(item, Group):
            flow = [call("label", lit(item.label))]
            for group_item in item.items:
                flow.append(call("itemtitle", lit(group_item.title)))
                for answer in group_item.answers:
                    value = " ".join(answer.lines)
                    style = "missing" if answer.missing else "answer"
                    if answer.label:
                        body = content(f"#{lit(answer.label + ':')}", f"#{span(value)}")
                        flow.append(call(style, body))
                    else:
                        flow.append(call(style, span(value)))
            return flow
        if isinstance(item, BudgetTable):
            return [call("label", lit(item.label)), self.budget(item)]
        if isinstance(item, AttachmentList):
            flow = [] if item.label == section_title else [call("label", lit(item.label))]
            if not item.attachments:
                flow.append(call("missing", lit(self.w("no_attachments"))))
            for line in item.attachments:
                flow.append(call("answer", lit(f"{line.file_name} ({line.kind}, {line.size})")))
            return flow
        raise TypeError(f"unknown summary item {type(item).__name__}")

    def budget(self, table: BudgetTable) -> str:
        """The budget as a real table: a header row of header cells, then the cost lines."""
        head = [f"strong({lit(h)})" for h in table.head]
        cells: list[str] = [f"table.header({', '.join(head)})", "table.hline(stroke: 0.5pt + rule)"]
        for row in table.rows:
            category = row.category + (f" {self.w('ineligible')}" if row.ineligible else "")
            values = [lit(category), span(row.description), lit(row.amount)]
            if row.ineligible:
                values = [f"text(fill: warnline, {value})" for value in values]
            cells += values
        cells.append("table.hline(stroke: 0.8pt + ink)")
        cells += [f"table.cell(colspan: 2, strong({lit(table.total[0])}))"]
        cells += [f"strong({lit(table.total[1])})"]
        if table.funding:
            cells.append("table.hline(stroke: 0.5pt + rule)")
        for index, (label, amount) in enumerate(table.funding):
            last = index == len(table.funding) - 1  # the requested amount: make it stand out
            wrap = "strong" if last else ""
            cells += [f"table.cell(colspan: 2, {wrap}({lit(label)}))", f"{wrap}({lit(amount)})"]
        rows = len(table.rows)
        return call(
            "table",
            "columns: (5.6cm, 8.2cm, 3.2cm)",
            "stroke: none",
            "inset: (x: 4pt, y: 4pt)",
            "align: (x, y) => if x == 2 { right } else { left }",
            f"fill: (x, y) => if y == 0 {{ shade }} else if y <= {rows} and calc.even(y) "
            "{ stripe }",
            *cells,
        )

    def verdicts(self, verdicts: Sequence[Verdict]) -> list[str]:
        flow = [call("heading", lit(self.w("messages")), level="2")]
        if not verdicts:
            return [*flow, call("answer", lit(self.w("no_messages")))]
        flow.append(call("small", lit(self.w("messages_intro"))))
        items = []
        for verdict in verdicts:
            label = (
                self.w("blocking")
                if verdict.severity == "blocking"
                else pgettext(self.language, "pdf", "Let op")
            )
            message = verdict.message.get(self.language)
            items.append(content(f"#strong({lit(label + ':')})", f"#{lit(message)}"))
        return [*flow, call("list", *items)]

    def attachments(
        self, lines: Sequence[AttachmentLine], photos: Mapping[str, bytes] | None = None
    ) -> list[str]:
        """Every attachment with its SHA-256; a proof photo (``photos``: the files by their
        hash) also as the picture itself, scaled down."""
        flow = [
            call("heading", lit(self.w("attachments")), level="2"),
            call("small", lit(self.w("attachments_intro"))),
        ]
        items = []
        for line in lines:
            pieces = [
                f"#strong({lit(f'{line.file_name} ({line.kind}, {line.size})')})",
                "#linebreak()",
                f"#text(size: 7.5pt, fill: muted, {lit(f'SHA-256: {line.sha256}')})",
            ]
            data = (photos or {}).get(line.sha256)
            if data is not None and line.media_type in PHOTO_TYPES:
                alt = self.w("photo_alt", name=line.file_name)
                pieces += [
                    "#linebreak()",
                    f"#text(size: 7.5pt, fill: muted, {lit(self.w('photo_note'))})",
                    f"#block(above: 4pt, {_photo(data, line.sha256, alt)})",
                ]
                # The name and hash stay on the page of their photo.
                pieces = [f"#block(breakable: false, {content(*pieces)})"]
            items.append(content(*pieces))
        return [*flow, call("enum", *items)]

    def signature(self, block: SignatureBlock, seal: Seal) -> list[str]:
        pairs: list[tuple[str, str | None]] = [
            (self.w("name"), block.name),
            (self.w("place"), block.place),
            (self.w("date"), long_date(block.date, self.language)),
        ]
        extra = ""
        if block.drawing_png:
            alt = self.w("drawing_alt", name=block.name or "?")
            extra = f"strong({lit(self.w('drawn'))}), {_drawing(block.drawing_png, alt)}"
        parts = [
            call("heading", lit(self.w("signing")), level="2"),
            self.facts(pairs, extra),
        ]
        if seal.signed:
            fingerprint = seal.certificate_sha256 or ""
            grouped = " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))
            parts += [
                call("itemtitle", lit(self.w("signed_title"))),
                call("answer", lit(self.w("signed_text"))),
                call("hash", lit(f"{self.w('certificate')}: {grouped}")),
            ]
        else:
            parts.append(self.notice(self.w("unsigned_title"), self.w("unsigned_text")))
        return [call("block", "breakable: false", "above: 18pt", content(*parts))]


def _drawing(png: bytes, alt: str) -> str:
    """The drawn signature, checked first: it comes from a widget, but is still outside data."""
    problem = UserError("pdf.bad_signature_drawing", text(WORDS["bad_drawing"]))
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
    scale = min(6 * CM / width, 2.5 * CM / height)
    return (
        f'image({image_bytes(png)}, format: "png", alt: {lit(alt)}, '
        f"width: {width * scale:.2f}pt, height: {height * scale:.2f}pt)"
    )


def _photo(data: bytes, sha256: str, alt: str) -> str:
    """A proof photo as a typst image: only the exact file the document names (its hash),
    decoded by Pillow, upright, scaled to at most PHOTO_PIXELS and written again as JPEG
    without metadata (so the PDF carries no location)."""
    from PIL import ImageOps

    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserError(
            "pdf.photo_changed",
            text(
                N_(
                    "Een foto bij het verslag is veranderd sinds u hem toevoegde. Voeg de foto "
                    "opnieuw toe."
                )
            ),
        )
    with PILImage.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    picture.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
    picture.info = {}  # no comment, EXIF or location goes into the PDF
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    width, height = picture.size
    scale = min(PHOTO_WIDTH / width, PHOTO_HEIGHT / height)
    return (
        f'image({image_bytes(out.getvalue())}, format: "jpg", alt: {lit(alt)}, '
        f"width: {width * scale:.2f}pt, height: {height * scale:.2f}pt)"
    )


def _resident_texts(
    summary: Summary, signature: SignatureBlock, words: _Renderer
) -> Iterator[tuple[str, str]]:
    """(where it is shown, text) for everything typed by a person, to check before rendering."""
    yield words.w("initiative"), summary.initiative_name
    if summary.helper:
        yield words.w("helped"), summary.helper
    yield words.w("name"), signature.name
    yield words.w("place"), signature.place
    for section in summary.sections:
        for item in section.items:
            if isinstance(item, Answer):
                yield from ((item.label, line) for line in item.lines)
            elif isinstance(item, Group):
                for group_item in item.items:
                    for answer in group_item.answers:
                        yield from ((answer.label, line) for line in answer.lines)
            elif isinstance(item, BudgetTable):
                yield from ((item.label, row.description) for row in item.rows)
            elif isinstance(item, AttachmentList):
                yield from ((item.label, line.file_name) for line in item.attachments)


def _check_printable(summary: Summary, signature: SignatureBlock, words: _Renderer) -> None:
    """A last guard (the rule engine refuses such text at the field already): a character no
    shipped font has is named, with the question it is in, before typst is even started."""
    for where, typed in _resident_texts(summary, signature, words):
        char = first_unprintable(typed)
        if char is not None:
            message = text(WORDS["unprintable"], field=where, character=describe(char))
            raise UserError("pdf.unprintable", message)


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def render_pdf(
    regeling: Regeling,
    document: Application | Report,
    verdicts: Sequence[Verdict],
    signature: SignatureBlock,
    seal: Seal,
    made_at: dt.datetime,
    photos: Mapping[str, bytes] | None = None,
    initiative_name: str | None = None,
) -> bytes:
    """The PDF bytes: PDF/A-2a and PDF/UA-1, not yet signed. ``photos``: attachment files
    by SHA-256, shown as pictures (a report's proof); ``initiative_name``: the name when
    the document's own answers have none (a report: its application's name)."""
    summary = summarize(regeling, document)
    if not summary.initiative_name and initiative_name:
        summary = replace(summary, initiative_name=initiative_name)
    lang = document.language
    r = _Renderer(lang)
    _check_printable(summary, signature, r)
    kind = "report" if isinstance(document, Report) else "application"
    name = summary.initiative_name or regeling.name.get(lang)
    title = f"{regeling.document_title(kind, lang)}: {name}"

    body: list[str] = r.header(regeling, document, summary, made_at)
    if not seal.signed:
        body.append(r.notice(r.w("unsigned_title"), r.w("unsigned_text")))
    for section in summary.sections:
        body.append(call("heading", lit(section.title), level="2"))
        for item in section.items:
            body += r.item(item, section.title)
    body += r.verdicts(verdicts)
    if summary.attachments:
        body += r.attachments(summary.attachments, photos)
    body += r.signature(signature, seal)

    footer_left = f"{r.w('reference')} {str(document.id)[:8]} · {regeling.municipality.get(lang)}"
    mark = "" if seal.signed else r.w("unsigned_title")
    footer = (
        "context {\n"
        "  line(length: 100%, stroke: 0.5pt + rule)\n"
        "  v(-2pt)\n"
        "  grid(columns: (1fr, auto, 1fr),\n"
        f"    text(size: 8pt, fill: muted, {lit(footer_left)}),\n"
        f'    text(size: 8pt, weight: "bold", fill: warnline, {lit(mark)}),\n'
        f"    align(right, text(size: 8pt, fill: muted, {page_words(r.w('page'))})))\n"
        "}"
    )
    markup = typst_document(
        title=title,
        author=summary.initiative_name or regeling.municipality.get(lang),
        description=f"{regeling.name.get(lang)} {regeling.version}",
        language=lang,
        footer=footer,
        body=body,
    )
    return compile_pdf(markup, made_at)
