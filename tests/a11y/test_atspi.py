"""The Amsterdam application as a screen reader gets it, over the real AT-SPI bus.

A resident opens the example application and walks every page with the keyboard (the access
key of Volgende), Tabbing once round each page; then signs without a name, types an
impossible date and adds a cost line. What Orca would read is read with pyatspi from the
accessibility bus, not asked from Qt."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.a11y.harness import run_script

PAGES = 9  # the Amsterdam application's full route: 7 steps, the check page, the sign page
FIELDS = {"text", "password text", "combo box", "spin button"}
CHOICES = {"check box", "radio button"}


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> list[dict[str, Any]]:
    script: list[dict[str, Any]] = [{"do": "example", "read": True, "tabs": 80}]
    script += [{"do": "next", "read": True, "tabs": 80} for _ in range(PAGES - 1)]
    script += [
        {"do": "sign", "read": True},
        {"do": "bad_date", "read": True},
        {"do": "add_line", "read": True, "tabs": 80},
    ]
    folder = tmp_path_factory.mktemp("a11y")
    seen = run_script(folder / "data", script)
    # What the bus showed, for a person looking into a failure.
    out = os.environ.get("A11Y_STEPS_OUT") or str(folder / "steps.json")
    Path(out).write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")
    return seen


def pages(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in steps if s["do"] in ("example", "next")]


def where(step: dict[str, Any]) -> str:
    return step["app"]["page"]


def visible_labels(step: dict[str, Any]) -> set[str]:
    return {o["name"] for o in step["tree"] if o["role"] == "label" and o["name"]}


def test_the_walk_reaches_every_page_by_keyboard(steps) -> None:
    assert [s["app"].get("error") for s in steps if "error" in s["app"]] == []
    seen = [where(s) for s in pages(steps)]
    assert seen == [f"Stap {n} van {PAGES}: " + p.split(": ", 1)[1] for n, p in enumerate(seen, 1)]
    assert seen[-1].endswith("Ondertekenen en opslaan")
    for step in pages(steps):
        assert step["tree"][0]["name"] == f"{where(step)} — Klein Initiatief"  # window title
        # The page's title is a heading on the bus (role heading, named by its text).
        title = where(step).split(": ", 1)[1]
        headings = [o for o in step["tree"] if o["role"] == "heading"]
        assert [o["name"] for o in headings][:1] == [title], (where(step), headings)


def test_no_focusable_object_without_a_name(steps) -> None:
    for step in pages(steps):
        unnamed = [o for o in step["tree"] if "focusable" in o["states"] and not o["name"].strip()]
        assert not unnamed, (where(step), unnamed)


def test_every_field_is_labelled_by_its_question(steps) -> None:
    """A text field or list is named (or labelled by) a question shown on the page; a choice
    sits in a group named by its question, or is the question itself (a declaration)."""
    for step in pages(steps):
        labels = visible_labels(step)
        for o in step["tree"]:
            if o["role"] in FIELDS:
                # A list is read by its value: its question is its label or in its description.
                questions = [*o["labelled_by"], o["name"], o["description"].split(". ")[0]]
                # A cost line's cell: its column header ("Kolom Soort kosten, regel 2.").
                questions.append(o["description"].split(", ")[0].removeprefix("Kolom "))
                assert any(
                    q in labels or any(q.startswith(f"{label}, ") for label in labels)
                    for q in questions
                ), (where(step), o)
            elif o["role"] in CHOICES:
                group = o["ancestors"][0] if o["ancestors"] else ""
                assert group in labels or group == o["name"], (where(step), o)


def test_focus_after_a_page_change_is_on_the_heading_or_first_question(steps) -> None:
    for step in pages(steps)[1:]:
        check_page_change(step)
        focus = step["focused"]
        assert focus is not None, where(step)
        assert focus["name"], (where(step), focus)
        content = [
            o
            for o in step["tree"]
            if ("focusable" in o["states"] and o["role"] != "push button") or o is focus
        ]
        above = [o for o in content if o["box"][1] + o["box"][3] <= focus["box"][1]]
        assert not above, (where(step), focus, above)


def before_in_reading_order(one: list[int], other: list[int]) -> bool:
    """Top to bottom; side by side (overlapping lines): left to right."""
    (x1, y1, _, h1), (x2, y2, _, h2) = one, other
    if y1 + h1 <= y2:
        return True
    if y2 + h2 <= y1:
        return False
    return x1 <= x2


def window_of(step: dict[str, Any], seen: dict[str, Any]) -> list[int]:
    """The box of the window (or dialog) that holds ``seen``."""
    for o in step["tree"]:
        if (o["name"], o["role"], o["box"]) == (seen["name"], seen["role"], seen["box"]):
            return list(step["tree"][o["window"]]["box"])
    return list(step["tree"][0]["box"])


def check_page_change(step: dict[str, Any]) -> None:
    """What a screen reader hears on a page change: the step announced, and focus moving
    straight to the page (no button on the way, no unnamed stop)."""
    assert any(a.startswith(where(step)) for a in step["announced"]), (where(step), step)
    events = step["focus_events"]
    # The wizard's own buttons on the way (Qt's hand-over when the old page hides). Known and
    # left open: after an attachments page "Bestand toevoegen…" is heard once before.
    wizard = ("Vorige", "Opslaan en sluiten", "Volgende", "Verder naar ondertekenen")
    on_the_way = [e for e in events[:-1] if e["name"] in wizard or not e["name"]]
    assert events and events[-1]["name"], (where(step), events)
    assert not on_the_way, (where(step), step["focus_events"])


def check_tab_order(step: dict[str, Any]) -> None:
    """The Tab order, read over the bus, follows the order on screen: each stop comes after
    the one before it (both boxes read after the Tab, so scrolling does not shift one), and
    every stop is named and on screen."""
    start = step["focused"]
    tabs = step["tab_order"]
    assert start is not None and all(t["bus"] is not None for t in tabs), (where(step), tabs)
    assert len(tabs) > 2, (where(step), tabs)
    window = window_of(step, start)
    for tab in tabs:
        assert tab["bus"]["name"], (where(step), "an unnamed Tab stop", tab["bus"])
        _, y, _, height = tab["bus"]["box"]  # on screen, not scrolled out of sight
        assert window[1] <= y and y + height <= window[1] + window[3], (where(step), tab["bus"])
    order = [start["name"]] + [t["bus"]["name"] for t in tabs]
    assert order[-1] == start["name"], (where(step), "Tab did not come round", order)
    # Once round the page, exactly one Tab goes back up: from the last stop to the first.
    backwards = [
        (one, tab["bus"]["name"])
        for one, tab in zip(order, tabs, strict=False)
        if not before_in_reading_order(tab["previous_box"], tab["bus"]["box"])
    ]
    assert len(backwards) == 1, (where(step), backwards, order)


def test_tab_order_is_the_visual_order(steps) -> None:
    for step in pages(steps):
        check_tab_order(step)


def test_an_impossible_date_is_in_the_fields_description(steps) -> None:
    step = next(s for s in steps if s["do"] == "bad_date")
    field, message = step["app"]["field"], step["app"]["message"]
    assert message.startswith("Fout: ")
    read = [o for o in step["tree"] if o["name"] == field and o["role"] == "text"]
    assert len(read) == 1, read
    assert message in read[0]["description"]
    assert "Schrijf de datum als dd-mm-jjjj." in read[0]["description"]


def test_signing_without_a_name_is_in_the_name_fields_description(steps) -> None:
    step = next(s for s in steps if s["do"] == "sign")
    assert step["app"]["message"].startswith("Fout: vul uw naam in")
    assert step["focused"]["name"] == "Uw naam"
    assert step["app"]["message"] in step["focused"]["description"]


def test_a_new_cost_line_is_focused_and_in_the_tab_order_where_drawn(steps) -> None:
    step = next(s for s in steps if s["do"] == "add_line")
    rows = [o for o in step["tree"] if o["role"] == "combo box" and "regel" in o["description"]]
    newest = max(rows, key=lambda o: o["box"][1])
    focus = step["focused"]
    assert (focus["role"], focus["box"]) == ("combo box", newest["box"]), (focus, newest)
    number = len(rows)
    assert f"Soort kosten, regel {number}" in focus["description"]
    check_tab_order(step)
