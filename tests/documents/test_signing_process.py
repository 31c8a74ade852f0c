"""Issue 20: the window signs in a worker process (documents/signing_process.py). These start
that worker for real (``python -m desktop_app --sign-worker``) with the real keyring of the
test command, and read what it made back with the app's own bundle reader and with pdfsig."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.core.regeling import Regeling
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.documents.finish import key_id_for, make_outputs
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.documents.signing_process import SigningProcess
from desktop_app.storage.crypto import PLAIN
from desktop_app.storage.drafts import DraftStore
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY

CLOCK = fixed_on(DAY)
BLOCK = SignatureBlock(name="Anna de Vries", place="Amsterdam", date=DAY)


@pytest.fixture
def signing():
    process = SigningProcess()
    yield process
    process.close()


def _sign(paths: AppPaths, regeling: Regeling, application, signing: SigningProcess):
    store = DraftStore(paths.drafts)
    store.save(application)
    outputs = make_outputs(
        paths, CLOCK, store, regeling, application, BLOCK, maker=signing.make_files
    )
    return outputs, store


def _pdf_signature_is_valid(pdf: Path) -> bool:
    if shutil.which("pdfsig") is None:
        pytest.fail("pdfsig is missing: install poppler-utils (scripts/setup.sh test does)")
    done = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, timeout=60)
    return "Signature is Valid." in done.stdout


def test_the_worker_signs_what_signing_here_would(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    signing.warm()
    assert signing.wait_ready(120), "the worker never said it was ready"
    paths = AppPaths(tmp_path / "data")
    signing.unlock_ahead(paths.keys, PLAIN, key_id_for(amsterdam_application))  # no key yet
    outputs, store = _sign(paths, amsterdam, amsterdam_application, signing)

    assert outputs.signed and outputs.unsigned_reason is None
    assert signing._worker is not None and signing._worker.alive  # it answered: not made here
    contents = read_bundle(outputs.bundle.read_bytes())
    assert contents.signed and contents.document.id == amsterdam_application.id
    assert outputs.pdf is not None and _pdf_signature_is_valid(outputs.pdf)
    # Marked final here, by the caller's store, not by the worker.
    assert store.status(amsterdam_application.id) == "final"
    # The key the worker made on first use is the one a later signing here finds.
    assert (paths.keys / f"{amsterdam_application.id}.key.pem").is_file()


def test_a_second_signing_uses_the_same_worker_and_key(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    paths = AppPaths(tmp_path / "data")
    first, _ = _sign(paths, amsterdam, amsterdam_application, signing)
    pid = signing._worker.child.pid  # type: ignore[union-attr]
    signing.unlock_ahead(paths.keys, PLAIN, key_id_for(amsterdam_application))
    second, _ = _sign(paths, amsterdam, amsterdam_application, signing)
    assert signing._worker is not None and signing._worker.child.pid == pid
    one = read_bundle(first.bundle.read_bytes()).certificate_sha256
    assert read_bundle(second.bundle.read_bytes()).certificate_sha256 == one


def test_a_worker_killed_halfway_is_replaced_and_nothing_is_lost(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    signing.warm()
    assert signing.wait_ready(120)
    killed = signing._worker.child  # type: ignore[union-attr]
    os.kill(killed.pid, signal.SIGKILL)
    paths = AppPaths(tmp_path / "data")
    outputs, store = _sign(paths, amsterdam, amsterdam_application, signing)
    assert outputs.signed and read_bundle(outputs.bundle.read_bytes()).signed
    assert store.status(amsterdam_application.id) == "final"
    assert killed.poll() is not None
    assert signing._worker is not None and signing._worker.child.pid != killed.pid


def test_without_any_worker_the_files_are_made_here(
    tmp_path, amsterdam, amsterdam_application, real_keyring
) -> None:
    missing = tmp_path / "no-such-program"
    signing = SigningProcess(command=lambda: ([str(missing)], dict(os.environ)))
    paths = AppPaths(tmp_path / "data")
    outputs, _ = _sign(paths, amsterdam, amsterdam_application, signing)
    assert outputs.signed and read_bundle(outputs.bundle.read_bytes()).signed
    signing.close()


def test_a_full_disk_in_the_worker_is_the_same_clear_message(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    paths = AppPaths(tmp_path / "data")
    paths.output.parent.mkdir(parents=True, exist_ok=True)
    paths.output.write_text("a file where the output folder should be")
    store = DraftStore(paths.drafts)
    store.save(amsterdam_application)
    with pytest.raises(UserError) as raised:
        make_outputs(
            paths, CLOCK, store, amsterdam, amsterdam_application, BLOCK, maker=signing.make_files
        )
    assert raised.value.code == "file.unwritable"
    assert "kon niet worden opgeslagen" in raised.value.message.nl
    assert "could not be saved" in raised.value.message.en
    assert store.status(amsterdam_application.id) == "draft"  # not final: nothing made


def test_an_idle_worker_goes_and_a_closed_one_leaves_nothing_behind(tmp_path) -> None:
    signing = SigningProcess(idle_seconds=10.0)  # longer than it takes to get ready
    signing.warm()
    assert signing.wait_ready(120)
    idle = signing._worker.child  # type: ignore[union-attr]
    end = time.monotonic() + 60
    while idle.poll() is None and time.monotonic() < end:
        time.sleep(0.1)
    assert idle.poll() is not None, "an idle worker kept running"
    signing.warm()  # the next check page: a new one
    working = signing._worker.child  # type: ignore[union-attr]
    assert working.poll() is None
    signing.close()
    assert working.poll() is not None
    signing.warm()  # closed: no new one either
    assert signing._worker is None


def test_a_job_that_cannot_be_sent_is_made_here(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    class LocalClock:  # defined in a function: pickle cannot send it to the worker
        def now(self):
            return CLOCK.now()

    paths = AppPaths(tmp_path / "data")
    store = DraftStore(paths.drafts)
    store.save(amsterdam_application)
    outputs = make_outputs(
        paths,
        LocalClock(),
        store,
        amsterdam,
        amsterdam_application,
        BLOCK,
        maker=signing.make_files,
    )
    assert outputs.signed and read_bundle(outputs.bundle.read_bytes()).signed
    assert store.status(amsterdam_application.id) == "final"


def test_closing_a_dossier_or_wiping_its_keys_stops_the_worker(catalog, tmp_path) -> None:
    """A helper's next resident: no worker keeps the last one's keys unlocked."""
    from desktop_app.resident.service import ResidentService

    resident = ResidentService(catalog, CLOCK, keyring_backend=None)
    resident.sign_apart()
    signing = resident._signing
    assert signing is not None and signing.wait_ready(120)
    first = signing._worker.child  # type: ignore[union-attr]
    resident.close_dossier()
    assert first.poll() is not None and signing._worker is None
    resident.prepare_signing(None, None, signing_soon=False)  # type: ignore[arg-type]
    second = signing._worker.child  # type: ignore[union-attr]
    assert second.poll() is None  # the check page starts a new one
    resident._forget_keys_in(tmp_path / "keys")
    assert second.poll() is not None
    resident.stop_signing()


def test_a_protected_dossier_is_sealed_by_the_worker_too(
    tmp_path, amsterdam, amsterdam_application, real_keyring, signing
) -> None:
    from desktop_app.storage.crypto import SealedCodec

    codec = SealedCodec(b"k" * 32)
    paths = AppPaths(tmp_path / "data")
    store = DraftStore(paths.drafts, codec)
    store.save(amsterdam_application)
    outputs = make_outputs(
        paths, CLOCK, store, amsterdam, amsterdam_application, BLOCK, maker=signing.make_files
    )
    assert signing._worker is not None and signing._worker.alive  # the worker made them
    assert outputs.sealed_here and outputs.signed
    on_disk = [p.read_bytes() for p in paths.output.iterdir() if p.is_file()]
    assert on_disk and not any(b"%PDF" in data[:1024] or data[:2] == b"PK" for data in on_disk)
    assert (outputs.read_pdf() or b"").startswith(b"%PDF")
    assert read_bundle(outputs.read_bundle()).signed
