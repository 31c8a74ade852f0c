"""Trust shown, not assumed: what the import cannot vouch for, as marks the case keeps.

A bundle passes the reader's checks (bundle_read.py) when it is intact, but intact is not
trustworthy. Three things an official must see, in the outcome of the import, in the inbox,
in the case view and in the export:

- ``trust.unsigned`` "niet ondertekend": the bundle carries no signature (``signed: false``),
  so anyone could have changed its data after the resident finished it.
- ``trust.pdf_mismatch``: the data does not say what the PDF inside says (the initiative's
  name, the applicant, the amounts of the budget). The PDF is what the resident saw and
  signed; the message names each difference ("Gevraagd bedrag in het formulier € 1.085,50,
  in de ondertekende PDF € 1.000"). Compared for every unsigned bundle: in a signed bundle
  the signature over the manifest seals the data and the PDF together, so changing either
  breaks the signature and the reader refuses it. The PDF does not embed its data (PDF/A-2
  allows no such attachment), so its text is read back (pypdf) in a separate process with a
  time limit, the way DESIGN.md asks for any untrusted PDF; the values are written the way
  the PDF writes them (documents/summary.py) and compared with all white space left out.
- ``trust.decision_unchecked`` "besluit niet gecontroleerd": a report whose app could not
  check the municipality's signature under the decision (``decision_checked: false``).

Marks are plain data (code and words in nl and en) kept as JSON in the case store.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.core.documents import Application, Report
from desktop_app.core.i18n import N_, text
from desktop_app.core.messages import BUDGET_PARTS
from desktop_app.core.own_program import own_program
from desktop_app.core.regeling import FieldDef, Regeling
from desktop_app.core.text import Text
from desktop_app.documents.manifest import PDF
from desktop_app.documents.summary import TOTAL_COSTS, BudgetTable, summarize

if TYPE_CHECKING:
    from desktop_app.documents.bundle_read import BundleContents

UNSIGNED = "trust.unsigned"
PDF_MISMATCH = "trust.pdf_mismatch"
PDF_UNREAD = "trust.pdf_unread"
DECISION_UNCHECKED = "trust.decision_unchecked"

SHORT: dict[str, str] = {  # Dutch; translated where shown
    UNSIGNED: N_("niet ondertekend"),
    PDF_MISMATCH: N_("wijkt af van de PDF"),
    PDF_UNREAD: N_("PDF niet vergeleken"),
    DECISION_UNCHECKED: N_("besluit niet gecontroleerd"),
}
"""The mark in a word or two, for a column of the inbox and the export."""

PDF_TEXT_FLAG = "--pdf-text"  # desktop_app/__main__.py starts ``serve_pdf_text`` for it
PDF_TIMEOUT = 30.0
_CHILD_MEMORY = 1024 * 1024 * 1024
_MAX_TEXT = 2 * 1024 * 1024
_MAX_PAGES = 60


@dataclass(frozen=True)
class TrustMark:
    code: str
    message: Text
    """the whole sentence: what is wrong and what the official should do"""

    @property
    def short(self) -> Text:
        short = SHORT.get(self.code)
        return self.message if short is None else text(short)

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "nl": self.message.nl, "en": self.message.en}


def marks_to_json(marks: Iterable[TrustMark]) -> str:
    return json.dumps([m.as_json() for m in marks], ensure_ascii=False)


def marks_from_json(text: str | None) -> tuple[TrustMark, ...]:
    """The marks as stored; what cannot be read is left out (never a crash in a list)."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(raw, list):
        return ()
    return tuple(
        TrustMark(str(m["code"]), Text(nl=str(m["nl"]), en=str(m["en"])))
        for m in raw
        if isinstance(m, dict) and {"code", "nl", "en"} <= m.keys()
    )


def short_text(marks: Sequence[TrustMark], language: str) -> str:
    """ "niet ondertekend; besluit niet gecontroleerd", or "" when there is nothing to say."""
    return "; ".join(m.short.get("en" if language == "en" else "nl") for m in marks)


