"""What the PDF shows, as plain data: every question the resident was asked, in the words
and order of the form, with the answer written the way a person reads it.

Kept apart from the layout (pdf_render.py) so that the text can be checked without a PDF,
and so that the same summary can later be shown on screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from stdnum import iban as stdnum_iban

from desktop_app.core.answers import fields_in, is_empty, parse_answers
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import report_tier
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.messages import BUDGET_PARTS, format_value
from desktop_app.core.money import format_money
from desktop_app.core.regeling import FieldDef, Regeling, Step
from desktop_app.core.text import Text
from desktop_app.core.values import AttachmentRef, Budget

# The document's own words (Dutch; the PDF shows them in its language).
NOT_FILLED_IN = N_("niet ingevuld")
NOT_TICKED = N_("niet aangevinkt")
NO_ATTACHMENTS = N_("Geen bijlagen")
YES_NO = {True: N_("Ja"), False: N_("Nee")}
BUDGET_HEAD = (N_("Soort kosten"), N_("Omschrijving"))
AMOUNT = N_("Bedrag")
TOTAL_COSTS = N_("Totale kosten")


@dataclass(frozen=True)
class Answer:
    """One question and its answer (one or more lines)."""

    label: str
    lines: tuple[str, ...]
    missing: bool = False


@dataclass(frozen=True)
class Declaration:
    label: str
    agreed: bool


@dataclass(frozen=True)
class GroupItem:
    title: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Group:
    label: str
    items: tuple[GroupItem, ...]


@dataclass(frozen=True)
class BudgetRow:
    category: str
    description: str
    amount: str
    ineligible: bool = False


@dataclass(frozen=True)
class BudgetTable:
    label: str
    head: tuple[str, str, str]
    rows: tuple[BudgetRow, ...]
    total: tuple[str, str]
    # Own contribution, other funding, requested: (label, amount).
    funding: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AttachmentLine:
    file_name: str
    kind: str
    size: str
    sha256: str
    media_type: str = ""


@dataclass(frozen=True)
class AttachmentList:
    label: str
    attachments: tuple[AttachmentLine, ...]


Item = Answer | Declaration | Group | BudgetTable | AttachmentList


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Summary:
    """Everything about the answers the PDF needs, already in the document's language."""

    language: str
    sections: tuple[Section, ...]
    initiative_name: str
    helper: str | None
    tier_label: str | None
    attachments: tuple[AttachmentLine, ...] = dataclass_field(default=())


def _size(size: int, language: str) -> str:
    locale = "nl_NL" if language == "nl" else "en_GB"
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024), locale=locale)} kB"
    return f"{format_decimal(round(size / (1024 * 1024), 1), locale=locale)} MB"


class _Writer:
    """Turns typed answers into text, in one language."""

    def __init__(self, regeling: Regeling, language: str) -> None:
        self.regeling = regeling
        self.language = language
        self.locale = "nl_NL" if language == "nl" else "en_GB"

    def text(self, value: Text | str) -> str:
        """A regeling's text in the document's language, or one of its own catalogued words."""
        return gettext(self.language, value) if isinstance(value, str) else value.get(self.language)

    def value(self, field: FieldDef, parsed: Any, raw: Any) -> tuple[str, ...]:
        """The answer as lines; the raw answer when it could not be read (its message says why)."""
        if parsed is None:
            return (str(raw)[:2000],) if isinstance(raw, str | int) else ("?",)
        kind = field.type
        if kind in ("text", "email", "kvk"):
            return (str(parsed),)
        if kind == "long_text":
            return tuple(line for line in str(parsed).splitlines() if line.strip()) or ("",)
        if kind == "phone":
            # As the resident typed it: "06 12345678" reads better than "+31612345678".
            return (raw.strip() if isinstance(raw, str) else str(parsed),)
        if kind == "iban":
            return (stdnum_iban.format(parsed),)
        if kind == "postcode":
            return (str(parsed),)
        if kind == "integer":
            return (format_decimal(parsed, locale=self.locale),)
        if kind == "money":
            return (format_money(parsed, self.language),)
        if kind == "date":
            return (format_value(parsed, self.language),)
        if kind in ("yes_no", "declaration"):
            return (self.text(YES_NO[bool(parsed)]),)
        if kind == "choice":
            return (self.option_label(field, parsed),)
        if kind == "multi_choice":
            return tuple(f"• {self.option_label(field, v)}" for v in parsed)
        return (str(parsed),)

    def option_label(self, field: FieldDef, option_id: str) -> str:
        for option in self.regeling.options_for(field):
            if option.id == option_id:
                return self.text(option.label)
        return option_id

    def answer(self, field: FieldDef, parsed: Any, raw: Any) -> Answer:
        label = self.text(field.label)
        if is_empty(raw):
            return Answer(label, (self.text(NOT_FILLED_IN),), missing=True)
        return Answer(label, self.value(field, parsed, raw))

    def declaration_line(self, field: FieldDef, parsed: Any) -> Answer:
        """A ticked statement inside a group: the sentence itself, with a tick (no label)."""
        label = self.text(field.label)
        if parsed is True:
            return Answer("", (f"✓ {label}",))
        return Answer("", (f"✗ {self.text(NOT_TICKED)}: {label}",), missing=True)

    def group(self, field: FieldDef, parsed: Any, raw: Any) -> Item:
        if is_empty(raw):
            return self.answer(field, None, raw)
        raw_items = raw if isinstance(raw, list) else []
        parsed_items = parsed if isinstance(parsed, list) else [{} for _ in raw_items]
        item_label = self.text(field.item_label or field.label)
        items = []
        for number, (raw_item, parsed_item) in enumerate(
            zip(raw_items, parsed_items, strict=False), start=1
        ):
            raw_item = raw_item if isinstance(raw_item, dict) else {}
            answers = tuple(
                self.declaration_line(sub, parsed_item.get(sub.id))
                if sub.type == "declaration"
                else self.answer(sub, parsed_item.get(sub.id), raw_item.get(sub.id))
                for sub in field.fields or ()
            )
            items.append(GroupItem(f"{item_label} {number}", answers))
        return Group(self.text(field.label), tuple(items))

    def budget(self, field: FieldDef, parsed: Budget | None, raw: Any) -> Item:
        if parsed is None:
            return self.answer(field, None, raw if isinstance(raw, str) else "")
        rows = []
        for line in parsed.lines:
            category = self.regeling.category(line.category)
            rows.append(
                BudgetRow(
                    category=self.text(category.label) if category else line.category,
                    description=line.description,
                    amount=format_money(line.amount, self.language),
                    ineligible=bool(category and not category.eligible),
                )
            )

        def money(amount: Decimal) -> str:
            return format_money(amount, self.language)

        funding: list[tuple[str, str]] = []
        if field.budget_mode == "plan":
            funding = [
                (self.text(BUDGET_PARTS["own_contribution"]), money(parsed.own_contribution)),
                (self.text(BUDGET_PARTS["other_funding"]), money(parsed.other_funding)),
            ]
            if parsed.requested is not None:
                funding.append((self.text(BUDGET_PARTS["requested"]), money(parsed.requested)))
        return BudgetTable(
            label=self.text(field.label),
            head=(self.text(BUDGET_HEAD[0]), self.text(BUDGET_HEAD[1]), self.text(AMOUNT)),
            rows=tuple(rows),
            total=(self.text(TOTAL_COSTS), money(parsed.total_costs)),
            funding=tuple(funding),
        )

    def attachment_line(self, field: FieldDef, ref: AttachmentRef) -> AttachmentLine:
        kind = next((k for k in field.kinds or () if k.id == ref.kind), None)
        return AttachmentLine(
            file_name=ref.file_name,
            kind=self.text(kind.label) if kind else ref.kind,
            size=_size(ref.size, self.language),
            sha256=ref.sha256,
            media_type=ref.media_type,
        )

    def attachments(self, field: FieldDef, parsed: Any) -> AttachmentList:
        refs = parsed if isinstance(parsed, list) else []
        return AttachmentList(
            self.text(field.label), tuple(self.attachment_line(field, r) for r in refs)
        )


