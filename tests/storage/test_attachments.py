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


def heic_photo(width: int = 120, height: int = 80) -> bytes:
    """A real HEIC file, as an iPhone makes them, written by pillow-heif (libheif)."""
    import io

    import pillow_heif
    from PIL import Image

    picture = Image.new("RGB", (width, height), (30, 120, 200))
    heif = pillow_heif.from_pillow(picture)
    out = io.BytesIO()
    heif.save(out, quality=90)
    return out.getvalue()


def test_an_iphone_heic_photo_is_stored_as_a_jpeg(tmp_path: Path) -> None:
    import io

    from PIL import Image

    data = heic_photo()
    assert data[4:12] == b"ftypheic"
    store = AttachmentStore(tmp_path)
    ref = store.add_bytes(data, "IMG_0042.HEIC", "photo")
    assert ref.media_type == "image/jpeg"
    assert ref.file_name == "IMG_0042.jpg"
    stored = store.read(ref)
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (120, 80)
        assert "exif" not in picture.info  # no location or camera data travels along


def test_a_damaged_heic_photo_says_what_to_do(tmp_path: Path) -> None:
    data = heic_photo()[:200]  # the start of a HEIC file, cut off
    with pytest.raises(UserError) as caught:
        AttachmentStore(tmp_path).add_bytes(data, "IMG_0043.HEIC", "photo")
    assert caught.value.code == "attachment.heic_damaged"
    assert "iPhone-foto" in caught.value.message.nl
    assert "Meest compatibel" in caught.value.message.nl
    assert not list(tmp_path.iterdir())


def test_a_renamed_word_file_is_not_a_real_pdf(tmp_path: Path) -> None:
    word = b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + bytes(200)
    with pytest.raises(UserError) as caught:
        AttachmentStore(tmp_path).add_bytes(word, "begroting.pdf", "quote")
    assert caught.value.code == "attachment.fake_pdf"
    text = caught.value.message.nl
    assert text.startswith("Dit bestand is geen echte PDF")
    assert "'begroting.pdf'" in text
    assert "Opslaan als PDF" in text  # what to do
    assert caught.value.message.en.startswith("This file is not a real PDF")
