"""Typed, parameterised rules. Each rule type is a model with its own check.

A rule reads typed answers through a Context and returns Findings; the engine turns
them into Verdicts with B1 messages in Dutch and English (core/messages.py). Every
number a rule uses is a named parameter of the regeling, so it carries its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from desktop_app.core.conditions import Condition
from desktop_app.core.limits import add_weeks
from desktop_app.core.text import Text
from desktop_app.core.values import Budget

Severity = Literal["blocking", "warning"]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]{1,62}$")]


@dataclass(frozen=True)
class Finding:
    """What a rule found; ``values`` fill the message's placeholders."""

    code: str
    severity: Severity
    fields: tuple[str, ...]
    message_key: str
    values: dict[str, Any] = field(default_factory=dict)
    message: Text | None = None


class ItemAnswer(BaseModel):
    """An answer inside a group item: sub-field and value."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    field: str
    equals: str | bool | int


class Context(Protocol):
    today: dt.date
    granted_amount: Decimal | None

    def value(self, path: str) -> Any: ...

    def param(self, name: str) -> Any: ...

    def params(self) -> Mapping[str, Any]: ...

    def category_label(self, category_id: str) -> Text: ...

    def category_reason(self, category_id: str) -> Text | None: ...

    def category_cap(self, category_id: str) -> Decimal | None: ...

    def kind_label(self, field_id: str, kind: str) -> Text: ...


# (path, allowed field types) and (parameter name, allowed kinds): checked at load.
FieldRef = tuple[str, tuple[str, ...]]
ParamRef = tuple[str, tuple[str, ...]]

MONEY_PATH = ("money", "budget.requested")


class _RuleBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    code: Code
    severity: Severity = "blocking"
    message: Text | None = Field(default=None, description="overrides the default message")
    when: Condition | None = Field(default=None, description="the rule applies only then")
    routes: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")], ...] | None = Field(
        default=None, description="application: the rule applies only in these routes"
    )

    def field_refs(self) -> list[FieldRef]:
        return []

    def parameter_refs(self) -> list[ParamRef]:
        return []

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        """Checks beyond field and parameter names (e.g. a sub-field of a group)."""
        return []

    def finding(self, fields: tuple[str, ...], **values: Any) -> Finding:
        return Finding(
            code=self.code,
            severity=self.severity,
            fields=fields,
            message_key=f"rule.{self.type}",  # type: ignore[attr-defined]
            values=values,
            message=self.message,
        )


class MaxAmount(_RuleBase):
    """The amount asked may not exceed a maximum."""

    type: Literal["max_amount"]
    field: str
    max: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, MONEY_PATH)]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.max, ("money",))]

    def check(self, ctx: Context) -> list[Finding]:
        amount, maximum = ctx.value(self.field), ctx.param(self.max)
        if amount is None or amount <= maximum:
            return []
        return [self.finding((self.field,), requested=amount, max=maximum)]


class LeadTime(_RuleBase):
    """Apply at least N weeks before the activity (which has not happened yet)."""

    type: Literal["lead_time"]
    field: str
    weeks: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("date",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.weeks, ("weeks",))]

    def check(self, ctx: Context) -> list[Finding]:
        date = ctx.value(self.field)
        weeks = ctx.param(self.weeks)
        earliest = add_weeks(ctx.today, weeks)
        if date is None or date >= earliest:
            return []
        return [self.finding((self.field,), date=date, weeks=weeks, earliest=earliest)]


class ReportDeadline(_RuleBase):
    """The report is due N weeks after the activity."""

    type: Literal["report_deadline"]
    field: str
    weeks: str
    severity: Severity = "warning"

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("date",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.weeks, ("weeks",))]

    def check(self, ctx: Context) -> list[Finding]:
        date = ctx.value(self.field)
        if date is None:
            return []
        weeks = ctx.param(self.weeks)
        deadline = add_weeks(date, weeks)
        if ctx.today <= deadline:
            return []
        return [self.finding((self.field,), date=date, weeks=weeks, deadline=deadline)]


class DatePassed(_RuleBase):
    """A report is about something that has happened: the date is not in the future."""

    type: Literal["date_passed"]
    field: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("date",))]

    def check(self, ctx: Context) -> list[Finding]:
        date = ctx.value(self.field)
        if date is None or date <= ctx.today:
            return []
        return [self.finding((self.field,), date=date)]


class DateWindow(_RuleBase):
    """A date must fall in a window, e.g. the period the regeling runs."""

    type: Literal["date_window"]
    field: str
    start: str
    end: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("date",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.start, ("date",)), (self.end, ("date",))]

    def check(self, ctx: Context) -> list[Finding]:
        date = ctx.value(self.field)
        start, end = ctx.param(self.start), ctx.param(self.end)
        if date is None or start <= date <= end:
            return []
        return [self.finding((self.field,), date=date, start=start, end=end)]


class MaxLeadTime(_RuleBase):
    """The activity starts at most N weeks ahead ("apply at most 6 months in advance")."""

    type: Literal["max_lead_time"]
    field: str
    weeks: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("date",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.weeks, ("weeks",))]

    def check(self, ctx: Context) -> list[Finding]:
        date, weeks = ctx.value(self.field), ctx.param(self.weeks)
        latest = add_weeks(ctx.today, weeks)
        if date is None or date <= latest:
            return []
        opens = add_weeks(date, -weeks)
        return [self.finding((self.field,), date=date, weeks=weeks, latest=latest, opens=opens)]


class Period(BaseModel):
    """From one parameter to another, both days included."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    start: str
    end: str
    ceiling: str | None = Field(
        default=None, description="rounds: money parameter, the budget ceiling of this round"
    )


