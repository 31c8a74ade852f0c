from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage.attachments import AttachmentStore
from tests.files import attacks, real_png

PNG = real_png()


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


@pytest.mark.parametrize("attack", attacks(), ids=lambda attack: attack.name)
def test_a_file_that_is_not_a_clean_pdf_or_photo_is_refused_and_not_stored(
    tmp_path: Path, attack
) -> None:
    """offerte.hta that starts with %PDF-, factuur.bat with PNG bytes, a PDF with JavaScript…"""
    store = AttachmentStore(tmp_path / "attachments")
    source = tmp_path / attack.file_name
    source.write_bytes(attack.content)
    with pytest.raises(UserError) as caught:
        store.add_file(source, "quote")
    assert caught.value.code == attack.resident_code
    said = caught.value.message.nl
    assert f"'{attack.file_name}'" in said
    assert any(advice in said for advice in ("Bewaar", "Maak", "Open", "kies")), said
    assert not (tmp_path / "attachments").exists() or not any((tmp_path / "attachments").iterdir())


def test_plain_text_is_not_an_attachment(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        AttachmentStore(tmp_path).add_bytes(b"gewone tekst", "notities.txt", "other")
    assert caught.value.code == "attachment.unknown_type"
    assert "geen PDF, JPG of PNG" in caught.value.message.nl
