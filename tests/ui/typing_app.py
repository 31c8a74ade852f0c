"""A resident's app in its own process, for the crash test: it starts a new Amsterdam
application, types into two questions the way a keyboard does, waits until the wizard says
"Opgeslagen" (shown only once the background writer has every snapshot on disk), says "typed"
on stdout and then keeps running until it is killed.
Run as ``python -m tests.ui.typing_app DATA_DIR``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPlainTextEdit, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY, TEST_FORMS

NAME = "Straatfeest Kastanjelaan"
PLAN = "Een middag met muziek,\nlimonade en een rommelmarkt."


def find(root, kind, name: str):
    return next(w for w in root.findChildren(kind) if w.accessibleName() == name)


def main() -> int:
    app = QApplication(sys.argv)
    window = MainWindow(
        AppPaths(Path(sys.argv[1])), Catalog.default([TEST_FORMS]), fixed_on(DAY), "nl"
    )
    window.show()
    QTest.keyClick(find(window, QPushButton, "Nieuwe aanvraag"), Qt.Key.Key_Space)
    chooser = find(window, QListWidget, "Kies uw gemeente en regeling")
    QTest.keyClick(chooser, Qt.Key.Key_Down)
    QTest.keyClick(chooser, Qt.Key.Key_Return)
    QTest.keyClicks(find(window.wizard, QLineEdit, "Naam van uw initiatief"), NAME)
    plan = find(window.wizard, QPlainTextEdit, "Wat gaat u doen?")
    for line_number, line in enumerate(PLAN.split("\n")):
        if line_number:
            QTest.keyClick(plan, Qt.Key.Key_Return)
        QTest.keyClicks(plan, line)
    # No Tab, no closing: the last keystroke is still in the field when the process dies.
    # What the resident sees is the promise: once it says "Opgeslagen", it is on disk.
    wizard = window.wizard
    waited = 0
    while wizard.status.text() != "Opgeslagen":
        if waited > 30_000:
            print(f"not saved: {wizard.status.text()!r}", flush=True)
            return 1
        QTest.qWait(5)  # the writer's word arrives as a signal on this thread
        waited += 5
    print("typed", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
