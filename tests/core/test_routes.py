"""Application routes: a small request asks the least; the amount chooses the route, and a
change of amount changes the route without losing an answer."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import example_application, load_regeling_file
from desktop_app.core.questions import questions, required_answers
from desktop_app.core.regeling import Regeling
from tests.conftest import DAY, ROOT
from tests.test_cli import assert_no_traceback, run

AMSTERDAM = ROOT / "forms/amsterdam-bewonersinitiatief/2026.1.yaml"


def test_questions_for_450_lists_at_most_12_required_answers() -> None:
    result = run("questions", "amsterdam-bewonersinitiatief", "--amount", "450", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["route"] == "light"
    required = [q["id"] for q in listing["questions"] if q["required"]]
    one_of = {tuple(q["one_of"]) for q in listing["questions"] if q["one_of"]}
    assert len(required) + len(one_of) == listing["required_answers"] <= 12
    assert listing["pages"] <= 5
    assert {"initiative_name", "activity_description", "budget", "iban"} <= set(required)
    assert one_of == {("phone", "email")}
    for question in listing["questions"]:
        assert set(question) >= {"route", "page", "id", "label", "required"}


def test_questions_above_500_take_the_full_route_and_say_so_in_words() -> None:
    result = run("questions", "amsterdam-bewonersinitiatief", "--amount", "1.200")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Bewonersinitiatief sociaal weefsel, € 1.200: Gewone aanvraag")
    assert "| goal | Bij welk doel past uw plan het best? | verplicht" in result.stdout


def test_questions_with_an_amount_that_is_no_amount_exits_2_without_traceback() -> None:
    result = run("questions", "amsterdam-bewonersinitiatief", "--amount", "veel")
    assert result.returncode == 2
    assert "'veel' is geen bedrag" in result.stderr
    assert_no_traceback(result)


def test_the_light_route_asks_far_less_than_the_full_one(amsterdam: Regeling) -> None:
    light, full = required_answers(amsterdam, "light"), required_answers(amsterdam, "full")
    assert light <= 12 < full
    assert {q.id for q in questions(amsterdam, "light")} < {
        q.id for q in questions(amsterdam, "full")
    } | {"decl_light"}


def test_raising_the_amount_switches_route_and_keeps_every_answer(amsterdam: Regeling) -> None:
    clock = fixed_on(DAY)
    application = example_application(amsterdam, clock, route="light")
    assert evaluate(amsterdam, application, DAY).route == "light"
    light_answers = copy.deepcopy(application.answers)
    application.answers["amount_estimate"] = "1200.00"
    result = evaluate(amsterdam, application, DAY)
    assert result.route == "full"
    missing = {v.field for v in result.blocking}
    assert {"goal", "location", "street_address", "decl_truthful"} <= missing
    assert "decl_light" not in missing  # a light-only question is neither asked nor checked
    # Nothing was thrown away: back at € 450 the light application is complete again.
    application.answers["amount_estimate"] = "450.00"
    assert evaluate(amsterdam, application, DAY).verdicts == ()
    assert application.answers == light_answers


def test_a_budget_above_the_light_limit_takes_the_full_route(amsterdam: Regeling) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    application.answers["budget"]["requested"] = "650.00"
    assert evaluate(amsterdam, application, DAY).route == "full"


def test_the_light_route_needs_a_phone_number_or_an_e_mail(amsterdam: Regeling) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    del application.answers["phone"]
    result = evaluate(amsterdam, application, DAY)
    assert [v.code for v in result.blocking] == ["ams.light_reach"]
    assert "Telefoonnummer" in result.blocking[0].message.nl
    application.answers["email"] = "samira@example.nl"
    assert evaluate(amsterdam, application, DAY).ok


def test_the_light_budget_has_at_most_three_lines(amsterdam: Regeling) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    line = {"category": "materials", "description": "Krijt", "amount": "0.00"}
    application.answers["budget"]["lines"] += [line, line]
    result = evaluate(amsterdam, application, DAY)
    assert [v.code for v in result.blocking] == ["ams.light_budget_lines"]
    assert (
        "4 regels" in result.blocking[0].message.nl and "3 regels" in result.blocking[0].message.nl
    )


def test_no_advice_sends_a_small_request_elsewhere(amsterdam: Regeling) -> None:
    application = example_application(amsterdam, fixed_on(DAY), route="light")
    assert all("small_request" not in r.code for r in amsterdam.application.rules)
    assert evaluate(amsterdam, application, DAY).warnings == ()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["application"]["routes"][0].update(up_to="nowhere"), "nowhere"),
        (
            lambda d: d["application"]["steps"][0]["fields"][2].update(routes=["tiny"]),
            "unknown route 'tiny'",
        ),
        (lambda d: d["application"].update(route_by=["initiative_name"]), "not an amount"),
        (lambda d: d["application"]["routes"].reverse(), "fallback"),
        (lambda d: d["application"]["routes"][0].pop("source"), "source"),
    ],
)
def test_a_route_mistake_is_refused_at_load(tmp_path: Path, change, named: str) -> None:
    data = yaml.safe_load(AMSTERDAM.read_text())
    change(data)
    broken = tmp_path / "2026.1.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(UserError) as caught:
        load_regeling_file(broken)
    assert named in caught.value.message.en


def test_a_regeling_without_routes_asks_everything_as_before() -> None:
    rotterdam = load_regeling_file(ROOT / "forms/rotterdam-bewonersinitiatief/2026.1.yaml")
    assert rotterdam.route_for({}) is None
    application = example_application(rotterdam, fixed_on(DAY))
    assert evaluate(rotterdam, application, DAY).route is None


def test_a_route_can_also_depend_on_the_kind_of_activity(tmp_path: Path) -> None:
    data = yaml.safe_load(AMSTERDAM.read_text())
    data["application"]["routes"][0]["when"] = {"field": "area", "in": ["noord", "west"]}
    path = tmp_path / "2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    regeling = load_regeling_file(path)
    answers = {"amount_estimate": "450.00", "area": "west"}
    assert regeling.route_for(answers).id == "light"
    assert regeling.route_for(answers | {"area": "zuid"}).id == "full"
