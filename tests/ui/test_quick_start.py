"""Issue 20: the real entry point shows the start screen first and loads the rest after it
is painted. Each test starts `python -m desktop_app` in its own process (tests/ui/
startup_probe.py), which reports at the first paint which modules are loaded and what the
start screen shows — modules and lines, never a time (speed is for benchmarks/startup.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.loader import Catalog, example_application
from desktop_app.resident.service import forms_dirs, line_words, write_regeling_cache
from desktop_app.storage.dossiers import DossierStore
from desktop_app.storage.paths import AppPaths
from tests.ui import probes

PROBE = Path(__file__).with_name("startup_probe.py")
# Built or imported only for what comes after the start screen.
HEAVY = [
    "pydantic",
    "desktop_app.core.text",
    "desktop_app.core.lifecycle",
    "desktop_app.core.loader",
    "desktop_app.core.regeling",
    "desktop_app.core.documents",
    "desktop_app.storage.dossiers",
    "desktop_app.storage.drafts",
    "desktop_app.storage.outbox",
    "desktop_app.submit.service",
    "desktop_app.documents.finish",
    "desktop_app.ui.wizard",
    "yaml",
    "cryptography",
    "requests",
    "pikepdf",
    "reportlab",
    "pyhanko",
    "openpyxl",
    "sqlalchemy",
]


def run_probe(data: Path, *extra: str) -> list[dict]:
    return probes.run_probe(PROBE, data, *extra)


@pytest.fixture
def home(tmp_path: Path, catalog: Catalog, clock) -> Path:
    """A data folder as at home: one dossier without a passphrase, with a draft and a
    finished application, and the regelingen cache a previous start left."""
    data = tmp_path / "data"
    dossier = DossierStore(AppPaths(data).dossiers, clock).open_default()
    assert dossier is not None
    regeling = catalog.current("amsterdam-bewonersinitiatief", clock.now().date())
    draft = example_application(regeling, clock)
    draft.answers = {**draft.answers, regeling.roles.title: "Straatfeest Oost"}
    dossier.drafts.save(draft)
    dossier.drafts.save(example_application(regeling, clock), "final")
    write_regeling_cache(data, Catalog.default(), forms_dirs(), line_words())
    return data


def test_the_start_screen_is_painted_before_the_heavy_modules_load_and_stays_the_same(
    home: Path,
) -> None:
    painted, loaded = run_probe(home)
    assert (painted["moment"], painted["loaded"]) == ("painted", False)
    assert [m for m in HEAVY if m in painted["modules"]] == []
    assert painted["qt_enums_built"] is False
    # What the resident reads: each document with its regeling, status and next step.
    assert painted["page"] == "StartPage"
    assert len(painted["lines"]) == 2
    draft_line = next(line for line in painted["lines"] if "Straatfeest Oost" in line)
    assert "Concept" in draft_line and "Wat nu: verder invullen." in draft_line
    assert "Amsterdam" in draft_line or "Bewonersinitiatief" in draft_line
    assert any("Wat nu: lever de PDF" in line for line in painted["lines"])
    # Once the rest has loaded, the start screen reads and offers exactly the same.
    assert (loaded["moment"], loaded["loaded"]) == ("loaded", True)
    assert "desktop_app.core.loader" in loaded["modules"]
    # The regelingen were read off the UI thread: the window kept answering meanwhile.
    assert loaded["ticks_while_loading"] > 0
    for key in ("page", "lines", "buttons", "labels"):
        assert loaded[key] == painted[key], key


def test_nieuwe_aanvraag_pressed_at_the_first_paint_opens_the_regeling_choice(
    home: Path,
) -> None:
    painted, pressed = run_probe(home, "--press-new")
    assert (painted["loaded"], painted["page"]) == (False, "StartPage")
    assert (pressed["moment"], pressed["loaded"], pressed["page"]) == (
        "pressed",
        True,
        "ChooserPage",
    )
    assert any("Amsterdam" in line for line in pressed["lines"])


def test_without_the_cache_everything_loads_before_the_first_paint(home: Path) -> None:
    """A first start (or regeling files that changed) has no quick reading to trust."""
    (home / "regelingen-cache.json").unlink()
    painted, _ = run_probe(home)
    assert painted["loaded"] is True
    assert len(painted["lines"]) == 2
    assert (home / "regelingen-cache.json").is_file()  # the next start is quick again
