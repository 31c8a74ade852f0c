"""How GUI tests act: find a widget by the name a screen reader gives it, type, press keys."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop_app.core.clock import fixed_on
from tests.conftest import DAY


def named(root: QWidget, kind: type, name: str):
    found = [
        w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisibleTo(root)
    ]
    assert len(found) == 1, (
        f"{name!r} among {[w.accessibleName() for w in root.findChildren(kind)]}"
    )
    return found[0]


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def press(qtbot, button: QPushButton) -> None:
    """What a keyboard user does: Tab to the button, press Space."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def next_step(qtbot, window) -> None:
    press(qtbot, named(window.wizard, QPushButton, "Volgende"))


def choose(qtbot, root, name: str) -> None:
    candidates = [
        w
        for w in root.findChildren(QRadioButton) + root.findChildren(QCheckBox)
        if w.accessibleName() == name and w.isVisibleTo(root)
    ]
    assert candidates, name
    widget = candidates[0]
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def open_example(qtbot, window, catalog, regeling_id: str = "amsterdam-bewonersinitiatief"):
    from desktop_app.core.loader import example_application

    regeling = catalog.current(regeling_id, DAY)
    document = example_application(regeling, fixed_on(DAY))
    window.store.save(document)
    window.show_start()
    qtbot.keyClick(named(window, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    return document


def draw_signature(qtbot, pad: QWidget) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 80))
    for x in range(30, 220, 10):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 40)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(220, 70))


def pick_in_dialog(qtbot, path) -> None:
    """Type the file's path in the open-file dialog and press Enter, as a person does."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog), dialog
        try:
            edit = dialog.findChild(QLineEdit, "fileNameEdit")
            edit.setText(str(path))
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():  # never leave a test hanging on an open dialog
                dialog.reject()

    QTimer.singleShot(50, fill)


def answer_message_box(button, seen: list[str] | None = None) -> None:
    """Read the message box that is about to open and press ``button``, as a person does."""
    from PySide6.QtWidgets import QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.button(button) is None:
            QTimer.singleShot(50, answer)
            return
        if seen is not None:
            seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(50, answer)


def go_to_signing(qtbot, window):
    """From the open wizard to its sign page, the way a resident gets there: the check page,
    then 'Verder naar ondertekenen'. Returns the wizard."""
    wizard = window.wizard
    wizard.show_page(len(wizard.steps))
    press(qtbot, named(wizard, QPushButton, "Verder naar ondertekenen"))
    return wizard


def sign_and_wait(qtbot, window):
    """Press 'Ondertekenen en opslaan' and wait for the done page (made in the background)."""
    from desktop_app.ui.done_page import DonePage

    press(qtbot, named(window.wizard, QPushButton, "Ondertekenen en opslaan"))
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), DonePage), timeout=60_000)
    return window.stack.currentWidget()
