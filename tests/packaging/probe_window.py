"""Run by the INSTALLED app's Python (see test_wheel.py), from a folder outside the checkout:
open the residents' window the way ``klein-initiatief`` does, look at it once the event loop
runs, print what a user would notice as JSON, and close. With a folder argument it also saves
screenshots of the start screen and of a Yes/No question there."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

import desktop_app
from desktop_app.ui.resident.window import run_app

app = QApplication(sys.argv[:1])
shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
seen: dict[str, object] = {}


def look() -> None:
    windows = [w for w in app.topLevelWidgets() if w.isVisible()]
    seen["package"] = desktop_app.__file__
    seen["style_sheet"] = app.styleSheet()
    seen["desktop_file"] = app.desktopFileName()
    seen["has_icon"] = not app.windowIcon().isNull()
    seen["windows"] = [w.windowTitle() for w in windows]
    seen["buttons"] = sorted(
        {b.text() for w in windows for b in w.findChildren(QPushButton) if b.isVisible()}
    )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Klein Initiatief",
        "Wilt u deze aanvraag verwijderen?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        windows[0] if windows else None,
    )
    seen["question"] = sorted(button.text() for button in box.buttons())
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        windows[0].resize(1100, 700)
        app.processEvents()
        windows[0].grab().save(str(shots / "start-screen.png"))
        box.show()
        app.processEvents()
        box.grab().save(str(shots / "question-ja-nee.png"))
    box.deleteLater()
    app.quit()


QTimer.singleShot(300, look)
code = run_app("nl")
print(json.dumps(seen))
sys.exit(code)
