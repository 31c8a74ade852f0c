"""Cross-reference checks of a regeling: every name it uses must exist and fit.

Kept apart from the models so each message can say exactly which name is wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.conditions import Condition
    from desktop_app.core.regeling import FieldDef, Regeling, Step
    from desktop_app.core.rules import _RuleBase


def field_index(steps: Iterable[Step]) -> dict[str, FieldDef]:
    return {field.id: field for step in steps for field in step.fields}


def path_type(fields: dict[str, FieldDef], path: str) -> str | None:
    """The type a path stands for: a field's type, or "budget.requested"."""
    head, _, tail = path.partition(".")
    field = fields.get(head)
    if field is None:
        return None
    if not tail:
        return field.type
    if field.type == "budget" and tail in ("requested", "own_contribution", "other_funding"):
        return "budget.requested" if tail == "requested" else "money"
    return None


def _duplicates(names: Iterable[str]) -> list[str]:
    return [name for name, count in Counter(names).items() if count > 1]


def check_references(regeling: Regeling) -> list[str]:
    problems: list[str] = []
    params = regeling.parameters
    source_ids = {s.id for s in regeling.sources}

    def need_param(name: str, kinds: tuple[str, ...], where: str) -> None:
        parameter = params.get(name)
        if parameter is None:
            problems.append(f"{where}: unknown parameter {name!r}")
        elif parameter.kind not in kinds:
            problems.append(f"{where}: parameter {name!r} is {parameter.kind}, needs {kinds}")

    sourced = [(f"parameter {name!r}", p.source) for name, p in params.items()]
    sourced += [(f"list {name!r}", s.source) for name, s in regeling.lists.items()]
    sourced += [
        (f"cost category {c.id!r}", c.ineligible.source)
        for c in regeling.cost_categories
        if c.ineligible is not None
    ]
    problems += [
        f"{where}: unknown source {source!r}"
        for where, source in sourced
        if source is not None and source not in source_ids
    ]
    for needed in ("areas", "goals", "cost_categories"):
        if needed not in regeling.lists:
            problems.append(f"lists: say where {needed!r} come from (a source or illustrative)")
    for kind, ids in (
        ("source", [s.id for s in regeling.sources]),
        ("area", [a.id for a in regeling.areas]),
        ("goal", [g.id for g in regeling.goals]),
        ("target group", [t.id for t in regeling.target_groups]),
        ("cost category", [c.id for c in regeling.cost_categories]),
        ("report tier", [t.id for t in regeling.report.tiers]),
    ):
        problems += [f"duplicate {kind} id {d!r}" for d in _duplicates(ids)]
    problems += _role_problems(regeling)
    for area in regeling.areas:
        if area.budget_ceiling:
            need_param(area.budget_ceiling, ("money",), f"area {area.id!r}")
    if regeling.budget_ceiling:
        need_param(regeling.budget_ceiling, ("money",), "budget_ceiling")
    for category in regeling.cost_categories:
        if category.cap:
            need_param(category.cap, ("money",), f"cost category {category.id!r}")
    for tier in regeling.report.tiers:
        if tier.up_to:
            need_param(tier.up_to, ("money",), f"report tier {tier.id!r}")
    need_param(regeling.report.deadline_weeks, ("weeks",), "report deadline_weeks")
    report_fields = field_index(regeling.report.steps)
    cost_field = regeling.report.cost_field
    if regeling.report.tier_by == "cost" and cost_field is None:
        problems.append("report.tier_by cost needs report.cost_field")
    if cost_field is not None:
        found = report_fields.get(cost_field)
        if found is None or found.type != "money":
            problems.append(f"report.cost_field: {cost_field!r} is not a money field")
        elif found.tiers is not None or found.show_if is not None:
            problems.append(f"report.cost_field: {cost_field!r} must be asked in every tier")

    tier_ids = {t.id for t in regeling.report.tiers}
    route_ids = {r.id for r in regeling.application.routes}
    problems += _route_problems(regeling, need_param)
    for form_name, form in (("application", regeling.application), ("report", regeling.report)):
        steps = form.steps
        all_fields = [f for step in steps for f in step.fields]
        problems += [
            f"{form_name}: duplicate step id {d!r}" for d in _duplicates(s.id for s in steps)
        ]
        problems += [
            f"{form_name}: duplicate field id {d!r}" for d in _duplicates(f.id for f in all_fields)
        ]
        fields = field_index(steps)
        for field in all_fields:
            where = f"{form_name} field {field.id!r}"
            if field.show_if is not None:
                problems += condition_problems(field.show_if, fields, regeling, where)
                for ref in field.show_if.fields():
                    if path_type(fields, ref) is None:
                        problems.append(f"{where}: show_if names unknown field {ref!r}")
                for p in field.show_if.parameters():
                    need_param(p, ("money", "integer", "weeks", "age"), where)
            if field.tiers is not None:
                if form_name != "report":
                    problems.append(f"{where}: only report fields have tiers")
                problems += [
                    f"{where}: unknown tier {t!r}" for t in field.tiers if t not in tier_ids
                ]
            for name, routes in (("routes", field.routes), ("optional_in", field.optional_in)):
                if routes and form_name != "application":
                    problems.append(f"{where}: only application fields have {name}")
                elif routes:
                    problems += [
                        f"{where}: {name} names unknown route {r!r}"
                        for r in routes
                        if r not in route_ids
                    ]
            if field.type == "attachments" and field.kinds:
                problems += [
                    f"{where}: duplicate kind {d!r}" for d in _duplicates(k.id for k in field.kinds)
                ]
        problems += [
            f"{form_name}: duplicate rule code {d!r}"
            for d in _duplicates(r.code for r in form.rules)
        ]
        for rule in form.rules:
            problems += _rule_problems(rule, fields, form_name, need_param)
            if rule.when is not None:
                where = f"{form_name} rule {rule.code!r}"
                problems += condition_problems(rule.when, fields, regeling, where)
            if rule.routes is not None:
                if form_name != "application":
                    problems.append(
                        f"{form_name} rule {rule.code!r}: only application rules have routes"
                    )
                problems += [
                    f"{form_name} rule {rule.code!r}: routes names unknown route {r!r}"
                    for r in rule.routes
                    if form_name == "application" and r not in route_ids
                ]

    application_fields = field_index(regeling.application.steps)
    examples = [("example", regeling.example)] + [
        (f"route {r.id!r} example", r.example) for r in regeling.application.routes if r.example
    ]
    for where, example in examples:
        for key in example.answers:
            if key not in application_fields:
                problems.append(f"{where}: unknown field {key!r}")
        for key in example.days_ahead:
            if path_type(application_fields, key) != "date":
                problems.append(f"{where} days_ahead: {key!r} is not a date field")
    return problems


