"""The officials' "Inzicht" tab: for a regeling and a period, bars per area or per goal, the
budget used against the area's ceiling over time, a table, and the export to a workbook or
the committee's PDF/A (the same files as ``klein-initiatief overview``).

Every control has a label and a keyboard shortcut; the charts carry their numbers in their
accessible description (insight_charts). The numbers come from officials.insight only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock, SystemClock, today
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.loader import Catalog
from desktop_app.core.money import format_money
from desktop_app.core.text import fill
from desktop_app.officials.service import CaseStore, insight
from desktop_app.ui.background import run_in_background
from desktop_app.ui.insight_charts import BarChart, TimelineChart

# The table's columns after the area or goal (Dutch; shown in the tab's language).
TABLE_HEAD = (
    N_("Ingediend"),
    N_("Toegekend"),
    N_("Afgewezen"),
    N_("Verslag"),
    N_("Gevraagd"),
    N_("Toegekend (€)"),
    N_("Plafond"),
    N_("Deelnemers (verslag)"),
    N_("Doorgegaan"),
)


class InsightTab(QWidget):
    def __init__(
        self,
        store: CaseStore,
        catalog: Catalog,
        language: str = "nl",
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.store, self.catalog, self.language = store, catalog, language
        self.clock = clock or SystemClock()
        self.made: insight.Insight | None = None
        self._whole_period = True  # follow the data until the official picks dates
        self._busy = False
        layout = QVBoxLayout(self)
        controls = QGridLayout()
        layout.addLayout(controls)
        self.regeling = QComboBox()
        self.start = self._date_edit()
        self.end = self._date_edit()
        self.basis = QComboBox()
        for key, dutch in (
            ("activity", N_("Datum van de activiteit")),
            ("import", N_("Datum van inlezen")),
        ):
            self.basis.addItem(self.w(dutch), key)
        self.grouping = QComboBox()
        for key, dutch in (("area", N_("Per gebied")), ("goal", N_("Per doel"))):
            self.grouping.addItem(self.w(dutch), key)
        self.whole = QPushButton(self.w(N_("Hele &periode")))
        self.whole.setAccessibleName(self.w(N_("Hele periode")))
        for column, (widget, dutch) in enumerate(
            (
                (self.regeling, N_("Re&geling")),
                (self.start, N_("&Vanaf")),
                (self.end, N_("&Tot en met")),
                (self.basis, N_("Periode v&olgens")),
                (self.grouping, N_("I&ndeling")),
            )
        ):
            self._labelled(controls, 0, column, widget, dutch)
        controls.addWidget(self.whole, 1, 5)
        controls.setColumnStretch(0, 2)  # the regeling's name is the longest
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        charts = QHBoxLayout()
        layout.addLayout(charts, 1)
        left, right = QVBoxLayout(), QVBoxLayout()
        charts.addLayout(left, 1)
        charts.addLayout(right, 1)
        self.bars = BarChart(self.w(N_("Aanvragen per gebied")))
        self.bars_title = QLabel(self.bars.accessibleName())
        left.addWidget(self.bars_title)
        left.addWidget(self.bars)
        left.addStretch()
        self.line_for = QComboBox()
        line_row = QGridLayout()
        self._labelled(line_row, 0, 0, self.line_for, N_("Ti&jdlijn voor"))
        right.addLayout(line_row)
        self.timeline = TimelineChart(
            self.w(N_("Budget gebruikt tegen het plafond")),
            language,
        )
        right.addWidget(QLabel(self.timeline.accessibleName()))
        right.addWidget(self.timeline, 1)
        self.table = QTableWidget(0, 10)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        self.export_xlsx = QPushButton(self.w(N_("Exporteren als &Excel-bestand")))
        self.export_pdf = QPushButton(self.w(N_("Exporteren als PD&F")))
        for button, kind in ((self.export_xlsx, "xlsx"), (self.export_pdf, "pdf")):
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _=False, k=kind: self.choose_export(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.w(N_("Melding")))
        layout.addWidget(self.message)
        self.grouping.activated.connect(lambda _=0: self.refresh())
        # Another regeling or another kind of date: the whole period of that data again.
        self.regeling.activated.connect(lambda _=0: self._follow_data())
        self.basis.activated.connect(lambda _=0: self._follow_data())
        for edit in (self.start, self.end):
            edit.userDateChanged.connect(self._dates_picked)
        self.whole.clicked.connect(self._follow_data)
        self.line_for.activated.connect(lambda _=0: self._show_timeline())

    def w(self, dutch: str) -> str:
        """A catalogued Dutch text in the tab's language."""
        return gettext(self.language, dutch)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy" if self.language == "nl" else "yyyy-MM-dd")
        return edit

    def _labelled(
        self, grid: QGridLayout, row: int, column: int, widget: QWidget, dutch: str
    ) -> None:
        label = QLabel(self.w(dutch))
        label.setBuddy(widget)
        widget.setAccessibleName(label.text().replace("&", ""))
        grid.addWidget(label, row, column)
        grid.addWidget(widget, row + 1, column)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.refresh()
        super().showEvent(event)

    def _dates_picked(self) -> None:
        if not self._busy:
            self._whole_period = False
            self.refresh()

    def _follow_data(self) -> None:
        self._whole_period = True
        self.refresh()

    def period(self) -> insight.Period:
        def day(edit: QDateEdit) -> dt.date:
            date = edit.date()
            return dt.date(date.year(), date.month(), date.day())

        return insight.Period(day(self.start), day(self.end), self.basis.currentData())

    def refresh(self) -> None:
        self._busy = True
        try:
            self._refresh()
        finally:
            self._busy = False

    def _refresh(self) -> None:
        used = insight.regelingen_in(self.store, self.catalog)
        chosen = self.regeling.currentData()
        self.regeling.clear()
        for regeling_id in used:
            name = self.catalog.current(regeling_id, today(self.clock)).name.get(self.language)
            self.regeling.addItem(name, regeling_id)
        if chosen in used:
            self.regeling.setCurrentIndex(used.index(chosen))
        self.made = None
        for widget in (self.export_xlsx, self.export_pdf):
            widget.setEnabled(bool(used))
        if not used:
            self.summary.setText(self.w(N_("Nog geen dossiers.")))
            return
        regeling_id = self.regeling.currentData()
        span = insight.day_range(self.store, regeling_id, self.basis.currentData())
        if self._whole_period and span is not None:
            for edit, day in zip((self.start, self.end), span, strict=True):
                edit.setDate(QDate(day.year, day.month, day.day))
        try:
            self.made = insight.overview(self.store, self.catalog, regeling_id, self.period())
        except UserError as error:
            self.summary.setText(error.message.get(self.language))
            return
        self._show(self.made)

    def _show(self, made: insight.Insight) -> None:
        lang = self.language
        start, end = self.start.text(), self.end.text()
        self.summary.setText(
            fill(
                self.w(
                    N_(
                        "{regeling}: {count} aanvragen van {start} tot en met {end}. Groepen "
                        "kleiner dan {threshold} staan er als '< {threshold}', zodat niemand "
                        "te herkennen is."
                    )
                ),
                {
                    "regeling": made.regeling_name.get(lang),
                    "count": str(made.total.applications_shown),
                    "start": start,
                    "end": end,
                    "threshold": str(made.threshold),
                },
            )
        )
        per_area = self.grouping.currentData() == "area"
        rows = made.by_area if per_area else made.by_goal
        title = self.w(N_("Aanvragen per gebied")) if per_area else self.w(N_("Aanvragen per doel"))
        self.bars.setAccessibleName(title)
        self.bars_title.setText(title)
        self.bars.set_bars(
            [
                (
                    r.name.get(lang),
                    float(r.figures.applications) if r.figures else None,
                    r.applications_shown,
                )
                for r in rows
                if r.applications_shown != "0"
            ]
        )
        self._fill_table([r for r in rows if r.applications_shown != "0"] + [made.total], per_area)
        chosen = self.line_for.currentData()
        self.line_for.clear()
        for r in [made.total, *made.by_area]:
            if r.key in made.timelines and r.applications_shown != "0":
                self.line_for.addItem(r.name.get(lang), r.key)
        keys = [self.line_for.itemData(i) for i in range(self.line_for.count())]
        if chosen in keys:
            self.line_for.setCurrentIndex(keys.index(chosen))
        self._show_timeline()

    def _fill_table(self, rows: list[insight.Row], per_area: bool) -> None:
        lang = self.language
        self.table.setAccessibleName(
            self.w(N_("Inzicht per gebied")) if per_area else self.w(N_("Inzicht per doel"))
        )
        head = [
            self.w(N_("Gebied")) if per_area else self.w(N_("Doel")),
            *(self.w(dutch) for dutch in TABLE_HEAD),
        ]
        self.table.setHorizontalHeaderLabels(head)
        self.table.setRowCount(len(rows))

        def money(value: object) -> str:
            return format_money(value, lang) if value is not None else ""  # type: ignore[arg-type]

        for number, r in enumerate(rows):
            f = r.figures
            values = [r.name.get(lang), r.applications_shown]
            if f is None:
                values += ["", "", "", "", "", money(r.ceiling), "", ""]
            else:
                share = f.took_place_share
                values += [str(f.granted), str(f.rejected), str(f.reported)]
                values += [money(f.requested), money(f.granted_amount), money(r.ceiling)]
                values.append(f"{f.actual_participants} ({f.actual_participants_n})")
                values.append(f"{int(share * 100)}%" if share is not None else "—")
            for column, value in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def _show_timeline(self) -> None:
        made = self.made
        key = self.line_for.currentData()
        if made is None or key is None:
            self.timeline.set_note(self.w(N_("Te weinig aanvragen om de tijdlijn te tonen.")))
            return
        row = next(r for r in [made.total, *made.by_area] if r.key == key)
        self.timeline.set_line(
            made.timelines[key],
            row.ceiling,
            fill(
                self.w(N_("{name}: toegekend, opgeteld per datum van het besluit")),
                {"name": row.name.get(self.language)},
            ),
            (made.period.start, made.period.end) if made.period.start and made.period.end else None,
        )

    # Export ---------------------------------------------------------------------------

    def choose_export(self, kind: str) -> None:
        made = self.made
        if made is None:
            return
        name = f"inzicht-{made.regeling_id}.{kind}"
        wanted = "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(
            self, self.w(N_("Exporteren")), str(Path.home() / name), wanted
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        self.message.setText(self.w(N_("Bezig met opslaan…")))
        made_at = self.clock.now()
        run_in_background(
            self,
            lambda: insight.export(made, target, made_at),
            lambda _: self.message.setText(
                fill(self.w(N_("Opgeslagen als {file}.")), {"file": str(target)})
            ),
            lambda error: self.message.setText(error.message.get(self.language)),
        )
