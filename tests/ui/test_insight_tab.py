"""The official opens the Inzicht tab and a screen reader reads the numbers of the bars."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QTableWidget

from desktop_app.ui.insight_charts import BarChart
from tests.ui.test_officials_window import find, inbox, window  # noqa: F401 (fixtures)


def test_the_insight_tab_reads_out_the_numbers(qtbot, window, inbox) -> None:  # noqa: F811
    window.start_import([inbox])
    qtbot.waitUntil(lambda: not window.import_running(), timeout=60_000)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "In&zicht"
    chart = find(window, BarChart, "Aanvragen per gebied")
    # Three applications: every group is smaller than five, so none is shown as a number.
    assert "< 5" in chart.accessibleDescription()
    table = find(window, QTableWidget, "Inzicht per gebied")
    assert table.rowCount() >= 1 and table.item(0, 1).text() == "< 5"
