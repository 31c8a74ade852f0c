"""The budget page: requested, granted and remaining per area against the ceiling, and a new
ceiling for this year. Filled when it is shown (not on opening the window)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.text import fill
from desktop_app.officials.service import OfficialsService
from desktop_app.ui.officials.common import button, labelled


class BudgetTab(QWidget):
    def __init__(self, service: OfficialsService) -> None:
        super().__init__()
        self.service = service
        self.language = service.language
        self._stale = True
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.budget_regeling = QComboBox()
        for choice in service.regeling_choices(used_only=False):
            self.budget_regeling.addItem(choice.value, choice.value)
        self.budget_year = QSpinBox()
        self.budget_year.setRange(2020, 2100)
        self.budget_year.setValue(service.this_year())
        row.addWidget(labelled(self.w(N_("Regeling")), self.budget_regeling))
        row.addWidget(self.budget_regeling)
        row.addWidget(labelled(self.w(N_("Jaar")), self.budget_year))
        row.addWidget(self.budget_year)
        row.addStretch()
        layout.addLayout(row)
        self.budget_table = QTableWidget(0, 6)
        self.budget_table.setHorizontalHeaderLabels(
            [
                self.w(N_("Gebied")),
                self.w(N_("Plafond")),
                self.w(N_("Gevraagd")),
                self.w(N_("Toegekend")),
                self.w(N_("Over")),
                self.w(N_("Besteed van plafond")),
            ]
        )
        self.budget_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.budget_table.setAccessibleName(self.w(N_("Budget per gebied")))
        layout.addWidget(self.budget_table, 1)
        ceiling_row = QHBoxLayout()
        self.ceiling_area = QComboBox()
        self.ceiling_amount = QLineEdit()
        self.save_ceiling = button(self.w(N_("Plafond opslaan")))
        ceiling_row.addWidget(labelled(self.w(N_("Gebied voor nieuw plafond")), self.ceiling_area))
        ceiling_row.addWidget(self.ceiling_area)
        ceiling_row.addWidget(labelled(self.w(N_("Nieuw plafond dit jaar")), self.ceiling_amount))
        ceiling_row.addWidget(self.ceiling_amount)
        ceiling_row.addWidget(self.save_ceiling)
        ceiling_row.addStretch()
        layout.addLayout(ceiling_row)
        self.budget_regeling.currentIndexChanged.connect(self.fill)
        self.budget_year.valueChanged.connect(self.fill)
        self.save_ceiling.clicked.connect(self._save_ceiling)

    def w(self, dutch: str) -> str:
        """A catalogued Dutch text in the page's language."""
        return gettext(self.language, dutch)

    def cases_changed(self) -> None:
        """The cases changed: show a scheme that has cases, fill again when next shown."""
        used = [choice.value for choice in self.service.regeling_choices()]
        if used and self.budget_regeling.currentData() not in used:
            self.budget_regeling.blockSignals(True)
            self.budget_regeling.setCurrentIndex(self.budget_regeling.findData(used[0]))
            self.budget_regeling.blockSignals(False)
        self._stale = True
        if self.isVisible():
            self.fill()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self.fill()
        super().showEvent(event)

    def fill(self) -> None:
        regeling_id = self.budget_regeling.currentData()
        if regeling_id is None:
            return
        self._stale = False
        overview = self.service.budget(regeling_id, self.budget_year.value())
        self.budget_table.setRowCount(len(overview))
        self.ceiling_area.clear()
        for row, area in enumerate(overview):
            self.ceiling_area.addItem(self.service.text(area.name), area.area)
            *cells, share = self.service.budget_cells(area)
            for column, value in enumerate(cells):
                self.budget_table.setItem(row, column, QTableWidgetItem(str(value)))
            bar = QProgressBar()
            bar.setValue(min(int(share), 100))
            bar.setFormat(f"{share}%")
            bar.setAccessibleName(
                fill(
                    self.w(N_("{area}: {share}% van het plafond toegekend")),
                    {"area": self.service.text(area.name), "share": str(share)},
                )
            )
            self.budget_table.setCellWidget(row, 5, bar)
        self.budget_table.resizeColumnsToContents()

    def _save_ceiling(self) -> None:
        try:
            self.service.set_ceiling(
                self.budget_regeling.currentData(),
                self.ceiling_area.currentData(),
                self.budget_year.value(),
                self.ceiling_amount.text(),
            )
        except UserError as error:
            QMessageBox.warning(self, self.w(N_("Plafond")), self.service.text(error.message))
            return
        self.ceiling_amount.clear()
        self.fill()
