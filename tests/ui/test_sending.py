"""Versturen from the last page: to the real intake service on 127.0.0.1, with a receipt the
resident can keep; without internet it waits in the queue and goes by itself later."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import Regeling
from desktop_app.intake.keys import public_entry
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.done_page import DonePage
from desktop_app.ui.resident.window import MainWindow
from tests.submit.conftest import MovingClock
from tests.submit.servers import LiveIntake
from tests.ui.helpers import go_to_signing, named, open_example, press, sign_and_wait


class IntakeOnPort(LiveIntake):
    """The real service on a port chosen beforehand: 'the internet comes back'."""

    def __init__(self, data_dir: Path, port: int) -> None:
        super().__init__(data_dir)
        self.socket.close()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )


def with_endpoint(
    regeling: Regeling, url: str, intake: LiveIntake, token_required: bool = False
) -> Catalog:
    submission = regeling.submission.model_copy(
        update={
            "endpoint": url,
            "receipt_keys": (public_entry(intake.store.key),),
            "token_required": token_required,
        }
    )
    changed = regeling.model_copy(update={"submission": submission})
    return Catalog(regelingen={(changed.id, changed.version): changed})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def intake(tmp_path):
    with LiveIntake(tmp_path / "intake") as live:
        yield live


def make_window(qtbot, tmp_path, catalog, clock) -> MainWindow:
    window = MainWindow(AppPaths(tmp_path / "data"), catalog, clock, "nl")
    qtbot.addWidget(window)
    window.show()
    return window


def signed_and_done(qtbot, window, catalog) -> DonePage:
    open_example(qtbot, window, catalog)
    go_to_signing(qtbot, window)
    return sign_and_wait(qtbot, window)


def test_send_now_and_keep_the_receipt(qtbot, tmp_path, amsterdam, intake) -> None:
    catalog = with_endpoint(amsterdam, intake.url, intake)
    window = make_window(qtbot, tmp_path, catalog, MovingClock())
    done = signed_and_done(qtbot, window, catalog)
    assert window.focusWidget() is done.send  # the next thing to do
    for button in done.findChildren(QPushButton):
        assert button.accessibleName() == button.text().replace("&", "")
    press(qtbot, named(done, QPushButton, "Versturen"))
    qtbot.waitUntil(lambda: done.save_receipt.isVisible(), timeout=30_000)
    assert intake.store.count() == 1
    reference = done.item.reference
    assert done.send_state.text().startswith("Verzonden op ")
    assert done.send_state.text().endswith(f"kenmerk {reference}")
    assert not done.send.isVisible()  # sent once; nothing to press twice
    receipt = done.receipt_text.text()
    assert receipt.startswith("Ontvangstbevestiging") and f"Kenmerk: {reference}" in receipt
    saved = tmp_path / "bewijs.txt"
    done.receipt_to(saved)
    assert f"Kenmerk: {reference}" in saved.read_text(encoding="utf-8")
    assert window.store.status(done.outputs.document.id) == "sent"
    press(qtbot, named(done, QPushButton, "Naar het overzicht"))
    listed = named(window, QListWidget, "Mijn aanvragen en verslagen").item(0).text()
    assert "— Verzonden\nVerzonden op " in listed and listed.endswith(f"kenmerk {reference}")


def test_without_internet_it_waits_and_goes_by_itself_later(qtbot, tmp_path, amsterdam) -> None:
    port, clock = free_port(), MovingClock()
    later = IntakeOnPort(tmp_path / "intake", port)  # not listening yet: no internet
    catalog = with_endpoint(amsterdam, later.url, later)
    window = make_window(qtbot, tmp_path, catalog, clock)
    done = signed_and_done(qtbot, window, catalog)
    press(qtbot, named(done, QPushButton, "Versturen"))
    qtbot.waitUntil(lambda: done.send.isEnabled(), timeout=30_000)
    assert done.send_state.text() == "In de wachtrij — wordt verstuurd zodra er internet is"
    document_id = done.outputs.document.id
    assert window.store.status(document_id) == "queued"
    press(qtbot, named(done, QPushButton, "Naar het overzicht"))
    listed = named(window, QListWidget, "Mijn aanvragen en verslagen")
    assert "In de wachtrij — wordt verstuurd zodra er internet is" in listed.item(0).text()

    with later:  # the internet is back; an hour later the minute timer looks again
        clock.advance(3600)
        window.send_due_items()
        qtbot.waitUntil(lambda: window.store.status(document_id) == "sent", timeout=30_000)
        assert later.store.count() == 1
    # The outbox writes "sent" from the sending thread; the list follows when the
    # window hears of it, a moment later, as a resident would see it change.
    qtbot.waitUntil(lambda: "Verzonden op " in listed.item(0).text(), timeout=10_000)


def test_an_access_code_is_asked_once_and_kept_in_the_keyring(qtbot, tmp_path, amsterdam) -> None:
    import keyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    from desktop_app.documents.signing import keyring_usable
    from desktop_app.submit.client import KEYRING_SERVICE

    backend = keyring.get_keyring()
    if not keyring_usable(backend):
        pytest.skip("needs a keyring: run through scripts/setup.sh test")
    with LiveIntake(tmp_path / "intake", submit_token="buurt-2026-code") as intake:
        catalog = with_endpoint(amsterdam, intake.url, intake, token_required=True)
        window = make_window(qtbot, tmp_path, catalog, MovingClock())
        done = signed_and_done(qtbot, window, catalog)
        press(qtbot, named(done, QPushButton, "Versturen"))
        qtbot.waitUntil(lambda: done.token.isVisible(), timeout=30_000)
        assert done.send_state.text().startswith("Actie nodig: De gemeente vraagt een toegangscode")
        assert intake.store.count() == 0

        def type_code() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QInputDialog):
                QTimer.singleShot(50, type_code)
                return
            field = dialog.findChild(QLineEdit)
            qtbot.keyClicks(field, "buurt-2026-code")
            qtbot.keyClick(field, Qt.Key.Key_Return)

        QTimer.singleShot(50, type_code)
        press(qtbot, named(done, QPushButton, "Toegangscode invullen…"))
        qtbot.waitUntil(lambda: done.save_receipt.isVisible(), timeout=30_000)
        assert intake.store.count() == 1
        host = "127.0.0.1"
        assert backend.get_password(KEYRING_SERVICE, host) == "buurt-2026-code"
        backend.delete_password(KEYRING_SERVICE, host)
