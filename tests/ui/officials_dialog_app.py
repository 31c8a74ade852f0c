"""The officials' window in its own process, for the Decide dialog's cancel test: a dialog
that crashes the program when left (a Python attribute once hid QDialog.reject) must fail a
test, not kill pytest. Run as ``python -m tests.ui.officials_dialog_app FOLDER esc|close``;
prints JSON with what the store and the output folder hold afterwards."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTableView

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.ui.officials import OfficialsWindow
from tests.conftest import DAY, TEST_FORMS
from tests.ui.longrun_app import find


def main() -> int:
    folder, how = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv)
    catalog, clock = Catalog.default([TEST_FORMS]), fixed_on(DAY)
    application = example_application(catalog.current("amsterdam-bewonersinitiatief", DAY), clock)
    application.answers = copy.deepcopy(application.answers)
    bundle = write_bundle(
        application,
        b"%PDF-1.7\n%%EOF\n",
        {},
        ephemeral_signer("Buurt"),
        dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    store = CaseStore(folder / "store")
    assert import_bundle(bundle, "a.zip", store, catalog, clock).status == "imported"
    store.close()
    output = folder / "besluiten"
    output.mkdir()
    key = Ed25519PrivateKey.generate()
    window = OfficialsWindow(folder / "store", catalog, clock, lambda: (key, "k"), output, "nl")
    window.show()
    window.tabs.setCurrentIndex(1)
    table = find(window, QTableView, "Aanvragen")
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Down)
    seen: list[str] = []

    def leave() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, leave)
            return
        seen.append(dialog.windowTitle())
        if how == "esc":
            QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    QTimer.singleShot(0, leave)
    decide = find(window, QPushButton, "Besluiten")
    decide.setFocus()
    QTest.keyClick(decide, Qt.Key.Key_Space)
    case = window.store.case(application.id)
    print(
        json.dumps(
            {
                "seen": seen,
                "status": case.status if case else None,
                "granted": str(case.granted) if case and case.granted is not None else None,
                "output": sorted(p.name for p in output.iterdir()),
                "window_visible": window.isVisible(),
            }
        ),
        flush=True,
    )
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
