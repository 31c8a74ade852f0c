"""Start the window: the regelingen the app knows, each explained in plain words."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Language

TITLE = {"nl": "Klein Initiatief", "en": "Klein Initiatief"}
HEADING = {
    "nl": "Subsidie voor uw buurtinitiatief",
    "en": "A grant for your neighbourhood initiative",
}
CHOOSE = {"nl": "Kies uw gemeente en regeling", "en": "Choose your municipality and scheme"}


class StartWindow(QMainWindow):
    def __init__(self, catalog: Catalog, language: Language) -> None:
        super().__init__()
        self.setWindowTitle(TITLE[language])
        central = QWidget()
        layout = QVBoxLayout(central)
        heading = QLabel(HEADING[language])
        heading.setAccessibleName(HEADING[language])
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        label = QLabel(CHOOSE[language])
        self.regelingen = QListWidget()
        self.regelingen.setAccessibleName(CHOOSE[language])
        label.setBuddy(self.regelingen)
        layout.addWidget(label)
        layout.addWidget(self.regelingen)
        day = today(SystemClock())
        for regeling_id in catalog.ids():
            regeling = catalog.current(regeling_id, day)
            text = (
                f"{regeling.municipality.get(language)} — {regeling.name.get(language)}\n"
                f"{regeling.summary.get(language)}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, regeling.key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.regelingen.addItem(item)
        if self.regelingen.count():
            self.regelingen.setCurrentRow(0)
        self.setCentralWidget(central)
        self.resize(900, 600)


def run_app(language: Language, extra_forms: Sequence[Path] = ()) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = StartWindow(Catalog.default(extra_forms), language)
    window.show()
    return app.exec()
