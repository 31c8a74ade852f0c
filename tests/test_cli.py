"""The command line as a person or a script uses it: real processes, real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TEST_FORMS


def run(*args: str, lang: str = "nl", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "a.json"
    result = run("example", "amsterdam-bewonersinitiatief", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_regelingen_lists_every_regeling_with_version_and_validity() -> None:
    result = run("regelingen", "--json")
    assert result.returncode == 0
    listed = {r["id"]: r for r in json.loads(result.stdout)}
    assert listed["amsterdam-bewonersinitiatief"]["version"] == "2026.1"
    assert listed["amsterdam-bewonersinitiatief"]["valid_from"] == "2025-01-01"
    human = run("regelingen")
    assert "amsterdam-bewonersinitiatief  versie 2026.1  geldig 2025-01-01" in human.stdout


def test_example_then_validate_is_ok(example: Path) -> None:
    result = run("validate", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "In orde" in result.stdout


def test_asking_too_much_fails_with_the_message_naming_the_field(example: Path) -> None:
    def raise_amount(data: dict) -> None:
        budget = data["answers"]["budget"]
        budget["lines"].append({"category": "rent", "description": "Podium", "amount": "5200.00"})
        budget["requested"] = "6200.00"

    edit(example, raise_amount)
    result = run("validate", str(example))
    assert result.returncode == 1
    assert "U vraagt € 6.200. Voor deze regeling is het maximum € 5.000." in result.stdout
    assert "[budget.requested]" in result.stdout and "'Gevraagd bedrag'" in result.stdout
    english = run("validate", str(example), lang="en")
    assert "You are asking for €6,200. The maximum for this scheme is €5,000." in english.stdout


def test_a_date_five_weeks_ahead_gives_the_lead_time_message(example: Path) -> None:
    soon = dt.date.today() + dt.timedelta(weeks=5)
    edit(example, lambda d: d["answers"].update(activity_date=soon.isoformat()))
    result = run("validate", str(example), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [verdict] = report["verdicts"]
    assert verdict["code"] == "ams.lead_time"
    assert verdict["fields"] == ["activity_date"]
    assert "minstens 8 weken" in verdict["message"]["nl"]


def test_today_can_be_set_for_reproducible_checks(example: Path) -> None:
    data = json.loads(example.read_text())
    activity = dt.date.fromisoformat(data["answers"]["activity_date"])
    too_late = activity - dt.timedelta(weeks=7)
    assert run("validate", str(example), "--today", too_late.isoformat()).returncode == 1
    assert run("validate", str(example), "--today", "not-a-date").returncode == 2


HOSTILE = {
    "not_json": b"this is not json",
    "empty": b"",
    "bad_utf8": b'{"schema_version": 1, "x": "\xff\xfe"}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep_object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "huge_number": b'{"schema_version": 1' + b"0" * 5_000 + b"}",
    "huge_float": b'{"schema_version": 1e999999}',
    "nan": b'{"schema_version": NaN}',
    "infinity": b'{"schema_version": 1, "answers": {"participants": Infinity}}',
    "duplicate_keys": b'{"schema_version": 1, "schema_version": 1}',
    "a_list": b"[1, 2, 3]",
    "wrong_schema_version": b'{"schema_version": 99, "kind": "application"}',
    "no_schema_version": b'{"kind": "application"}',
    "missing_fields": b'{"schema_version": 1, "kind": "application"}',
    "huge_string": b'{"schema_version": 1, "kind": "application", "id": "'
    + b"x" * 6_000_000
    + b'"}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_or_broken_files_exit_2_with_one_clear_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(HOSTILE[name])
    result = run("validate", str(path))
    assert result.returncode == 2
    assert_no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, result.stderr
    english = run("validate", str(path), lang="en")
    assert english.stderr != result.stderr, "the message follows the user's language"


def test_wrong_schema_version_says_which_versions(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(HOSTILE["wrong_schema_version"])
    assert "schemaversie 99" in run("validate", str(path)).stderr


def test_unknown_regeling_exits_2(example: Path) -> None:
    edit(example, lambda d: d["regeling"].update(id="nergenshuizen-subsidie"))
    result = run("validate", str(example))
    assert result.returncode == 2
    assert (
        "nergenshuizen-subsidie" in result.stderr
        and "amsterdam-bewonersinitiatief" in result.stderr
    )
    assert run("example", "nergenshuizen", "-o", "x.json").returncode == 2


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "nope.json" in result.stderr


def test_wrong_command_exits_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run("validate").returncode == 2


def test_unwritable_output_exits_2_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("example", "amsterdam-bewonersinitiatief", "-o", str(blocker / "a.json"))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "Kan" in result.stderr


def test_a_new_regeling_is_a_file_not_code(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    forms = ["--forms", str(TEST_FORMS)]
    listed = json.loads(run(*forms, "regelingen", "--json").stdout)
    assert "voorbeeldstad-buurtbudget" in {r["id"] for r in listed}
    assert run(*forms, "example", "voorbeeldstad-buurtbudget", "-o", str(path)).returncode == 0
    assert run(*forms, "validate", str(path)).returncode == 0
    # Without the folder the app does not know it, and says so.
    assert run("validate", str(path)).returncode == 2