def summary_sentence(marks: Sequence[TrustMark]) -> Text:
    """The marks as sentences after an import's outcome ("Let op: ...")."""
    if not marks:
        return Text(nl="", en="")
    sentences = Text(
        nl=" ".join(m.message.nl for m in marks), en=" ".join(m.message.en for m in marks)
    )
    return text(N_("Let op: {marks}"), marks=sentences)


_UNSIGNED_TEXT = N_(
    "Niet ondertekend: de bundel heeft geen digitale handtekening. Iemand kan de gegevens "
    "hebben veranderd nadat de aanvrager ze maakte. Vergelijk de gegevens met de PDF."
)
_UNCHECKED_TEXT = N_(
    "Besluit niet gecontroleerd: de app van de bewoner kon de handtekening van de gemeente "
    "onder het besluit niet nagaan. Vergelijk het bedrag met uw besluit."
)
_UNREAD_TEXT = N_(
    "De PDF in de bundel kon niet worden gelezen om hem met de gegevens te vergelijken. "
    "Open de PDF en vergelijk de naam en de bedragen zelf."
)


def check(contents: BundleContents, regeling: Regeling) -> tuple[TrustMark, ...]:
    """The marks for a bundle that passed the reader's checks (slow for an unsigned bundle:
    its PDF is read in a separate process)."""
    document = contents.document
    marks: list[TrustMark] = []
    if not contents.signed:
        marks.append(TrustMark(UNSIGNED, text(_UNSIGNED_TEXT)))
        facts = pdf_facts(contents.members[PDF])
        if facts is None:
            marks.append(TrustMark(PDF_UNREAD, text(_UNREAD_TEXT)))
        else:
            differences = compare(regeling, document, facts)
            if differences:
                marks.append(mismatch_mark(differences, facts.signed))
    if isinstance(document, Report) and not document.decision_checked:
        marks.append(TrustMark(DECISION_UNCHECKED, text(_UNCHECKED_TEXT)))
    return tuple(marks)


# --- comparing the data with the PDF ---------------------------------------------------------


@dataclass(frozen=True)
class PdfFacts:
    text: str
    signed: bool
    """the PDF carries a signature of its own (pyHanko's, made when the resident signed)"""


@dataclass(frozen=True)
class Difference:
    label: Text
    in_data: str
    in_pdf: str | None
    """what the PDF says there; None when the PDF does not show it at all"""


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _field(regeling: Regeling, field_id: str | None) -> FieldDef | None:
    for step in regeling.application.steps:
        for field in step.fields:
            if field.id == field_id:
                return field
    return None


def _points(regeling: Regeling, document: Application | Report) -> list[tuple[Text, str, bool]]:
    """(label, value as the PDF writes it, is money) for what must agree."""
    language = document.language
    points: list[tuple[Text, str, bool]] = []
    roles = regeling.roles
    if isinstance(document, Application):
        applicant, natural = roles.applicant(document.answers)
        for role, value in (
            (roles.title, roles.text(document.answers, "title")),
            (roles.contact if natural else roles.organisation, applicant),
        ):
            field = _field(regeling, role)
            if field is not None and value:
                points.append((field.label, value, False))
    funding_labels = {part.get(language): part for part in BUDGET_PARTS.values()}
    for section in summarize(regeling, document).sections:
        for item in section.items:
            if isinstance(item, BudgetTable):
                points.append((text(TOTAL_COSTS), item.total[1], True))
                for label, amount in item.funding:
                    points.append(
                        (funding_labels.get(label, Text(nl=label, en=label)), amount, True)
                    )
    return points


_MONEY = re.compile(r"€ ?-?[0-9][0-9.]*(?:,[0-9]{2})?|€ ?-?[0-9][0-9,]*(?:\.[0-9]{2})?")


