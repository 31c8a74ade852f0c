"""The officials' window in the pseudo-locale (``--lang qps``): every word the window says
itself is bracketed ("[!! ... !!]"), so a translator can translate all of it.

Data is left out: the case's own words (title, applicant), the regeling's names (from its
file, translated there) and amounts. A text without brackets in what is left is a string
that does not go through the catalogues.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QTableWidget, QWidget

from desktop_app.core.clock import fixed_on
from desktop_app.core.i18n import PSEUDO
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_bundle
from desktop_app.ui.officials import OfficialsWindow
from tests.conftest import DAY


@pytest.fixture
def pseudo_window(qtbot, tmp_path, catalog, amsterdam):
    key = Ed25519PrivateKey.generate()
    output = tmp_path / "besluiten"
    output.mkdir()
    shown = OfficialsWindow(
        tmp_path / "store", catalog, fixed_on(DAY), lambda: (key, "test"), output, PSEUDO
    )
    qtbot.addWidget(shown)
    application = example_application(amsterdam, fixed_on(DAY))
    bundle = write_bundle(
        application,
        b"%PDF-1.7\n%%EOF\n",
        {},
        ephemeral_signer("Buurt"),
        dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    outcome = import_bundle(bundle, "a.zip", shown.store, catalog, shown.clock)
    assert outcome.status == "imported"
    shown.refresh()
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _bracketed(text: str) -> bool:
    return text.startswith("[!!") and text.endswith("!!]")


def _own_words(page: QWidget) -> list[tuple[str, str]]:
    """(kind, text) of the labels, buttons and column headers the page shows."""
    shown: list[tuple[str, str]] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text().strip():
            if isinstance(widget, QLabel) and widget.textFormat().name == "RichText":
                continue  # the case view's HTML: checked through case_html below
            shown.append((type(widget).__name__, widget.text()))
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(column)
                if item is not None and item.text():
                    shown.append(("header", item.text()))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                header = model.headerData(column, widget.horizontalHeader().orientation())
                if header:
                    shown.append(("header", str(header)))
    return shown


def test_every_tab_of_the_officials_window_speaks_through_the_catalogues(
    qtbot, pseudo_window
) -> None:
    window = pseudo_window
    texts = [("title", window.windowTitle())]
    texts += [("tab", window.tabs.tabText(i)) for i in range(window.tabs.count())]
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        texts += _own_words(window.tabs.widget(index))
    assert len(texts) > 40, "too little found: the test would pass on an empty window"
    untranslated = [(kind, text) for kind, text in texts if not _bracketed(text)]
    assert untranslated == []


def test_the_case_view_headings_are_catalogued(pseudo_window) -> None:
    from desktop_app.core.i18n import pseudo

    window = pseudo_window
    window.tabs.setCurrentIndex(1)
    window.table.selectRow(0)
    shown = window.detail.toPlainText()
    assert "Buurt" in shown  # the case itself is there (its data stays as typed)
    for heading in ("Bijlagen", "Antwoorden", "Wat de regels nu zeggen"):
        assert pseudo(heading) in shown, heading
    assert "Antwoorden" not in shown.replace(pseudo("Antwoorden"), "")
