"""Long runs of real keystrokes, each in its own process (tests/ui/longrun_app.py), so a Qt
binding that aborts the program fails the test instead of killing pytest.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every void Qt call (hide(),
setText(), setData(), addItem() …); the app then dies with ``Fatal Python error:
none_dealloc`` after some 300–420 characters typed in the wizard, or some 75 keystrokes in the
officials' search box. Each run checks that the process ended normally, that None's reference
count did not fall, and that everything typed was saved or shown."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.storage.dossiers import DossierStore
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY
from tests.ui.longrun_app import run_child

pytestmark = pytest.mark.slow


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) where there is one: thousands of autosaves, each with
    fsync, would otherwise make these runs wait on a shared disk for minutes. (Durability
    on a real disk is what tests/ui/test_crash.py and tests/storage prove.)"""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    made = Path(tempfile.mkdtemp(prefix="klein-initiatief-longrun-", dir=shm))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def the_dossier(data: Path):
    dossier = DossierStore(AppPaths(data).dossiers, fixed_on(DAY)).open_default()
    assert dossier is not None
    return dossier


def test_typing_5000_characters_through_the_wizard_keeps_every_one(folder: Path) -> None:
    data = folder / "data"
    result = run_child("typing", data)
    assert result["keystrokes"] >= 5_000
    typed = result["typed"]
    assert result["shown_plan"] == typed["activity_description"]  # the field shows it all

    saved = the_dossier(data).drafts.load(uuid.UUID(result["document_id"]))
    answers = saved.answers
    for key, text in typed.items():
        if key.startswith("budget."):
            continue
        assert answers[key] == text, key
    [line] = answers["budget"]["lines"]
    assert line["description"] == typed["budget.description"]
    assert Decimal(str(line["amount"])) == Decimal("1234.56")  # typed as 1.234,56
    assert line["category"] == "food_drink"  # chosen by typing "Gezond"


def test_opening_and_closing_an_application_50_times_loses_nothing(folder: Path) -> None:
    data = folder / "data"
    result = run_child("reopen", data)
    expected = result["expected_name"]
    # Each time it opened, it showed exactly what had been typed until then.
    assert result["seen"] == [expected[: len("Buurtfeest") + n] for n in range(50)]
    [summary] = the_dossier(data).drafts.summaries()
    saved = the_dossier(data).drafts.load(summary.id)
    assert saved.answers["initiative_name"] == expected
    assert saved.answers["activity_description"] == result["plan"]


NAMES = ("Moestuin", "Buurtmaaltijd", "Straatfeest", "Speeltuin")
CASES = 1_600


@pytest.fixture
def full_store(folder: Path, amsterdam, catalog) -> Path:
    """1,600 real cases: as many signed bundles, each checked and imported as an official's
    import does (signature, hashes, rules), into one store."""
    from desktop_app.core.loader import example_application
    from desktop_app.documents.bundle_write import write_bundle
    from desktop_app.documents.signing import ephemeral_signer
    from desktop_app.officials.importer import import_bundle
    from desktop_app.officials.store import CaseStore

    store_folder = folder / "store"
    store = CaseStore(store_folder)
    signer = ephemeral_signer("Buurt")
    clock = fixed_on(DAY)
    signed_on = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    template = example_application(amsterdam, clock)
    try:
        for number in range(CASES):
            application = template.model_copy(update={"id": uuid.uuid4()})
            application.answers = copy.deepcopy(template.answers) | {
                "initiative_name": f"{NAMES[number % len(NAMES)]} {number:04d}"
            }
            bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, signed_on)
            outcome = import_bundle(bundle, f"{number}.zip", store, catalog, clock)
            assert outcome.status == "imported", outcome.message.en
    finally:
        store.close()
    return store_folder


def test_1000_keystrokes_in_the_officials_search_box_of_1600_cases(full_store: Path) -> None:
    result = run_child("search", full_store)
    assert result["total"] == CASES
    assert result["keystrokes"] >= 1_000
    # After each name or correction, the table showed that one case, and only that one.
    wrong = [check for check in result["checks"] if check["titles"] != [check["query"]]]
    assert wrong == []
    assert len(result["checks"]) >= 60
    assert result["shown_at_end"] == CASES  # the search box emptied: every case again
