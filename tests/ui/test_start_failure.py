"""A window that cannot be made says so in plain words and logs the details; it never leaves a
person with a traceback in a terminal they cannot see (or with nothing at all)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from desktop_app.core.clock import fixed_on
from desktop_app.ui import safety_net
from desktop_app.ui.officials import run_officials
from desktop_app.ui.resident import window as resident_app
from tests.conftest import DAY
from tests.ui.helpers import answer_message_box


def test_a_damaged_case_store_keeps_the_officials_window_from_starting_plainly(
    qtbot, tmp_path, catalog, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    store = tmp_path / "behandelaar"
    store.mkdir()
    (store / "cases.sqlite").write_bytes(b"this is not a database " * 200)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    caplog.set_level(logging.ERROR)
    assert run_officials(store, "nl", catalog, fixed_on(DAY)) == 1
    assert seen == [safety_net.START_FAILED]
    assert any(r.getMessage() == "the window could not start" for r in caplog.records)


def test_a_bug_while_making_the_resident_window_is_told_plainly(
    qtbot, tmp_path, monkeypatch, caplog
) -> None:
    """A bug cannot be made on demand: the window's constructor is made to fail."""
    from desktop_app.storage.paths import AppPaths

    def broken(*args, **kwargs):
        raise RuntimeError("a bug with Anna de Vries in its message")

    monkeypatch.setattr(resident_app, "MainWindow", broken)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    caplog.set_level(logging.ERROR)
    assert resident_app.run_app("en", paths=AppPaths(tmp_path / "data")) == 1
    assert len(seen) == 1 and seen[0].startswith("The app cannot start because of an error")
    [record] = [r for r in caplog.records if r.getMessage() == "the window could not start"]
    assert record.exc_info is not None  # the details go to the log file (without the message)
