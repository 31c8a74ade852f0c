"""Read stored answers into typed values, field by field, with a finding per bad answer.

Only the questions a resident is actually asked count: a field hidden by its condition
(or outside the report tier) is neither checked nor used by the rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from desktop_app.core.i18n import N_, Texts
from desktop_app.core.limits import MAX_AMOUNT, MAX_COUNT, MAX_DATE, MIN_DATE, date_in_range
from desktop_app.core.money import AmountOutOfRangeError, MoneyError, coerce_money
from desktop_app.core.printable import describe, first_unprintable
from desktop_app.core.regeling import FieldDef, Regeling, Step
from desktop_app.core.rules import Finding
from desktop_app.core.text import Text
from desktop_app.core.values import AttachmentRef, Budget

_KVK = re.compile(r"^\d{8}$")
# Characters no one types and a PDF cannot show: C0 controls (NUL, ESC, ...), DEL, C1
# controls, lone surrogates and the noncharacters (U+FDD0-U+FDEF, U+FFFE/U+FFFF of every
# plane). Long texts may hold tabs and line breaks.
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NOT_LONG_TEXT = re.compile(  # the same but tab, line feed and carriage return
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# The noncharacters above U+FFFF have a search of their own: in the classes above, their 32
# code points would make the regex compare every character with each of them (15 µs for an
# answer of 140 characters instead of 1 µs; issue 20). Only a text with a character from
# U+1FFFE up can hold one, and emoji stay below it.
_FIRST_ASTRAL_NONCHARACTER = "\U0001fffe"
_ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(rf"\U{plane:04x}fffe\U{plane:04x}ffff" for plane in range(1, 17)) + "]"
)


def unusable_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` that has no place in an answer, as "U+001B"."""
    found = (_NOT_LONG_TEXT if multiline else _NOT_TEXT).search(text)
    if text and max(text) >= _FIRST_ASTRAL_NONCHARACTER:
        before = len(text) if found is None else found.start()
        found = _ASTRAL_NONCHARACTERS.search(text, 0, before) or found
    return None if found is None else f"U+{ord(found.group()):04X}"


@dataclass
class ParsedAnswers:
    values: dict[str, Any] = field(default_factory=dict)
    visible: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


class _ProblemError(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | dict) and not value)


