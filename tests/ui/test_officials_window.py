"""An official imports a folder, filters, opens a case and decides — by label and keyboard."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.core.text import Text
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.bundle_check import ImportOutcome
from desktop_app.ui.officials import OfficialsWindow
from tests.conftest import DAY
from tests.files import real_jpeg, real_pdf
from tests.ui.helpers import answer_message_box


def find(root: QWidget, kind: type, name: str):
    """A widget the way a screen reader names it."""
    found = [w for w in root.findChildren(kind) if w.accessibleName() == name]
    assert len(found) == 1, f"{name!r}: {[w.accessibleName() for w in root.findChildren(kind)]}"
    return found[0]


def rows(table: QTableView) -> int:
    return table.model().rowCount()


def cell(table: QTableView, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    """What the table shows in one cell (or its data in another role)."""
    return table.model().index(row, column).data(role)


def press(qtbot, widget: QWidget, key=Qt.Key.Key_Space) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


@pytest.fixture
def inbox(tmp_path: Path, amsterdam) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    signer = ephemeral_signer("Buurt")
    for number, (area, name) in enumerate(
        [("noord", "Buurtmaaltijd Noord"), ("zuid", "Moestuin Zuid"), ("noord", "Straatfeest")]
    ):
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | {
            "area": area,
            "initiative_name": name,
        }
        bundle = write_bundle(
            application, b"%PDF-1.7\n%%EOF\n", {}, signer, dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        )
        (folder / f"{number}.zip").write_bytes(bundle)
    (folder / "kapot.zip").write_bytes(b"PK\x03\x04 kapot")
    return folder


@pytest.fixture
def window(qtbot, tmp_path, catalog):
    key = Ed25519PrivateKey.generate()
    output = tmp_path / "besluiten"
    output.mkdir()
    shown = OfficialsWindow(
        tmp_path / "store", catalog, fixed_on(DAY), lambda: (key, "test"), output, "nl"
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_import_filter_open_and_decide_by_keyboard(qtbot, window, inbox, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
    press(qtbot, find(window, QPushButton, "Map kiezen"))
    qtbot.waitUntil(lambda: not window.import_running(), timeout=30_000)
    results = [window.results.item(i).text() for i in range(window.results.count())]
    assert sum("Ingelezen" in r for r in results) == 3
    assert any(r.startswith("kapot.zip: Geweigerd") for r in results)
    assert "3 ingelezen" in window.statusBar().currentMessage()

    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 1
    table = find(window, QTableView, "Aanvragen")
    assert rows(table) == 3
    area = find(window, QComboBox, "Gebied")
    area.setFocus()
    qtbot.keyClicks(area, "zuid")
    assert area.currentText() == "Zuid"
    assert rows(table) == 1
    search = find(window, QLineEdit, "Zoeken")
    area.setCurrentIndex(0)
    qtbot.keyClicks(search, "straat")
    qtbot.waitUntil(lambda: rows(table) == 1)  # the search runs when typing pauses
    assert cell(table, 0, 0) == "Straatfeest"

    press(qtbot, table, Qt.Key.Key_Down)
    assert "Straatfeest" in window.detail.toPlainText()
    assert "digitaal ondertekend" in window.detail.toPlainText()

    def fill_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        amount = find(dialog, QLineEdit, "Bedrag")
        amount.selectAll()
        qtbot.keyClicks(amount, "750")
        qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)

    QTimer.singleShot(200, fill_in_dialog)
    press(qtbot, find(window, QPushButton, "Besluiten"))
    assert cell(table, 0, 6) == "Toegekend"
    assert cell(table, 0, 5) == "€ 750"
    saved = sorted(p.name for p in window.output.iterdir())
    assert len(saved) == 2 and saved[0].startswith("besluit-") and saved[1].startswith("brief-")
    window.tabs.setCurrentIndex(2)  # the budget page, filled when shown
    budget = {
        window.budget_table.item(r, 0).text(): window.budget_table.item(r, 3).text()
        for r in range(window.budget_table.rowCount())
    }
    assert budget["Noord"] == "€ 750"
    ceilings = [
        window.budget_table.item(r, 1).text() for r in range(window.budget_table.rowCount())
    ]
    assert "€ 150.000 (voorbeeld)" in ceilings


def test_results_show_while_a_long_import_runs_not_only_at_its_end(qtbot, window) -> None:
    """The page shows results in batches (issue 20: a repaint per bundle froze the window):
    what the import has told appears within a moment, with the progress bar, mid-run."""
    page = window.import_page
    said = Text(nl="De bundel is ingelezen.", en="The bundle was imported.")
    for number in range(1, 4):  # as the import's worker tells them, before its end
        page._on_progress(number, 2000, ImportOutcome(f"{number}.zip", "imported", "ok", said))
    qtbot.waitUntil(lambda: window.results.count() == 3, timeout=5_000)
    assert window.results.item(0).text() == "1.zip: Ingelezen — De bundel is ingelezen."
    assert (page.progress.value(), page.progress.maximum()) == (3, 2000)
    page._on_progress(4, 2000, ImportOutcome("4.zip", "rejected", "bundle.x", said))
    qtbot.waitUntil(lambda: window.results.count() == 4, timeout=5_000)
    assert window.results.item(3).text().startswith("4.zip: Geweigerd")


def test_interactive_widgets_are_named_like_their_labels(window) -> None:
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QPushButton | QComboBox | QLineEdit) and widget.isVisibleTo(window):
            assert widget.accessibleName(), widget


def test_open_an_attachment_and_settle_a_report(qtbot, window, amsterdam, monkeypatch) -> None:
    import hashlib
    from decimal import Decimal

    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from desktop_app.core.documents import Report
    from desktop_app.officials.decide import decide, reason_text
    from desktop_app.officials.importer import import_bundle

    signed_on = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    flyer = real_pdf("flyer")
    # A real photo, but named like a program and carrying where it was taken.
    photo = real_jpeg(comment=b"GPS 52.37N 4.89E Kanariestraat 7")
    digest, photo_digest = hashlib.sha256(flyer).hexdigest(), hashlib.sha256(photo).hexdigest()
    application = example_application(amsterdam, fixed_on(DAY))
    ref = {"file_name": "../flyer?.pdf", "kind": "flyer", "size": len(flyer), "sha256": digest}
    ref |= {"media_type": "application/pdf"}
    photo_ref = {"file_name": "offerte.hta", "kind": "quote", "size": len(photo)}
    photo_ref |= {"sha256": photo_digest, "media_type": "image/jpeg"}
    application.answers = copy.deepcopy(application.answers) | {"attachments": [ref, photo_ref]}
    signer = ephemeral_signer("Buurt")
    files = {digest: flyer, photo_digest: photo}
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", files, signer, signed_on)
    store, catalog, clock = window.store, window.catalog, window.clock
    assert import_bundle(bundle, "a.zip", store, catalog, clock).status == "imported"
    key, key_id = window.decision_key()
    reason = reason_text("grant_lower", None, Decimal("1000.00"))
    decide(
        store, store.case(application.id), "grant", Decimal("1000.00"), reason, key, key_id, clock
    )
    spent = {"lines": [{"category": "food_drink", "description": "Eten", "amount": "700.00"}]}
    report = Report(
        regeling=application.regeling,
        application_id=application.id,
        granted_amount=Decimal("1000.00"),
        created_at=signed_on,
        updated_at=signed_on,
        answers={"took_place": True, "actual_costs": spent},
    )
    report_bundle = write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, signer, signed_on)
    assert import_bundle(report_bundle, "r.zip", store, catalog, clock).status == "imported"
    window.refresh()
    window.tabs.setCurrentIndex(1)
    table = find(window, QTableView, "Aanvragen")
    row_of = {cell(table, r, 0, Qt.ItemDataRole.UserRole): r for r in range(rows(table))}

    def go_to(bundle_id) -> None:
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # first row
        for _ in range(row_of[str(bundle_id)]):
            qtbot.keyClick(table, Qt.Key.Key_Down)

    go_to(application.id)
    assert "flyer_.pdf" not in window.detail.toPlainText()  # shown as the resident named it
    shown = window.detail.toPlainText()
    assert "../flyer?.pdf (flyer of poster, " in shown
    # Every answer as the PDF shows it: labels, not ids; money and dates as people write them.
    assert "living_environment" not in shown and "noord" not in shown.split()
    assert "Gevraagd bedrag" in shown and "€ 1.000" in shown and '"lines"' not in shown
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    offered: list[list[str]] = []

    def choose(number: int):
        def pick(_parent, _title, _label, items, *args, **kwargs):
            offered.append(list(items))
            return items[number - 1], True

        return pick

    monkeypatch.setattr(QInputDialog, "getItem", choose(1))
    press(qtbot, find(window, QPushButton, "Bijlage openen"))
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=60_000)
    assert offered[0] == ["1. ../flyer?.pdf", "2. offerte.hta"]  # the names as text only
    pdf_copy = Path(opened[0])
    # Named by the app, with the extension of what it verifiably is, in a private folder.
    assert pdf_copy.name == "bijlage-1.pdf"
    assert pdf_copy.parent.stat().st_mode & 0o777 == 0o700
    assert pdf_copy.stat().st_mode & 0o777 == 0o600
    assert pdf_copy.read_bytes() == flyer

    monkeypatch.setattr(QInputDialog, "getItem", choose(2))
    press(qtbot, find(window, QPushButton, "Bijlage openen"))
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=60_000)
    photo_copy = Path(opened[1])
    assert photo_copy.name == "bijlage-2.jpg"  # never offerte.hta
    assert photo_copy.parent != pdf_copy.parent  # a fresh folder each time
    assert photo_copy.parent.stat().st_mode & 0o777 == 0o700
    assert b"Kanariestraat" not in photo_copy.read_bytes()  # written again, without metadata
    with Image.open(photo_copy) as shown:
        assert (shown.format, shown.size) == ("JPEG", (16, 12))

    [report_case] = [case for case in store.cases() if case.kind == "report"]
    go_to(report_case.bundle_id)
    assert "Verslag" in cell(table, table.currentIndex().row(), 10)
    assert "Is de activiteit doorgegaan?\nJa" in window.detail.toPlainText()
    answer_message_box(QMessageBox.StandardButton.Yes)
    press(qtbot, find(window, QPushButton, "Vaststellen"))
    assert window.statusBar().currentMessage() == "Vastgesteld op € 700."
    assert store.case(application.id).settled == Decimal("700.00")
    window.close()  # the copies go with the window
    assert not pdf_copy.parent.exists() and not photo_copy.parent.exists()


def test_escape_or_closing_the_decide_dialog_decides_nothing_and_the_app_stays_up(
    qtbot, window, inbox, monkeypatch
) -> None:
    """Esc and the title bar's close button both call QDialog.reject: it must still be there."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(inbox))
    press(qtbot, find(window, QPushButton, "Map kiezen"))
    qtbot.waitUntil(lambda: not window.import_running(), timeout=30_000)
    window.tabs.setCurrentIndex(1)
    table = find(window, QTableView, "Aanvragen")
    press(qtbot, table, Qt.Key.Key_Down)
    status_before = cell(table, 0, 6)
    seen: list[str] = []

    def press_escape() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    def close_window() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        dialog.close()

    for leave in (press_escape, close_window):
        QTimer.singleShot(200, leave)
        press(qtbot, find(window, QPushButton, "Besluiten"))

    assert seen == ["Besluiten", "Besluiten"]
    assert QApplication.activeModalWidget() is None
    assert window.isVisible()
    assert cell(table, 0, 6) == status_before != "Toegekend"
    assert list(window.output.iterdir()) == []  # no decision file, no letter
    assert all(case.granted is None for case in window.store.cases())


