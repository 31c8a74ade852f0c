"""Fixtures for PDFs, keys and bundles: real files, a real keyring where there is one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop_app.core.documents import Application
from desktop_app.core.engine import evaluate
from desktop_app.core.regeling import Regeling
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.signing import Signer, ephemeral_signer
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
def made_at() -> dt.datetime:
    from desktop_app.core.clock import fixed_on

    return fixed_on(DAY).now()
