"""Qt's own buttons and dialogs speak Dutch when the app does, and English after the switch.

The Dutch comes from Qt's own catalogue in the PySide6 wheel (qtbase_nl.qm); nothing is built."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from tests.ui.helpers import named, press


def message_box_buttons() -> list[str]:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "t",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return sorted(button.text() for button in box.buttons())


def test_yes_no_and_the_file_dialog_are_dutch(window) -> None:
    assert message_box_buttons() == ["&Ja", "&Nee"]
    dialog = QFileDialog(window, "Bijlage kiezen")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["fileNameLabel"] == "Bestands&naam:"
    assert "Annuleren" in [b.text() for b in dialog.findChildren(QPushButton)]
    dialog.deleteLater()


def test_the_right_click_menu_of_a_text_field_is_dutch(window) -> None:
    field = QLineEdit(window)
    menu = field.createStandardContextMenu()
    words = [action.text().split("\t")[0].replace("&", "") for action in menu.actions()]
    assert {"Knippen", "Kopiëren", "Plakken", "Alles selecteren"} <= set(words)
    menu.deleteLater()
    field.deleteLater()


def test_switching_to_english_switches_qt_too(qtbot, window) -> None:
    press(qtbot, named(window, QPushButton, "English"))
    assert message_box_buttons() == ["&No", "&Yes"]
    press(qtbot, named(window, QPushButton, "Nederlands"))
    assert message_box_buttons() == ["&Ja", "&Nee"]
    assert QApplication.instance() is not None
