"""'Opgeslagen' is a promise: the wizard shows it only once the background writer has the
snapshot on disk. A disk that takes its time keeps it away; a full disk is said in plain words;
closing the window waits for what is still on its way."""

from __future__ import annotations

import errno
import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton

from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.draft_writer import DraftWriter
from tests.ui.helpers import named, press


class Disk:
    """write_atomic behind a gate: while it is shut, nothing reaches the disk."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.full = False

    def __call__(self, path: Path, data: bytes) -> None:
        self.open.wait()
        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        write_atomic(path, data)


def _with_disk(window, disk: Disk) -> DraftWriter:
    writer = DraftWriter(disk, name="test-writer")
    window.dossiers.writer = writer
    window.dossier.writer = writer
    return writer


def _new_amsterdam(qtbot, window) -> QLineEdit:
    press(qtbot, named(window, QPushButton, "Nieuwe aanvraag"))
    chooser = named(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    field = named(window.wizard, QLineEdit, "Naam van uw initiatief")
    field.setFocus()
    return field


def _on_disk(window) -> str:
    path = window.store.path_for(window.wizard.document.id)
    return json.loads(path.read_bytes())["document"]["answers"].get("initiative_name", "")


def test_saved_is_shown_only_once_the_snapshot_is_on_disk(qtbot, window) -> None:
    disk = Disk()
    writer = _with_disk(window, disk)
    field = _new_amsterdam(qtbot, window)
    disk.open.clear()  # a slow USB stick: the writes wait
    qtbot.keyClicks(field, "Buurtfeest")
    qtbot.wait(50)
    status = window.wizard.status
    assert status.text() != "Opgeslagen"
    assert _on_disk(window) != "Buurtfeest"
    disk.open.set()
    qtbot.waitUntil(lambda: status.text() == "Opgeslagen", timeout=10_000)
    assert _on_disk(window) == "Buurtfeest"
    writer.close()


def test_a_full_disk_is_said_in_plain_words_and_saved_comes_back_after(qtbot, window) -> None:
    disk = Disk()
    writer = _with_disk(window, disk)
    field = _new_amsterdam(qtbot, window)
    disk.full = True
    qtbot.keyClicks(field, "Buurt")
    status = window.wizard.status
    qtbot.waitUntil(lambda: "Is de schijf vol?" in status.text(), timeout=10_000)
    assert "wat u heeft ingevuld blijft op het scherm staan" in status.text()
    disk.full = False  # space freed: the next key saves everything on the screen
    qtbot.keyClicks(field, "feest")
    qtbot.waitUntil(lambda: status.text() == "Opgeslagen", timeout=10_000)
    assert _on_disk(window) == "Buurtfeest"
    writer.close()


def test_closing_the_window_waits_for_what_is_on_its_way(qtbot, window) -> None:
    disk = Disk()
    writer = _with_disk(window, disk)
    field = _new_amsterdam(qtbot, window)
    disk.open.clear()
    qtbot.keyClicks(field, "Buurtfeest")
    threading.Timer(0.3, disk.open.set).start()  # the disk catches up while closing
    window.close()
    assert _on_disk(window) == "Buurtfeest"
    writer.close()
