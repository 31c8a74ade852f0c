"""A resident's attachment must never run code on the official's PC. Written as the attack:
a bundle that is correctly signed and hashed, whose only fault is its attachment
(``offerte.hta`` that starts with %PDF-, ``factuur.bat`` with PNG bytes, a PDF with
JavaScript or a hidden file, a broken PNG, a decompression bomb). The reader refuses each
with its own code; the writer never makes such a bundle."""

from __future__ import annotations

import hashlib

import pytest

from desktop_app.core.attachment_types import BY_NAME, REASONS, AttachmentRefusedError
from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.core.regeling import Regeling
from desktop_app.documents.bundle_read import MESSAGES, BundleError, read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import verify_bundle
from desktop_app.documents.signing import Signer
from tests.conftest import DAY
from tests.files import attacks, bundle_with_attachment, real_pdf, real_png

ATTACKS = {attack.name: attack for attack in attacks()}
CLAIMED = {"%PDF-": "application/pdf", "\x89PNG": "image/png"}


def _claimed(content: bytes) -> str:
    """What the resident's side would have said, from the first bytes."""
    head = content[:5].decode("latin-1")
    return next((t for magic, t in CLAIMED.items() if head.startswith(magic)), "application/pdf")


@pytest.fixture(scope="module")
def valid_bundle(amsterdam: Regeling, signer: Signer) -> bytes:
    application = example_application(amsterdam, fixed_on(DAY))
    quote = real_pdf()
    digest = hashlib.sha256(quote).hexdigest()
    ref = {"file_name": "offerte.pdf", "kind": "quote", "media_type": "application/pdf"}
    application.answers = {
        **application.answers,
        "attachments": [ref | {"size": len(quote), "sha256": digest}],
    }
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {digest: quote}, signer, DAY_TIME)
    return bundle


DAY_TIME = fixed_on(DAY).now()


def test_the_clean_bundle_and_the_helper_pass(valid_bundle: bytes, signer: Signer) -> None:
    """Not a vacuous test: the helper's bundle passes when its attachment is clean."""
    contents = read_bundle(valid_bundle)
    [kind] = contents.attachment_types.values()
    assert kind.extension == "pdf"
    photo = real_png()
    rebuilt = bundle_with_attachment(valid_bundle, signer, "foto.png", photo, "image/png")
    [kind] = read_bundle(rebuilt).attachment_types.values()
    assert kind.extension == "png"


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_hostile_attachment_is_refused_with_its_code(
    name: str, valid_bundle: bytes, signer: Signer
) -> None:
    attack = ATTACKS[name]
    bundle = bundle_with_attachment(
        valid_bundle, signer, attack.file_name, attack.content, _claimed(attack.content)
    )
    with pytest.raises(BundleError) as caught:
        read_bundle(bundle)
    member = f"attachments/{hashlib.sha256(attack.content).hexdigest()}"
    assert (caught.value.code, caught.value.member) == (attack.import_code, member)
    assert member[:40] in caught.value.message.nl
    result = verify_bundle(bundle)
    assert (result.code, result.intact, result.readable) == (attack.import_code, False, True)


def test_the_official_is_told_what_was_found_in_the_pdf(
    valid_bundle: bytes, signer: Signer
) -> None:
    for name, named in (("pdf_javascript", "JavaScript"), ("pdf_embedded_file", "EmbeddedFiles")):
        content = ATTACKS[name].content
        bundle = bundle_with_attachment(valid_bundle, signer, "x.pdf", content, "application/pdf")
        with pytest.raises(BundleError) as caught:
            read_bundle(bundle)
        assert named in caught.value.message.nl and named in caught.value.message.en


def test_an_attachment_that_is_not_what_the_application_says_is_refused(
    valid_bundle: bytes, signer: Signer
) -> None:
    bundle = bundle_with_attachment(valid_bundle, signer, "foto.pdf", real_png(), "application/pdf")
    with pytest.raises(BundleError) as caught:
        read_bundle(bundle)
    assert caught.value.code == "bundle.attachment_media_type"


def test_every_reason_has_an_import_code() -> None:
    for reason in REASONS:
        code = AttachmentRefusedError(reason).code.replace("attachment.", "bundle.attachment_")
        assert code in MESSAGES or reason == "unknown_type" or reason in BY_NAME


@pytest.mark.parametrize("name", ["hta_as_pdf", "pdf_javascript", "bat_as_png"])
def test_the_writer_never_makes_a_bundle_with_such_a_file(
    name: str, amsterdam: Regeling, signer: Signer
) -> None:
    attack = ATTACKS[name]
    digest = hashlib.sha256(attack.content).hexdigest()
    application = example_application(amsterdam, fixed_on(DAY))
    ref = {"file_name": attack.file_name, "kind": "quote", "media_type": "application/pdf"}
    application.answers = {
        **application.answers,
        "attachments": [ref | {"size": len(attack.content), "sha256": digest}],
    }
    with pytest.raises(BundleError) as caught:
        write_bundle(application, b"%PDF-1.7\n", {digest: attack.content}, signer, DAY_TIME)
    # The reader's own check and code (what verify and the import would say), before signing.
    reason = attack.resident_code.removeprefix("attachment.")
    assert caught.value.code == (
        "bundle.attachment_type" if reason == "unknown_type" else f"bundle.attachment_{reason}"
    )
    assert attack.file_name in caught.value.message.nl
