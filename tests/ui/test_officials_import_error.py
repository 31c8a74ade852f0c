"""An import that stops on an error nobody foresaw does not leave the officials' window stuck:
its buttons work again, it says what happened, and what was imported before stays."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials import importer
from desktop_app.officials import service as officials_service
from desktop_app.ui.officials import OfficialsWindow
from tests.conftest import DAY
from tests.ui.helpers import named, press


@pytest.fixture
def inbox(tmp_path: Path, amsterdam) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    signer = ephemeral_signer("Buurt")
    for number, name in enumerate(["Buurtmaaltijd", "Moestuin", "Straatfeest"]):
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | {"initiative_name": name}
        bundle = write_bundle(
            application, b"%PDF-1.7\n%%EOF\n", {}, signer, dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        )
        (folder / f"{number}.zip").write_bytes(bundle)
    return folder


@pytest.fixture
def window(qtbot, tmp_path, catalog):
    key = Ed25519PrivateKey.generate()
    output = tmp_path / "besluiten"
    output.mkdir()
    shown = OfficialsWindow(
        tmp_path / "store", catalog, fixed_on(DAY), lambda: (key, "test"), output, "nl"
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_an_unexpected_error_during_import_frees_the_window_and_says_so(
    qtbot, window, inbox, monkeypatch
) -> None:
    real_import = officials_service.import_paths

    def breaks_after_the_first_bundle(paths, store, catalog, clock, progress=None, **kw):
        def then_break(number, total, outcome) -> None:
            if progress is not None:
                progress(number, total, outcome)
            raise RuntimeError("a bug in the importer")

        return real_import(paths, store, catalog, clock, then_break, **kw)

    monkeypatch.setattr(officials_service, "import_paths", breaks_after_the_first_bundle)
    # One bundle per commit, so the bug strikes after the first bundle alone was kept (in
    # groups, the bundles committed with it would be kept too, and are imported).
    monkeypatch.setattr(importer, "GROUP_BUNDLES", 1)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
    choose_folder = named(window, QPushButton, "Map kiezen")
    press(qtbot, choose_folder)
    qtbot.waitUntil(lambda: not window.import_running(), timeout=30_000)

    assert choose_folder.isEnabled()
    assert named(window, QPushButton, "Bundels kiezen").isEnabled()
    said = window.statusBar().currentMessage()
    assert said.startswith("Het inlezen is gestopt door een onverwachte fout.")
    assert "RuntimeError" not in said and "bug" not in said
    shown = [window.results.item(i).text() for i in range(window.results.count())]
    assert shown[0].startswith("0.zip: Ingelezen")
    assert shown[-1] == said
    assert [case.title for case in window.cases] == ["Buurtmaaltijd"]  # kept, and shown

    # The official tries again, and this time it works: nothing is stuck.
    monkeypatch.setattr(officials_service, "import_paths", real_import)
    press(qtbot, choose_folder)
    qtbot.waitUntil(lambda: not window.import_running(), timeout=30_000)
    assert "2 ingelezen, 1 al ingelezen" in window.statusBar().currentMessage()
    assert sorted(case.title for case in window.cases) == [
        "Buurtmaaltijd",
        "Moestuin",
        "Straatfeest",
    ]
