"""Hostile regeling files dropped in a --forms folder, and hostile text in answers, through
the command line as real processes: a plain message, an exit code, no traceback, no hang."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_cli import assert_no_traceback, edit

AMSTERDAM = ROOT / "forms" / "amsterdam-bewonersinitiatief" / "2026.1.yaml"


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """The CLI; a hang fails the test (subprocess.TimeoutExpired) instead of stalling it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )


def _amsterdam_as(new_id: str, change=lambda text: text) -> str:
    text = AMSTERDAM.read_text(encoding="utf-8")
    return change(text.replace("id: amsterdam-bewonersinitiatief", f"id: {new_id}", 1))


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def example_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("example") / "a.json"
    made = run("example", "amsterdam-bewonersinitiatief", "-o", str(path))
    assert made.returncode == 0, made.stderr
    return path.read_bytes()


@pytest.fixture
def application(tmp_path: Path, example_bytes: bytes) -> Path:
    path = tmp_path / "a.json"
    path.write_bytes(example_bytes)
    return path


def test_a_file_cannot_replace_a_shipped_version(forms: Path, application: Path) -> None:
    evil = forms / "amsterdam.yaml"
    evil.write_text(
        AMSTERDAM.read_text(encoding="utf-8").replace('value: "5000.00"', 'value: "999999.00"'),
        encoding="utf-8",
    )
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1
    assert str(evil) in listed.stderr and str(AMSTERDAM) in listed.stderr
    assert "amsterdam-bewonersinitiatief 2026.1" in listed.stderr
    assert "new version number" in listed.stderr
    dutch = run("--forms", str(forms), "regelingen", lang="nl")
    assert "nieuw versienummer" in dutch.stderr and str(evil) in dutch.stderr

    def ask_6200(data: dict) -> None:
        data["answers"]["budget"]["lines"].append(
            {"category": "rent", "description": "Podium", "amount": "5200.00"}
        )
        data["answers"]["budget"]["requested"] = "6200.00"

    edit(application, ask_6200)
    checked = run("--forms", str(forms), "validate", str(application))
    assert checked.returncode == 1  # still judged by the shipped maximum of € 5.000
    assert "The maximum for this scheme is €5,000." in checked.stdout
    assert_no_traceback(checked)


def test_the_same_file_twice_is_no_problem(forms: Path) -> None:
    (forms / "copy.yaml").write_bytes(AMSTERDAM.read_bytes())
    listed = run("--forms", str(forms), "regelingen", "--json")
    assert listed.returncode == 0 and listed.stderr == ""


def test_a_pipe_named_yaml_does_not_hang_any_command(forms: Path, tmp_path: Path) -> None:
    os.mkfifo(forms / "pipe.yaml")
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1 and "is not a regular file" in listed.stderr
    assert "amsterdam-bewonersinitiatief" in listed.stdout  # the others still load
    made = run("--forms", str(forms), "example", "amsterdam-bewonersinitiatief", "-o", "-")
    assert made.returncode == 0 and json.loads(made.stdout)["kind"] == "application"
    assert_no_traceback(listed)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_symlink_to_a_device_is_refused(forms: Path, device: str) -> None:
    (forms / "endless.yaml").symlink_to(device)
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1 and "is not a regular file" in listed.stderr
    assert "MemoryError" not in listed.stderr
    assert_no_traceback(listed)


