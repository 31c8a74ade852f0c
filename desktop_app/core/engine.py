"""The rule engine: one function that the wizard, the command line and the officials'
import all call, so a resident and an official always see the same verdicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.core.answers import ParsedAnswers, field_of, parse_answers
from desktop_app.core.checks import field_index
from desktop_app.core.documents import Application, Report
from desktop_app.core.i18n import N_, text
from desktop_app.core.messages import CATALOGUE, label_for, render
from desktop_app.core.money import MoneyError, coerce_money
from desktop_app.core.regeling import FieldDef, Regeling, Step
from desktop_app.core.rules import Finding, PayBack, Severity
from desktop_app.core.text import Text


@dataclass(frozen=True)
class Verdict:
    """One message for the resident: which rule, how bad, about which field(s), what to do."""

    code: str
    severity: Severity
    fields: tuple[str, ...]
    message: Text

    @property
    def field(self) -> str:
        """The question to jump to."""
        return field_of(self.fields[0]) if self.fields else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "fields": list(self.fields),
            "message": {"nl": self.message.nl, "en": self.message.en},
        }


@dataclass(frozen=True)
class Result:
    verdicts: tuple[Verdict, ...]
    tier: str | None = None
    route: str | None = None

    @property
    def blocking(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.severity == "blocking")

    @property
    def warnings(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.severity == "warning")

    @property
    def ok(self) -> bool:
        """Nothing blocks finishing (warnings may remain)."""
        return not self.blocking

    def for_field(self, field_id: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if field_id in {field_of(f) for f in v.fields})


class _Context:
    """What a rule may read: typed answers, parameters, today, the regeling's lists."""

    def __init__(
        self,
        regeling: Regeling,
        parsed: ParsedAnswers,
        today: dt.date,
        granted_amount: Decimal | None,
        fields: dict[str, FieldDef],
    ) -> None:
        self.regeling = regeling
        self.fields = fields
        self.values = parsed.values
        self._today = today
        self.read_today = False
        """whether a rule asked for the day (evaluate_on runs only those again)"""
        self.granted_amount = granted_amount

    @property
    def today(self) -> dt.date:
        self.read_today = True
        return self._today

    @today.setter
    def today(self, day: dt.date) -> None:
        self._today = day

    def value(self, path: str) -> Any:
        head, _, tail = path.partition(".")
        value = self.values.get(head)
        return getattr(value, tail, None) if tail and value is not None else value

    def param(self, name: str) -> Any:
        return self.regeling.parameters[name].value

    def params(self) -> dict[str, Any]:
        return {name: p.value for name, p in self.regeling.parameters.items()}

    def category_label(self, category_id: str) -> Text:
        category = self.regeling.category(category_id)
        return category.label if category else Text(nl=category_id, en=category_id)

    def category_reason(self, category_id: str) -> Text | None:
        category = self.regeling.category(category_id)
        return None if category is None or category.eligible else category.reason

    def category_cap(self, category_id: str) -> Decimal | None:
        category = self.regeling.category(category_id)
        if category is None or category.cap is None:
            return None
        return self.regeling.parameters[category.cap].value  # type: ignore[return-value]

    def kind_label(self, field_id: str, kind: str) -> Text:
        field = next(
            (
                f
                for step in self.regeling.application.steps
                for f in step.fields
                if f.id == field_id
            ),
            None,
        )
        found = next((k for k in (field.kinds or ()) if k.id == kind), None) if field else None
        return found.label if found else Text(nl=kind, en=kind)


def _verdict(finding: Finding, fields: dict[str, FieldDef]) -> Verdict:
    template = finding.message or CATALOGUE[finding.message_key]
    values = dict(finding.values)
    if finding.fields:
        label = label_for(finding.fields[0], fields)
        # A declaration's label is a sentence; inside quotes its full stop reads double.
        values.setdefault("field", Text(nl=label.nl.rstrip("."), en=label.en.rstrip(".")))
    return Verdict(finding.code, finding.severity, finding.fields, render(template, values))


def _in_force(regeling: Regeling, today: dt.date) -> list[Finding]:
    until = regeling.valid_until
    if regeling.valid_from <= today and (until is None or today <= until):
        return []
    return [
        Finding(
            "regeling.not_in_force",
            "warning",
            (),
            "regeling.not_in_force",
            {
                "regeling": regeling.name,
                "valid_from": regeling.valid_from,
                "valid_until": until or text(N_("nader te bepalen")),
            },
        )
    ]


