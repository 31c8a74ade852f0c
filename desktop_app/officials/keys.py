"""The municipality's decision key: an Ed25519 key file, encrypted, whose passphrase lives
only in the OS keyring of the officials' computer."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    load_pem_private_key,
)
from keyring.backend import KeyringBackend

from desktop_app.core.errors import UserError
from desktop_app.core.text import Text
from desktop_app.documents.signing import keyring_usable
from desktop_app.storage.atomic import write_atomic

KEYRING_SERVICE = "klein-initiatief-behandelaar"
NO_KEYRING = UserError(
    "officials.no_keyring",
    Text(
        nl="Op deze computer is geen veilige sleutelbewaarplaats (sleutelbos). Zonder die "
        "kunnen besluiten niet digitaal worden ondertekend. Vraag uw IT-afdeling om hulp.",
        en="This computer has no secure keyring. Without it decisions cannot be digitally "
        "signed. Ask your IT department for help.",
    ),
)


KeyKind = Literal["decisions", "encryption"]
_GENERATE: dict[KeyKind, Callable[[], Ed25519PrivateKey | X25519PrivateKey]] = {
    "decisions": Ed25519PrivateKey.generate,
    "encryption": X25519PrivateKey.generate,
}


def load_or_create(
    folder: Path, backend: KeyringBackend, key_id: str, kind: KeyKind = "decisions"
) -> Ed25519PrivateKey | X25519PrivateKey:
    """The municipality's key for signing decisions (Ed25519) or opening sealed bundles
    (X25519), made on first use."""
    if not keyring_usable(backend):
        raise NO_KEYRING
    path = folder / f"{key_id}.pem"
    try:
        passphrase = backend.get_password(KEYRING_SERVICE, key_id)
    except Exception as exc:  # locked, D-Bus gone: never echo the backend's text
        raise NO_KEYRING from exc
    if path.exists():
        if passphrase is None:
            raise UserError(
                "officials.key_locked",
                Text(
                    nl="De sleutel van de gemeente is er, maar het wachtwoord staat niet in de "
                    "sleutelbos van deze computer. Gebruik de computer waarop de sleutel "
                    "is gemaakt.",
                    en="The municipality's key exists, but its passphrase is not in this "
                    "computer's keyring. Use the computer on which the key was made.",
                ),
            )
        loaded = load_pem_private_key(path.read_bytes(), passphrase.encode())
        assert isinstance(loaded, Ed25519PrivateKey | X25519PrivateKey)
        return loaded
    key = _GENERATE[kind]()
    passphrase = secrets.token_urlsafe(32)
    try:
        backend.set_password(KEYRING_SERVICE, key_id, passphrase)
    except Exception as exc:
        raise NO_KEYRING from exc
    pem = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase.encode())
    )
    write_atomic(path, pem)
    os.chmod(path, 0o600)
    return key
