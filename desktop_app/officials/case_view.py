"""What an official sees of one case: every answer as the PDF shows it (documents/summary.py:
money as "€ 1.234,56", choices and areas by their label, the budget as a table, dates in
words), the signature status, who helped, the verdicts then and now, the attachments.

Qt-free: the window shows `case_html(...)` in a rich-text view; tests read it as text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import TypeAdapter, ValidationError

from desktop_app.core.documents import Document, Report
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Language
from desktop_app.documents.summary import (
    Answer,
    AttachmentList,
    BudgetTable,
    Declaration,
    Group,
    Item,
    summarize,
)
from desktop_app.officials.store import Case, CaseStore
from desktop_app.officials.trust import DECISION_UNCHECKED

_DOCUMENT: TypeAdapter[Any] = TypeAdapter(Document)

WORDS: dict[str, str] = {  # Dutch; shown in the official's language
    "signed": N_("digitaal ondertekend"),
    "unsigned": N_("NIET digitaal ondertekend"),
    "helper": N_("Ingevuld met hulp van"),
    "unchecked": N_(
        "Besluit niet gecontroleerd: de app van de bewoner kon de handtekening van de "
        "gemeente onder het besluit niet nagaan. Vergelijk het bedrag met uw besluit."
    ),
    "then": N_("Wat de aanvrager zag bij ondertekenen"),
    "now": N_("Wat de regels nu zeggen"),
    "none": N_("Geen meldingen."),
    "error": N_("Fout"),
    "warning": N_("Let op"),
    "attachments": N_("Bijlagen"),
    "no_attachments": N_("Geen bijlagen."),
    "answers": N_("Antwoorden"),
    "unreadable": N_("De antwoorden van deze zaak kunnen niet worden getoond."),
    "tier": N_("Soort verslag"),
}


def case_html(store: CaseStore, catalog: Catalog, case: Case, language_code: str) -> str:
    """The whole case view as simple HTML (headings, paragraphs, one table for the budget)."""
    language: Language = "en" if language_code == "en" else "nl"

    def w(key: str) -> str:
        return gettext(language_code, WORDS[key])

    regeling = catalog.get(case.regeling_id, case.regeling_version)
    parts = [f"<h2>{escape(case.title)}</h2>"]
    signed = w("signed") if case.signed else w("unsigned")
    parts.append(
        f"<p>{escape(regeling.name.get(language))} ({escape(case.regeling_version)}) — {signed}</p>"
    )
    if case.assisted_by:
        parts.append(f"<p>{w('helper')}: {escape(case.assisted_by)}</p>")
    # What the import could not vouch for (officials/trust.py); "unchecked" follows below.
    parts += [f"<p><b>{escape(m.message.get(language))}</b></p>" for m in case.trust
              if m.code != DECISION_UNCHECKED]  # fmt: skip
    try:
        document = _DOCUMENT.validate_json(store.document_json(case.bundle_id))
    except ValidationError:
        document = None
    if isinstance(document, Report) and not document.decision_checked:
        parts.append(f"<p><b>{escape(w('unchecked'))}</b></p>")
    for title, verdicts in ((w("then"), case.verdicts_at_signing), (w("now"), case.verdicts_now)):
        parts.append(f"<h3>{title}</h3>")
        if not verdicts:
            parts.append(f"<p>{w('none')}</p>")
        for verdict in verdicts:
            kind = w("error") if verdict["severity"] == "blocking" else w("warning")
            message = verdict["message"].get(language) or verdict["message"].get("nl", "")
            parts.append(f"<p><b>{kind}:</b> {escape(str(message))}</p>")
    if document is None:
        parts.append(f"<p>{w('unreadable')}</p>")
        return "".join(parts)
    summary = summarize(regeling, document, language)
    parts.append(f"<h3>{w('attachments')}</h3>")
    if not summary.attachments:
        parts.append(f"<p>{w('no_attachments')}</p>")
    for line in summary.attachments:
        parts.append(
            f"<p>{escape(line.file_name)} ({escape(line.kind)}, {escape(line.size)}) — "
            f"SHA-256 {escape(line.sha256[:16])}…</p>"
        )
    parts.append(f"<h3>{w('answers')}</h3>")
    if summary.tier_label:
        parts.append(f"<p><b>{w('tier')}</b><br/>{escape(summary.tier_label)}</p>")
    for section in summary.sections:
        parts.append(f"<h4>{escape(section.title)}</h4>")
        parts += [_item_html(item) for item in section.items]
    return "".join(parts)


def _lines(lines: tuple[str, ...]) -> str:
    return "<br/>".join(escape(line) for line in lines)


def _item_html(item: Item) -> str:
    if isinstance(item, Answer):
        label = f"<b>{escape(item.label)}</b><br/>" if item.label else ""
        return f"<p>{label}{_lines(item.lines)}</p>"
    if isinstance(item, Declaration):
        mark = "✓" if item.agreed else "✗"
        return f"<p>{mark} {escape(item.label)}</p>"
    if isinstance(item, Group):
        inner = "".join(
            f"<p><i>{escape(entry.title)}</i></p>" + "".join(_item_html(a) for a in entry.answers)
            for entry in item.items
        )
        return f"<p><b>{escape(item.label)}</b></p>{inner}"
    if isinstance(item, BudgetTable):
        head = "".join(f"<th>{escape(cell)}</th>" for cell in item.head)
        rows = "".join(
            f"<tr><td>{escape(r.category)}{' (!)' if r.ineligible else ''}</td>"
            f"<td>{escape(r.description)}</td><td align='right'>{escape(r.amount)}</td></tr>"
            for r in item.rows
        )
        total = (
            f"<tr><td colspan='2'><b>{escape(item.total[0])}</b></td>"
            f"<td align='right'><b>{escape(item.total[1])}</b></td></tr>"
        )
        funding = "".join(
            f"<tr><td colspan='2'>{escape(label)}</td><td align='right'>{escape(amount)}</td></tr>"
            for label, amount in item.funding
        )
        return (
            f"<p><b>{escape(item.label)}</b></p>"
            f"<table border='1' cellpadding='4'><tr>{head}</tr>{rows}{total}{funding}</table>"
        )
    if isinstance(item, AttachmentList):
        listed = "".join(f"<br/>{escape(a.file_name)} ({escape(a.kind)})" for a in item.attachments)
        return f"<p><b>{escape(item.label)}</b>{listed}</p>"
    return ""


__all__ = ["case_html"]
