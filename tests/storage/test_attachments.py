from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage.attachments import AttachmentStore

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_stored_by_content_and_recognised_by_its_bytes(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    ref = store.add_bytes(PNG, "vakantie.pdf", "photo")  # wrong name, right bytes
    assert ref.media_type == "image/png"
    assert store.read(ref) == PNG
    assert store.add_bytes(PNG, "again.png", "photo").sha256 == ref.sha256


def test_a_changed_file_is_noticed(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    ref = store.add_bytes(PNG, "foto.png", "photo")
    store.path_for(ref.sha256).write_bytes(PNG + b"tampered")
    with pytest.raises(UserError) as caught:
        store.read(ref)
    assert caught.value.code == "attachment.changed"


def test_a_missing_source_file_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        AttachmentStore(tmp_path).add_file(tmp_path / "weg.jpg", "photo")
    assert "weg.jpg" in caught.value.message.nl


def test_only_hashes_name_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        AttachmentStore(tmp_path).path_for("../../etc/passwd")


def test_a_renamed_program_is_not_taken_for_a_pdf(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    ref = store.add_bytes(b"MZ\x90\x00 a Windows program", "offerte.pdf", "quote")
    assert ref.media_type == "application/octet-stream"
    assert store.add_bytes(b"gewone tekst", "notities.txt", "other").media_type == "text/plain"
