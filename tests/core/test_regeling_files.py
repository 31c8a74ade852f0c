"""Every regeling file is complete, sourced, valid, and its schema is up to date."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application, load_regeling_file
from desktop_app.core.questions import questions
from desktop_app.core.regeling import Regeling
from desktop_app.core.schemas import generated_files
from tests.conftest import DAY, ROOT, TEST_FORMS

SHIPPED = sorted((ROOT / "forms").glob("*/*.yaml"))
ALL_FILES = SHIPPED + sorted(TEST_FORMS.glob("*/*.yaml"))
SHIPPED_IDS = {
    "amsterdam-bewonersinitiatief",
    "amersfoort-wijkactiviteiten",
    "rotterdam-bewonersinitiatief",
}


def test_the_three_regelingen_ship() -> None:
    assert {path.parent.name for path in SHIPPED} >= SHIPPED_IDS


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.parent.name)
def test_file_loads_and_names_itself_by_its_path(path: Path) -> None:
    regeling = load_regeling_file(path)
    assert (regeling.id, regeling.version) == (path.parent.name, path.stem)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.parent.name)
def test_file_validates_against_the_published_json_schema(path: Path) -> None:
    """Standard tools read the files as they are: PyYAML, then jsonschema, no conversion
    (dates are quoted strings, so YAML does not turn them into date objects)."""
    schema = json.loads((ROOT / "forms" / "regeling.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.parent.name)
def test_dates_are_quoted_strings(path: Path) -> None:
    def dates(node: object) -> list[object]:
        if isinstance(node, dict):
            return [d for v in node.values() for d in dates(v)]
        if isinstance(node, list):
            return [d for v in node for d in dates(v)]
        return [node] if isinstance(node, dt.date) else []

    assert dates(yaml.safe_load(path.read_text())) == []


def test_committed_schemas_are_up_to_date() -> None:
    for path, expected in generated_files(ROOT).items():
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.relative_to(ROOT)} is out of date: run scripts/generate_schemas.py"
        )


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.parent.name)
def test_every_parameter_is_sourced_or_marked_illustrative(path: Path) -> None:
    regeling = load_regeling_file(path)
    source_ids = {s.id for s in regeling.sources}
    for name, parameter in regeling.parameters.items():
        assert (parameter.source in source_ids) != parameter.illustrative, name


EXAMPLES = [
    (path, route.id if route else None)
    for path in ALL_FILES
    for route in [None, *(r for r in load_regeling_file(path).application.routes if r.example)]
]


@pytest.mark.parametrize(
    ("path", "route"),
    EXAMPLES,
    ids=[f"{path.parent.name}-{route or 'example'}" for path, route in EXAMPLES],
)
def test_example_is_complete_and_valid(path: Path, route: str | None) -> None:
    """The regeling's example, and each route's own example, passes its own rules."""
    regeling = load_regeling_file(path)
    clock = fixed_on(max(DAY, regeling.valid_from))
    application = example_application(regeling, clock, route=route)
    result = evaluate(regeling, application, clock.now().date())
    assert result.verdicts == (), [v.message.en for v in result.verdicts]
    if route is not None:
        assert result.route == route
    asked = {q.id for q in questions(regeling, result.route) if q.required}
    assert asked <= set(application.answers), "the example leaves required questions open"


def _amsterdam_raw() -> dict:
    return yaml.safe_load((ROOT / "forms/amsterdam-bewonersinitiatief/2026.1.yaml").read_text())


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["parameters"]["max_amount"].update(illustrative=True), "max_amount"),
        (lambda d: d["parameters"]["max_amount"].pop("source"), "max_amount"),
        (
            lambda d: d["application"]["rules"][0].update(max="no_such_parameter"),
            "no_such_parameter",
        ),
        (lambda d: d["application"]["rules"][0].update(field="no_such_field"), "no_such_field"),
        (lambda d: d["application"]["rules"][1].update(weeks="max_amount"), "max_amount"),
        (lambda d: d["application"]["rules"][0].update(type="eval"), "eval"),
        (lambda d: d["areas"][0].update(budget_ceiling="lead_time_weeks"), "lead_time_weeks"),
        (lambda d: d["application"]["steps"][0]["fields"][0]["label"].pop("nl"), "nl"),
        (lambda d: d["application"]["steps"][0]["fields"][0].pop("help"), "help"),
        (lambda d: d["parameters"]["ceiling_zuid"].update(source="nowhere"), "nowhere"),
    ],
)
def test_a_broken_file_is_refused_with_a_message_that_names_the_problem(
    tmp_path: Path, change, named: str
) -> None:
    data = copy.deepcopy(_amsterdam_raw())
    change(data)
    broken = tmp_path / "2026.1.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(UserError) as caught:
        load_regeling_file(broken)
    assert caught.value.code == "regeling.invalid"
    assert named in caught.value.message.en


def test_a_broken_file_does_not_stop_the_others_from_loading(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "2026.1.yaml").write_text("id: [unclosed")
    catalog = Catalog.default([tmp_path])
    assert "amsterdam-bewonersinitiatief" in catalog.ids()
    assert [p.code for p in catalog.problems] == ["regeling.invalid_yaml"]


def test_old_versions_stay_available_next_to_new_ones(tmp_path: Path, amsterdam: Regeling) -> None:
    data = _amsterdam_raw()
    data["version"] = "2027.1"
    data["valid_from"] = dt.date(2027, 1, 1)
    data["parameters"]["max_amount"]["value"] = "6000.00"
    folder = tmp_path / "amsterdam-bewonersinitiatief"
    folder.mkdir()
    (folder / "2027.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    catalog = Catalog.default([tmp_path])
    assert [r.version for r in catalog.versions(amsterdam.id)] == ["2026.1", "2027.1"]
    assert catalog.current(amsterdam.id, dt.date(2026, 6, 1)).version == "2026.1"
    assert catalog.current(amsterdam.id, dt.date(2027, 6, 1)).version == "2027.1"
    assert catalog.get(amsterdam.id, "2026.1").parameter_value("max_amount") == 5000
