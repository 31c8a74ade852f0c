from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage.drafts import DraftStore
from tests.conftest import ROOT


def test_saved_draft_reads_back_identically(tmp_path: Path, catalog, amsterdam_application) -> None:
    store = DraftStore(tmp_path)
    store.save(amsterdam_application)
    assert store.load(amsterdam_application.id) == amsterdam_application
    [summary] = store.summaries(catalog.title_of)
    assert summary.title == "Buurtmaaltijd Van der Pekbuurt"
    assert summary.status == "draft"


def test_drafts_stay_apart_and_can_be_deleted(
    tmp_path: Path, catalog, amsterdam_application
) -> None:
    store = DraftStore(tmp_path)
    other = amsterdam_application.model_copy(
        update={"id": uuid.uuid4(), "answers": {"initiative_name": "Tweede plan"}}
    )
    store.save(amsterdam_application)
    store.save(other)
    titles = {s.title for s in store.summaries(catalog.title_of)}
    assert titles == {"Buurtmaaltijd Van der Pekbuurt", "Tweede plan"}
    store.delete(other.id)
    assert [s.id for s in store.summaries()] == [amsterdam_application.id]


def test_a_damaged_file_is_skipped_in_the_list_and_explained_on_open(
    tmp_path: Path, amsterdam_application
) -> None:
    store = DraftStore(tmp_path)
    store.save(amsterdam_application)
    broken = uuid.uuid4()
    store.path_for(broken).write_text("{half a file")
    assert [s.id for s in store.summaries()] == [amsterdam_application.id]
    with pytest.raises(UserError) as caught:
        store.load(broken)
    assert caught.value.code == "drafts.unreadable"


FULL_DISK = r"""
import resource, signal, sys, uuid
from pathlib import Path
from desktop_app.core.errors import UserError
from desktop_app.storage.drafts import DraftStore
store = DraftStore(Path(sys.argv[1]))
document = store.load(uuid.UUID(sys.argv[2]))
document.answers = {"activity_description": "x" * 200_000}
# Files may not grow past 4 kB from here on: a write fails as on a full disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    store.save(document)
except UserError as error:
    print(error.message.nl)
"""


def test_a_write_that_fails_keeps_the_previous_version(
    tmp_path: Path, amsterdam_application
) -> None:
    store = DraftStore(tmp_path)
    store.save(amsterdam_application)
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path), str(amsterdam_application.id)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert "Traceback" not in result.stderr
    assert "niet worden opgeslagen" in result.stdout
    assert store.load(amsterdam_application.id) == amsterdam_application
    assert not list(tmp_path.glob(".*.tmp")), "the half-written temp file is cleaned up"


WRITER = r"""
import sys, uuid, datetime as dt
from pathlib import Path
from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.documents import Application, RegelingRef
from desktop_app.storage.drafts import DraftStore
store = DraftStore(Path(sys.argv[1]))
now = dt.datetime.now(AMSTERDAM)
doc = Application(id=uuid.UUID(sys.argv[2]), regeling=RegelingRef(id="amsterdam-bewonersinitiatief",
                  version="2026.1"), created_at=now, updated_at=now)
text = ""
i = 0
while True:
    i += 1
    text += "abcdefghij"[i % 10]
    doc.answers = {"activity_description": text, "counter": i}
    store.save(doc)
    print(i, flush=True)
"""


@pytest.mark.slow
def test_killing_the_writer_at_random_moments_never_leaves_a_broken_draft(tmp_path: Path) -> None:
    """SIGKILL while saving on every keystroke: each time, the draft reads back whole, and
    holds the last keystroke that was reported saved (or a later one)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    document_id = uuid.uuid4()
    store = DraftStore(tmp_path)
    for round_number in range(25):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(document_id)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout is not None
        last_reported = 0
        deadline = time.monotonic() + 0.05 + (round_number % 5) * 0.03
        first = process.stdout.readline()  # wait until it is writing
        last_reported = int(first)
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line:
                last_reported = int(line)
        process.send_signal(signal.SIGKILL)
        process.wait()
        saved = store.load(document_id)
        assert saved.answers["counter"] >= last_reported
        assert len(saved.answers["activity_description"]) == saved.answers["counter"]
        leftovers = [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"]
        assert len(leftovers) <= 1, leftovers  # at most the one file being written when killed
        for path in tmp_path.glob(".*.tmp"):
            path.unlink()