def _text(field: FieldDef, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _ProblemError("field.invalid_value")
    text = raw.strip()
    limit = field.default_max_length
    if len(text) > limit:
        raise _ProblemError("field.too_long", length=len(text), max_length=limit)
    if field.max_words is not None and (words := count_words(text)) > field.max_words:
        raise _ProblemError("field.too_many_words", words=words, max_words=field.max_words)
    # The answer as stored, not only what strip() leaves: it is what a PDF would show.
    character = unusable_character(raw, multiline=field.type == "long_text")
    if character is not None:
        raise _ProblemError("field.control_character", character=character)
    return text


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces and line breaks."""
    return len(text.split())


def _integer(field: FieldDef, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _ProblemError("field.invalid_integer")
    if isinstance(raw, str) and len(raw.strip()) > 12:
        raise _ProblemError("field.count_out_of_range", maximum=MAX_COUNT)
    try:
        number = int(raw.strip()) if isinstance(raw, str) else raw
    except ValueError as exc:
        raise _ProblemError("field.invalid_integer") from exc
    if not 0 <= number <= MAX_COUNT:
        raise _ProblemError("field.count_out_of_range", maximum=MAX_COUNT)
    if field.minimum is not None and number < field.minimum:
        raise _ProblemError("field.too_small", value=number, minimum=field.minimum)
    if field.maximum is not None and number > field.maximum:
        raise _ProblemError("field.too_large", value=number, maximum=field.maximum)
    return number


def _money(field: FieldDef, raw: Any) -> Decimal:
    try:
        return coerce_money(raw)
    except AmountOutOfRangeError as exc:
        raise _ProblemError("field.amount_out_of_range", maximum=MAX_AMOUNT) from exc
    except MoneyError as exc:
        raise _ProblemError("field.invalid_money") from exc


def _date(field: FieldDef, raw: Any) -> dt.date:
    if not isinstance(raw, str) or len(raw) > 10:
        raise _ProblemError("field.invalid_date")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise _ProblemError("field.invalid_date") from exc
    if not date_in_range(day):
        # Also keeps every rule's "date + N weeks" far from date.max.
        raise _ProblemError("field.date_out_of_range", earliest=MIN_DATE, latest=MAX_DATE)
    return day


def _choice(field: FieldDef, raw: Any, regeling: Regeling) -> str:
    ids = {o.id for o in regeling.options_for(field)}
    if not isinstance(raw, str) or raw not in ids:
        raise _ProblemError("field.invalid_choice")
    return raw


def _multi_choice(field: FieldDef, raw: Any, regeling: Regeling) -> list[str]:
    ids = {o.id for o in regeling.options_for(field)}
    if not isinstance(raw, list) or not all(isinstance(v, str) and v in ids for v in raw):
        raise _ProblemError("field.invalid_choice")
    return list(dict.fromkeys(raw))


def _yes_no(field: FieldDef, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _ProblemError("field.invalid_yes_no")
    return raw


# The validator libraries are imported where they are used: together they take about 0.1 s
# to load, and the start screen needs none of them.


def _email(field: FieldDef, raw: Any) -> str:
    from email_validator import EmailNotValidError, validate_email

    text = _text(field, raw)
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise _ProblemError("field.invalid_email") from exc


def _phone(field: FieldDef, raw: Any) -> str:
    import phonenumbers

    text = _text(field, raw)
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as exc:
        raise _ProblemError("field.invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise _ProblemError("field.invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _iban(field: FieldDef, raw: Any) -> str:
    from stdnum import iban as stdnum_iban
    from stdnum.exceptions import ValidationError as StdnumError

    text = _text(field, raw)
    try:
        return stdnum_iban.validate(text)
    except StdnumError as exc:
        raise _ProblemError("field.invalid_iban") from exc


def _postcode(field: FieldDef, raw: Any) -> str:
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.nl import postcode as stdnum_postcode

    text = _text(field, raw)
    try:
        return stdnum_postcode.validate(text)
    except StdnumError as exc:
        raise _ProblemError("field.invalid_postcode") from exc


def _kvk(field: FieldDef, raw: Any) -> str:
    text = _text(field, raw).replace(" ", "")
    if not _KVK.match(text):
        raise _ProblemError("field.invalid_kvk")
    return text


def _declaration(field: FieldDef, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _ProblemError("field.invalid_yes_no")
    return raw


_SIMPLE = {
    "text": _text,
    "long_text": _text,
    "integer": _integer,
    "money": _money,
    "date": _date,
    "yes_no": _yes_no,
    "email": _email,
    "phone": _phone,
    "iban": _iban,
    "postcode": _postcode,
    "kvk": _kvk,
    "declaration": _declaration,
}


class _Reader:
    """Parses one form's answers; collects findings with their field paths."""

    def __init__(self, regeling: Regeling, route: str | None = None) -> None:
        self.regeling = regeling
        self.route = route
        self.findings: list[Finding] = []

    def problem(self, path: str, key: str, **values: Any) -> None:
        self.findings.append(Finding(key, "blocking", (path,), key, values))

    def read(self, field: FieldDef, raw: Any, path: str) -> Any:
        if is_empty(raw) or (field.type == "declaration" and raw is False):
            if field.required and self.route not in field.optional_in:
                key = "field.declaration" if field.type == "declaration" else "field.required"
                self.problem(path, key)
            return None
        if self.unprintable(path, raw):
            return None
        try:
            if field.type in _SIMPLE:
                return _SIMPLE[field.type](field, raw)
            if field.type == "choice":
                return _choice(field, raw, self.regeling)
            if field.type == "multi_choice":
                return _multi_choice(field, raw, self.regeling)
        except _ProblemError as problem:
            self.problem(path, problem.key, **problem.values)
            return None
        if field.type == "group":
            return self.group(field, raw, path)
        if field.type == "budget":
            return self.budget(field, raw, path)
        return self.attachments(field, raw, path)

    def unprintable(self, path: str, raw: Any) -> bool:
        """Text the PDF could not show is refused here, at the field (core/printable.py)."""
        char = first_unprintable(raw) if isinstance(raw, str) else None
        if char is None or unusable_character(char, multiline=True) is not None:
            return False  # a control character has its own, clearer message
        self.problem(path, "field.unprintable", character=describe(char))
        return True

    def count_items(self, field: FieldDef, items: list[Any], path: str) -> None:
        if len(items) < field.min_items:
            self.problem(path, "field.too_few_items", count=len(items), min_items=field.min_items)
        if field.max_items is not None and len(items) > field.max_items:
            self.problem(path, "field.too_many_items", count=len(items), max_items=field.max_items)

    def group(self, field: FieldDef, raw: Any, path: str) -> list[dict[str, Any]] | None:
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.problem(path, "field.invalid_value")
            return None
        self.count_items(field, raw, path)
        items = []
        for index, item in enumerate(raw[: field.max_items or 500]):
            items.append(
                {
                    sub.id: self.read(sub, item.get(sub.id), f"{path}[{index}].{sub.id}")
                    for sub in field.fields or ()
                }
            )
        return items

    def budget(self, field: FieldDef, raw: Any, path: str) -> Budget | None:
        try:
            budget = Budget.model_validate(raw)
        except ValidationError as error:
            out_of_range = [_budget_path(path, e["loc"]) for e in error.errors() if _is_range(e)]
            for where in dict.fromkeys(out_of_range):
                self.problem(where, "field.amount_out_of_range", maximum=MAX_AMOUNT)
            unread = [e for e in error.errors() if not _is_range(e)]
            named = [self.unread_amount(field, raw, path, e) for e in unread]
            if not all(named):
                self.problem(path, "field.invalid_budget")
            return None
        if field.budget_mode == "plan" and budget.requested is None:
            self.problem(f"{path}.requested", "field.required")
        if not budget.lines and field.required:
            self.problem(path, "field.budget_empty")
        for index, line in enumerate(budget.lines):
            self.unprintable(f"{path}.lines[{index}]", line.description)
            if self.regeling.category(line.category) is None:
                self.problem(f"{path}.lines[{index}]", "field.unknown_category")
            character = unusable_character(line.description)
            if character is not None:
                self.problem(
                    f"{path}.lines[{index}].description",
                    "field.control_character",
                    character=character,
                )
        return budget

    def unread_amount(self, field: FieldDef, raw: Any, path: str, error: Any) -> str | None:
        """An amount in the budget that cannot be read, named by its line (number and
        description) or its part ('Gevraagd bedrag'); None for any other problem."""
        loc = tuple(error.get("loc") or ())
        typed = error.get("input")
        if not isinstance(typed, str) or not isinstance(raw, dict):
            return None
        shown = typed if len(typed) <= 40 else typed[:39] + "…"
        if len(loc) == 3 and loc[0] == "lines" and isinstance(loc[1], int) and loc[2] == "amount":
            lines = raw.get("lines")
            line = lines[loc[1]] if isinstance(lines, list) and loc[1] < len(lines) else None
            text = line.get("description") if isinstance(line, dict) else None
            described = Text(nl=f"'{text}'", en=f"'{text}'") if text else _WORDS["no_description"]
            where = f"{path}.lines[{loc[1]}]"
            self.problem(
                where,
                "field.invalid_budget_line",
                budget=field.label,
                line=loc[1] + 1,
                description=described,
                typed=shown,
            )
            return where
        if len(loc) == 1 and loc[0] in _BUDGET_PARTS:
            where = f"{path}.{loc[0]}"
            part = _BUDGET_PARTS[str(loc[0])]
            self.problem(
                where, "field.invalid_budget_part", budget=field.label, part=part, typed=shown
            )
            return where
        return None

    def attachments(self, field: FieldDef, raw: Any, path: str) -> list[AttachmentRef] | None:
        if not isinstance(raw, list):
            self.problem(path, "field.invalid_value")
            return None
        kinds = {k.id for k in field.kinds or ()}
        refs = []
        for index, item in enumerate(raw[:200]):
            item_path = f"{path}[{index}]"
            try:
                ref = AttachmentRef.model_validate(item)
            except ValidationError:
                self.problem(item_path, "field.invalid_value")
                continue
            if self.unprintable(item_path, ref.file_name):
                continue
            if ref.kind not in kinds:
                self.problem(item_path, "field.invalid_choice")
            elif ref.media_type not in field.accept:
                self.problem(
                    item_path,
                    "attachment.wrong_type",
                    file_name=ref.file_name,
                    accepted=", ".join(_short_type(t) for t in field.accept),
                )
            elif ref.size > field.max_size_mb * 1024 * 1024:
                self.problem(
                    item_path,
                    "attachment.too_large",
                    file_name=ref.file_name,
                    size_mb=_megabytes(ref.size),
                    max_size_mb=field.max_size_mb,
                )
            else:
                refs.append(ref)
        self.count_items(field, refs, path)
        return refs


_WORDS: Mapping[str, Text] = Texts({"no_description": N_("zonder omschrijving")})
# The budget's own amounts, as the budget editor labels them.
_BUDGET_PARTS: Mapping[str, Text] = Texts(
    {
        "requested": N_("Gevraagd bedrag"),
        "own_contribution": N_("Eigen bijdrage"),
        "other_funding": N_("Ander geld (fondsen, sponsors)"),
    }
)


def _is_range(error: Any) -> bool:
    return isinstance((error.get("ctx") or {}).get("error"), AmountOutOfRangeError)


def _budget_path(path: str, loc: tuple[Any, ...]) -> str:
    """Where in a budget an amount is: "budget.requested", "budget.lines[2]"."""
    if len(loc) >= 2 and loc[0] == "lines" and isinstance(loc[1], int):
        return f"{path}.lines[{loc[1]}]"
    return f"{path}.{loc[0]}" if loc else path


def _short_type(media_type: str) -> str:
    return {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}.get(
        media_type, media_type
    )


def _megabytes(size: int) -> Text:
    shown = f"{size / (1024 * 1024):.1f}"
    return Text(nl=shown.replace(".", ","), en=shown)


def fields_in(steps: tuple[Step, ...], tier: str | None) -> list[FieldDef]:
    """The questions of a form: for a report only those of its tier, for an application
    only those of its route (``tier`` is then the route's id)."""
    return [f for step in steps for f in step.fields if asked_in(f, tier)]


def asked_in(field: FieldDef, tier: str | None) -> bool:
    only = field.tiers if field.tiers is not None else field.routes
    return tier is None or only is None or tier in only


def parse_answers(
    regeling: Regeling,
    steps: tuple[Step, ...],
    raw: Mapping[str, Any],
    tier: str | None = None,
) -> ParsedAnswers:
    fields = fields_in(steps, tier)
    parameters = {name: p.value for name, p in regeling.parameters.items()}
    # Read every answer first, so a condition can look at any of them; then keep only
    # the questions the resident is actually asked.
    reader = _Reader(regeling, tier)
    values = {f.id: reader.read(f, raw.get(f.id), f.id) for f in fields}

    def value_of(path: str) -> Any:
        head, _, tail = path.partition(".")
        value = values.get(head)
        return getattr(value, tail, None) if tail and value is not None else value

    visible = {f.id for f in fields if f.show_if is None or f.show_if.holds(value_of, parameters)}
    return ParsedAnswers(
        values={k: v for k, v in values.items() if k in visible},
        visible=visible,
        findings=[f for f in reader.findings if field_of(f.fields[0]) in visible],
    )


def field_of(path: str) -> str:
    """The question a path belongs to: "co_signers[1].age" -> "co_signers"."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]
