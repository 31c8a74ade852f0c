"""Nieuwe aanvraag: choose the municipality and regeling (the current version of each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock, today
from desktop_app.core.language import Language
from desktop_app.ui.resident.words import WORDS
from desktop_app.ui.widgets import make_title, named_button

if TYPE_CHECKING:
    from desktop_app.core.loader import Catalog


class ChooserPage(QWidget):
    chosen = Signal(str)  # the regeling id
    back = Signal()

    def __init__(self, catalog: Catalog, clock: Clock, language: Language) -> None:
        super().__init__()
        words = WORDS[language]
        layout = QVBoxLayout(self)
        label = make_title(words["choose"])
        self.regelingen = QListWidget()
        self.regelingen.setAccessibleName(words["choose"])
        self.regelingen.setWordWrap(True)
        label.setBuddy(self.regelingen)
        day = today(clock)
        for regeling_id in catalog.ids():
            regeling = catalog.current(regeling_id, day)
            text = (
                f"{regeling.municipality.get(language)} — {regeling.name.get(language)}\n"
                f"{regeling.summary.get(language)}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, regeling.id)
            self.regelingen.addItem(item)
        self.regelingen.setCurrentRow(0)
        self.regelingen.itemActivated.connect(lambda _: self.start())
        layout.addWidget(label)
        layout.addWidget(self.regelingen, 1)
        row = QHBoxLayout()
        back = named_button(words["cancel"])
        back.clicked.connect(self.back)
        start = named_button(words["start"])
        start.clicked.connect(self.start)
        row.addWidget(back)
        row.addStretch()
        row.addWidget(start)
        layout.addLayout(row)

    def start(self) -> None:
        item = self.regelingen.currentItem()
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
