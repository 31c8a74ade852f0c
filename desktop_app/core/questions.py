"""Which questions a resident must answer, per route: the burden a regeling puts on people.

Used by `klein-initiatief questions` (so a municipality can see its burden) and by
benchmarks/burden.py. Reads only the regeling; no answers needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop_app.core.answers import fields_in
from desktop_app.core.regeling import Regeling
from desktop_app.core.rules import AtLeastOne
from desktop_app.core.text import Text


@dataclass(frozen=True)
class Question:
    route: str | None
    page: int
    page_title: Text
    id: str
    label: Text
    type: str
    required: bool
    conditional: bool
    one_of: tuple[str, ...] = ()

    def as_json(self, language: str) -> dict[str, Any]:
        return {
            "route": self.route,
            "page": self.page,
            "page_title": self.page_title.get(language),
            "id": self.id,
            "label": self.label.get(language),
            "type": self.type,
            "required": self.required,
            "only_when": self.conditional,
            "one_of": list(self.one_of),
        }


def one_of_groups(regeling: Regeling, route: str | None) -> list[tuple[str, ...]]:
    """Groups of questions of which one answer is required (an `at_least_one` rule)."""
    return [
        rule.fields
        for rule in regeling.application.rules
        if isinstance(rule, AtLeastOne)
        and rule.when is None
        and (route is None or rule.routes is None or route in rule.routes)
    ]


def questions(regeling: Regeling, route: str | None) -> list[Question]:
    """The route's questions in the order of the wizard, pages numbered as it shows them."""
    groups = one_of_groups(regeling, route)
    found: list[Question] = []
    page = 0
    for step in regeling.application.steps:
        fields = fields_in((step,), route)
        if not fields:
            continue
        page += 1
        for field in fields:
            required = field.required and route not in field.optional_in
            found.append(
                Question(
                    route=route,
                    page=page,
                    page_title=step.title,
                    id=field.id,
                    label=field.label,
                    type=field.type,
                    required=required and field.show_if is None,
                    conditional=field.show_if is not None,
                    one_of=next((g for g in groups if field.id in g), ()),
                )
            )
    return found


def required_answers(regeling: Regeling, route: str | None) -> int:
    """Answers everybody must give: required questions asked always, plus one per group of
    which one answer is enough (a phone number or an e-mail)."""
    listed = questions(regeling, route)
    required = {q.id for q in listed if q.required}
    groups = [g for g in one_of_groups(regeling, route) if not required & set(g)]
    return len(required) + len(groups)


def route_for_amount(regeling: Regeling, amount: Decimal) -> str | None:
    route = regeling.route_for({}, amount=amount)
    return route.id if route else None
