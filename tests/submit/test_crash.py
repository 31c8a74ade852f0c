"""The client killed (SIGKILL) in the middle of an upload: after a restart the bundle is sent,
and the municipality has it exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.keys import public_entry
from desktop_app.storage.outbox import Outbox
from tests.conftest import ROOT
from tests.submit.servers import FlakyFront

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _submit(data_dir: Path, bundle: Path, url: str, key: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        # No keyring needed (the test service wants no token); never wait for one.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    command = [sys.executable, "-m", "desktop_app", "--lang", "en", "--data-dir", str(data_dir)]
    command += ["submit", str(bundle), "--endpoint", url, "--receipt-key", key, "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_killed_during_upload_then_sent_once_after_restart(intake, bundle, tmp_path) -> None:
    path = tmp_path / "aanvraag.zip"
    path.write_bytes(bundle)
    bundle_id = str(read_bundle(bundle).manifest.bundle_id)
    pin = public_entry(intake.store.key)
    key = f"{pin.key_id}={pin.ed25519}"
    data_dir = tmp_path / "app"
    with FlakyFront(intake.url, ["stall"]) as front:
        first = _submit(data_dir, path, front.url, key)
        try:
            assert front.stalled.wait(60), first.communicate(timeout=5)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        left = Outbox(data_dir / "outbox.sqlite").get(bundle_id)
        assert left is not None and left.state == "sending"
        assert intake.store.count() == 0

        # Restart: the same command again. It finds the item in the outbox and sends it.
        second = _submit(data_dir, path, front.url, key)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        again = json.loads(out)
        assert again["state"] == "sent" and again["bundle_id"] == bundle_id
        assert front.keys() == {bundle_id} and len(front.seen) == 2

        # Once more, with the file deleted: the outbox knows it is sent and sends nothing.
        path.unlink()
        listed = _outbox_send(data_dir)
        assert listed[bundle_id]["state"] == "sent" and len(front.seen) == 2

    assert intake.store.count() == 1
    stored = intake.store.get(bundle_id)
    assert intake.store.bundle_bytes(stored) == bundle
    assert again["reference"] == stored.reference


def _outbox_send(data_dir: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    command = [sys.executable, "-m", "desktop_app", "--lang", "en", "--data-dir", str(data_dir)]
    done = subprocess.run(
        [*command, "outbox", "--send", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return {i["bundle_id"]: i for i in json.loads(done.stdout)}
