"""Every dialog of the officials' window, left with Esc or its close button, changes nothing:
no case, decision, export or attachment file, and the window goes on."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QPushButton, QTableView

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.decide import decide, reason_text
from desktop_app.officials.importer import import_bundle
from desktop_app.ui.officials import OfficialsWindow
from tests.conftest import DAY, ROOT
from tests.files import real_pdf
from tests.ui.dialogs import HOW, dismiss_next_dialog, snapshot
from tests.ui.helpers import named, press

SIGNED_ON = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


@pytest.fixture
def window(qtbot, tmp_path, catalog, amsterdam):
    """The window on a store with a granted application (with a flyer) and its report."""
    key = Ed25519PrivateKey.generate()
    output = tmp_path / "besluiten"
    output.mkdir()
    shown = OfficialsWindow(
        tmp_path / "store", catalog, fixed_on(DAY), lambda: (key, "test"), output, "nl"
    )
    qtbot.addWidget(shown)
    store, clock = shown.store, shown.clock
    flyer = real_pdf("flyer")
    digest = hashlib.sha256(flyer).hexdigest()
    application = example_application(amsterdam, clock)
    ref = {"file_name": "flyer.pdf", "kind": "flyer", "size": len(flyer), "sha256": digest}
    application.answers = copy.deepcopy(application.answers) | {
        "attachments": [ref | {"media_type": "application/pdf"}]
    }
    signer = ephemeral_signer("Buurt")
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {digest: flyer}, signer, SIGNED_ON)
    assert import_bundle(bundle, "a.zip", store, catalog, clock).status == "imported"
    amount = Decimal("1000.00")
    case = store.case(application.id)
    decide(store, case, "grant", amount, reason_text("grant_lower", None, amount), key, "k", clock)
    spent = {"lines": [{"category": "food_drink", "description": "Eten", "amount": "700.00"}]}
    report = Report(
        regeling=application.regeling,
        application_id=application.id,
        granted_amount=amount,
        created_at=SIGNED_ON,
        updated_at=SIGNED_ON,
        answers={"took_place": True, "actual_costs": spent},
    )
    report_bundle = write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
    assert import_bundle(report_bundle, "r.zip", store, catalog, clock).status == "imported"
    shown.refresh()
    shown.show()
    return shown


def go_to(qtbot, window, kind: str) -> None:
    """Alt+A to the applications, then down the table to the first case of ``kind``."""
    window.tabs.setCurrentIndex(1)
    table = named(window, QTableView, "Aanvragen")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    while table.currentIndex().siblingAtColumn(10).data() != kind:
        qtbot.keyClick(table, Qt.Key.Key_Down)


def on_import_tab(name: str) -> Callable:
    def arrange(qtbot, window):
        window.tabs.setCurrentIndex(0)
        return named(window, QPushButton, name)

    return arrange


def on_case(kind: str | None, name: str) -> Callable:
    def arrange(qtbot, window):
        if kind is None:
            window.tabs.setCurrentIndex(1)
            window.table.setCurrentIndex(QModelIndex())  # nothing chosen yet
        else:
            go_to(qtbot, window, kind)
        return named(window, QPushButton, name)

    return arrange


CASES = {
    "import: choose bundles": (on_import_tab("Bundels kiezen"), QFileDialog),
    "import: choose a folder": (on_import_tab("Map kiezen"), QFileDialog),
    "export as CSV: where to": (on_case("Aanvraag", "Exporteren als CSV"), QFileDialog),
    "export as Excel: where to": (on_case("Aanvraag", "Exporteren als Excel"), QFileDialog),
    "settle: like this?": (on_case("Verslag", "Vaststellen"), QMessageBox),
    "open attachment: which one?": (on_case("Aanvraag", "Bijlage openen"), QInputDialog),
    "decide without a case: choose one first": (on_case(None, "Besluiten"), QMessageBox),
}


def state(window) -> list[tuple]:
    return [(c.bundle_id, c.status, c.granted, c.settled) for c in window.store.cases()]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("case", list(CASES))
def test_leaving_a_dialog_changes_nothing(qtbot, window, tmp_path, case, how) -> None:
    arrange, kind = CASES[case]
    button = arrange(qtbot, window)
    files, cases, tab = snapshot(tmp_path), state(window), window.tabs.currentIndex()
    row = window.table.currentIndex().row()

    left = dismiss_next_dialog(qtbot, how, kind)
    press(qtbot, button)
    qtbot.waitUntil(lambda: bool(left.seen), timeout=20_000)
    qtbot.wait(50)

    assert len(left.seen) == 1 and left.seen[0].startswith(kind.__name__), left.seen
    assert left.stuck == [], f"{left.stuck} did not go away with {how}"
    assert window.isVisible() and not window.import_running()
    assert snapshot(tmp_path) == files  # no decision, export, attachment or store change
    assert state(window) == cases
    assert (window.tabs.currentIndex(), window.table.currentIndex().row()) == (tab, row)
    assert button.isEnabled()


@pytest.mark.parametrize("how", HOW)
def test_leaving_the_decide_dialog_records_no_decision(tmp_path: Path, how: str) -> None:
    """In its own process: leaving this dialog crashed the whole program (segfault)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.officials_dialog_app", str(tmp_path), how],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"ended with {done.returncode}\n{done.stderr[-2000:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["seen"] == ["Besluiten"]
    assert result["status"] == "received" and result["granted"] is None
    assert result["output"] == []  # no decision file, no letter
    assert result["window_visible"]