def test_a_symlink_to_a_regular_file_is_followed(forms: Path) -> None:
    target = forms.parent / "elsewhere.yaml"
    target.write_text(_amsterdam_as("via-symlink"), encoding="utf-8")
    (forms / "link.yaml").symlink_to(target)
    listed = run("--forms", str(forms), "regelingen", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "via-symlink" in {r["id"] for r in json.loads(listed.stdout)}


def test_a_huge_file_is_refused_after_a_bounded_read(forms: Path) -> None:
    with (forms / "huge.yaml").open("wb") as handle:
        handle.write(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1 and "is too large" in listed.stderr
    assert_no_traceback(listed)


@pytest.mark.parametrize(
    ("parameter", "value", "limit"),
    [("lead_time_weeks", 1000000, "260"), ("report_deadline_weeks", 261, "260")],
)
def test_an_absurd_number_of_weeks_is_refused_when_loading(
    forms: Path, application: Path, parameter: str, value: int, limit: str
) -> None:
    def change(text: str) -> str:
        start = text.index(f"  {parameter}:")
        head, tail = text[:start], text[start:]
        return head + tail.replace("value: 8", f"value: {value}", 1)

    (forms / "weeks.yaml").write_text(_amsterdam_as("weeks-test", change), encoding="utf-8")
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1
    assert parameter in listed.stderr and limit in listed.stderr
    # A document made for it cannot crash `validate`: the regeling is simply not there.
    edit(application, lambda data: data["regeling"].update(id="weeks-test"))
    checked = run("--forms", str(forms), "validate", str(application))
    assert checked.returncode == 2 and "'weeks-test 2026.1' is unknown" in checked.stderr
    assert_no_traceback(checked)


def _billion_laughs(levels: int = 9) -> str:
    lists = ["&a0 [" + ", ".join(["lol"] * 9) + "]"]
    lists += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(lists) + "]"


@pytest.mark.parametrize(
    "answer",
    [_billion_laughs(), "&me [*me]", "[" + ", ".join(["x"] * 6000) + "]", "x" * 30000],
    ids=["billion-laughs", "alias-to-itself", "6000-values", "30000-characters"],
)
def test_example_answers_are_bounded(forms: Path, answer: str) -> None:
    def change(text: str) -> str:
        return re.sub(r"^    partners: .*$", f"    partners: {answer}", text, count=1, flags=re.M)

    (forms / "bomb.yaml").write_text(_amsterdam_as("bomb-test", change), encoding="utf-8")
    listed = run("--forms", str(forms), "regelingen")
    assert listed.returncode == 1 and "bomb.yaml" in listed.stderr
    made = run("--forms", str(forms), "example", "bomb-test", "-o", "-")
    assert made.returncode == 2 and "'bomb-test' is unknown" in made.stderr
    assert made.stdout == ""
    assert_no_traceback(made)


def test_anchors_in_a_normal_file_still_work(forms: Path) -> None:
    # The shipped files share parameters with &anchor / <<: *alias; a small use is fine.
    assert "<<: *illustrative_ceiling" in AMSTERDAM.read_text(encoding="utf-8")
    (forms / "anchors.yaml").write_text(_amsterdam_as("with-anchors"), encoding="utf-8")
    made = run("--forms", str(forms), "example", "with-anchors", "-o", "-")
    assert made.returncode == 0, made.stderr


@pytest.mark.parametrize(
    ("field", "value", "character"),
    [
        ("initiative_name", "Buurt\x1b[31mfeest", "U+001B"),
        ("initiative_name", "Buurt\x00feest", "U+0000"),
        ("initiative_name", "Buurt\tfeest", "U+0009"),
        ("activity_description", "We koken samen.\x00", "U+0000"),
        ("activity_description", "We koken\ufffe samen.", "U+FFFE"),
        ("location", "Buurthuis\x85", "U+0085"),
        ("email", "anna\x07@example.nl", "U+0007"),
    ],
)
def test_control_characters_in_an_answer_are_refused_naming_the_field(
    application: Path, field: str, value: str, character: str
) -> None:
    edit(application, lambda data: data["answers"].update({field: value}))
    checked = run("validate", str(application))
    assert checked.returncode == 1
    refused = [line for line in checked.stdout.splitlines() if "field.control_character" in line]
    assert len(refused) == 1 and f"[{field}]" in refused[0]
    assert f"contains an invisible control character ({character})" in refused[0]
    assert_no_traceback(checked)


def test_a_lone_surrogate_makes_the_file_unreadable_as_text(application: Path) -> None:
    """Not even valid text (it cannot be written as UTF-8): refused when the file is read."""
    edit(application, lambda data: data["answers"].update(activity_description="We \ud800x"))
    checked = run("validate", str(application))
    assert checked.returncode == 2
    assert "characters that are not text" in checked.stderr
    assert_no_traceback(checked)


def test_the_control_character_message_names_the_question_in_dutch(application: Path) -> None:
    edit(application, lambda data: data["answers"].update(initiative_name="Feest\x1b[2J"))
    dutch = run("validate", str(application), lang="nl")
    assert dutch.returncode == 1
    assert "bevat een onzichtbaar stuurteken (U+001B)" in dutch.stdout
    assert "De tekst bij 'Naam van uw initiatief'" in dutch.stdout


def test_line_breaks_and_tabs_in_a_long_text_are_fine(application: Path) -> None:
    text = "Wij koken samen.\n\nIedereen is welkom:\tjong en oud.\r\nTot dan!"
    edit(application, lambda data: data["answers"].update(activity_description=text))
    checked = run("validate", str(application))
    assert checked.returncode == 0, checked.stdout


def test_a_control_character_in_a_budget_line_is_refused(application: Path) -> None:
    def change(data: dict) -> None:
        data["answers"]["budget"]["lines"][0]["description"] = "Boodschappen\x1b"

    edit(application, change)
    checked = run("validate", str(application), "--json")
    assert checked.returncode == 1
    found = [
        v for v in json.loads(checked.stdout)["verdicts"] if v["code"] == "field.control_character"
    ]
    assert [v["fields"] for v in found] == [["budget.lines[0].description"]]
