"""A new dossier: the initiative's name; on a shared computer a passphrase typed twice, and a
recognition word and colour to find it in the list without showing the name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.core.errors import UserError
from desktop_app.ui.resident.dossier_list import swatch
from desktop_app.ui.resident.dossier_words import WORDS
from desktop_app.ui.resident.passphrase import (
    PassphraseProposal,
    labelled_edit,
    message_label,
    page_layout,
    show_message,
)
from desktop_app.ui.widgets import named_button, scrolled

if TYPE_CHECKING:
    from desktop_app.resident.service import DossierStore, OpenDossier


class NewDossierPage(QWidget):
    """Name of the initiative; on a shared computer a passphrase or PIN, typed twice."""

    created = Signal(object)  # OpenDossier
    cancelled = Signal()

    def __init__(self, store: DossierStore, language: str) -> None:
        from desktop_app.resident.service import COLOURS, MAX_WORD

        super().__init__()
        self.store, self.language = store, language
        words = WORDS[language]
        self.words = words
        # Scrolls: with the proposal shown, the page is taller than 800 pixels at 200% font.
        inner = QWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(inner))
        layout = page_layout(inner, words["new_title"], words["new_intro"])
        self.name = labelled_edit(layout, words["name"])
        self.shared = QCheckBox(words["shared"])
        self.shared.setAccessibleName(words["shared"])
        help_text = words["shared_help"]
        self.shared.setAccessibleDescription(help_text)
        layout.addWidget(self.shared)
        self.shared_help = QLabel(help_text)
        self.shared_help.setWordWrap(True)
        self.shared_help.setProperty("role", "help")
        layout.addWidget(self.shared_help)
        self.proposal = PassphraseProposal(words)
        layout.addWidget(self.proposal)
        self.pin = labelled_edit(layout, words["pin"], secret=True)
        self.pin_again = labelled_edit(layout, words["pin_again"], secret=True)
        # How the resident finds this dossier in the list without its name being shown.
        self.mark_word = labelled_edit(layout, words["mark_word"])
        self.mark_word.setMaxLength(MAX_WORD)
        self.mark_help = QLabel(words["mark_help"])
        self.mark_help.setWordWrap(True)
        self.mark_help.setProperty("role", "help")
        self.mark_word.setAccessibleDescription(words["mark_help"])
        layout.addWidget(self.mark_help)
        colour_label = QLabel(words["mark_colour"])
        self.mark_colour = QComboBox()
        self.mark_colour.setAccessibleName(words["mark_colour"])
        colour_label.setBuddy(self.mark_colour)
        for shown in COLOURS:
            self.mark_colour.addItem(swatch(shown.hex), shown.name.get(language), shown.key)
        # Wide enough for the longest colour name and an easy target, at any font size.
        self.mark_colour.setMinimumContentsLength(12)
        self.mark_colour.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.mark_colour)
        colour_row.addStretch()
        layout.addWidget(colour_label)
        layout.addLayout(colour_row)
        self.mark_widgets: list[QWidget] = [
            self.mark_word,
            self.mark_help,
            colour_label,
            self.mark_colour,
        ]
        self.proposal.use_button.clicked.connect(
            lambda: self.proposal.use_in(self.pin, self.pin_again)
        )
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addStretch()
        row = QHBoxLayout()
        back = named_button(words["back"])
        self.create_button = named_button(words["create"])
        row.addWidget(back)
        row.addStretch()
        row.addWidget(self.create_button)
        layout.addLayout(row)
        back.clicked.connect(self.cancelled)
        self.create_button.clicked.connect(self.create_dossier)
        self.shared.toggled.connect(self._show_pin)
        self.pin_again.returnPressed.connect(self.create_dossier)

    def fill(self, shared: bool) -> None:
        from desktop_app.resident.service import COLOURS

        for edit in (self.name, self.pin, self.pin_again, self.mark_word):
            edit.clear()
        self.mark_colour.setCurrentIndex(len(self.store.list()) % len(COLOURS))
        show_message(self.message, "")
        self.proposal.renew()
        self.shared.setChecked(shared)
        self._show_pin(shared)
        self.name.setFocus()

    def _show_pin(self, shared: bool) -> None:
        shown: list[QWidget] = [self.shared_help, self.proposal, self.pin, self.pin_again]
        for widget in shown + self.mark_widgets:
            widget.setVisible(shared)
        for label in self.findChildren(QLabel):
            if label.buddy() in (self.pin, self.pin_again, self.mark_word):
                label.setVisible(shared)

    def create_dossier(self) -> None:
        name = self.name.text().strip()
        if not name:
            show_message(self.message, self.words["need_name"])
            return
        passphrase, mark = None, None
        if self.shared.isChecked():
            mark = (self.mark_word.text(), str(self.mark_colour.currentData()))
            if self.pin.text() != self.pin_again.text():
                self.pin.clear()
                self.pin_again.clear()
                show_message(self.message, self.words["no_match"])
                return
            passphrase = self.pin.text()
        try:
            dossier: OpenDossier = self.store.create(name, passphrase, mark=mark)
        except UserError as error:
            show_message(self.message, error.message.get(self.language))
            return
        self.pin.clear()
        self.pin_again.clear()
        self.created.emit(dossier)
