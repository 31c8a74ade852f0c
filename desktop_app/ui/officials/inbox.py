"""The applications page: every case as one line of a model/view table (the service's rows,
made once per reading of the store), filters that apply at once, a search that waits for a
pause in typing, the chosen case's view below, and what the official can do with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.text import fill
from desktop_app.officials.service import Case, CaseFilter, CaseRow, Choice, OfficialsService
from desktop_app.ui.officials.case_view import CaseView, open_attachment, settle_case
from desktop_app.ui.officials.common import button, labelled
from desktop_app.ui.officials.decide_dialog import decide_case

COLUMNS = (  # Dutch; shown in the window's language
    N_("Initiatief"),
    N_("Aanvrager"),
    N_("Regeling"),
    N_("Gebied"),
    N_("Gevraagd"),
    N_("Toegekend"),
    N_("Status"),
    N_("Fouten"),
    N_("Waarschuwingen"),
    N_("Ondertekend"),
    N_("Soort"),
    N_("Betrouwbaarheid"),
)
SEARCH_PAUSE_MS = 150  # a search runs when typing pauses this long (or on Enter)
Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    """The lines that pass the filter, sorted by the chosen column; no cell objects."""

    def __init__(self, headers: list[str]) -> None:
        super().__init__()
        self.headers = headers
        self.all_rows: list[CaseRow] = []
        self.shown: list[CaseRow] = []
        self.wanted = CaseFilter()
        self.sort_column, self.descending = -1, False

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.all_rows = rows
        self._apply()

    def set_filter(self, wanted: CaseFilter) -> None:
        if wanted != self.wanted:
            before, self.wanted = self.wanted, wanted
            # One more letter typed: only what is shown now can still match (and stays sorted).
            typed, had = wanted.search.strip().lower(), before.search.strip().lower()
            narrower = replace(before, search=wanted.search) == wanted and typed.startswith(had)
            self._apply(within=self.shown if narrower else None)

    def _apply(self, within: list[CaseRow] | None = None) -> None:
        wanted = replace(self.wanted, search=self.wanted.search.strip().lower())
        shown = [
            row for row in (self.all_rows if within is None else within) if wanted.matches(row)
        ]
        if within is None and self.sort_column >= 0:
            column = self.sort_column
            shown.sort(key=lambda row: row.sort_key(column), reverse=self.descending)
        self.beginResetModel()
        self.shown = shown
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.shown):
            return None
        row = self.shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return str(row.bundle_id)
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._apply()

    def row_at(self, number: int) -> CaseRow | None:
        return self.shown[number] if 0 <= number < len(self.shown) else None


class InboxTab(QWidget):
    """``said(message)`` for the status line; ``changed()`` after a decision or settlement."""

    said = Signal(str)
    changed = Signal()

    def __init__(self, service: OfficialsService) -> None:
        super().__init__()
        self.service = service
        self.language = service.language
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.filter_regeling = QComboBox()
        self.filter_area = QComboBox()
        self.filter_status = QComboBox()
        self.search = QLineEdit()
        for text, widget in (
            (self.w(N_("Regeling")), self.filter_regeling),
            (self.w(N_("Gebied")), self.filter_area),
            (self.w(N_("Status")), self.filter_status),
            (self.w(N_("Zoeken")), self.search),
        ):
            filters.addWidget(labelled(text, widget))
            filters.addWidget(widget)
        self.only_warnings = QCheckBox(self.w(N_("Alleen met waarschuwingen")))
        self.only_signed = QCheckBox(self.w(N_("Alleen ondertekend")))
        for box in (self.only_warnings, self.only_signed):
            box.setAccessibleName(box.text())
            filters.addWidget(box)
            box.toggled.connect(self.apply_filter)
        layout.addLayout(filters)
        self.model = CaseTableModel([self.w(c) for c in COLUMNS])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setResizeContentsPrecision(30)  # widths from a sample
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName(self.w(N_("Aanvragen")))
        # The detail follows the row the keyboard (or mouse) is on.
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        layout.addWidget(self.table, 2)
        self.detail = CaseView(service)
        layout.addWidget(QLabel(self.w(N_("Details"))))
        layout.addWidget(self.detail, 2)
        row = QHBoxLayout()
        self.decide_button = button(self.w(N_("Besluiten…")))
        self.settle_button = button(self.w(N_("Vaststellen…")))
        self.attachment_button = button(self.w(N_("Bijlage openen…")))
        self.export_csv = button(self.w(N_("Exporteren als CSV…")))
        self.export_xlsx = button(self.w(N_("Exporteren als Excel…")))
        self.decide_button.clicked.connect(lambda: self._act(decide_case))
        self.settle_button.clicked.connect(lambda: self._act(settle_case))
        self.attachment_button.clicked.connect(
            lambda: open_attachment(self, service, self.selected_case(), self.said.emit)
        )
        self.export_csv.clicked.connect(lambda: self._export("csv"))
        self.export_xlsx.clicked.connect(lambda: self._export("xlsx"))
        for action in (
            self.decide_button,
            self.settle_button,
            self.attachment_button,
            self.export_csv,
            self.export_xlsx,
        ):
            row.addWidget(action)
        row.addStretch()
        layout.addLayout(row)
        for combo in (self.filter_regeling, self.filter_area, self.filter_status):
            combo.currentIndexChanged.connect(self.apply_filter)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._search_pause.start())
        self.search.returnPressed.connect(self.apply_filter)

    def w(self, dutch: str) -> str:
        """A catalogued Dutch text in the page's language."""
        return gettext(self.language, dutch)

    def refresh(self) -> None:
        """Show the service's cases (read once per change), keeping the filters chosen."""
        for combo, choices in (
            (self.filter_regeling, self.service.regeling_choices()),
            (self.filter_area, self.service.area_choices()),
            (self.filter_status, self.service.status_choices()),
        ):
            self._fill_combo(combo, choices)
        first = not self.model.all_rows
        self.model.wanted = self.current_filter()
        self.model.set_rows(self.service.rows())
        if first and self.model.all_rows:
            self.table.resizeColumnsToContents()

    def _fill_combo(self, combo: QComboBox, choices: list[Choice]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.w(N_("Alle")), None)
        for choice in choices:
            combo.addItem(choice.label, choice.value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            regeling_id=self.filter_regeling.currentData(),
            area=self.filter_area.currentData(),
            status=self.filter_status.currentData(),
            search=self.search.text(),
            only_warnings=self.only_warnings.isChecked(),
            only_signed=self.only_signed.isChecked(),
        )

    def apply_filter(self) -> None:
        """Narrow the table to what the filters and the search box say (now)."""
        self._search_pause.stop()
        self.model.set_filter(self.current_filter())

    def search_pending(self) -> bool:
        return self._search_pause.isActive()

    def selected_case(self) -> Case | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return None if row is None else self.service.case(row.bundle_id)

    def _show_detail(self) -> None:
        self.detail.show_case(self.selected_case())

    def _act(self, action: Callable[[QWidget, OfficialsService, Case | None], str | None]) -> None:
        message = action(self, self.service, self.selected_case())
        if message is not None:
            self.said.emit(message)
            self.changed.emit()

    def _export(self, kind: str) -> None:
        title = self.w(N_("Exporteren"))
        chosen, _ = QFileDialog.getSaveFileName(
            self, title, str(self.service.output / f"aanvragen.{kind}")
        )
        if not chosen:
            return
        from pathlib import Path

        try:
            self.service.write_export(Path(chosen), "csv" if kind == "csv" else "xlsx")
        except UserError as error:
            QMessageBox.warning(self, title, self.service.text(error.message))
            return
        self.said.emit(fill(self.w(N_("Geëxporteerd naar {file}.")), {"file": chosen}))
