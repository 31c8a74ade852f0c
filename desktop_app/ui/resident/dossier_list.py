"""Dossiers on a shared computer: choose one and unlock it with its passphrase. A protected
dossier is told apart by the recognition word and colour its resident chose (the colour always
named beside its swatch); its name stays sealed. At home (one dossier without a passphrase)
nobody sees this page."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from desktop_app.core.errors import UserError
from desktop_app.ui.resident.dossier_words import WORDS
from desktop_app.ui.resident.passphrase import (
    labelled_edit,
    message_label,
    page_layout,
    show_message,
)
from desktop_app.ui.widgets import named_button

if TYPE_CHECKING:
    from desktop_app.resident.service import DossierInfo, DossierStore


def swatch(hex_colour: str, size: int = 32) -> QIcon:
    """A square of the colour with a dark border (visible on any background)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("#202020"))
    inner = QPixmap(size - 4, size - 4)
    inner.fill(QColor(hex_colour))
    from PySide6.QtGui import QPainter

    painter = QPainter(pixmap)
    painter.drawPixmap(2, 2, inner)
    painter.end()
    return QIcon(pixmap)


class DossierPage(QWidget):
    """Which dossier? Unlocks the chosen one; offers a new one, a hand-over file, a wipe."""

    opened = Signal(object)  # OpenDossier
    new_requested = Signal()
    handover_requested = Signal()
    free_requested = Signal()

    def __init__(self, store: DossierStore, language: str) -> None:
        super().__init__()
        self.store, self.language = store, language
        words = WORDS[language]
        self.words = words
        layout = page_layout(self, words["title"], words["intro"])
        list_label = QLabel(words["list"])
        self.dossiers = QListWidget()
        self.dossiers.setAccessibleName(words["list"])
        self.dossiers.setIconSize(self.dossiers.iconSize() * 2)
        self.dossiers.setWordWrap(True)
        list_label.setBuddy(self.dossiers)
        layout.addWidget(list_label)
        layout.addWidget(self.dossiers, 1)
        self.passphrase = labelled_edit(layout, words["passphrase"], secret=True)
        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.open_button = named_button(words["open"])
        self.new_button = named_button(words["new"])
        self.handover_button = named_button(words["handover_in"])
        self.free_button = named_button(words["free"])
        for button in (self.open_button, self.new_button, self.handover_button):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(self.free_button)
        layout.addLayout(row)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_chosen)
        self.passphrase.returnPressed.connect(self.open_chosen)
        self.dossiers.itemActivated.connect(lambda _: self._after_choice())
        self.dossiers.currentItemChanged.connect(lambda *_: self._after_choice(focus=False))
        self.new_button.clicked.connect(self.new_requested)
        self.handover_button.clicked.connect(self.handover_requested)
        self.free_button.clicked.connect(self.free_requested)

    def fill(self) -> None:
        from desktop_app.resident.service import colour

        self.dossiers.clear()
        self.passphrase.clear()
        show_message(self.message, "")
        locale = "nl_NL" if self.language == "nl" else "en_GB"
        for info in self.store.list():
            item = QListWidgetItem(self.row_text(info, locale))
            shown = colour(info.mark_colour)
            if shown is not None:  # the swatch beside the colour's name, never alone
                item.setIcon(swatch(shown.hex))
            item.setData(Qt.ItemDataRole.UserRole, (str(info.id), info.protected))
            self.dossiers.addItem(item)
        if self.dossiers.count():
            self.dossiers.setCurrentRow(self.dossiers.count() - 1)  # the newest first to hand
            self.dossiers.setFocus()
        else:
            self.new_button.setFocus()
        self._after_choice(focus=False)

    def row_text(self, info: DossierInfo, locale: str) -> str:
        """Date and time, and for a protected dossier its resident's word and colour."""
        from babel.dates import format_date, format_time  # not needed for the start screen

        from desktop_app.resident.service import colour

        date = format_date(info.created_at.date(), "long", locale=locale)
        time = format_time(info.created_at, "HH:mm", locale=locale)
        if not info.protected:
            label = info.label or self.words["unnamed"]
            return self.words["plain"].format(label=label, date=date, time=time)
        shown = colour(info.mark_colour)
        if info.mark_word and shown is not None:
            return self.words["protected_marked"].format(
                word=info.mark_word, colour=shown.name.get(self.language), date=date, time=time
            )
        return self.words["protected"].format(date=date, time=time)  # made before marks

    def _chosen(self) -> tuple[uuid.UUID, bool] | None:
        item = self.dossiers.currentItem()
        if item is None:
            return None
        dossier_id, protected = item.data(Qt.ItemDataRole.UserRole)
        return uuid.UUID(dossier_id), protected

    def _after_choice(self, focus: bool = True) -> None:
        chosen = self._chosen()
        protected = chosen is not None and chosen[1]
        self.passphrase.setEnabled(protected)
        if focus:
            if protected:
                self.passphrase.setFocus()
            else:
                self.open_chosen()

    def open_chosen(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            show_message(self.message, self.words["choose_first"])
            return
        dossier_id, protected = chosen
        try:
            dossier = self.store.open(dossier_id, self.passphrase.text() if protected else None)
        except UserError as error:
            self.passphrase.clear()
            show_message(self.message, error.message.get(self.language))
            return
        self.passphrase.clear()
        self.opened.emit(dossier)
