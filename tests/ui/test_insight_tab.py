"""The official opens the Inzicht tab, picks a period and a grouping with the keyboard, a
screen reader reads the numbers of the bars and of the budget line, and the export buttons
write the same workbook as ``klein-initiatief overview``."""

from __future__ import annotations

import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QPushButton, QTableWidget

from desktop_app.cli import main
from desktop_app.ui.insight_charts import BarChart, TimelineChart
from desktop_app.ui.insight_tab import InsightTab
from tests.officials.test_insight import CANARIES, key, store  # noqa: F401 (fixtures)
from tests.ui.helpers import pick_in_dialog
from tests.ui.test_officials_window import find, inbox, window  # noqa: F401 (fixtures)


def open_insight(window) -> InsightTab:  # noqa: F811
    tab = window.findChild(InsightTab)
    window.tabs.setCurrentWidget(tab)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "In&zicht"
    return tab


def test_the_insight_tab_reads_out_the_numbers(qtbot, window, inbox) -> None:  # noqa: F811
    window.start_import([inbox])
    qtbot.waitUntil(lambda: not window.import_running(), timeout=60_000)
    open_insight(window)
    chart = find(window, BarChart, "Aanvragen per gebied")
    # Three applications: every group is smaller than five, so none is shown as a number.
    assert "< 5" in chart.accessibleDescription()
    table = find(window, QTableWidget, "Inzicht per gebied")
    assert table.rowCount() >= 1 and table.item(0, 1).text() == "< 5"
    line = find(window, TimelineChart, "Budget gebruikt tegen het plafond")
    assert "Te weinig aanvragen" in line.accessibleDescription()