def _route_problems(
    regeling: Regeling, need_param: Callable[[str, tuple[str, ...], str], None]
) -> list[str]:
    """Routes: known thresholds and fields; the amount that chooses is asked in every route."""
    form = regeling.application
    fields = field_index(form.steps)
    problems = [f"duplicate route id {d!r}" for d in _duplicates(r.id for r in form.routes)]
    if form.routes and not form.route_by:
        problems.append("application.routes need route_by: the amount that chooses the route")
    if form.route_by and not form.routes:
        problems.append("application.route_by needs routes")
    for path in form.route_by:
        found = path_type(fields, path)
        field = fields.get(path.partition(".")[0])
        if found not in ("money", "budget.requested"):
            problems.append(f"application.route_by: {path!r} is not an amount of money")
        elif field is not None and (field.routes is not None or field.show_if is not None):
            problems.append(f"application.route_by: {path!r} must be asked in every route, always")
    for route in form.routes:
        where = f"application route {route.id!r}"
        if route.up_to:
            need_param(route.up_to, ("money",), where)
        if route.when is not None:
            problems += condition_problems(route.when, fields, regeling, where)
            for ref in route.when.fields():
                if path_type(fields, ref) is None:
                    problems.append(f"{where}: condition names unknown field {ref!r}")
            for name in route.when.parameters():
                need_param(name, ("money", "integer", "weeks", "age"), where)
    if form.routes and (form.routes[-1].up_to is not None or form.routes[-1].when is not None):
        problems.append(
            "application.routes: the last route is the fallback: give it no up_to and no when"
        )
    return problems


def _rule_problems(
    rule: _RuleBase,
    fields: dict[str, FieldDef],
    form_name: str,
    need_param: Callable[[str, tuple[str, ...], str], None],
) -> list[str]:
    problems: list[str] = []
    where = f"{form_name} rule {rule.code!r}"
    for path, allowed in rule.field_refs():
        found = path_type(fields, path)
        if found is None:
            problems.append(f"{where}: unknown field {path!r}")
        elif allowed and found not in allowed:
            problems.append(f"{where}: field {path!r} is {found}, needs one of {allowed}")
    for name, kinds in rule.parameter_refs():
        need_param(name, kinds, where)
    if rule.when is not None:
        for ref in rule.when.fields():
            if path_type(fields, ref) is None:
                problems.append(f"{where}: condition names unknown field {ref!r}")
        for name in rule.when.parameters():
            need_param(name, ("money", "integer", "weeks", "age"), where)
    problems += [f"{where}: {problem}" for problem in rule.shape_problems(fields)]
    if rule.message is not None:
        fills_in = allowed_placeholders(rule.type)  # type: ignore[attr-defined]
        for language in ("nl", "en"):
            for name in _BRACES.findall(getattr(rule.message, language)):
                if name not in fills_in:
                    listed = ", ".join("{" + a + "}" for a in sorted(fills_in))
                    problems.append(
                        f"{where}: message ({language}) uses unknown placeholder {{{name}}}; "
                        f"this rule fills in: {listed}"
                    )
    return problems


