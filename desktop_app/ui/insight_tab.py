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
from desktop_app.core.loader import Catalog
from desktop_app.core.money import format_money
from desktop_app.officials.service import CaseStore, insight
from desktop_app.ui.background import run_in_background
from desktop_app.ui.insight_charts import BarChart, TimelineChart


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
        for key, nl, en in (
            ("activity", "Datum van de activiteit", "Date of the activity"),
            ("import", "Datum van inlezen", "Date of import"),
        ):
            self.basis.addItem(self.w(nl, en), key)
        self.grouping = QComboBox()
        for key, nl, en in (("area", "Per gebied", "Per area"), ("goal", "Per doel", "Per goal")):
            self.grouping.addItem(self.w(nl, en), key)
        self.whole = QPushButton(self.w("Hele &periode", "Whole &period"))
        self.whole.setAccessibleName(self.w("Hele periode", "Whole period"))
        for column, (widget, nl, en) in enumerate(
            (
                (self.regeling, "Re&geling", "Sche&me"),
                (self.start, "&Vanaf", "F&rom"),
                (self.end, "&Tot en met", "&To"),
                (self.basis, "Periode v&olgens", "Period b&y"),
                (self.grouping, "I&ndeling", "&Grouping"),
            )
        ):
            self._labelled(controls, 0, column, widget, nl, en)
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
        self.bars = BarChart(self.w("Aanvragen per gebied", "Applications per area"))
        self.bars_title = QLabel(self.bars.accessibleName())
        left.addWidget(self.bars_title)
        left.addWidget(self.bars)
        left.addStretch()
        self.line_for = QComboBox()
        line_row = QGridLayout()
        self._labelled(line_row, 0, 0, self.line_for, "Ti&jdlijn voor", "Time&line for")
        right.addLayout(line_row)
        self.timeline = TimelineChart(
            self.w("Budget gebruikt tegen het plafond", "Budget used against the ceiling"),
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
        self.export_xlsx = QPushButton(
            self.w("Exporteren als &Excel-bestand", "Export as &Excel file")
        )
        self.export_pdf = QPushButton(self.w("Exporteren als PD&F", "Export as PD&F"))
        for button, kind in ((self.export_xlsx, "xlsx"), (self.export_pdf, "pdf")):
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _=False, k=kind: self.choose_export(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.w("Melding", "Message"))
        layout.addWidget(self.message)
        self.grouping.activated.connect(lambda _=0: self.refresh())
        # Another regeling or another kind of date: the whole period of that data again.
        self.regeling.activated.connect(lambda _=0: self._follow_data())
        self.basis.activated.connect(lambda _=0: self._follow_data())
        for edit in (self.start, self.end):
            edit.userDateChanged.connect(self._dates_picked)
        self.whole.clicked.connect(self._follow_data)
        self.line_for.activated.connect(lambda _=0: self._show_timeline())

    def w(self, nl: str, en: str) -> str:
        return nl if self.language == "nl" else en

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy" if self.language == "nl" else "yyyy-MM-dd")
        return edit

    def _labelled(
        self, grid: QGridLayout, row: int, column: int, widget: QWidget, nl: str, en: str
    ) -> None:
        label = QLabel(self.w(nl, en))
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
            self.summary.setText(self.w("Nog geen dossiers.", "No cases yet."))
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
            self.w(
                f"{made.regeling_name.get(lang)}: {made.total.applications_shown} aanvragen "
                f"van {start} tot en met {end}. Groepen kleiner dan {made.threshold} staan er "
                f"als '< {made.threshold}', zodat niemand te herkennen is.",
                f"{made.regeling_name.get(lang)}: {made.total.applications_shown} applications "
                f"from {start} to {end}. Groups smaller than {made.threshold} show as "
                f"'< {made.threshold}', so nobody can be recognised.",
            )
        )
        per_area = self.grouping.currentData() == "area"
        rows = made.by_area if per_area else made.by_goal
        title = (
            self.w("Aanvragen per gebied", "Applications per area")
            if per_area
            else self.w("Aanvragen per doel", "Applications per goal")
        )
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
            self.w("Inzicht per gebied", "Insight per area")
            if per_area
            else self.w("Inzicht per doel", "Insight per goal")
        )
        head = [
            self.w("Gebied", "Area") if per_area else self.w("Doel", "Goal"),
            *self.w(
                "Ingediend|Toegekend|Afgewezen|Verslag|Gevraagd|Toegekend (€)|Plafond"
                "|Deelnemers (verslag)|Doorgegaan",
                "Applications|Granted|Rejected|Reported|Requested|Granted (€)|Ceiling"
                "|Participants (reports)|Took place",
            ).split("|"),
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
            self.timeline.set_note(
                self.w(
                    "Te weinig aanvragen om de tijdlijn te tonen.",
                    "Too few applications to show the timeline.",
                )
            )
            return
        row = next(r for r in [made.total, *made.by_area] if r.key == key)
        self.timeline.set_line(
            made.timelines[key],
            row.ceiling,
            self.w(
                f"{row.name.nl}: toegekend, opgeteld per datum van het besluit",
                f"{row.name.en}: granted, added up by the date of the decision",
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
            self, self.w("Exporteren", "Export"), str(Path.home() / name), wanted
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != f".{kind}":
            target = target.with_name(target.name + f".{kind}")
        self.message.setText(self.w("Bezig met opslaan…", "Saving…"))
        made_at = self.clock.now()
        run_in_background(
            self,
            lambda: insight.export(made, target, made_at),
            lambda _: self.message.setText(
                self.w(f"Opgeslagen als {target}.", f"Saved as {target}.")
            ),
            lambda error: self.message.setText(error.message.get(self.language)),
        )