def typed_date(qtbot, edit: QDateEdit, digits: str) -> None:
    """Home, select the day, type the digits: each full part moves on to the next."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    for _ in range(2):
        qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(edit, digits)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_period_grouping_timeline_and_export_by_keyboard(
    qtbot,
    store,  # noqa: F811 (13 applications in 2026 over three areas, one in 2027)
    window,  # noqa: F811 (opens the same store folder)
    tmp_path,
) -> None:
    tab = open_insight(window)
    start = find(tab, QDateEdit, "Vanaf")
    end = find(tab, QDateEdit, "Tot en met")
    # At first the whole period of the store: the first and the last activity day.
    assert (start.text(), end.text()) == ("11-05-2026", "01-02-2027")
    typed_date(qtbot, end, "28122026")
    assert end.text() == "28-12-2026"
    summary = [w.text() for w in tab.findChildren(QLabel) if "aanvragen van" in w.text()]
    assert summary and "13 aanvragen van 11-05-2026 tot en met 28-12-2026" in summary[0]
    bars = find(tab, BarChart, "Aanvragen per gebied")
    assert "Noord: 6" in bars.accessibleDescription()
    assert "Oost: < 5" in bars.accessibleDescription()  # 5, but it would give Zuid away
    line = find(tab, TimelineChart, "Budget gebruikt tegen het plafond")
    read = line.accessibleDescription()
    assert read.startswith("Totaal: toegekend, opgeteld per datum van het besluit.")
    assert "02-03-2026: € 500 toegekend." in read and "23-03-2026: € 2.600 toegekend." in read
    choose = find(tab, QComboBox, "Tijdlijn voor")
    # Oost and Zuid are hidden: their steps would give their grants away.
    assert [choose.itemText(i) for i in range(choose.count())] == ["Totaal", "Noord"]
    choose.setFocus()
    qtbot.keyClick(choose, Qt.Key.Key_Down)
    read = line.accessibleDescription()
    assert read.startswith("Noord: toegekend")
    assert "Plafond € 150.000." in read  # one year: the period now ends in 2026
    assert "Samen € 2.600: 1,7% van het plafond." in read
    grouping = find(tab, QComboBox, "Indeling")
    grouping.setFocus()
    qtbot.keyClick(grouping, Qt.Key.Key_Down)
    assert grouping.currentText() == "Per doel"
    by_goal = find(tab, BarChart, "Aanvragen per doel")
    assert "7" in by_goal.accessibleDescription()  # youth: oost and zuid together
    table = find(tab, QTableWidget, "Inzicht per doel")
    head = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    cells = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert cells["Totaal"] == "13"
    assert head[-2:] == ["Deelnemers (verslag)", "Doorgegaan"]
    total = [table.item(table.rowCount() - 1, c).text() for c in range(table.columnCount())]
    assert total[-2:] == ["65 (3)", "67%"]  # 40 + 0 + 25 from three reports; 2 of 3 happened
    # Every control a person needs is reached with Tab.
    names = set()
    focus = tab.regeling
    focus.setFocus()
    for _ in range(40):
        names.add(focus.accessibleName())
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = tab.focusWidget() or window.focusWidget()
    wanted = {"Regeling", "Vanaf", "Tot en met", "Periode volgens", "Indeling", "Hele periode"}
    wanted |= {"Tijdlijn voor", "Aanvragen per doel", "Budget gebruikt tegen het plafond"}
    wanted |= {"Exporteren als Excel-bestand", "Exporteren als PDF"}
    assert wanted <= names, wanted - names

    # "Hele periode" goes back to all the store holds: the 2027 application counts again.
    find(tab, QPushButton, "Hele periode").click()
    assert end.text() == "01-02-2027"
    assert "14 aanvragen van 11-05-2026 tot en met 01-02-2027" in tab.summary.text()
    typed_date(qtbot, end, "28122026")

    # The window's workbook is the command line's workbook.
    saved = tmp_path / "uit-het-venster.xlsx"
    button = find(tab, QPushButton, "Exporteren als Excel-bestand")
    pick_in_dialog(qtbot, saved)
    button.click()
    message = find(tab, QLabel, "Melding")
    qtbot.waitUntil(lambda: message.text().startswith("Opgeslagen"), timeout=30_000)
    cli = tmp_path / "cli.xlsx"
    arguments = ["overview", "--store", str(tmp_path / "store"), "-o", str(cli)]
    assert main([*arguments, "--from", "2026-05-11", "--to", "2026-12-28"]) == 0

    def values(path) -> dict:
        book = load_workbook(path)
        return {s.title: [[c.value for c in r] for r in s.iter_rows()] for s in book}

    assert values(saved) == values(cli)
    pdf = tmp_path / "uit-het-venster.pdf"
    pick_in_dialog(qtbot, pdf)
    find(tab, QPushButton, "Exporteren als PDF").click()
    qtbot.waitUntil(lambda: message.text() == f"Opgeslagen als {pdf}.", timeout=60_000)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Inzicht in de opgave" in text and "28-12-2026" in text
    for canary in CANARIES:
        assert canary not in text


def test_every_shortcut_in_the_tab_is_its_own(qtbot, window) -> None:  # noqa: F811
    """Alt + a letter must reach one control: no two labels, buttons or tabs share one."""
    import re

    from desktop_app.core.clock import fixed_on
    from desktop_app.ui.officials import OfficialsWindow
    from tests.conftest import DAY

    for language, shown in (("nl", window), ("en", None)):
        if shown is None:
            shown = OfficialsWindow(
                window.folder, window.catalog, fixed_on(DAY), lambda: None, window.output, "en"
            )
            qtbot.addWidget(shown)
        tab = shown.findChild(InsightTab)
        texts = [shown.tabs.tabText(i) for i in range(shown.tabs.count())]
        texts += [w.text() for w in tab.findChildren(QLabel) + tab.findChildren(QPushButton)]
        letters = [m.lower() for t in texts for m in re.findall(r"&(\w)", t)]
        assert len(letters) == len(set(letters)), (language, sorted(letters))
        assert len(letters) >= 12, letters