def _steps(regeling: Regeling, document: Application | Report) -> tuple[tuple[Step, ...], str]:
    if isinstance(document, Report):
        return regeling.report.steps, report_tier(regeling, document)
    route = regeling.route_for(document.answers)  # only the questions of its route
    return regeling.application.steps, route.id if route else ""


def summarize(
    regeling: Regeling, document: Application | Report, language: str | None = None
) -> Summary:
    """The answers in the document's language, or in `language` (the official's view)."""
    language = language or document.language
    writer = _Writer(regeling, language)
    steps, tier = _steps(regeling, document)
    parsed = parse_answers(regeling, steps, document.answers, tier or None)
    asked = {f.id for f in fields_in(steps, tier or None)}
    sections = []
    all_attachments: list[AttachmentLine] = []
    for step in steps:
        items: list[Item] = []
        for field in step.fields:
            if field.id not in asked or field.id not in parsed.visible:
                continue
            raw = document.answers.get(field.id)
            value = parsed.values.get(field.id)
            if field.type == "declaration":
                items.append(Declaration(writer.text(field.label), value is True))
            elif field.type == "group":
                items.append(writer.group(field, value, raw))
            elif field.type == "budget":
                items.append(writer.budget(field, value, raw))
            elif field.type == "attachments":
                listed = writer.attachments(field, value)
                all_attachments.extend(listed.attachments)
                items.append(listed)
            else:
                items.append(writer.answer(field, value, raw))
        if items:
            sections.append(Section(writer.text(step.title), tuple(items)))
    tier_label = None
    if isinstance(document, Report):
        tier_label = writer.text(next(x for x in regeling.report.tiers if x.id == tier).label)
    return Summary(
        language=language,
        sections=tuple(sections),
        initiative_name=regeling.roles.text(document.answers, "title"),
        helper=_helper(document),
        tier_label=tier_label,
        attachments=tuple(all_attachments),
    )


def _helper(document: Application | Report) -> str | None:
    """Who helped fill it in ("Ingevuld met hulp van ..."), when the document says so."""
    helper = getattr(document, "assisted_by", None)
    return helper.strip()[:150] if isinstance(helper, str) and helper.strip() else None


def attachment_refs(regeling: Regeling, document: Application | Report) -> list[AttachmentRef]:
    """The attachments the document hands in: those of the questions the resident was asked."""
    steps, tier = _steps(regeling, document)
    parsed = parse_answers(regeling, steps, document.answers, tier or None)
    found: dict[str, AttachmentRef] = {}
    for field in fields_in(steps, tier or None):
        if field.type == "attachments" and field.id in parsed.visible:
            for ref in parsed.values.get(field.id) or ():
                found.setdefault(ref.sha256, ref)
    return list(found.values())


def money_text(amount: Decimal | None, language: str) -> str:
    return format_money(amount, language) if amount is not None else ""


def long_date(day: dt.date, language: str) -> str:
    return format_value(day, language)


__all__ = [
    "Answer",
    "AttachmentLine",
    "AttachmentList",
    "BudgetTable",
    "Declaration",
    "Group",
    "Section",
    "Summary",
    "attachment_refs",
    "summarize",
]
