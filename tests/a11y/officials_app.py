"""The officials' window for the AT-SPI harness, driven by keyboard from its stdin.

Run as ``python -m tests.a11y.officials_app DATA`` (tests/a11y/atspi_probe.py starts it so,
with ``tests.a11y.officials_app`` as its fourth argument). A case store with three imported
applications (signed bundles, as residents send them) is made in DATA first. Commands, each
answered with one JSON line once Qt has handled the keys:

- ``inbox``: Alt+A (the Aanvragen tab), then Down in the table: the first case is chosen;
- ``case``: Tab from the table to the case view (Details);
- ``decide``: Space on "Besluiten": the decide dialog opens (and stays open);
- ``cancel``: Escape in the dialog: nothing decided, focus back in the window;
- ``tab``, ``quit``.

The window has its decision key in memory (as tests/ui/test_officials_window.py does): under
the harness's private D-Bus session there is no keyring, and nothing is decided here anyway.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from tests.a11y.a11y_app import Commands, find, focus_name, key, settle

NAMES = [("noord", "Buurtmaaltijd Noord"), ("zuid", "Moestuin Zuid"), ("noord", "Straatfeest")]


def say(answer: dict[str, Any]) -> None:
    print(json.dumps(answer, ensure_ascii=False), flush=True)


class OfficialsDriver:
    def __init__(self, data: Path) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from desktop_app.core.clock import fixed_on
        from desktop_app.core.loader import Catalog, example_application
        from desktop_app.documents.bundle_write import write_bundle
        from desktop_app.documents.signing import ephemeral_signer
        from desktop_app.officials.importer import import_bundle
        from desktop_app.ui.accessibility import install_keyboard_helper
        from desktop_app.ui.officials import OfficialsWindow
        from desktop_app.ui.style import load_style
        from tests.conftest import DAY, TEST_FORMS

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        load_style(app)
        install_keyboard_helper()
        catalog = Catalog.default([TEST_FORMS])
        clock = fixed_on(DAY)
        amsterdam = catalog.current("amsterdam-bewonersinitiatief", DAY)
        decision_key = Ed25519PrivateKey.generate()
        output = data / "besluiten"
        output.mkdir(parents=True)
        self.window = OfficialsWindow(
            data / "store", catalog, clock, lambda: (decision_key, "test"), output, "nl"
        )
        signer = ephemeral_signer("Buurt")
        signed_on = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        for number, (area, name) in enumerate(NAMES):
            application = example_application(amsterdam, clock)
            application.answers = copy.deepcopy(application.answers) | {
                "area": area,
                "initiative_name": name,
            }
            bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, signed_on)
            imported = import_bundle(bundle, f"{number}.zip", self.window.store, catalog, clock)
            assert imported.status == "imported", imported
        self.window.refresh()
        self.window.resize(1200, 900)
        self.window.show()
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        settle(300)

    def state(self, **extra: Any) -> dict[str, Any]:
        modal = QApplication.activeModalWidget()
        tabs = self.window.tabs
        focus = focus_name()
        table = QApplication.focusWidget()
        if isinstance(table, QTableView):  # a screen reader is on its current cell
            focus = str(table.currentIndex().data() or "")
        return {
            "page": tabs.tabText(tabs.currentIndex()).replace("&", ""),
            "focus": focus,
            "title": (modal or self.window).windowTitle(),
            "dialog": modal.windowTitle() if modal is not None else "",
            **extra,
        }

    def inbox(self) -> dict[str, Any]:
        key(self.window, Qt.Key.Key_A, alt=True)
        settle(300)
        table = find(self.window, QTableView, "Aanvragen")
        table.setFocus()
        key(table, Qt.Key.Key_Down)
        settle(300)
        return self.state(detail=self.window.detail.toPlainText()[:300])

    def case(self) -> dict[str, Any]:
        self.window.table.setFocus()
        settle(100)
        key(None, Qt.Key.Key_Tab)
        settle(200)
        return self.state(detail=self.window.detail.toPlainText()[:300])

    def decide(self) -> None:
        """Space on "Besluiten"; the dialog runs its own event loop, so the answer is sent from
        inside it, once the dialog is up (not when this command returns)."""
        button = self.window.inbox.decide_button
        button.setFocus()

        def answer_when_open(tries: int = 100) -> None:
            if QApplication.activeModalWidget() is None and tries:
                QTimer.singleShot(20, lambda: answer_when_open(tries - 1))
                return
            QTimer.singleShot(300, lambda: say(self.state()))

        QTimer.singleShot(0, answer_when_open)
        QTimer.singleShot(0, lambda: key(button, Qt.Key.Key_Space))

    def cancel(self) -> dict[str, Any]:
        modal = QApplication.activeModalWidget()
        assert modal is not None, "no dialog open"
        key(modal, Qt.Key.Key_Escape)
        settle(100)
        # Xvfb has no window manager to give the window back its activation; one would.
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        settle(300)
        return self.state()

    def tab(self) -> dict[str, Any]:
        key(None, Qt.Key.Key_Tab)
        settle(20)
        return self.state()


def main() -> int:
    app = QApplication(sys.argv)
    driver = OfficialsDriver(Path(sys.argv[1]))
    commands = Commands()

    def run(command: str) -> None:
        if command == "quit":
            modal = QApplication.activeModalWidget()
            if modal is not None:
                modal.close()
            driver.window.close()
            app.quit()
            return
        try:
            answer = getattr(driver, command)()
        except Exception as error:
            answer = {"error": f"{command}: {type(error).__name__}: {error}"}
        if answer is not None:  # None: the command answers later by itself
            say(answer)

    commands.line.connect(run, Qt.ConnectionType.QueuedConnection)
    threading.Thread(target=commands.read, daemon=True).start()
    print(json.dumps({"ready": True, **driver.state()}), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
