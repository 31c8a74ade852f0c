"""The resident's app for the AT-SPI harness, driven by keyboard from its stdin.

Run as ``python -m tests.a11y.a11y_app DATA`` with ``QT_QPA_PLATFORM=xcb`` under an X server
and an accessibility bus (tests/a11y/atspi_probe.py starts it so). It reads one command a
line and answers each with one JSON line, once Qt has handled the keys:

- ``example``: the Amsterdam example application is opened from the start page (Return);
- ``light``: the same for the light route's example (€ 450: the light route);
- ``report``: a sent application and the municipality's signed grant of € 450 read
  (``take_decision``, what "Besluit inlezen…" does after its file dialog): the short report
  (small tier) opens;
- ``dossiers``: Space on "Ander dossier": the dossier list; ``new_dossier``: Space on
  "Nieuw dossier" there; ``passphrase``: the new-passphrase dialog (as "Overdracht maken…"
  opens it), left open;
- ``amount``: type an amount in the first cost line's "Bedrag" (the totals change);
- ``new``: a new, empty Amsterdam application (Nieuwe aanvraag, the chooser, Return);
- ``next`` / ``back``: Alt and the button's access key (Volgende, Verder naar ondertekenen);
- ``tab``: Tab in the focused widget; ``space``: Space in it;
- ``bad_date``: type an impossible date in the page's date question and Tab out;
- ``add_line``: Space on "Kostenregel toevoegen";
- ``sign``: Alt+O (Ondertekenen en opslaan) with an empty name;
- ``quit``.

The answer names the focused widget and the page as Qt knows them; the probe reads the same
over AT-SPI and the test compares what a screen reader gets with that.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton, QWidget


def settle(ms: int = 150) -> None:
    QTest.qWait(ms)


def focus_name() -> str:
    widget = QApplication.focusWidget()
    return widget.accessibleName() if widget is not None else ""


def find(root: QWidget, kind: type, name: str) -> Any:
    found = [w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisible()]
    assert len(found) == 1, (name, [w.accessibleName() for w in root.findChildren(kind)])
    return found[0]


def key(widget: QWidget | None, which: Qt.Key, alt: bool = False) -> None:
    target = widget or QApplication.focusWidget() or QApplication.activeWindow()
    modifier = Qt.KeyboardModifier.AltModifier if alt else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(target, which, modifier)


class Driver:
    def __init__(self, data: Path) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from desktop_app.core.clock import fixed_on
        from desktop_app.core.loader import Catalog
        from desktop_app.core.regeling import PublicKey
        from desktop_app.documents.decision import public_key_text
        from desktop_app.storage.paths import AppPaths
        from desktop_app.ui.resident.window import MainWindow
        from tests.conftest import DAY, TEST_FORMS

        self.day, self.data = DAY, data
        # The municipality's decision key pinned in the regeling, as a real one is.
        self.municipality = Ed25519PrivateKey.generate()
        catalog = Catalog.default([TEST_FORMS])
        amsterdam = catalog.current("amsterdam-bewonersinitiatief", DAY)
        pinned = PublicKey(key_id="amsterdam-2026", ed25519=public_key_text(self.municipality))
        catalog.regelingen[amsterdam.key] = amsterdam.model_copy(
            update={"decision_keys": (pinned,)}
        )
        self.window = MainWindow(AppPaths(data), catalog, fixed_on(DAY), "nl")
        self.window.show()
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        settle(300)

    def state(self, **extra: Any) -> dict[str, Any]:
        wizard = self.window.wizard
        shown = self.window.stack.currentWidget()
        on_wizard = wizard is not None and shown is wizard
        modal = QApplication.activeModalWidget()
        return {
            "page": wizard.progress.text() if on_wizard else "",
            "screen": type(modal or shown).__name__,
            "focus": focus_name(),
            "title": self.window.windowTitle(),
            **extra,
        }

    def _example(self, route: str | None = None, status: str | None = None) -> Any:
        from desktop_app.core.clock import fixed_on
        from desktop_app.core.loader import example_application

        regeling = self.window.catalog.current("amsterdam-bewonersinitiatief", self.day)
        application = example_application(regeling, fixed_on(self.day), route=route)
        if status is None:
            self.window.store.save(application)
        else:
            self.window.store.save(application, status)
        self.window.show_start()
        return application

    def _open_first(self) -> dict[str, Any]:
        documents = find(self.window, QListWidget, "Mijn aanvragen en verslagen")
        documents.setFocus()
        key(documents, Qt.Key.Key_Return)
        settle(400)
        return self.state()

    def example(self) -> dict[str, Any]:
        self._example()
        return self._open_first()

    def light(self) -> dict[str, Any]:
        self._example(route="light")
        return self._open_first()

    def report(self) -> dict[str, Any]:
        import datetime as dt
        from decimal import Decimal

        from desktop_app.core.text import Text
        from desktop_app.documents.decision import Decision, sign_decision
        from desktop_app.ui.resident import document_flow

        application = self._example(status="sent")
        decision = Decision(
            application_id=application.id,
            regeling=application.regeling,
            outcome="grant",
            granted_amount=Decimal("450.00"),
            reason=Text(nl="U krijgt het gevraagde bedrag.", en="You get the amount asked."),
            decided_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC),
            sequence=1,
        )
        path = self.data.parent / "besluit.json"
        path.write_bytes(sign_decision(decision, self.municipality, "amsterdam-2026"))
        said: list[str] = []
        # The message box that says "toegekend" is read here, not left open on the screen.
        document_flow.inform = lambda _parent, text: said.append(text)  # type: ignore[assignment]
        self.window.take_decision(path)
        settle(400)
        wizard = self.window.wizard
        tier = getattr(wizard, "tier", None) if wizard is not None else None
        return self.state(said=said, tier=tier)

    def dossiers(self) -> dict[str, Any]:
        button = find(self.window, QPushButton, "Ander dossier")
        button.setFocus()
        key(button, Qt.Key.Key_Space)
        settle(300)
        return self.state()

    def new_dossier(self) -> dict[str, Any]:
        button = find(self.window, QPushButton, "Nieuw dossier")
        button.setFocus()
        key(button, Qt.Key.Key_Space)
        settle(300)
        return self.state()

    def passphrase(self) -> dict[str, Any]:
        from desktop_app.ui.resident.passphrase import PassphraseDialog

        self.dialog = PassphraseDialog(self.window, "nl", "Kies een wachtwoord voor dit bestand.")
        self.dialog.open()
        QTest.qWaitForWindowActive(self.dialog)
        settle(300)
        return self.state()

    def amount(self) -> dict[str, Any]:
        wizard = self.window.wizard
        edit = self._back_to(
            lambda: next(
                (
                    e
                    for e in wizard.findChildren(QLineEdit)
                    if e.accessibleName() == "Bedrag, regel 1" and e.isVisible()
                ),
                None,
            )
        )
        edit.setFocus()
        settle(200)
        edit.selectAll()
        QTest.keyClicks(edit, "375")
        settle(300)
        return self.state()

    def new(self) -> dict[str, Any]:
        button = find(self.window, QPushButton, "Nieuwe aanvraag")
        button.setFocus()
        key(button, Qt.Key.Key_Space)
        settle()
        chooser = find(self.window, QListWidget, "Kies uw gemeente en regeling")
        chooser.setFocus()
        key(chooser, Qt.Key.Key_Down)
        key(chooser, Qt.Key.Key_Return)
        settle(400)
        return self.state()

    def _mnemonic(self, button: QPushButton, waits: int = 100) -> None:
        """Alt and the button's access key (the letter after '&'), as a keyboard user does."""
        text = button.text()
        letter = text[text.index("&") + 1].upper()
        before = self.window.wizard.pages.currentIndex() if self.window.wizard else -1
        key(None, Qt.Key(ord(letter)), alt=True)
        for _ in range(waits):  # an access key clicks its button after 100 ms
            settle(20)
            if self.window.wizard is None or self.window.wizard.pages.currentIndex() != before:
                break
        settle(200)

    def next(self) -> dict[str, Any]:
        self._mnemonic(self.window.wizard.next)
        return self.state()

    def back(self) -> dict[str, Any]:
        self._mnemonic(self.window.wizard.back)
        return self.state()

    def _back_to(self, wanted: Any) -> Any:
        """Back (Space on Vorige) until a page shows what is wanted; from the first page on
        forward again (Space on Volgende)."""
        wizard = self.window.wizard
        for button in (wizard.back, wizard.next):
            for _ in range(len(wizard.steps) + 2):
                found = wanted()
                if found is not None:
                    return found
                button.setFocus()
                key(button, Qt.Key.Key_Space)
                settle(200)
        raise AssertionError("not on any page")

    def space(self) -> dict[str, Any]:
        """Space in the focused widget (a radio button: chosen)."""
        key(None, Qt.Key.Key_Space)
        settle(300)
        return self.state()

    def tab(self) -> dict[str, Any]:
        key(None, Qt.Key.Key_Tab)
        settle(20)  # the probe waits until the bus agrees
        return self.state()

    def bad_date(self) -> dict[str, Any]:
        wizard = self.window.wizard
        editor = self._back_to(
            lambda: next(
                (e for e in wizard.editors.values() if e.field.type == "date" and e.isVisible()),
                None,
            )
        )
        field = editor.focus_widget()
        assert isinstance(field, QLineEdit)
        field.setFocus()
        field.selectAll()
        QTest.keyClicks(field, "31-02-2026")
        key(field, Qt.Key.Key_Tab)
        settle(300)
        return self.state(field=field.accessibleName(), message=editor.message.text())

    # Without key events, for a session with Orca (tests/a11y/orca_speech.py): Orca 43 fails
    # on Qt's synthetic key events and leaves Qt waiting 25 s for each one's reply.

    def click_next(self) -> dict[str, Any]:
        self.window.wizard.next.click()
        settle(400)
        return self.state()

    def date_error(self) -> dict[str, Any]:
        """An impossible date typed (set) and left: the message for the focused field."""
        wizard = self.window.wizard
        editor = next(e for e in wizard.editors.values() if e.field.type == "date")
        field = editor.focus_widget()
        assert isinstance(field, QLineEdit) and editor.isVisible(), "not on the date's page"
        field.setFocus()
        settle(1500)
        field.setText("31-02-2026")
        field.textEdited.emit(field.text())  # as typed: saved, then checked on leaving
        field.editingFinished.emit()
        settle(400)
        return self.state(field=field.accessibleName(), message=editor.message.text())

    def add_line(self) -> dict[str, Any]:
        wizard = self.window.wizard
        button = self._back_to(
            lambda: next(
                (
                    b
                    for b in wizard.findChildren(QPushButton)
                    if b.accessibleName() == "Kostenregel toevoegen" and b.isVisible()
                ),
                None,
            )
        )
        button.setFocus()
        key(button, Qt.Key.Key_Space)
        settle(300)
        return self.state()

    def sign(self) -> dict[str, Any]:
        wizard = self.window.wizard
        assert wizard.pages.currentIndex() == len(wizard.steps) + 1, "not on the sign page"
        wizard.sign_name.setFocus()
        wizard.sign_name.selectAll()
        key(wizard.sign_name, Qt.Key.Key_Delete)
        self._mnemonic(wizard.next, waits=15)  # Ondertekenen en opslaan: stays on the page
        settle(400)
        return self.state(
            field=wizard.sign_name.accessibleName(), message=wizard.sign_message.text()
        )


class Commands(QObject):
    """Lines from stdin, read in a thread and handed to the UI thread: the Qt event loop must
    keep running between commands, or the app cannot answer the screen reader's questions."""

    line = Signal(str)

    def read(self) -> None:
        for line in sys.stdin:
            self.line.emit(line.strip())
        self.line.emit("quit")


def main() -> int:
    app = QApplication(sys.argv)
    driver = Driver(Path(sys.argv[1]))
    commands = Commands()

    def run(command: str) -> None:
        if command == "quit":
            driver.window.close()
            app.quit()
            return
        try:
            answer = getattr(driver, command)()
        except Exception as error:
            answer = {"error": f"{command}: {type(error).__name__}: {error}"}
        print(json.dumps(answer, ensure_ascii=False), flush=True)

    commands.line.connect(run, Qt.ConnectionType.QueuedConnection)
    threading.Thread(target=commands.read, daemon=True).start()
    print(json.dumps({"ready": True, **driver.state()}), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
