"""Dates real schemes use: a window that comes back every year (1 to 30 April), application
rounds with dates, "start at most N weeks ahead", and two answers that together have a
maximum. Each message names the dates or amounts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import example_application, load_regeling_file
from desktop_app.core.regeling import Regeling
from tests.conftest import TEST_FORMS

FUND = yaml.safe_load((TEST_FORMS / "fonds-buurtkracht/2026.1.yaml").read_text())


def with_rules(tmp_path: Path, parameters: dict, rules: list[dict]) -> Regeling:
    data = yaml.safe_load(yaml.safe_dump(FUND))
    data["parameters"] |= parameters
    data["application"]["rules"] += rules
    data["application"]["steps"][0]["fields"].append(
        {
            "id": "activity_date",
            "type": "date",
            "label": {"nl": "Datum", "en": "Date"},
            "help": {"nl": "Wanneer?", "en": "When?"},
        }
    )
    data["example"]["days_ahead"] = {"activity_date": 30}
    path = tmp_path / "2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load_regeling_file(path, check_examples=False)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def messages(regeling: Regeling, on: str) -> dict[str, str]:
    application = example_application(regeling, fixed_on(day(on)))
    return {v.code: v.message.nl for v in evaluate(regeling, application, day(on)).blocking}


def label(text: str) -> dict:
    return {"nl": text, "en": text}


def test_a_yearly_window_opens_every_april(tmp_path: Path) -> None:
    regeling = with_rules(
        tmp_path,
        {
            "april_1": {
                "kind": "day_of_year",
                "value": "04-01",
                "label": label("Van"),
                "illustrative": True,
            },
            "april_30": {
                "kind": "day_of_year",
                "value": "04-30",
                "label": label("Tot"),
                "illustrative": True,
            },
        },
        [
            {
                "code": "fbk.april",
                "type": "application_window",
                "yearly": [{"start": "april_1", "end": "april_30"}],
            }
        ],
    )
    assert "fbk.april" not in messages(regeling, "2027-04-15")
    message = messages(regeling, "2027-05-02")["fbk.april"]
    assert "van 1 april 2028 tot en met 30 april 2028" in message


def test_rounds_name_the_next_round_and_say_when_the_last_has_passed(tmp_path: Path) -> None:
    regeling = with_rules(
        tmp_path,
        {
            name: {"kind": "date", "value": value, "label": label(name), "illustrative": True}
            for name, value in (
                ("r1_start", "2026-02-01"),
                ("r1_end", "2026-02-28"),
                ("r2_start", "2026-09-01"),
                ("r2_end", "2026-09-30"),
            )
        },
        [
            {
                "code": "fbk.rounds",
                "type": "application_window",
                "rounds": [
                    {"start": "r1_start", "end": "r1_end"},
                    {"start": "r2_start", "end": "r2_end"},
                ],
            }
        ],
    )
    assert "fbk.rounds" not in messages(regeling, "2026-09-10")
    assert (
        "van 1 september 2026 tot en met 30 september 2026"
        in messages(regeling, "2026-04-01")["fbk.rounds"]
    )
    assert "de laatste ronde is voorbij" in messages(regeling, "2026-10-01")["fbk.rounds"]


def test_at_most_26_weeks_ahead(tmp_path: Path) -> None:
    regeling = with_rules(
        tmp_path,
        {"ahead": {"kind": "weeks", "value": 2, "label": label("Weken"), "illustrative": True}},
        [
            {
                "code": "fbk.ahead",
                "type": "max_lead_time",
                "field": "activity_date",
                "weeks": "ahead",
            }
        ],
    )
    message = messages(regeling, "2026-03-02")["fbk.ahead"]  # the example is 30 days ahead
    assert "hoogstens 2 weken van tevoren" in message
    assert "vanaf 18 maart 2026" in message and "tot en met 16 maart 2026" in message


def test_two_answers_together_have_a_maximum(tmp_path: Path) -> None:
    regeling = with_rules(
        tmp_path,
        {
            "together": {
                "kind": "money",
                "value": "1200.00",
                "label": label("Samen"),
                "illustrative": True,
            }
        },
        [
            {
                "code": "fbk.together",
                "type": "sum_at_most",
                "parts": ["budget.requested", "budget.other_funding"],
                "max": "together",
            }
        ],
    )
    application = example_application(regeling, fixed_on(day("2026-03-02")))
    application.answers["budget"]["other_funding"] = "500.00"
    application.answers["budget"]["lines"][0]["amount"] = "1500.00"
    found = {
        v.code: v.message.nl for v in evaluate(regeling, application, day("2026-03-02")).blocking
    }
    assert found["fbk.together"].startswith("€ 1.000 en € 500 is samen € 1.500.")
    assert "hoogstens € 1.200" in found["fbk.together"]


def test_a_day_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        with_rules(
            tmp_path,
            {
                "nope": {
                    "kind": "day_of_year",
                    "value": "04-31",
                    "label": label("x"),
                    "illustrative": True,
                }
            },
            [],
        )
    assert "nope" in caught.value.message.en
