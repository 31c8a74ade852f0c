"""Leaving a dialog the way a person does — Esc, or closing its window — and checking that
nothing changed on disk."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

HOW = ("esc", "close")


@dataclass
class Dismissal:
    """What the person met: the dialogs (class and title) and whether each went away."""

    seen: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)


def dismiss_next_dialog(
    qtbot, how: str, kind: type[QDialog] = QDialog, timeout: float = 20.0
) -> Dismissal:
    """When the next modal dialog of ``kind`` opens, leave it: Esc on whatever has the focus
    in it, or ``close()`` (the window's close button). A dialog that does not go away is
    noted and forced shut, so the test fails instead of hanging."""
    assert how in HOW
    result = Dismissal()
    deadline = time.monotonic() + timeout

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            if time.monotonic() < deadline:
                QTimer.singleShot(20, attempt)
            return
        result.seen.append(f"{type(dialog).__name__}: {dialog.windowTitle()}")
        if how == "esc":
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()
        QTimer.singleShot(300, lambda: check(dialog))

    def check(dialog: QDialog) -> None:
        try:
            still_open = dialog.isVisible()
        except RuntimeError:  # already deleted: it went away
            return
        if still_open:
            result.stuck.append(type(dialog).__name__)
            dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, attempt)
    return result


def answer_input(qtbot, text: str) -> None:
    """Type ``text`` into the next QInputDialog and press Enter."""
    deadline = time.monotonic() + 20

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            if time.monotonic() < deadline:
                QTimer.singleShot(20, attempt)
            return
        edit = dialog.findChild(QLineEdit)
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, attempt)


def use_the_proposal(qtbot) -> None:
    """In the next new-passphrase dialog: take the proposed words, type them again, OK."""
    deadline = time.monotonic() + 20

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        use = getattr(getattr(dialog, "proposal", None), "use_button", None)
        if use is None:
            if time.monotonic() < deadline:
                QTimer.singleShot(20, attempt)
            return
        use.click()  # fills the first field; the second is typed again, as a person does
        qtbot.keyClicks(dialog.pin_again, dialog.proposal.text)
        dialog.ok_button.click()

    QTimer.singleShot(0, attempt)


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file under ``folders`` with a hash of its contents. SQLite's shared-memory
    index (``-shm``) changes when a database is only read, so it is left out."""
    files: dict[str, str] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.endswith("-shm"):
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files
