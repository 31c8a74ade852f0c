"""A bundle sealed to the municipality: hybrid, authenticated encryption.

X25519 with a fresh key per bundle, HKDF-SHA256, AES-256-GCM over the whole bundle; the
header (key id, ephemeral key, salt) is authenticated too. Only the holder of the
municipality's private key can open it; any change is detected.

File: ``KLEIN-INITIATIEF-SEALED-1\\n`` + one JSON header line + the ciphertext.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop_app.core.errors import UserError
from desktop_app.core.regeling import EncryptionKey
from desktop_app.core.text import Text

MAGIC = b"KLEIN-INITIATIEF-SEALED-1\n"
_INFO = b"klein-initiatief sealed bundle v1"
_MAX_HEADER = 1024


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _aead_key(shared: bytes, salt: bytes, key_id: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, _INFO + key_id.encode()).derive(shared)


def seal_bundle(bundle: bytes, recipient: EncryptionKey) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    public = X25519PublicKey.from_public_bytes(base64.b64decode(recipient.x25519))
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps(
        {
            "key_id": recipient.key_id,
            "ephemeral": base64.b64encode(_raw(ephemeral.public_key())).decode(),
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
        },
        sort_keys=True,
    ).encode()
    key = _aead_key(ephemeral.exchange(public), salt, recipient.key_id)
    return MAGIC + header + b"\n" + AESGCM(key).encrypt(nonce, bundle, MAGIC + header)


def public_key_text(key: X25519PrivateKey) -> str:
    """What a municipality puts in its regeling file under encryption_keys."""
    return base64.b64encode(_raw(key.public_key())).decode()


def _error(code: str, nl: str, en: str) -> UserError:
    return UserError(code, Text(nl=nl, en=en))


def open_sealed(data: bytes, private_keys: Mapping[str, X25519PrivateKey]) -> bytes:
    """The bundle inside; UserError when it is not for us, or was changed."""
    damaged = _error(
        "sealed.damaged",
        "Deze versleutelde bundel is beschadigd of veranderd.",
        "This encrypted bundle is damaged or has been changed.",
    )
    if not is_sealed(data):
        raise damaged
    header, newline, ciphertext = data[len(MAGIC) :].partition(b"\n")
    if not newline or len(header) > _MAX_HEADER:
        raise damaged
    try:
        fields = json.loads(header)
        key_id = str(fields["key_id"])
        ephemeral = X25519PublicKey.from_public_bytes(base64.b64decode(fields["ephemeral"]))
        salt = base64.b64decode(fields["salt"])
        nonce = base64.b64decode(fields["nonce"])
    except (ValueError, KeyError, TypeError) as exc:
        raise damaged from exc
    private = private_keys.get(key_id)
    if private is None:
        raise _error(
            "sealed.no_key",
            f"Deze bundel is versleuteld voor sleutel '{key_id[:64]}', en die sleutel is hier "
            "niet. Lees hem in op de computer met de sleutel van de gemeente.",
            f"This bundle is encrypted for key '{key_id[:64]}', which is not here. Import it "
            "on the computer that holds the municipality's key.",
        )
    key = _aead_key(private.exchange(ephemeral), salt, key_id)
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, MAGIC + header)
    except InvalidTag as exc:
        raise damaged from exc
