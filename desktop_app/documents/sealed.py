"""A bundle sealed to the municipality: HPKE (RFC 9180), base mode.

Suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (ids 0x0020, 0x0001, 0x0002),
single-shot, through ``cryptography``'s HPKE. A fresh ephemeral key per bundle; only the holder
of the municipality's private key can open it; any change is detected.

File (version 2, written now): ``KLEIN-INITIATIEF-SEALED-2\\n`` + one header line (RFC 8785
JSON: ``key_id`` and ``suite``) + ``\\n`` + ``enc`` (32 bytes) + the HPKE ciphertext. The HPKE
``info`` is everything before that second newline (so the header is authenticated); ``aad`` is
empty. docs/sealed.md says how to open one with any RFC 9180 implementation.

Version 1 (``KLEIN-INITIATIEF-SEALED-1``: X25519 + HKDF-SHA256 + AES-256-GCM put together by
hand, before ``cryptography`` offered HPKE) is still opened, never written.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop_app.core.canonical import canonical_json
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.regeling import EncryptionKey

MAGIC = b"KLEIN-INITIATIEF-SEALED-2\n"
MAGIC_V1 = b"KLEIN-INITIATIEF-SEALED-1\n"
SUITE_NAME = "HPKE-Base DHKEM(X25519, HKDF-SHA256) HKDF-SHA256 AES-256-GCM"
_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
ENC_BYTES = 32
_INFO_V1 = b"klein-initiatief sealed bundle v1"
_MAX_HEADER = 1024


def is_sealed(data: bytes) -> bool:
    return data.startswith((MAGIC, MAGIC_V1))


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _aead_key(shared: bytes, salt: bytes, key_id: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, _INFO_V1 + key_id.encode()).derive(shared)


def seal_bundle(bundle: bytes, recipient: EncryptionKey) -> bytes:
    public = X25519PublicKey.from_public_bytes(base64.b64decode(recipient.x25519))
    header = canonical_json({"key_id": recipient.key_id, "suite": SUITE_NAME})
    info = MAGIC + header
    return info + b"\n" + _SUITE.encrypt(bundle, public, info=info)


def public_key_text(key: X25519PrivateKey) -> str:
    """What a municipality puts in its regeling file under encryption_keys."""
    return base64.b64encode(_raw(key.public_key())).decode()


def _error(code: str, dutch: str, **values: str) -> UserError:
    return UserError(code, text(dutch, **values))


def open_sealed(data: bytes, private_keys: Mapping[str, X25519PrivateKey]) -> bytes:
    """The bundle inside; UserError when it is not for us, or was changed."""
    damaged = _error(
        "sealed.damaged",
        N_("Deze versleutelde bundel is beschadigd of veranderd."),
    )
    if not is_sealed(data):
        raise damaged
    magic = MAGIC if data.startswith(MAGIC) else MAGIC_V1
    header, newline, body = data[len(magic) :].partition(b"\n")
    if not newline or len(header) > _MAX_HEADER:
        raise damaged
    try:
        fields = json.loads(header)
        key_id = str(fields["key_id"])
        if magic == MAGIC and fields.get("suite") != SUITE_NAME:
            raise ValueError("another HPKE suite")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged from exc
    private = private_keys.get(key_id)
    if private is None:
        raise _error(
            "sealed.no_key",
            N_(
                "Deze bundel is versleuteld voor sleutel '{key}', en die sleutel is hier "
                "niet. Lees hem in op de computer met de sleutel van de gemeente."
            ),
            key=key_id[:64],
        )
    try:
        if magic == MAGIC:
            return _SUITE.decrypt(body, private, info=magic + header)
        return _open_v1(fields, header, body, private, key_id)
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise damaged from exc


def _open_v1(
    fields: dict[str, str], header: bytes, body: bytes, private: X25519PrivateKey, key_id: str
) -> bytes:
    """A version-1 file: X25519 + HKDF-SHA256 + AES-256-GCM over MAGIC_V1 + header as AAD."""
    ephemeral = X25519PublicKey.from_public_bytes(base64.b64decode(fields["ephemeral"]))
    salt = base64.b64decode(fields["salt"])
    nonce = base64.b64decode(fields["nonce"])
    key = _aead_key(private.exchange(ephemeral), salt, key_id)
    return AESGCM(key).decrypt(nonce, body, MAGIC_V1 + header)
