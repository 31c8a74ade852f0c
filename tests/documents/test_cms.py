"""The detached-signature check (documents/cms.py) walks the DER itself. It must refuse
whatever the general ASN.1 library (asn1crypto, its earlier way) refused: every single-byte
change, cut or addition to a real signature is tried on both."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from desktop_app.documents.cms import SignatureProblemError, verify_detached
from desktop_app.documents.signing import ephemeral_signer

DATA = b'{"format_version": 1, "members": []}'


def reference_accepts(signature: bytes, data: bytes) -> bool:
    """The earlier check, with asn1crypto: the same rules, read through its objects."""
    try:
        info = asn1_cms.ContentInfo.load(signature, strict=True)
        signed = info["content"]
        ok = (
            info["content_type"].native == "signed_data"
            and signed["version"].native in ("v1", "v3")
            and signed["encap_content_info"]["content"].native is None
            and signed["encap_content_info"]["content_type"].native == "data"
            and [a["algorithm"].native for a in signed["digest_algorithms"]] == ["sha256"]
            and len(signed["certificates"]) == 1
            and signed["certificates"][0].name == "certificate"
            and len(signed["signer_infos"]) == 1
        )
        if not ok:
            return False
        cert = signed["certificates"][0].chosen
        signer = signed["signer_infos"][0]
        sid = signer["sid"].chosen
        attributes = signer["signed_attrs"]
        found = {a["type"].native: a["values"] for a in attributes}
        if not (
            signer["version"].native == "v1"
            and signer["sid"].name == "issuer_and_serial_number"
            and sid["issuer"].dump() == cert.issuer.dump()
            and sid["serial_number"].native == cert.serial_number
            and signer["digest_algorithm"]["algorithm"].native == "sha256"
            and signer["signature_algorithm"]["algorithm"].native
            in ("rsassa_pkcs1v15", "sha256_rsa")
            and signer["signature_algorithm"]["parameters"].native is None
            and len(attributes) > 0
            and len(found) == len(attributes)
            and len(found.get("content_type") or ()) == 1
            and found["content_type"][0].native == "data"
            and len(found.get("message_digest") or ()) == 1
        ):
            return False
        key = x509.load_der_x509_certificate(cert.dump()).public_key()
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            return False
        key.verify(
            signer["signature"].native,
            b"\x31" + attributes.dump()[1:],
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
        digest = found["message_digest"][0].native
        return isinstance(digest, bytes) and hmac.compare_digest(
            digest, hashlib.sha256(data).digest()
        )
    except Exception:
        return False


def accepts(signature: bytes, data: bytes) -> bool:
    try:
        verify_detached(signature, data)
    except SignatureProblemError:
        return False
    return True


@pytest.fixture(scope="module")
def signature() -> bytes:
    return ephemeral_signer("Buurtmaaltijd").sign_detached(DATA)


def test_a_real_signature_is_accepted_and_names_its_signer(signature) -> None:
    assert reference_accepts(signature, DATA)
    certificate = verify_detached(signature, DATA)
    assert "Buurtmaaltijd" in certificate.subject.rfc4514_string()
    with pytest.raises(SignatureProblemError) as problem:
        verify_detached(signature, DATA + b" ")
    assert problem.value.data_changed


def test_no_changed_byte_passes_that_the_asn1_library_refused(signature) -> None:
    for at in range(len(signature)):
        for flip in (0x01, 0x80, 0xFF):
            changed = bytearray(signature)
            changed[at] ^= flip
            if accepts(bytes(changed), DATA):
                assert reference_accepts(bytes(changed), DATA), (at, flip)


def test_cut_or_lengthened_signatures_are_refused(signature) -> None:
    for end in range(0, len(signature), 7):
        assert not accepts(signature[:end], DATA)
    assert not accepts(signature + b"\x00", DATA)
    assert not accepts(signature + signature, DATA)
    assert not accepts(b"", DATA) and not accepts(b"\x30\x80\x00\x00", DATA)