def _yearly(start: str, end: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The yearly window ("MM-DD" to "MM-DD", may run over New Year) holding today, or the
    next one."""

    def on(year: int, month_day: str) -> dt.date:
        month, day = (int(p) for p in month_day.split("-"))
        while True:
            try:
                return dt.date(year, month, day)
            except ValueError:  # 29 February in a common year: the 28th
                day -= 1

    for year in (today.year - 1, today.year, today.year + 1):
        first = on(year, start)
        last = on(year + 1 if end < start else year, end)
        if today <= last:
            return first, last
    return on(today.year + 1, start), on(today.year + 1, end)  # pragma: no cover


class ApplicationWindow(_RuleBase):
    """Applying is possible only in windows: every year ("1 tot en met 30 april") and/or in
    rounds with dates. Outside them, the message says when the next one opens."""

    type: Literal["application_window"]
    fields: tuple[str, ...] = Field(default=(), description="questions to show the message at")
    yearly: tuple[Period, ...] = Field(default=(), description="day_of_year parameters")
    rounds: tuple[Period, ...] = Field(default=(), description="date parameters")

    def field_refs(self) -> list[FieldRef]:
        return [(f, ()) for f in self.fields]

    def parameter_refs(self) -> list[ParamRef]:
        yearly: tuple[str, ...] = ("day_of_year",)
        dates: tuple[str, ...] = ("date",)
        money: tuple[str, ...] = ("money",)
        refs = [(n, yearly) for p in self.yearly for n in (p.start, p.end)]
        refs += [(p.ceiling, money) for p in (*self.yearly, *self.rounds) if p.ceiling]
        return refs + [(n, dates) for p in self.rounds for n in (p.start, p.end)]

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        return [] if self.yearly or self.rounds else ["give yearly windows or rounds"]

    def check(self, ctx: Context) -> list[Finding]:
        today = ctx.today
        windows = [_yearly(ctx.param(p.start), ctx.param(p.end), today) for p in self.yearly]
        windows += [(ctx.param(p.start), ctx.param(p.end)) for p in self.rounds]
        if any(start <= today <= end for start, end in windows):
            return []
        coming = sorted(w for w in windows if w[0] > today)
        if not coming:
            return [
                Finding(
                    self.code,
                    self.severity,
                    self.fields,
                    "rule.application_window_closed",
                    {},
                    self.message,
                )
            ]
        start, end = coming[0]
        return [self.finding(self.fields, start=start, end=end)]


class AllOf(tuple[Any, ...]):
    """Values a message joins with "en" ("€ 4.000 en € 2.000"), not with "of"."""


class SumAtMost(_RuleBase):
    """Two or more answers together stay under a maximum (requested + other funding)."""

    type: Literal["sum_at_most"]
    parts: tuple[str, ...] = Field(min_length=2, description="money or integer answers")
    max: str

    def field_refs(self) -> list[FieldRef]:
        return [(p, ("money", "budget.requested", "integer")) for p in self.parts]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.max, ("money", "integer"))]

    def check(self, ctx: Context) -> list[Finding]:
        values = [ctx.value(p) for p in self.parts]
        maximum = ctx.param(self.max)
        if any(v is None for v in values) or sum(values) <= maximum:
            return []
        return [self.finding(self.parts, values=AllOf(values), total=sum(values), max=maximum)]


class IneligibleCosts(_RuleBase):
    """Budget lines in a category the municipality does not pay for."""

    type: Literal["ineligible_costs"]
    field: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("budget",))]

    def check(self, ctx: Context) -> list[Finding]:
        budget: Budget | None = ctx.value(self.field)
        findings = []
        for index, line in enumerate(budget.lines if budget else []):
            reason = ctx.category_reason(line.category)
            if reason is not None:
                findings.append(
                    self.finding(
                        (f"{self.field}.lines[{index}]",),
                        description=line.description or ctx.category_label(line.category),
                        amount=line.amount,
                        category=ctx.category_label(line.category),
                        reason=reason,
                    )
                )
        return findings


class CategoryCaps(_RuleBase):
    """A capped cost category (e.g. food and drink) may not exceed its maximum."""

    type: Literal["category_caps"]
    field: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("budget",))]

    def check(self, ctx: Context) -> list[Finding]:
        budget: Budget | None = ctx.value(self.field)
        if budget is None:
            return []
        findings = []
        for category in dict.fromkeys(line.category for line in budget.lines):
            cap = ctx.category_cap(category)
            total = budget.total_for(category)
            if cap is not None and total > cap:
                lines = tuple(
                    f"{self.field}.lines[{i}]"
                    for i, line in enumerate(budget.lines)
                    if line.category == category
                )
                findings.append(
                    self.finding(lines, category=ctx.category_label(category), total=total, cap=cap)
                )
        return findings


class BudgetBalance(_RuleBase):
    """Costs = requested + own contribution + other funding."""

    type: Literal["budget_balance"]
    field: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("budget",))]

    def check(self, ctx: Context) -> list[Finding]:
        budget: Budget | None = ctx.value(self.field)
        if budget is None or budget.requested is None or not budget.lines:
            return []
        costs = budget.total_costs
        covered = budget.requested + budget.own_contribution + budget.other_funding
        if covered == costs:
            return []
        expected = costs - budget.own_contribution - budget.other_funding
        return [
            self.finding(
                (f"{self.field}.requested",),
                costs=costs,
                requested=budget.requested,
                own=budget.own_contribution,
                other=budget.other_funding,
                covered=covered,
                expected=max(expected, Decimal("0.00")),
            )
        ]


class CapPerParticipant(_RuleBase):
    """No more than a set amount per participant."""

    type: Literal["cap_per_participant"]
    amount_field: str
    participants_field: str
    cap: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.amount_field, MONEY_PATH), (self.participants_field, ("integer",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.cap, ("money",))]

    def check(self, ctx: Context) -> list[Finding]:
        amount, participants = ctx.value(self.amount_field), ctx.value(self.participants_field)
        cap = ctx.param(self.cap)
        if amount is None or not participants or amount <= cap * participants:
            return []
        per = (amount / participants).quantize(Decimal("0.01"))
        return [
            self.finding(
                (self.amount_field, self.participants_field),
                requested=amount,
                participants=participants,
                per_participant=per,
                cap=cap,
            )
        ]


class AttachmentRequiredAbove(_RuleBase):
    """Above an amount, an attachment of a kind (e.g. a quote) is required."""

    type: Literal["attachment_required_above"]
    amount_field: str
    above: str
    attachments_field: str
    kind: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.amount_field, MONEY_PATH), (self.attachments_field, ("attachments",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.above, ("money",))]

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        attachments = fields.get(self.attachments_field)
        kinds = {k.id for k in (attachments.kinds or ())} if attachments is not None else set()
        return [] if self.kind in kinds else [f"attachments field has no kind {self.kind!r}"]

    def check(self, ctx: Context) -> list[Finding]:
        amount, above = ctx.value(self.amount_field), ctx.param(self.above)
        if amount is None or amount <= above:
            return []
        attachments = ctx.value(self.attachments_field) or []
        if any(a.kind == self.kind for a in attachments):
            return []
        return [
            self.finding(
                (self.attachments_field,),
                requested=amount,
                above=above,
                kind=ctx.kind_label(self.attachments_field, self.kind),
            )
        ]


class CoSigners(_RuleBase):
    """Supported by at least N other residents of at least a minimum age."""

    type: Literal["co_signers"]
    field: str
    age_field: str
    min_count: str
    min_age: str
    counted_if: ItemAnswer | None = Field(
        default=None, description="count only supporters with this answer (e.g. 'voor')"
    )

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("group",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.min_count, ("integer",)), (self.min_age, ("age",))]

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        group = fields.get(self.field)
        sub = {f.id: f for f in (group.fields or ())} if group is not None else {}
        if self.age_field not in sub or sub[self.age_field].type != "integer":
            return [f"group {self.field!r} has no integer field {self.age_field!r}"]
        if self.counted_if is not None and self.counted_if.field not in sub:
            return [f"group {self.field!r} has no field {self.counted_if.field!r}"]
        return []

    def check(self, ctx: Context) -> list[Finding]:
        members = ctx.value(self.field) or []
        min_count, min_age = ctx.param(self.min_count), ctx.param(self.min_age)
        count = sum(
            1
            for m in members
            if isinstance(m.get(self.age_field), int)
            and m[self.age_field] >= min_age
            and (self.counted_if is None or m.get(self.counted_if.field) == self.counted_if.equals)
        )
        if count >= min_count:
            return []
        return [
            self.finding(
                (self.field,),
                count=count,
                min_count=min_count,
                min_age=min_age,
                missing=min_count - count,
            )
        ]


class DistinctInGroup(_RuleBase):
    """No two items of a group share these answers (e.g. supporters at one address)."""

    type: Literal["distinct_in_group"]
    field: str
    keys: tuple[str, ...] = Field(min_length=1, description="sub-fields that together must differ")

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("group",))]

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        group = fields.get(self.field)
        sub = {f.id for f in (group.fields or ())} if group is not None else set()
        return [f"group {self.field!r} has no field {k!r}" for k in self.keys if k not in sub]

    def check(self, ctx: Context) -> list[Finding]:
        items = ctx.value(self.field) or []
        first: dict[tuple[str, ...], int] = {}
        findings = []
        for index, item in enumerate(items):
            parts = [item.get(k) for k in self.keys]
            if any(p in (None, "") for p in parts):
                continue
            key = tuple(" ".join(str(p).casefold().split()) for p in parts)
            if key not in first:
                first[key] = index
                continue
            findings.append(
                self.finding(
                    (self.field,),
                    first=first[key] + 1,
                    second=index + 1,
                    value=", ".join(str(p) for p in parts),
                )
            )
        return findings


class AmountInList(_RuleBase):
    """The amount is one of a few fixed amounts ("kies een van deze bedragen")."""

    type: Literal["amount_in_list"]
    field: str
    amounts: tuple[str, ...] = Field(min_length=1, description="money parameters")

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, MONEY_PATH)]

    def parameter_refs(self) -> list[ParamRef]:
        return [(a, ("money",)) for a in self.amounts]

    def check(self, ctx: Context) -> list[Finding]:
        amount = ctx.value(self.field)
        allowed = [ctx.param(a) for a in self.amounts]
        if amount is None or amount in allowed:
            return []
        return [self.finding((self.field,), requested=amount, amounts=tuple(allowed))]


class MinAge(_RuleBase):
    """The applicant is at least a minimum age."""

    type: Literal["min_age"]
    field: str
    min_age: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("integer",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.min_age, ("age",))]

    def check(self, ctx: Context) -> list[Finding]:
        age, min_age = ctx.value(self.field), ctx.param(self.min_age)
        if age is None or age >= min_age:
            return []
        return [self.finding((self.field,), age=age, min_age=min_age)]


class VolunteersOnly(_RuleBase):
    """Only volunteers: the answer to "are people paid?" must be no."""

    type: Literal["volunteers_only"]
    field: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("yes_no",))]

    def check(self, ctx: Context) -> list[Finding]:
        return [self.finding((self.field,))] if ctx.value(self.field) is True else []


class OtherRegeling(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: Text
    url: HttpUrl
    window: Text = Field(description="when to apply there, in plain words")


class UseOtherRegeling(_RuleBase):
    """Above an amount or in another situation, another regeling applies: say which."""

    type: Literal["use_other_regeling"]
    when: Condition
    fields: tuple[str, ...] = Field(min_length=1)
    other: OtherRegeling

    def field_refs(self) -> list[FieldRef]:
        return [(f, ()) for f in self.fields]

    def check(self, ctx: Context) -> list[Finding]:
        # `when` already held (the engine checks it); point the resident onward.
        return [
            self.finding(
                self.fields,
                other=self.other.name,
                window=self.other.window,
                url=str(self.other.url),
            )
        ]


class Notice(_RuleBase):
    """Advice shown when a condition holds, e.g. a simpler route for small amounts."""

    type: Literal["notice"]
    when: Condition
    fields: tuple[str, ...] = Field(min_length=1)
    severity: Severity = "warning"
    message: Text

    def field_refs(self) -> list[FieldRef]:
        return [(f, ()) for f in self.fields]

    def check(self, ctx: Context) -> list[Finding]:
        return [self.finding(self.fields)]


class AtLeastOne(_RuleBase):
    """At least one of these questions is answered (e.g. a phone number or an e-mail)."""

    type: Literal["at_least_one"]
    fields: tuple[str, ...] = Field(min_length=2)

    def field_refs(self) -> list[FieldRef]:
        return [(f, ()) for f in self.fields]

    def check(self, ctx: Context) -> list[Finding]:
        if any(ctx.value(f) not in (None, "", [], ()) for f in self.fields):
            return []
        return [self.finding(self.fields, count=len(self.fields))]


class MaxBudgetLines(_RuleBase):
    """A budget of at most N lines (a light route: the amount and what it is for)."""

    type: Literal["max_budget_lines"]
    field: str
    max: str

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("budget",))]

    def parameter_refs(self) -> list[ParamRef]:
        return [(self.max, ("integer",))]

    def check(self, ctx: Context) -> list[Finding]:
        budget: Budget | None = ctx.value(self.field)
        maximum = ctx.param(self.max)
        if budget is None or len(budget.lines) <= maximum:
            return []
        return [self.finding((self.field,), count=len(budget.lines), max=maximum)]


class PayBack(_RuleBase):
    """Report: money not spent on the activity's costs is paid back."""

    type: Literal["pay_back"]
    field: str
    severity: Severity = "warning"
    nothing_spent: Condition | None = Field(
        default=None,
        description="when this holds (e.g. it did not take place and nothing was spent), "
        "the whole grant is paid back",
    )

    def field_refs(self) -> list[FieldRef]:
        return [(self.field, ("budget",))]

    def shape_problems(self, fields: Mapping[str, Any]) -> list[str]:
        names = self.nothing_spent.fields() if self.nothing_spent is not None else set()
        return [f"nothing_spent names unknown field {f!r}" for f in sorted(names - set(fields))]

    def check(self, ctx: Context) -> list[Finding]:
        budget: Budget | None = ctx.value(self.field)
        granted = ctx.granted_amount
        if granted is None:
            return []
        zero = Decimal("0.00")
        if self.nothing_spent is not None and self.nothing_spent.holds(ctx.value, ctx.params()):
            spent, ineligible = zero, zero
        elif budget is None or not budget.lines:
            return []
        else:
            # Costs the grant does not pay for are no spending of the grant: they are paid
            # back too (the rule ineligible_costs says which lines, as a warning).
            ineligible = sum(
                (line.amount for line in budget.lines if ctx.category_reason(line.category)),
                zero,
            )
            spent = budget.total_costs - ineligible - budget.own_contribution
            spent = max(spent - budget.other_funding, zero)
        pay_back = granted - min(spent, granted)
        if pay_back <= 0:
            return []
        return [
            self.finding(
                (self.field,),
                spent=spent,
                granted=granted,
                pay_back=pay_back,
                ineligible=ineligible,
            )
        ]


Rule = Annotated[
    MaxAmount
    | LeadTime
    | ReportDeadline
    | DatePassed
    | DateWindow
    | MaxLeadTime
    | ApplicationWindow
    | SumAtMost
    | IneligibleCosts
    | CategoryCaps
    | BudgetBalance
    | CapPerParticipant
    | AttachmentRequiredAbove
    | CoSigners
    | DistinctInGroup
    | AmountInList
    | MinAge
    | VolunteersOnly
    | UseOtherRegeling
    | Notice
    | AtLeastOne
    | MaxBudgetLines
    | PayBack,
    Field(discriminator="type"),
]

RULE_TYPES: tuple[type[_RuleBase], ...] = (
    MaxAmount,
    LeadTime,
    ReportDeadline,
    DatePassed,
    DateWindow,
    MaxLeadTime,
    ApplicationWindow,
    SumAtMost,
    IneligibleCosts,
    CategoryCaps,
    BudgetBalance,
    CapPerParticipant,
    AttachmentRequiredAbove,
    CoSigners,
    DistinctInGroup,
    AmountInList,
    MinAge,
    VolunteersOnly,
    UseOtherRegeling,
    Notice,
    AtLeastOne,
    MaxBudgetLines,
    PayBack,
)
