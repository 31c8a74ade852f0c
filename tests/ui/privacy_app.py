"""The resident's app started as a person starts it (``klein-initiatief --data-dir DIR``, so
the log file is set up as in real use), for the log privacy test: it types a name and an
IBAN into the wizard, meets an error nobody foresaw (a planted bug whose message carries
everything typed), answers the safety net's message, types on, and closes the window.
Run as ``python -m tests.ui.privacy_app DATA_DIR NAME IBAN``."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from desktop_app import cli
from desktop_app.ui.resident.window import MainWindow
from tests.ui.longrun_app import find, press, start_amsterdam, type_text


def main() -> int:
    data, name, iban = sys.argv[1:4]
    app = QApplication(sys.argv)
    seen: list[str] = []

    def answer_the_safety_net() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(QMessageBox.StandardButton.Ok).click()
        QTimer.singleShot(20, answer_the_safety_net)

    def drive() -> None:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        start_amsterdam(window)
        wizard = window.wizard
        type_text(find(wizard, QLineEdit, "Naam van uw initiatief"), f"Feest van {name}")
        for _ in range(2):
            press(find(wizard, QPushButton, "Volgende"))
        type_text(find(wizard, QLineEdit, "Uw naam"), name)
        for _ in range(2):
            press(find(wizard, QPushButton, "Volgende"))
        type_text(find(wizard, QLineEdit, "IBAN (rekeningnummer)"), iban)

        holder = find(wizard, QLineEdit, "Naam van de rekeninghouder")

        def planted_bug() -> None:  # a slot that fails with the answers in its message
            holder.textEdited.disconnect(planted_bug)
            raise KeyError(f"unexpected answers {wizard.collect()!r}")

        holder.textEdited.connect(planted_bug)
        answer_the_safety_net()
        type_text(holder, name)
        QTest.qWait(200)
        assert seen, "the safety net said nothing"
        print("safety net:", seen[0], flush=True)
        press(find(wizard, QPushButton, "Opslaan en sluiten"))
        print("document:", wizard.document.id, flush=True)
        window.close()

    QTimer.singleShot(0, drive)
    return cli.main(["--data-dir", data])


if __name__ == "__main__":
    sys.exit(main())
