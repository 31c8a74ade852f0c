"""Autosave through one background writer: a save returns before the disk is done, yet every
snapshot is written in order, a read sees the newest, a full disk is still said plainly, and
a process killed while typing leaves a complete draft holding at least what was confirmed."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.draft_writer import DraftWriter
from desktop_app.storage.drafts import DraftStore
from tests.conftest import ROOT


class SlowDisk:
    """write_atomic behind a disk that takes its time: every write is recorded."""

    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay
        self.written: list[bytes] = []
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, path: Path, data: bytes) -> None:
        self.gate.wait()
        time.sleep(self.delay)
        write_atomic(path, data)
        self.written.append(data)


def _typed(data: bytes) -> str:
    return json.loads(data)["document"]["answers"]["initiative_name"]


def test_saving_hands_over_and_every_snapshot_lands_in_order(
    tmp_path: Path, amsterdam_application
) -> None:
    disk = SlowDisk()
    writer = DraftWriter(disk)
    store = DraftStore(tmp_path / "drafts", writer=writer)
    document = amsterdam_application
    disk.gate.clear()  # the disk is busy: saving must not wait for it
    typed = ""
    for char in "Buurtfeest":
        typed += char
        document.answers["initiative_name"] = typed
        store.save(document)
    assert writer.pending == len("Buurtfeest")  # all handed over, none written yet
    disk.gate.set()
    # Reading back waits for the writer: the newest snapshot, never an older one.
    assert store.load(document.id).answers["initiative_name"] == "Buurtfeest"
    assert [_typed(d) for d in disk.written] == ["Buurtfeest"[:n] for n in range(1, 11)]
    writer.close()


def test_a_full_disk_is_said_at_the_next_save(tmp_path: Path, amsterdam_application) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    writer = DraftWriter(full)
    store = DraftStore(tmp_path / "drafts", writer=writer)
    store.save(amsterdam_application)
    with pytest.raises(UserError) as said:
        for _ in range(100):  # the failure reaches the UI thread at the next save or read
            store.save(amsterdam_application)
            time.sleep(0.01)
        store.load(amsterdam_application.id)
    assert said.value.code == "drafts.unwritable"
    assert "Is de schijf vol?" in said.value.message.nl
    writer.close()


def test_finishing_is_durable_before_save_returns(tmp_path: Path, amsterdam_application) -> None:
    disk = SlowDisk()
    writer = DraftWriter(disk)
    store = DraftStore(tmp_path / "drafts", writer=writer)
    store.save(amsterdam_application)
    store.save(amsterdam_application, "final")  # a lifecycle move: written here and now
    assert writer.pending == 0
    raw = json.loads(store.path_for(amsterdam_application.id).read_bytes())
    assert raw["status"] == "final"
    writer.close()


TYPIST = r"""
import sys, uuid
from pathlib import Path
from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog, example_application
from desktop_app.storage.draft_writer import DraftWriter
from desktop_app.storage.drafts import DraftStore
from tests.conftest import DAY

clock = fixed_on(DAY)
regeling = Catalog.default().current("amsterdam-bewonersinitiatief", DAY)
document = example_application(regeling, clock)
writer = DraftWriter()
store = DraftStore(Path(sys.argv[1]), writer=writer)
print(document.id, flush=True)
typed = ""
for n in range(100000):
    typed += "abcdefghij"[n % 10]
    document.answers["initiative_name"] = typed
    store.save(document)
    if n % 7 == 0:  # now and then the app confirms what is on disk
        writer.flush()
        print(len(typed), flush=True)
"""


def test_killed_while_typing_a_complete_draft_with_all_that_was_confirmed(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for attempt in range(6):
        folder = tmp_path / f"drafts{attempt}"
        typist = subprocess.Popen(
            [sys.executable, "-c", TYPIST, str(folder)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert typist.stdout is not None
        document_id = typist.stdout.readline().strip()
        confirmed = 0
        for _ in range(random.randint(2, 40)):
            confirmed = int(typist.stdout.readline())
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=30)
        saved = json.loads((folder / f"{document_id}.json").read_bytes())  # never torn
        assert len(saved["document"]["answers"]["initiative_name"]) >= confirmed


def test_the_callback_hears_of_each_snapshot_once_it_is_on_disk(
    tmp_path: Path, amsterdam_application
) -> None:
    writer = DraftWriter()
    store = DraftStore(tmp_path / "drafts", writer=writer)
    document = amsterdam_application
    seen: list[str] = []

    def on_disk(error: UserError | None) -> None:
        assert error is None
        seen.append(_typed(store.path_for(document.id).read_bytes()))

    for typed in ("B", "Bu", "Buu"):
        document.answers["initiative_name"] = typed
        store.save(document, on_durable=on_disk)
    writer.flush()
    assert seen == ["B", "Bu", "Buu"]  # each told when its own snapshot was on disk
    writer.close()


def test_a_full_disk_told_to_the_callback_is_not_raised_again(
    tmp_path: Path, amsterdam_application
) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    writer = DraftWriter(full)
    store = DraftStore(tmp_path / "drafts", writer=writer)
    told: list[UserError | None] = []
    store.save(amsterdam_application, on_durable=told.append)
    store.flush()  # the person was told already: no second message at the next read
    assert len(told) == 1 and told[0] is not None
    assert "Is de schijf vol?" in told[0].message.nl
    writer.close()