def test_the_app_opens_the_window_first_and_then_fills_the_inbox(
    qtbot, tmp_path, catalog, inbox
) -> None:
    """The window the app opens reads a (large) store in the background: the cases appear."""
    from desktop_app.officials.service import OfficialsService
    from desktop_app.ui.officials import make_officials_window

    folder = tmp_path / "store"
    service = OfficialsService(folder, catalog, fixed_on(DAY))
    service.import_paths([inbox])
    service.close()
    shown = make_officials_window(folder, "nl", catalog, fixed_on(DAY))
    qtbot.addWidget(shown)
    shown.show()
    shown.tabs.setCurrentIndex(1)
    table = find(shown, QTableView, "Aanvragen")
    qtbot.waitUntil(lambda: rows(table) == 3, timeout=30_000)
    assert sorted(cell(table, r, 0) for r in range(3)) == [
        "Buurtmaaltijd Noord",
        "Moestuin Zuid",
        "Straatfeest",
    ]
    assert [find(shown, QComboBox, "Gebied").itemText(i) for i in range(3)] == [
        "Alle",
        "Noord",
        "Zuid",
    ]
    shown.close()


def test_the_search_follows_typing_and_corrections(qtbot, window, inbox) -> None:
    window.start_import([inbox])
    qtbot.waitUntil(lambda: not window.import_running(), timeout=30_000)
    window.tabs.setCurrentIndex(1)
    table = find(window, QTableView, "Aanvragen")
    search = find(window, QLineEdit, "Zoeken")
    qtbot.keyClicks(search, "Moestuin")
    qtbot.waitUntil(lambda: rows(table) == 1)
    assert cell(table, 0, 0) == "Moestuin Zuid"
    qtbot.keyClicks(search, "x")  # a typo: nothing
    qtbot.waitUntil(lambda: rows(table) == 0)
    for _ in range(len("Moestuinx")):
        qtbot.keyClick(search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(search, "buurt")
    qtbot.waitUntil(lambda: not window.inbox.search_pending())
    assert [cell(table, r, 0) for r in range(rows(table))] == ["Buurtmaaltijd Noord"]
    search.clear()
    qtbot.waitUntil(lambda: rows(table) == 3)