def _shown_in_pdf(facts: PdfFacts, label: str, money: bool) -> str | None:
    """What the PDF writes after ``label``: the amount, or the rest of the line (or the next)."""
    text = _spaced(facts.text)
    at = text.find(_spaced(label) + " ")
    if at < 0:
        return None
    rest = text[at + len(_spaced(label)) + 1 :]
    if money:
        found = _MONEY.match(rest)
        return found.group(0) if found else None
    lines = [_spaced(line) for line in facts.text.splitlines()]
    for number, line in enumerate(lines):
        if line == _spaced(label) and number + 1 < len(lines):
            return lines[number + 1][:80]
        if line.startswith(_spaced(label) + " "):
            return line[len(_spaced(label)) + 1 :][:80]
    return rest[:80]


def compare(
    regeling: Regeling, document: Application | Report, facts: PdfFacts
) -> list[Difference]:
    """Where the data and the PDF's text disagree (the label is in the document's language,
    as the PDF was written)."""
    language = document.language
    haystack = _squeeze(facts.text)
    differences = []
    for label, value, money in _points(regeling, document):
        shown = label.get(language)
        if _squeeze(shown + value) in haystack:
            continue
        differences.append(Difference(label, value, _shown_in_pdf(facts, shown, money)))
    return differences


def mismatch_mark(differences: Sequence[Difference], pdf_signed: bool) -> TrustMark:
    line = (
        N_("{label} in het formulier {data}, in de ondertekende PDF {pdf}.")
        if pdf_signed
        else N_("{label} in het formulier {data}, in de PDF {pdf}.")
    )
    not_found = text(N_("niet te vinden"))
    lines = [
        text(line, label=d.label, data=d.in_data, pdf=not_found if d.in_pdf is None else d.in_pdf)
        for d in differences
    ]
    found = Text(nl=" ".join(t.nl for t in lines), en=" ".join(t.en for t in lines))
    return TrustMark(
        PDF_MISMATCH,
        text(
            N_(
                "De gegevens wijken af van de PDF: {differences} De PDF is wat de aanvrager "
                "zag; ga na welke gegevens kloppen."
            ),
            differences=found,
        ),
    )


# --- the separate process that reads a PDF ---------------------------------------------------


def pdf_facts(pdf: bytes, timeout: float = PDF_TIMEOUT) -> PdfFacts | None:
    """The PDF's text and whether it carries a signature, read in a separate process with a
    time limit and a memory limit; None when it could not be read in time."""
    command, env = own_program(PDF_TEXT_FLAG)
    try:
        done = subprocess.run(
            command, input=pdf, capture_output=True, timeout=timeout, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or len(done.stdout) > 4 * _MAX_TEXT:
        return None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return None
    if (
        not isinstance(answer, dict)
        or not isinstance(answer.get("text"), str)
        or not isinstance(answer.get("signed"), bool)
    ):
        return None
    return PdfFacts(answer["text"][:_MAX_TEXT], answer["signed"])


def _read_pdf(data: bytes) -> dict[str, Any]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    pages = [page.extract_text() or "" for page in reader.pages[:_MAX_PAGES]]
    fields = reader.get_fields() or {}
    signed = any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())
    return {"text": "\n".join(pages)[:_MAX_TEXT], "signed": signed}


def serve_pdf_text() -> None:  # pragma: no cover - runs in the child process
    """The separate reading process: a PDF on stdin, its text and signature status on stdout."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_CHILD_MEMORY, _CHILD_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no such limit; the time limit still holds
    data = sys.stdin.buffer.read(64 * 1024 * 1024)
    try:
        answer = _read_pdf(data)
    except Exception:
        raise SystemExit(1) from None
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


__all__ = [
    "DECISION_UNCHECKED",
    "PDF_MISMATCH",
    "UNSIGNED",
    "Difference",
    "PdfFacts",
    "TrustMark",
    "check",
    "compare",
    "marks_from_json",
    "marks_to_json",
    "pdf_facts",
    "short_text",
    "summary_sentence",
]
