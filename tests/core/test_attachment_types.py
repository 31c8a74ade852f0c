"""What an attachment really is: decided by parsing it completely, never by its name or its
first bytes. Written as the attacks: each is refused with its own reason, in this process
and in the separate checking process the official's side uses."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop_app.core.attachment_types import (
    BY_NAME,
    JPEG,
    MAX_IMAGE_PIXELS,
    PDF,
    PNG,
    AttachmentRefusedError,
    check_isolated,
    identify,
    viewable_copies,
    viewable_copy,
)
from tests.files import attacks, decompression_bomb_png, real_jpeg, real_pdf, real_png

ATTACKS = {attack.name: attack for attack in attacks()}


def test_clean_files_are_what_their_contents_say() -> None:
    assert identify(real_pdf(), "offerte.pdf") is PDF
    assert identify(real_png(), "foto.png") is PNG
    assert identify(real_jpeg(), "foto.jpg") is JPEG
    # A name is only a name: a real PNG called .pdf is a PNG.
    assert identify(real_png(), "vakantie.pdf") is PNG


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_every_attack_is_refused_with_its_reason(name: str) -> None:
    attack = ATTACKS[name]
    with pytest.raises(AttachmentRefusedError) as caught:
        identify(attack.content, attack.file_name)
    assert caught.value.code == attack.resident_code
    message = caught.value.message
    assert f"'{attack.file_name}'" in message.nl and f"'{attack.file_name}'" in message.en


def test_the_message_names_what_was_found_in_the_pdf() -> None:
    with pytest.raises(AttachmentRefusedError) as caught:
        identify(ATTACKS["pdf_javascript"].content, "offerte.pdf")
    assert "JavaScript" in caught.value.message.nl
    assert caught.value.found == ("javascript",)
    with pytest.raises(AttachmentRefusedError) as caught:
        identify(ATTACKS["pdf_embedded_file"].content, "offerte.pdf")
    assert caught.value.found == ("embedded_file",)
    assert "een bestand dat in de PDF zit" in caught.value.message.nl
    with pytest.raises(AttachmentRefusedError) as caught:
        identify(ATTACKS["pdf_launch"].content, "offerte.pdf")
    assert "launch" in caught.value.found and "/Launch" in caught.value.message.en


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    bomb = decompression_bomb_png()
    assert len(bomb) < 1024 * 1024  # tiny on disk…
    with pytest.raises(AttachmentRefusedError) as caught:
        identify(bomb, "foto.png")
    assert caught.value.pixels == 30_000 * 30_000 > MAX_IMAGE_PIXELS  # …huge when decoded
    assert "900.000.000 beeldpunten" in caught.value.message.nl


def test_the_separate_process_gives_the_same_answers() -> None:
    files = [real_pdf(), real_png(), *(attack.content for attack in attacks())]
    results = check_isolated(files)
    assert results[:2] == [PDF, PNG]
    for attack, result in zip(attacks(), results[2:], strict=True):
        assert isinstance(result, AttachmentRefusedError), attack.name
        # The checker sees bytes without the resident's file name: "not a real PDF" (said by
        # name on the resident's side) is "not a PDF, JPG or PNG" here.
        by_name = attack.resident_code.removeprefix("attachment.") in BY_NAME
        expected = "attachment.unknown_type" if by_name else attack.resident_code
        assert result.code == expected, attack.name


def test_a_check_that_takes_too_long_is_a_refusal() -> None:
    [result] = check_isolated([real_pdf()], timeout=0.001)
    assert isinstance(result, AttachmentRefusedError) and result.code == "attachment.check_failed"


def test_an_image_to_look_at_is_written_again_without_its_metadata() -> None:
    photo = real_jpeg(comment=b"GPS 52.37N 4.89E Kanariestraat 7")
    copy = viewable_copy(photo, JPEG)
    assert b"Kanariestraat" in photo and b"Kanariestraat" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert (image.format, image.size) == ("JPEG", (16, 12))
    [(kind, isolated_copy)] = viewable_copies([photo])
    assert kind is JPEG and b"Kanariestraat" not in isolated_copy
    pdf = real_pdf()
    assert viewable_copy(pdf, PDF) == pdf


@pytest.mark.parametrize(
    "said",
    [
        b'{"media_type": "text/html", "copy": 0}',
        b'{"media_type": "application/pdf", "copy": -1}',
        b'{"reason": "all fine"}',
        b'{"reason": "pdf_active_content", "found": ["nothing"]}',
        b"\x80\x04K\x01.",  # a pickle: never unpickled
        b"[]",
    ],
)
def test_what_the_checking_process_says_is_checked_not_trusted(said: bytes) -> None:
    """The child parses hostile files: if one took it over, its answer still cannot make an
    HTML file pass or reach into the parent."""
    from desktop_app.core.attachment_types import _parse_answer

    assert _parse_answer(said, lambda size: b"") == {"reason": "check_failed"}
