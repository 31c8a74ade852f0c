"""Mistakes in a regeling file are refused when it is loaded, each with the file's path and
the place in it, so a municipality's new file never fails silently later."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from desktop_app.core.checks import allowed_placeholders
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, load_regeling_file
from tests.conftest import ROOT

AMSTERDAM = yaml.safe_load((ROOT / "forms/amsterdam-bewonersinitiatief/2026.1.yaml").read_text())


def rules(data: dict) -> list[dict]:
    return data["application"]["rules"]


def fields(data: dict, step: int) -> list[dict]:
    return data["application"]["steps"][step]["fields"]


def refused(tmp_path: Path, change) -> UserError:
    data = copy.deepcopy(AMSTERDAM)
    change(data)
    folder = tmp_path / "amsterdam-bewonersinitiatief"
    folder.mkdir(exist_ok=True)
    path = folder / "2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(UserError) as caught:
        load_regeling_file(path)
    assert str(path) in caught.value.message.nl and str(path) in caught.value.message.en
    return caught.value


def test_an_unknown_placeholder_in_a_message_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        rules(data)[0]["message"] = {
            "nl": "U vraagt {requested}, maximaal {maximum}.",
            "en": "You ask {requested}, at most {max}.",
        }

    error = refused(tmp_path, change)
    assert "application rule 'ams.max_amount'" in error.message.en
    assert "unknown placeholder {maximum}" in error.message.en
    assert "{max}, {requested}" in error.message.en  # what it may use instead


def test_a_placeholder_written_as_an_attribute_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        rules(data)[0]["message"] = {"nl": "{requested.__class__}", "en": "{requested}"}

    assert "{requested.__class__}" in refused(tmp_path, change).message.en


def test_a_condition_on_an_option_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        organisation = next(f for f in fields(data, 2) if f["id"] == "organisation_name")
        organisation["show_if"] = {"field": "legal_form", "in": ["vereniging", "stichtng"]}

    error = refused(tmp_path, change)
    assert "application field 'organisation_name'" in error.message.en
    assert "'stichtng' is not one of its options (none, stichting, vereniging)" in error.message.en


def test_a_yes_no_condition_with_a_word_instead_of_true_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        plan = next(f for f in fields(data, 1) if f["id"] == "permits_plan")
        plan["show_if"] = {"field": "permits_needed", "equals": "ja"}

    assert "true or false, not 'ja'" in refused(tmp_path, change).message.en


def test_an_example_that_fails_its_own_rules_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["example"]["answers"]["budget"]["requested"] = "7000.00"
        data["example"]["answers"]["amount_estimate"] = "7000.00"

    error = refused(tmp_path, change)
    assert error.code == "regeling.example_fails"
    assert "example: ams.max_amount [budget.requested]" in error.message.en


def test_a_route_example_that_takes_another_route_is_refused(tmp_path: Path) -> None:
    def change(data: dict) -> None:
        data["application"]["routes"][0]["example"]["answers"]["amount_estimate"] = "900.00"

    assert "route 'light' example: takes route 'full'" in refused(tmp_path, change).message.en


def test_a_new_file_in_a_folder_is_checked_and_listed_with_its_path(tmp_path: Path) -> None:
    data = copy.deepcopy(AMSTERDAM)
    data["id"] = "andere-stad"
    data["example"]["answers"]["iban"] = "NL00ABNA0000000000"
    folder = tmp_path / "andere-stad"
    folder.mkdir()
    (folder / "2026.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalog = Catalog.default([tmp_path])
    assert "andere-stad" not in catalog.ids()
    assert [p.code for p in catalog.problems] == ["regeling.example_fails"]
    assert str(folder / "2026.1.yaml") in catalog.problems[0].message.en


def test_each_rule_type_documents_its_placeholders() -> None:
    from desktop_app.core.rules import RULE_TYPES

    doc = (ROOT / "docs/regeling-format.md").read_text()
    for rule_type in RULE_TYPES:
        name = rule_type.model_fields["type"].annotation.__args__[0]
        allowed = ", ".join(f"`{{{p}}}`" for p in sorted(allowed_placeholders(name)))
        assert f"| `{name}` | {allowed} |" in doc, name
