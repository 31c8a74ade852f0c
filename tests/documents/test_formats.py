"""What we sign and seal follows the standards, and files already out there keep working.

Canonical JSON is RFC 8785 (JCS), checked against the RFC's own examples; sealed bundles are
HPKE (RFC 9180) base mode, opened here by a second implementation written from the RFC;
version-1 decisions, receipts and sealed bundles made by the previous code
(tests/data/formats-v1) still verify and open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop_app.core.canonical import canonical_json
from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import EncryptionKey, PublicKey
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import BundleError, read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.decision import Decision, sign_decision, verify_decision
from desktop_app.documents.sealed import MAGIC, open_sealed, public_key_text, seal_bundle
from desktop_app.documents.signing import Signer
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.submit.receipt import Receipt, receipt_json, sign_receipt, verify_receipt
from tests.conftest import DAY, ROOT
from tests.files import real_png

V1 = ROOT / "tests" / "data" / "formats-v1"
KEYS = json.loads((V1 / "keys.json").read_text())


def _private(name: str) -> bytes:
    return base64.b64decode(KEYS[name])


def _pinned(amsterdam, key: Ed25519PrivateKey, key_id: str) -> Catalog:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    entry = PublicKey(key_id=key_id, ed25519=base64.b64encode(raw).decode())
    with_key = amsterdam.model_copy(update={"decision_keys": (entry,)})
    return Catalog(regelingen={with_key.key: with_key})


# --- RFC 8785 -------------------------------------------------------------------------------


def test_canonical_json_is_rfc_8785_by_its_own_examples() -> None:
    # RFC 8785 section 3.2.2: numbers as ECMAScript prints them, minimal string escapes.
    given = json.loads(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    assert (
        canonical_json(given)
        == (
            '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
            '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
        ).encode()
    )
    # Section 3.2.3: keys sorted by UTF-16 code units (the emoji before U+FB33).
    keys = ["\u20ac", "\r", "\ufb33", "1", "\U0001f600", "\u0080", "\u00f6"]
    order = list(json.loads(canonical_json({k: "" for k in keys})))
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_a_decision_is_signed_over_the_jcs_bytes_of_what_the_file_says(amsterdam) -> None:
    key = Ed25519PrivateKey.generate()
    application = example_application(amsterdam, fixed_on(DAY))
    made = Decision(
        application_id=application.id,
        regeling=application.regeling,
        outcome="reject",
        reason=Text(nl="Helaas: het budget van € 5.000 is op.", en="Sorry: the € 5,000 is gone."),
        decided_at=fixed_on(DAY).now(),
    )
    data = sign_decision(made, key, "k1")
    signed = json.loads(data)
    assert signed["decision"]["format_version"] == 2
    jcs = canonical_json(signed["decision"])
    assert "€".encode() in jcs and b"\\u20ac" not in jcs  # UTF-8, as RFC 8785 says
    key.public_key().verify(base64.b64decode(signed["signature"]), jcs)  # raises if not
    assert verify_decision(data, _pinned(amsterdam, key, "k1"), application) == made


def test_a_receipt_is_signed_over_the_jcs_bytes_of_what_it_says() -> None:
    key = Ed25519PrivateKey.generate()
    receipt = sign_receipt(
        Receipt(
            reference="KI-2026-000001",
            received_at="2026-03-02T12:00:00+01:00",
            bundle_id=str(uuid.uuid4()),
            bundle_sha256="ab" * 32,
            key_id="intake-1",
        ),
        key,
    )
    fields = json.loads(receipt_json(receipt))
    signature = base64.b64decode(fields.pop("signature"))
    key.public_key().verify(signature, canonical_json(fields))


# --- files of version 1, made by the code before this one ----------------------------------


def test_a_version_1_decision_with_euro_signs_still_verifies(amsterdam) -> None:
    key = Ed25519PrivateKey.from_private_bytes(_private("decision_ed25519_private"))
    data = (V1 / "decision-v1.json").read_bytes()
    assert b"\xe2\x82\xac" in data  # the file says €, the old signed form said \u20ac
    application = example_application(amsterdam, fixed_on(DAY))
    application = application.model_copy(
        update={"id": uuid.UUID(json.loads(data)["decision"]["application_id"])}
    )
    catalog = _pinned(amsterdam, key, KEYS["decision_key_id"])
    decision = verify_decision(data, catalog, application)
    assert decision.format_version == 1 and "€ 250" in decision.reason.nl
    # Changing the text still breaks it: the old form is checked, not skipped.
    changed = data.replace("€ 250".encode(), "€ 950".encode(), 1)
    with pytest.raises(UserError) as caught:
        verify_decision(changed, catalog, application)
    assert caught.value.code == "decision.refused"


def test_a_version_1_receipt_still_verifies() -> None:
    key = Ed25519PrivateKey.from_private_bytes(_private("receipt_ed25519_private"))
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    pinned = [PublicKey(key_id=KEYS["receipt_key_id"], ed25519=base64.b64encode(raw).decode())]
    data = (V1 / "receipt-v1.json").read_bytes()
    fields = json.loads(data)
    receipt = verify_receipt(data, fields["bundle_id"], fields["bundle_sha256"], pinned)
    assert receipt.reference == "KI-2026-000042"


def test_a_version_1_sealed_bundle_still_opens_and_imports(tmp_path, catalog) -> None:
    private = X25519PrivateKey.from_private_bytes(_private("sealed_x25519_private"))
    sealed = (V1 / "sealed-v1.bin").read_bytes()
    assert sealed.startswith(b"KLEIN-INITIATIEF-SEALED-1\n")
    keys = {KEYS["sealed_key_id"]: private}
    assert open_sealed(sealed, keys) == (V1 / "bundle.zip").read_bytes()
    store = CaseStore(tmp_path / "store")
    outcome = import_bundle(sealed, "old.zip", store, catalog, fixed_on(DAY), keys)
    assert outcome.status == "imported"


# --- RFC 9180 -------------------------------------------------------------------------------


def _labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, b"HPKE-v1" + suite + label + ikm, hashlib.sha256).digest()


def _labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, size: int) -> bytes:
    labeled = size.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info
    return HKDFExpand(hashes.SHA256(), size, labeled).derive(prk)


def _rfc9180_open(private: X25519PrivateKey, enc: bytes, ct: bytes, info: bytes) -> bytes:
    """RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, from the
    RFC's sections 4.1, 5.1 and 5.2 (not through cryptography's HPKE)."""
    kem = b"KEM" + (0x0020).to_bytes(2, "big")
    dh = private.exchange(X25519PublicKey.from_public_bytes(enc))
    mine = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    eae_prk = _labeled_extract(kem, b"", b"eae_prk", dh)
    shared = _labeled_expand(kem, eae_prk, b"shared_secret", enc + mine, 32)
    hpke = b"HPKE" + b"".join(n.to_bytes(2, "big") for n in (0x0020, 0x0001, 0x0002))
    context = (
        b"\x00"
        + _labeled_extract(hpke, b"", b"psk_id_hash", b"")
        + _labeled_extract(hpke, b"", b"info_hash", info)
    )
    secret = _labeled_extract(hpke, shared, b"secret", b"")
    key = _labeled_expand(hpke, secret, b"key", context, 32)
    nonce = _labeled_expand(hpke, secret, b"base_nonce", context, 12)
    return AESGCM(key).decrypt(nonce, ct, b"")


def test_a_sealed_bundle_is_rfc_9180_hpke_as_docs_sealed_md_says(amsterdam, signer) -> None:
    municipality = X25519PrivateKey.generate()
    application = example_application(amsterdam, fixed_on(DAY))
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, fixed_on(DAY).now())
    sealed = seal_bundle(
        bundle, EncryptionKey(key_id="ams-1", x25519=public_key_text(municipality))
    )
    # docs/sealed.md: magic line, header line, then enc (32 bytes) and the ciphertext;
    # info = everything before the second newline; aad empty.
    assert sealed.startswith(MAGIC)
    first = len(MAGIC)
    second = sealed.index(b"\n", first)
    header = json.loads(sealed[first:second])
    assert header["key_id"] == "ams-1" and "X25519" in header["suite"]
    info, rest = sealed[:second], sealed[second + 1 :]
    assert _rfc9180_open(municipality, rest[:32], rest[32:], info) == bundle
    assert open_sealed(sealed, {"ams-1": municipality}) == bundle
    # The header is bound: another key id in it breaks the seal.
    forged = sealed.replace(b'"ams-1"', b'"ams-2"', 1)
    with pytest.raises(UserError) as caught:
        open_sealed(forged, {"ams-2": municipality})
    assert caught.value.code == "sealed.damaged"


# --- the writer applies the reader's checks -------------------------------------------------


def test_the_writer_refuses_a_photo_labelled_as_a_pdf_with_the_readers_code(
    amsterdam, signer: Signer
) -> None:
    photo = real_png()
    digest = hashlib.sha256(photo).hexdigest()
    application = example_application(amsterdam, fixed_on(DAY))
    application.answers = {
        **application.answers,
        "attachments": [
            {
                "file_name": "offerte.pdf",
                "kind": "quote",
                "media_type": "application/pdf",  # hand-edited: the file is a PNG
                "size": len(photo),
                "sha256": digest,
            }
        ],
    }
    signed: list[bytes] = []

    class Watching:
        certificate_sha256 = signer.certificate_sha256
        certificate_pem = signer.certificate_pem

        def sign_detached(self, data: bytes) -> bytes:
            signed.append(data)
            return signer.sign_detached(data)

    with pytest.raises(BundleError) as caught:
        write_bundle(application, b"%PDF-1.7\n", {digest: photo}, Watching(), fixed_on(DAY).now())  # type: ignore[arg-type]
    assert caught.value.code == "bundle.attachment_media_type"
    assert "offerte.pdf" in caught.value.message.nl
    assert signed == []  # refused before anything was signed


def test_the_writer_refuses_what_the_reader_calls_not_a_pdf(amsterdam, signer) -> None:
    application = example_application(amsterdam, fixed_on(DAY))
    with pytest.raises(BundleError) as caught:
        write_bundle(application, b'{"not": "a pdf"}', {}, signer, fixed_on(DAY).now())
    assert caught.value.code == "bundle.not_pdf"
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, fixed_on(DAY).now())
    assert read_bundle(bundle).signed
