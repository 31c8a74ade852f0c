"""The officials' "Inzicht" tab: bars per area and goal (QPainter; PySide6-Essentials has no
QtCharts), each chart also as a table a screen reader reads, number by number."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.loader import Catalog
from desktop_app.officials import insight
from desktop_app.officials.store import CaseStore


class BarChart(QWidget):
    """Horizontal bars, one per label; a suppressed group has no bar and says "< 5"."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.bars: list[tuple[str, float | None, str]] = []
        self.setAccessibleName(name)
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, float | None, str]]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {text}" for label, _, text in bars))
        self.setMinimumHeight(24 * max(len(bars), 1) + 8)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        top = max((v for _, v, _ in self.bars if v), default=1.0)
        label_width = 160.0
        width = max(self.width() - label_width - 90, 10)
        for index, (label, value, text) in enumerate(self.bars):
            y = 4 + index * 24
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y, label_width - 8, 20), Qt.AlignmentFlag.AlignRight, label)
            length = width * (value or 0) / top
            painter.fillRect(QRectF(label_width, y + 2, length, 16), QColor("#1d3f66"))
            painter.drawText(QRectF(label_width + length + 6, y, 90, 20), 0, text)
        painter.end()


class InsightTab(QWidget):
    def __init__(self, store: CaseStore, catalog: Catalog, language: str = "nl") -> None:
        super().__init__()
        self.store, self.catalog, self.language = store, catalog, language
        nl = language == "nl"
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.area_chart = BarChart("Aanvragen per gebied" if nl else "Applications per area")
        self.goal_chart = BarChart("Aanvragen per doel" if nl else "Applications per goal")
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Inzicht per gebied" if nl else "Insight per area")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels(
            ["Gebied", "Ingediend", "Toegekend", "Toegekend (€)", "Plafond (€)"]
            if nl
            else ["Area", "Applications", "Granted", "Granted (€)", "Ceiling (€)"]
        )
        for chart in (self.area_chart, self.goal_chart):
            layout.addWidget(QLabel(chart.accessibleName()))
            layout.addWidget(chart)
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        used = sorted({c.regeling_id for c in self.store.cases()} & set(self.catalog.ids()))
        if not used:
            self.summary.setText("Nog geen dossiers." if self.language == "nl" else "No cases.")
            return
        made = insight.compute(self.store, self.catalog, used[0], insight.Period())
        lang = self.language
        self.summary.setText(
            f"{made.regeling_name.get(lang)}: {made.total.applications_shown} "
            + (
                "aanvragen (alle periodes, volgens activiteitsdatum)."
                if lang == "nl"
                else "applications (all periods, by activity date)."
            )
        )

        def bars(rows: list[insight.Row]) -> list[tuple[str, float | None, str]]:
            return [
                (
                    r.name.get(lang),
                    float(r.figures.applications) if r.figures else None,
                    r.applications_shown,
                )
                for r in rows
                if r.applications_shown != "0"
            ]

        self.area_chart.set_bars(bars(made.by_area))
        self.goal_chart.set_bars(bars(made.by_goal))
        rows = [r for r in made.by_area if r.applications_shown != "0"]
        self.table.setRowCount(len(rows))
        for number, r in enumerate(rows):
            f = r.figures
            values = [
                r.name.get(lang),
                r.applications_shown,
                str(f.granted) if f else "",
                f"{f.granted_amount:.2f}" if f else "",
                f"{r.ceiling:.2f}" if r.ceiling is not None else "",
            ]
            for column, value in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(value))