# Anything in braces is meant as a placeholder, also what `fill` would leave alone ({x.y}).
_BRACES = re.compile(r"\{([^{}]*)\}")


def allowed_placeholders(rule_type: str) -> set[str]:
    """The placeholders a rule type fills in: those of its default message, and {field}
    (the question's label). docs/regeling-format.md lists them per rule type."""
    from desktop_app.core.messages import CATALOGUE
    from desktop_app.core.text import placeholders

    default = CATALOGUE.get(f"rule.{rule_type}")
    found = placeholders(default.nl) | placeholders(default.en) if default else set()
    return found | {"field"}


def condition_problems(
    condition: Condition, fields: dict[str, FieldDef], regeling: Regeling, where: str
) -> list[str]:
    """A condition's values must be possible answers: an option id of a choice, true/false
    of a yes/no question (a typo would make the condition silently never hold)."""
    problems: list[str] = []
    for child in condition.all or condition.any or ():
        problems += condition_problems(child, fields, regeling, where)
    if condition.field is None:
        return problems
    field = fields.get(condition.field.partition(".")[0])
    if field is None or "." in condition.field:
        return problems
    values = [v for v in (condition.equals, condition.not_equals) if v is not None]
    values += list(condition.in_ or ())
    if field.type in ("choice", "multi_choice"):
        options = {o.id for o in regeling.options_for(field)}
        problems += [
            f"{where}: condition on {field.id!r}: {value!r} is not one of its options "
            f"({', '.join(sorted(options))})"
            for value in values
            if value not in options
        ]
    elif field.type in ("yes_no", "declaration"):
        problems += [
            f"{where}: condition on {field.id!r}: a yes/no answer is true or false, not {v!r}"
            for v in values
            if not isinstance(v, bool)
        ]
    return problems


def _role_problems(regeling: Regeling) -> list[str]:
    """Each role names an application field of the right type (see Roles)."""
    from desktop_app.core.regeling import REPORT_ROLE_TYPES, ROLE_TYPES

    roles = regeling.roles
    fields = field_index(regeling.application.steps)
    problems = [
        f"reuse_answers: the application has no field {field_id!r}"
        for field_id in regeling.reuse_answers
        if field_id not in fields
    ]
    for role, types in ROLE_TYPES.items():
        field_id = getattr(roles, role)
        if field_id is None:
            continue
        field = fields.get(field_id)
        if field is None:
            problems.append(f"roles.{role}: the application has no field {field_id!r}")
        elif field.type not in types:
            problems.append(
                f"roles.{role}: field {field_id!r} is {field.type}, needs {' or '.join(types)}"
            )
    report_fields = field_index(regeling.report.steps)
    for role, types in REPORT_ROLE_TYPES.items():
        field_id = getattr(regeling.report_roles, role)
        found = report_fields.get(field_id or "")
        if field_id is not None and found is None:
            problems.append(f"report_roles.{role}: the report has no field {field_id!r}")
        elif found is not None and found.type not in types:
            problems.append(
                f"report_roles.{role}: field {field_id!r} is {found.type}, "
                f"needs {' or '.join(types)}"
            )
    for role, options_from in (
        ("area", "areas"),
        ("goal", "goals"),
        ("target_groups", "target_groups"),
    ):
        field = fields.get(getattr(roles, role) or "")
        if (
            field is not None
            and field.type in ("choice", "multi_choice")
            and field.options_from != options_from
        ):
            problems.append(
                f"roles.{role}: field {field.id!r} must take its options from {options_from}"
            )
    kind = fields.get(roles.applicant_kind or "")
    if roles.applicant_kind and (roles.organisation is None or not roles.organisation_kinds):
        problems.append(
            "roles.applicant_kind needs roles.organisation and roles.organisation_kinds"
        )
    if kind is not None and kind.type == "choice":
        option_ids = {o.id for o in regeling.options_for(kind)}
        problems += [
            f"roles.organisation_kinds: {kind.id!r} has no option {option!r}"
            for option in roles.organisation_kinds
            if option not in option_ids
        ]
    elif roles.organisation_kinds and roles.applicant_kind is None:
        problems.append("roles.organisation_kinds needs roles.applicant_kind")
    return problems
