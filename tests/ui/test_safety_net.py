"""Bad surprises get plain words, never a traceback, and lose nothing."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QListWidget, QMessageBox

from desktop_app.ui import safety_net
from tests.ui.helpers import answer_message_box, named


def test_an_unforeseen_error_is_told_plainly_and_logged_without_its_message(
    qtbot, window, caplog, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    safety_net.install(lambda: window, lambda: window.language)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    caplog.set_level(logging.ERROR)
    try:
        raise ValueError("Anna de Vries, NL91ABNA0417164300")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert seen == [safety_net.MESSAGE]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "unexpected ValueError" in logged
    assert "Anna" not in logged and "NL91" not in logged


def test_a_damaged_outbox_does_not_keep_the_start_screen_away(qtbot, window) -> None:
    window.outbox.path.write_bytes(b"this is not a database" * 100)
    window._outbox = None
    window.show_start()
    assert named(window, QListWidget, "Mijn aanvragen en verslagen").isVisible()
    window.send_due_items()  # the minute timer: no exception either


def test_a_data_folder_that_cannot_be_used_is_said_plainly(qtbot, tmp_path, monkeypatch) -> None:
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.resident.window import run_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    assert run_app("nl", paths=AppPaths(blocked)) == 1
    assert seen and seen[0].startswith("De app kan niet starten")
