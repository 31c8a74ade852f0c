"""Never lose a keystroke: the app is killed (SIGKILL, no chance to clean up) right after the
resident typed, and a restart shows everything that was typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPlainTextEdit

from desktop_app.core.clock import fixed_on
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY
from tests.ui.helpers import named
from tests.ui.typing_app import NAME, PLAN

ROOT = Path(__file__).resolve().parents[2]


def test_a_killed_app_keeps_everything_typed(qtbot, tmp_path, catalog) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_app", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "typed", app.stderr.read() if app.stderr else ""
        app.send_signal(signal.SIGKILL)
        assert app.wait(timeout=30) == -signal.SIGKILL
    finally:
        if app.poll() is None:
            app.kill()

    again = MainWindow(AppPaths(data), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(again)
    again.show()
    documents = named(again, QListWidget, "Mijn aanvragen en verslagen")
    assert documents.currentItem().text().startswith(f"{NAME} — ")
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    assert named(again.wizard, QLineEdit, "Naam van uw initiatief").text() == NAME
    assert named(again.wizard, QPlainTextEdit, "Wat gaat u doen?").toPlainText() == PLAN
