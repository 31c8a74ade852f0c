"""Signing again in the same session: the unlocked key is reused only while it is the same key
file with the same passphrase; signing offline never loads pyHanko's HTTP clients."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from keyring.backend import KeyringBackend

from desktop_app.core.clock import fixed_on
from desktop_app.documents.signing import KEYRING_SERVICE, SigningKeys
from tests.conftest import DAY, ROOT

CLOCK = fixed_on(DAY)


def _public(signer) -> tuple[int, int]:
    numbers = signer.key.public_key().public_numbers()
    return numbers.n, numbers.e


def test_a_key_file_replaced_in_the_session_is_the_one_that_signs(
    real_keyring: KeyringBackend, tmp_path: Path
) -> None:
    key_id, other_id = uuid.uuid4(), uuid.uuid4()
    here = SigningKeys(tmp_path / "here", real_keyring, CLOCK)
    elsewhere = SigningKeys(tmp_path / "elsewhere", real_keyring, CLOCK)
    try:
        first = here.signer(key_id, "Buurttuin")
        again = SigningKeys(here.folder, real_keyring, CLOCK).signer(key_id, "Buurttuin")
        assert _public(again) == _public(first)  # the same key, unlocked once

        # A helper restores this initiative's key from a backup made on another computer:
        # another key file and its passphrase.
        other = elsewhere.signer(other_id, "Buurttuin")
        shutil.copyfile(elsewhere.key_path(other_id), here.key_path(key_id))
        passphrase = real_keyring.get_password(KEYRING_SERVICE, SigningKeys.username(other_id))
        assert passphrase is not None
        real_keyring.set_password(KEYRING_SERVICE, SigningKeys.username(key_id), passphrase)
        restored = SigningKeys(here.folder, real_keyring, CLOCK).signer(key_id, "Buurttuin")
        assert _public(restored) == _public(other) != _public(first)

        here.forget(key_id)  # "forget this computer": a new key next time, not the old one
        fresh = SigningKeys(here.folder, real_keyring, CLOCK).signer(key_id, "Buurttuin")
        assert _public(fresh) not in (_public(first), _public(other))
    finally:
        here.forget(key_id)
        elsewhere.forget(other_id)


PROBE = r"""
import sys
from desktop_app.documents.signing import ephemeral_signer

signer = ephemeral_signer("Buurttuin")
with open(sys.argv[1], "rb") as pdf:
    signed = signer.sign_pdf(pdf.read(), name="Buurttuin")
assert signed.startswith(b"%PDF")
print("signed; aiohttp loaded:", "aiohttp" in sys.modules)

# Someone who does want a timestamp still gets pyHanko's own client.
from pyhanko.sign.timestamps import HTTPTimeStamper
stamper = HTTPTimeStamper("http://127.0.0.1:9/")
print("timestamper:", type(stamper).__module__, "aiohttp loaded:", "aiohttp" in sys.modules)
"""


def test_signing_offline_loads_no_http_client_yet_a_timestamper_still_works(
    tmp_path: Path,
) -> None:
    import pikepdf

    pdf = tmp_path / "a.pdf"
    with pikepdf.new() as blank:
        blank.add_blank_page()
        blank.save(pdf)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(pdf)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "signed; aiohttp loaded: False"
    assert lines[1] == "timestamper: pyhanko.sign.timestamps.aiohttp_client aiohttp loaded: True"
