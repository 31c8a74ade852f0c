"""Passphrases: the proposal of four ordinary words, a new passphrase typed twice (for a
hand-over file, or the helper's own), and the small form helpers the dossier pages share."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.ui.resident.dossier_words import WORDS
from desktop_app.ui.widgets import make_title, named_button, wrapped_text


def page_layout(page: QWidget, title: str, intro: str) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.addWidget(make_title(title, 1.6))
    layout.addWidget(wrapped_text(intro))
    return layout


def labelled_edit(layout: QVBoxLayout, text: str, secret: bool = False) -> QLineEdit:
    """A visible label with its field; the field's accessible name is the label's text."""
    label = QLabel(text)
    label.setWordWrap(True)
    edit = QLineEdit()
    edit.setAccessibleName(text)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    label.setBuddy(edit)
    layout.addWidget(label)
    layout.addWidget(edit)
    return edit


def message_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setProperty("role", "message")
    label.setProperty("severity", "blocking")
    label.hide()
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
    if text:
        label.setFocus()  # read out at once by a screen reader


class PassphraseProposal(QWidget):
    """Four ordinary words, shown large to write down, with a button for another proposal
    and one that puts it in the passphrase field (typed again in the second field: so the
    resident has it on paper, not only on the screen)."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(words["proposal"])
        intro.setWordWrap(True)
        self.shown = make_title("", 2.0)
        self.shown.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        intro.setBuddy(self.shown)
        self.shown.setAccessibleName(words["proposal"])
        row = QHBoxLayout()
        self.another_button = named_button(words["another"])
        self.use_button = named_button(words["use"])
        row.addWidget(self.another_button)
        row.addWidget(self.use_button)
        row.addStretch()
        for widget in (intro, self.shown):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.another_button.clicked.connect(self.renew)
        self.renew()

    @property
    def text(self) -> str:
        return self.shown.text()

    def renew(self) -> None:
        from desktop_app.resident.service import propose

        self.shown.setText(propose())
        self.shown.setAccessibleDescription(self.shown.text())

    def use_in(self, first: QLineEdit, second: QLineEdit) -> None:
        first.setText(self.text)
        second.clear()
        second.setFocus()


class PassphraseDialog(QDialog):
    """A new passphrase (for a hand-over file): the proposal, typed twice, strong enough."""

    def __init__(self, parent: QWidget | None, language: str, intro: str) -> None:
        super().__init__(parent)
        self.language = language
        words = WORDS[language]
        self.words = words
        self.setWindowTitle("Klein Initiatief")
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_text(intro))
        self.proposal = PassphraseProposal(words)
        layout.addWidget(self.proposal)
        self.pin = labelled_edit(layout, words["pin"], secret=True)
        self.pin_again = labelled_edit(layout, words["pin_again"], secret=True)
        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        back = named_button(words["back"])
        self.ok_button = named_button(words["ok"])
        row.addWidget(back)
        row.addStretch()
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.ok_button.setDefault(True)
        back.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.check_and_accept)
        self.proposal.use_button.clicked.connect(
            lambda: self.proposal.use_in(self.pin, self.pin_again)
        )

    @property
    def passphrase(self) -> str:
        return self.pin.text()

    def check_and_accept(self) -> None:
        from desktop_app.resident.service import TOO_WEAK, is_strong

        if self.pin.text() != self.pin_again.text():
            self.pin_again.clear()
            show_message(self.message, self.words["no_match"])
            return
        if not is_strong(self.pin.text()):
            show_message(self.message, TOO_WEAK.get(self.language))
            return
        self.accept()
