"""The rest of the app as a screen reader gets it, over the real AT-SPI bus, by keyboard only:
the light route of the Amsterdam application (€ 450), the short report (small tier) after a
grant, the dossier pages with the new-passphrase dialog, and the officials' window (inbox
table, case view, decide dialog). Each part is one run of the app under Xvfb (a few seconds
to start); what the bus showed is written beside the test for a person looking into a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.a11y import test_atspi as full
from tests.a11y.harness import run_script

LIGHT_PAGES = 7  # 5 steps, the check page, the sign page
REPORT_PAGES = 5  # the short report's 4 steps and the check page (signing needs answers)


def run(tmp_path_factory, name: str, script: list[dict[str, Any]], app: str = "") -> list[dict]:
    folder = tmp_path_factory.mktemp(f"a11y-{name}")
    seen = run_script(folder / "data", script, app=app or "tests.a11y.a11y_app")
    out = os.environ.get("A11Y_STEPS_OUT")
    target = Path(f"{out}.{name}.json") if out else folder / "steps.json"
    target.write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")
    assert [s["app"]["error"] for s in seen if "error" in s["app"]] == []
    return seen


def walk(first: str, pages: int) -> list[dict[str, Any]]:
    return [{"do": first, "read": True, "tabs": 80}] + [
        {"do": "next", "read": True, "tabs": 80} for _ in range(pages - 1)
    ]


def check_page(step: dict[str, Any], changed: bool = True) -> None:
    """One wizard page: every focusable object named, every field labelled by its question,
    focus on the page (nothing focusable above it), Tab order = visual order."""
    unnamed = [o for o in step["tree"] if "focusable" in o["states"] and not o["name"].strip()]
    assert not unnamed, (full.where(step), unnamed)
    labels = full.visible_labels(step)
    for o in step["tree"]:
        if o["role"] in full.FIELDS:
            questions = [*o["labelled_by"], o["name"], o["description"].split(". ")[0]]
            column = o["description"].split(", ")[0].removeprefix("Kolom ")  # a cost line
            assert any(
                q in labels or any(q.startswith(f"{label}, ") for label in labels)
                for q in [*questions, column]
            ), (full.where(step), o)
        elif o["role"] in full.CHOICES:
            group = o["ancestors"][0] if o["ancestors"] else ""
            alone = o["role"] == "check box"  # a check box's own text is its question
            assert alone or group in labels or group == o["name"], (full.where(step), o)
    focus = step["focused"]
    assert focus is not None and focus["name"], (full.where(step), focus)
    if changed:
        full.check_page_change(step)
        above = [
            o
            for o in step["tree"]
            if "focusable" in o["states"]
            and o["role"] not in ("push button", "page tab")
            and o["box"][1] + o["box"][3] <= focus["box"][1]
        ]
        assert not above, (full.where(step), focus, above)
    full.check_tab_order(step)


# --- the light route -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def light(tmp_path_factory) -> list[dict[str, Any]]:
    return run(tmp_path_factory, "light", [*walk("light", LIGHT_PAGES), {"do": "amount"}])


def test_the_light_route_reads_page_by_page_by_keyboard(light) -> None:
    pages = [s for s in light if s["do"] in ("light", "next")]
    assert [full.where(s) for s in pages][-1] == "Stap 7 van 7: Ondertekenen en opslaan"
    for number, step in enumerate(pages, 1):
        assert full.where(step).startswith(f"Stap {number} van {LIGHT_PAGES}: ")
        assert step["tree"][0]["name"] == f"{full.where(step)} — Klein Initiatief"
        check_page(step, changed=number > 1)


def test_the_budget_reads_as_a_table(light) -> None:
    """Each cost-line cell is described by its column header and its line; the headers say
    they are column headers."""
    budget = next(s for s in light if full.where(s).endswith("Kosten en geld"))
    headers = {o["name"] for o in budget["tree"] if o["description"] == "kolomkop"}
    assert headers == {"Soort kosten", "Omschrijving", "Bedrag"}
    cells = [o for o in budget["tree"] if o["description"].startswith("Kolom ")]
    said = sorted(o["description"] for o in cells)
    assert said == sorted(
        f"Kolom {column}, regel {line}."
        for column in ("Soort kosten", "Omschrijving", "Bedrag")
        for line in (1, 2)
    ), said


def test_the_totals_and_saving_are_announced_while_focus_stays(light) -> None:
    step = light[-1]
    assert step["focused"]["name"] == "Bedrag, regel 1"
    assert "Totale kosten: € 475" in step["announced"], step["announced"]
    assert step["focus_events"][-1]["name"] == "Bedrag, regel 1"  # nothing took focus after


def test_required_is_a_sentence_of_its_own(light) -> None:
    described = [o["description"] for s in light if "tree" in s for o in s["tree"]]
    assert any(d.endswith("Verplicht.") for d in described)
    assert not any("verplicht." in d for d in described)


# --- the short report (small tier) ---------------------------------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> list[dict[str, Any]]:
    steps = walk("report", REPORT_PAGES)
    steps.insert(1, {"do": "space"})  # "Ja", it took place: the questions that follow show
    return run(tmp_path_factory, "report", steps)


def test_the_short_report_reads_page_by_page_by_keyboard(report) -> None:
    assert report[0]["app"]["tier"] == "small"
    assert "toegekend: € 450" in report[0]["app"]["said"][0]
    assert report[1]["focused"]["name"] == "Ja" and "checked" in report[1]["focused"]["states"]
    pages = [s for s in report if s["do"] != "space"]
    for number, step in enumerate(pages, 1):
        assert full.where(step).startswith(f"Stap {number} van {REPORT_PAGES + 1}: ")
        check_page(step, changed=number > 1)


# --- the dossier pages and the passphrase dialog -------------------------------------------


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> list[dict[str, Any]]:
    script = [
        {"do": "dossiers", "read": True, "tabs": 40},
        {"do": "new_dossier", "read": True, "tabs": 40},
        {"do": "passphrase", "read": True, "tabs": 40},
    ]
    return run(tmp_path_factory, "dossiers", script)


def test_the_dossier_pages_and_the_passphrase_dialog_by_keyboard(dossiers) -> None:
    screens = [s["app"]["screen"] for s in dossiers]
    assert screens == ["DossierPage", "NewDossierPage", "PassphraseDialog"]
    for step in dossiers:
        step["app"]["page"] = step["app"]["screen"]  # where(): the screen, not a wizard step
        check_page(step, changed=False)


# --- the officials' window -----------------------------------------------------------------


@pytest.fixture(scope="module")
def officials(tmp_path_factory) -> list[dict[str, Any]]:
    script = [
        {"do": "inbox", "read": True, "tabs": 40},
        {"do": "case", "read": True},
        {"do": "decide", "read": True, "tabs": 40},
        {"do": "cancel", "read": True},
    ]
    return run(tmp_path_factory, "officials", script, app="tests.a11y.officials_app")


def named_stops(step: dict[str, Any]) -> list[str]:
    tabs = step["tab_order"]
    assert all(t["bus"] is not None and t["bus"]["name"] for t in tabs), tabs
    return [t["bus"]["name"] for t in tabs]


def test_the_inbox_table_is_one_tab_stop_and_tab_reaches_every_control(officials) -> None:
    inbox = officials[0]
    assert inbox["focused"]["role"] == "table cell"  # on the chosen case, read by its cell
    stops = named_stops(inbox)
    assert stops.count("Aanvragen") <= 2, stops  # into the table once (and the tab itself)
    for control in ("Details", "Besluiten", "Zoeken", "Alleen ondertekend"):
        assert control in stops, stops
    assert len(stops) < 20, stops  # not cell by cell


def test_the_case_view_follows_the_table_and_is_read(officials) -> None:
    case = officials[1]
    assert case["focused"]["name"] == "Details", case["focused"]
    assert "Moestuin Zuid" in case["app"]["detail"] or "Buurtmaaltijd" in case["app"]["detail"]


def test_the_decide_dialog_has_no_trap_and_escape_gives_focus_back(officials) -> None:
    decide, cancel = officials[2], officials[3]
    assert decide["app"]["dialog"] == "Besluiten"
    assert decide["focused"]["name"] == "Toekennen"
    stops = named_stops(decide)
    assert stops[-1] == "Toekennen", stops  # round the dialog and back: Tab leaves the text
    for control in ("Bedrag", "Toelichting voor de aanvrager", "Besluit opslaan", "Annuleren"):
        assert stops.count(control) == 1, stops
    dialog = next(i for i, o in enumerate(decide["tree"]) if o["role"] == "dialog")
    inside = [o for o in decide["tree"] if o["window"] == dialog]
    unnamed = [o for o in inside if "focusable" in o["states"] and not o["name"]]
    assert not unnamed, unnamed
    assert cancel["app"]["dialog"] == "" and cancel["focused"]["name"] == "Besluiten"