def _evaluate(
    regeling: Regeling,
    steps: tuple[Step, ...],
    rules: tuple[Any, ...],
    answers: dict[str, Any],
    today: dt.date,
    tier: str | None,
    granted_amount: Decimal | None,
    route: str | None = None,
    parsed: ParsedAnswers | None = None,
    earlier: list[list[Finding] | None] | None = None,
) -> tuple[Result, list[list[Finding] | None]]:
    """The verdicts on ``today``, and each rule's findings where the rule did not ask for the
    day (None where it did, or did not run): given as ``earlier`` for another day, those rules
    are not run again (their findings cannot differ)."""
    if parsed is None:  # reading the answers does not depend on the day
        parsed = parse_answers(regeling, steps, answers, tier or route)
    fields = field_index(steps)
    context = _Context(regeling, parsed, today, granted_amount, fields)
    parameters = {name: p.value for name, p in regeling.parameters.items()}
    findings = list(parsed.findings) + _in_force(regeling, today)
    kept: list[list[Finding] | None] = []
    for number, rule in enumerate(rules):
        known = earlier[number] if earlier is not None else None
        if known is not None:
            findings.extend(known)
            kept.append(known)
            continue
        context.read_today = False
        if route is not None and rule.routes is not None and route not in rule.routes:
            found: list[Finding] = []
        elif rule.when is not None and not rule.when.holds(context.value, parameters):
            found = []
        else:
            found = list(rule.check(context))
        findings.extend(found)
        kept.append(None if context.read_today else found)
    verdicts = [_verdict(f, fields) for f in findings]
    # Blocking first, then in the order of the questions (stable: rules keep the
    # regeling's order), so the list reads like the form.
    order = {field_id: index for index, field_id in enumerate(fields)}
    verdicts.sort(key=lambda v: (v.severity != "blocking", order.get(v.field, len(order))))
    return Result(tuple(verdicts), tier, route), kept


def application_route(regeling: Regeling, answers: dict[str, Any]) -> str | None:
    """The route an application's answers take: only its questions are asked and checked."""
    route = regeling.route_for(answers)
    return route.id if route else None


def evaluate_application(regeling: Regeling, application: Application, today: dt.date) -> Result:
    return _evaluate(
        regeling,
        regeling.application.steps,
        regeling.application.rules,
        application.answers,
        today,
        None,
        None,
        application_route(regeling, application.answers),
    )[0]


def report_tier(regeling: Regeling, report: Report) -> str:
    """The tier decides how much a report must contain: more money, more questions. By the
    granted amount, or (tier_by: cost) by what the activity cost, as the regeling says."""
    if regeling.report.tier_by == "cost" and regeling.report.cost_field:
        try:
            cost = coerce_money(report.answers.get(regeling.report.cost_field))
        except MoneyError:
            return regeling.report.tiers[-1].id  # not told yet: the fullest tier
        return regeling.tier_for(cost).id
    amount = report.granted_amount if report.granted_amount is not None else Decimal("0.00")
    return regeling.tier_for(amount).id


def evaluate_report(regeling: Regeling, report: Report, today: dt.date) -> Result:
    tier = report_tier(regeling, report)
    return _evaluate(
        regeling,
        regeling.report.steps,
        regeling.report.rules,
        report.answers,
        today,
        tier,
        report.granted_amount,
    )[0]


def evaluate(regeling: Regeling, document: Application | Report, today: dt.date) -> Result:
    if isinstance(document, Report):
        return evaluate_report(regeling, document, today)
    return evaluate_application(regeling, document, today)


def report_pay_back(
    regeling: Regeling, report: Report, granted: Decimal, today: dt.date
) -> Decimal:
    """What the report's `pay_back` rules say is paid back of `granted` (0.00 when none
    applies): the same rule the resident saw as a warning, so the settlement agrees."""
    tier = report_tier(regeling, report.model_copy(update={"granted_amount": granted}))
    steps = regeling.report.steps
    parsed = parse_answers(regeling, steps, report.answers, tier)
    context = _Context(regeling, parsed, today, granted, field_index(steps))
    parameters = context.params()
    found = [Decimal("0.00")]
    for rule in regeling.report.rules:
        if not isinstance(rule, PayBack):
            continue
        if rule.when is not None and not rule.when.holds(context.value, parameters):
            continue
        found += [f.values["pay_back"] for f in rule.check(context)]
    return max(found)


def evaluate_on(
    regeling: Regeling, document: Application | Report, days: tuple[dt.date, ...]
) -> tuple[Result, ...]:
    """The same document checked on several days (the officials' import: on the day it was
    signed and today), as `evaluate` on each; its answers are read once, and after the first
    day only the rules that ask for the day run again (the others' findings are the same)."""
    steps: tuple[Step, ...]
    rules: tuple[Any, ...]
    if isinstance(document, Report):
        tier: str | None = report_tier(regeling, document)
        steps, rules = regeling.report.steps, regeling.report.rules
        granted, route = document.granted_amount, None
    else:
        tier, granted = None, None
        steps, rules = regeling.application.steps, regeling.application.rules
        route = application_route(regeling, document.answers)
    parsed = parse_answers(regeling, steps, document.answers, tier or route)
    results: dict[dt.date, Result] = {}
    same: list[list[Finding] | None] | None = None
    for day in days:
        if day not in results:
            results[day], same = _evaluate(
                regeling,
                steps,
                rules,
                document.answers,
                day,
                tier,
                granted,
                route,
                parsed,
                same,
            )
    return tuple(results[day] for day in days)
