"""Two officials decide the same case at the same moment, each in their own process (the
command line ``decide``), against one PostgreSQL database and one SQLite folder: one
decision wins, the other official is told plainly, and no case ends with two current
decisions. A revision is a new, numbered decision version that supersedes the old one."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import keyring
import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.documents.decision import read_signed
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.keys import decision_key
from desktop_app.officials.store import CaseStore
from tests import postgres
from tests.conftest import DAY, ROOT, TEST_FORMS
from tests.officials.test_store_backends import _bundle


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path, monkeypatch):
    """A store as the officials name it on the command line; HOME is private to the test
    (a PostgreSQL store keeps its keys in the officials' own folder under it)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KLEIN_INITIATIEF_STORE_FILES", raising=False)
    if request.param == "sqlite":
        return str(tmp_path / "store")
    return postgres.new_database(request.getfixturevalue("pg_server"))


def _cli(*argv: str, official: str) -> subprocess.Popen[str]:
    env = os.environ | {"KLEIN_INITIATIEF_OFFICIAL": official, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--forms", str(TEST_FORMS), *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _decide(location: str, case: uuid.UUID, out: Path, official: str, *how: str):
    return _cli("decide", str(case), "--store", location, *how, "-o", str(out), official=official)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout + stderr


def test_two_officials_in_two_processes_decide_the_same_case(
    location, tmp_path, catalog, amsterdam
) -> None:
    store = CaseStore(location if "://" in location else Path(location))
    case_id, bundle = _bundle(amsterdam)
    assert import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY)).status == "imported"
    decision_key(store.folder / "keys", keyring.get_keyring())  # the municipality's key exists

    anna = _decide(location, case_id, tmp_path / "anna.json", "Anna", "--grant", "1000",
                   "--reason", "Goed plan.")  # fmt: skip
    bram = _decide(location, case_id, tmp_path / "bram.json", "Bram", "--reject",
                   "--reason", "Past niet in de regeling.")  # fmt: skip
    results = {"Anna": _finish(anna), "Bram": _finish(bram)}

    winners = [name for name, (code, _) in results.items() if code == 0]
    losers = [name for name, (code, _) in results.items() if code != 0]
    assert len(winners) == 1 and len(losers) == 1, results
    (winner,), (loser,) = winners, losers
    said = results[loser][1]
    assert "Een collega heeft deze aanvraag net besloten" in said, said
    assert "besluit versie 1" in said and "--revise 1" in said
    assert "Traceback" not in said
    assert (tmp_path / f"{winner.lower()}.json").exists()
    assert not (tmp_path / f"{loser.lower()}.json").exists()  # no second decision file

    (version,) = store.decision_versions(case_id)
    assert (version["version"], version["decided_by"], version["current"]) == (1, winner, True)
    assert store.cases_with_several_current_decisions() == []
    expected = "granted" if winner == "Anna" else "rejected"
    assert store.case(case_id).status == expected
    assert [a["official"] for a in store.decisions(case_id)] == [winner]

    # The loser reads the case again and revises the decision on purpose: version 2.
    revise = _decide(location, case_id, tmp_path / "v2.json", loser, "--grant", "750",
                     "--reason", "Herzien: minder.", "--revise", "1")  # fmt: skip
    code, said = _finish(revise)
    assert code == 0, said
    assert read_signed((tmp_path / "v2.json").read_bytes()).decision.sequence == 2
    first, second = store.decision_versions(case_id)
    assert (first["version"], first["current"], first["superseded_by"]) == (
        1,
        False,
        second["decision_id"],
    )
    assert (second["version"], second["decided_by"], second["current"]) == (2, loser, True)
    assert store.cases_with_several_current_decisions() == []
    audit = store.decisions(case_id)
    assert [(a["official"], a["action"], a["detail"]["version"]) for a in audit] == [
        (winner, "decide", 1),
        (loser, "revise", 2),
    ]
    assert audit[1]["detail"]["supersedes"] == first["decision_id"]

    # A revision of a version that is no longer current is refused, with the current one.
    stale = _decide(location, case_id, tmp_path / "v3.json", winner, "--reject",
                    "--reason", "Toch niet.", "--revise", "1")  # fmt: skip
    code, said = _finish(stale)
    assert code != 0 and "besluit versie 2" in said and "--revise 2" in said, said
    assert len(store.decision_versions(case_id)) == 2
    store.close()
