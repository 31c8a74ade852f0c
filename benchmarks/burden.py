"""The burden each shipped regeling puts on a resident, per route: required answers, pages,
words to read and keystrokes to type its example. Figures, not a test; next to the anchors.

Words to read: page titles and intros, each asked question's label and help, the options of
a choice, the route's description. Keystrokes: what a person types for the example's
answers, with one Tab per answer (a choice or a tick counts 2, a date 10 + Tab; attaching
files is not counted).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_app.core.answers import fields_in, parse_answers
from desktop_app.core.clock import SystemClock, today
from desktop_app.core.engine import application_route
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.money import format_money
from desktop_app.core.questions import questions, required_answers
from desktop_app.core.regeling import FieldDef, Regeling

ANCHORS = (
    "Anchors: before this route, Amsterdam at € 450 took 11 screens, 28 required answers, "
    "~700 keystrokes, ~600 words (issue 15).\n"
    "UK National Lottery Awards for All asks about three key questions; Fonds 1818 caps the "
    "plan at 250 words."
)


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


def words_to_read(regeling: Regeling, route: str | None, visible: set[str] | None) -> int:
    total = 0
    chosen = regeling.route(route)
    if chosen is not None:
        total += words(chosen.label.nl) + words(chosen.description.nl)
    for step in regeling.application.steps:
        asked = [f for f in fields_in((step,), route) if visible is None or f.id in visible]
        if not asked:
            continue
        total += words(step.title.nl) + words(step.intro.nl if step.intro else None)
        for field in asked:
            total += words(field.label.nl) + words(field.help.nl)
            total += sum(words(o.label.nl) for o in regeling.options_for(field))
            for sub in field.fields or ():
                total += words(sub.label.nl) + words(sub.help.nl)
    return total


def typed(value: Any) -> int:
    """Keys for a typed answer, plus the Tab to leave it."""
    if isinstance(value, Decimal):
        return len(format_money(value, "nl").replace("€", "").strip()) + 1
    return len(str(value)) + 1


def keystrokes(field: FieldDef, value: Any) -> int:
    if value in (None, "", [], ()):
        return 0
    if field.type in ("choice", "yes_no", "declaration"):
        return 2
    if field.type == "multi_choice":
        return 2 * len(value)
    if field.type == "date":
        return 11
    if field.type == "attachments":
        return 0
    if field.type == "group":
        subs = {s.id: s for s in field.fields or ()}
        return sum(
            2 + sum(keystrokes(subs[k], v) for k, v in item.items() if k in subs) for item in value
        )
    if field.type == "budget":
        keys = sum(2 + 2 + typed(line.description) + typed(line.amount) for line in value.lines)
        for part in (value.requested, value.own_contribution, value.other_funding):
            if part:
                keys += typed(part)
        return keys
    return typed(value)


def main() -> None:
    clock = SystemClock()
    day = today(clock)
    catalog = Catalog.default()
    print(f"{'regeling':32} {'route':7} {'required':>8} {'pages':>5} {'words':>6} {'keys':>6}")
    for regeling_id in catalog.ids():
        regeling = catalog.current(regeling_id, day)
        routes = [r.id for r in regeling.application.routes] or [None]
        for route in routes:
            listed = questions(regeling, route)
            pages = max((q.page for q in listed), default=0)
            example = example_application(regeling, clock, route=route)
            taken = application_route(regeling, example.answers)
            keys = "-"
            visible = None
            if taken == route:
                steps = regeling.application.steps
                parsed = parse_answers(regeling, steps, example.answers, route)
                visible = parsed.visible
                asked = {f.id: f for f in fields_in(steps, route)}
                keys = str(
                    sum(
                        keystrokes(asked[fid], parsed.values.get(fid))
                        for fid in visible
                        if fid in asked
                    )
                )
            print(
                f"{regeling_id:32} {route or '-':7} {required_answers(regeling, route):>8} "
                f"{pages:>5} {words_to_read(regeling, route, visible):>6} {keys:>6}"
            )
    print()
    print(ANCHORS)


if __name__ == "__main__":
    main()
