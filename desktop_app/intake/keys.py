"""The intake service's signing key: Ed25519, in the data folder.

A server has no person to unlock a keyring, so the key is a plain PKCS#8 file readable by
the service's user only (mode 0600). Guard the data folder like the bundles in it.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

from desktop_app.core.regeling import PublicKey

KEY_FILE = "intake-key.pem"


def key_id_of(key: Ed25519PrivateKey) -> str:
    """A short, stable name derived from the public key itself."""
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "intake-" + hashlib.sha256(raw).hexdigest()[:12]


def public_entry(key: Ed25519PrivateKey) -> PublicKey:
    """What a municipality pins in its regeling under submission.receipt_keys."""
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PublicKey(key_id=key_id_of(key), ed25519=base64.b64encode(raw).decode())


def load_or_create(folder: Path) -> Ed25519PrivateKey:
    path = folder / KEY_FILE
    if path.exists():
        key = load_pem_private_key(path.read_bytes(), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return key
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    temp = folder / f".{KEY_FILE}.tmp"
    # Created 0600 from the start: never readable by others, not even for a moment.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    # link, not replace: two services starting at once must not end up with two keys.
    try:
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temp)
    return load_or_create(folder)
