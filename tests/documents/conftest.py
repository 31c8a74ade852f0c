"""Fixtures for PDFs, keys and bundles: real files, a real keyring where there is one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop_app.core.documents import Application
from desktop_app.core.engine import evaluate
from desktop_app.core.regeling import Regeling
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.signing import KEYRING_SERVICE, Signer, ephemeral_signer
from desktop_app.storage.attachments import AttachmentStore
from tests.conftest import DAY
from tests.files import real_pdf

# Tiny but real files of each accepted type.
PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
QUOTE_PDF = real_pdf("offerte van de buurtwinkel")


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    """The text in reading order (-raw: as drawn; -layout merges "€ 0" into "€0"), pages
    separated by form feeds."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (scripts/setup.sh test does)")
    path = tmp_path / "read-back.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def flat(text: str) -> str:
    """Whitespace collapsed, so a sentence wrapped over two lines is still found."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def signer() -> Signer:
    """A signer whose key lives in memory only: for everything that is not about the keyring."""
    return ephemeral_signer("Buurtmaaltijd Van der Pekbuurt")


@pytest.fixture
def signature() -> SignatureBlock:
    return SignatureBlock(name="Anna de Vries", place="Amsterdam", date=DAY)


@pytest.fixture
def verdicts(amsterdam: Regeling, amsterdam_application: Application):
    return evaluate(amsterdam, amsterdam_application, DAY).verdicts


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "data" / "attachments")


@pytest.fixture
def with_attachments(amsterdam_application: Application, store: AttachmentStore) -> Application:
    """The example application with a quote (PDF) and a photo (PNG) attached."""
    quote = store.add_bytes(QUOTE_PDF, "offerte-buurtwinkel.pdf", "quote")
    photo = store.add_bytes(PNG_1PX, "foto-vorig-jaar.png", "photo")
    amsterdam_application.answers["attachments"] = [
        quote.model_dump(mode="json"),
        photo.model_dump(mode="json"),
    ]
    return amsterdam_application


@pytest.fixture
def no_keyring() -> KeyringBackend:
    """What keyring gives on a computer without any usable backend."""
    return fail.Keyring()


@pytest.fixture
def real_keyring() -> KeyringBackend:
    """The system's keyring: a real Secret Service under scripts/setup.sh test (and in CI).

    Skips, loudly, only when there is no real backend; in CI that is a failure instead.
    """
    backend = keyring.get_keyring()
    from desktop_app.documents.signing import keyring_usable

    reason = None
    if not keyring_usable(backend):
        reason = f"no usable keyring backend ({type(backend).__module__})"
    else:
        probe = f"probe-{os.getpid()}"
        try:
            backend.set_password(KEYRING_SERVICE, probe, "x")
            ok = backend.get_password(KEYRING_SERVICE, probe) == "x"
            backend.delete_password(KEYRING_SERVICE, probe)
        except Exception as exc:  # locked, no D-Bus session, ...
            ok, reason = False, f"the keyring does not work: {type(exc).__name__}: {exc}"
        if not ok and reason is None:
            reason = "the keyring does not keep what is stored"
    if reason:
        message = (
            f"!!! REAL KEYRING TESTS NOT RUN: {reason}. Run the tests with "
            "'bash scripts/setup.sh test' (a private D-Bus session with gnome-keyring). !!!"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return backend


@pytest.fixture
def made_at() -> dt.datetime:
    from desktop_app.core.clock import fixed_on

    return fixed_on(DAY).now()
