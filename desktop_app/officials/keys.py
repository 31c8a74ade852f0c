"""The municipality's decision key: an Ed25519 key file, encrypted, whose passphrase lives
only in the OS keyring of the officials' computer."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from keyring.backend import KeyringBackend

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.storage.atomic import write_atomic

KEYRING_SERVICE = "klein-initiatief-behandelaar"


def _no_keyring() -> UserError:
    return UserError(
        "officials.no_keyring",
        text(
            N_(
                "Op deze computer is geen veilige sleutelbewaarplaats (sleutelbos). Zonder die "
                "kunnen besluiten niet digitaal worden ondertekend. Vraag uw IT-afdeling om "
                "hulp."
            )
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
    from desktop_app.documents.signing import keyring_usable  # here: it loads pyHanko

    if not keyring_usable(backend):
        raise _no_keyring()
    path = folder / f"{key_id}.pem"
    try:
        passphrase = backend.get_password(KEYRING_SERVICE, key_id)
    except Exception as exc:  # locked, D-Bus gone: never echo the backend's text
        raise _no_keyring() from exc
    if path.exists():
        if passphrase is None:
            raise UserError(
                "officials.key_locked",
                text(
                    N_(
                        "De sleutel van de gemeente is er, maar het wachtwoord staat niet in de "
                        "sleutelbos van deze computer. Gebruik de computer waarop de sleutel is "
                        "gemaakt."
                    )
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
        raise _no_keyring() from exc
    pem = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase.encode())
    )
    write_atomic(path, pem)
    os.chmod(path, 0o600)
    return key


# The municipality's own keys, one of each kind, kept in the case store's keys/ folder.
DECISION_KEY_ID = "gemeente-besluiten"
SEALING_KEY_ID = "gemeente-verzegeling"


def decision_key(folder: Path, backend: KeyringBackend) -> tuple[Ed25519PrivateKey, str]:
    """The key decisions are signed with (made on first use)."""
    key = load_or_create(folder, backend, DECISION_KEY_ID, "decisions")
    assert isinstance(key, Ed25519PrivateKey)
    return key, DECISION_KEY_ID


def sealing_keys(folder: Path, backend: KeyringBackend) -> dict[str, X25519PrivateKey]:
    """The keys that open bundles sealed to the municipality: only those that exist (opening
    never makes one). Without a keyring there are none, and a sealed bundle says why."""
    if not (folder / f"{SEALING_KEY_ID}.pem").exists():
        return {}
    try:
        key = load_or_create(folder, backend, SEALING_KEY_ID, "encryption")
    except UserError:
        return {}
    return {SEALING_KEY_ID: key} if isinstance(key, X25519PrivateKey) else {}


def _raw_b64(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def published_keys(
    folder: Path, backend: KeyringBackend, with_sealing: bool = False
) -> dict[str, list[dict[str, str]]]:
    """What the municipality publishes in its regeling file, so residents' apps can check
    its decisions (and, with `with_sealing`, seal bundles that only it can open)."""
    signing, key_id = decision_key(folder, backend)
    keys: dict[str, list[dict[str, str]]] = {
        "decision_keys": [{"key_id": key_id, "ed25519": _raw_b64(signing)}]
    }
    if with_sealing:
        sealing = load_or_create(folder, backend, SEALING_KEY_ID, "encryption")
        keys["encryption_keys"] = [{"key_id": SEALING_KEY_ID, "x25519": _raw_b64(sealing)}]
    return keys


def keys_snippet(keys: dict[str, list[dict[str, str]]]) -> str:
    """The keys as YAML lines for the top level of a regeling file."""
    lines = []
    for block, entries in keys.items():
        lines.append(f"{block}:")
        for entry in entries:
            first, *rest = entry.items()
            lines.append(f"  - {first[0]}: {first[1]}")
            lines += [f"    {name}: {value}" for name, value in rest]
    return "\n".join(lines) + "\n"


def write_keys_into(text: str, keys: dict[str, list[dict[str, str]]]) -> str:
    """A regeling file's text with these key blocks set: an existing top-level block of the
    same name is replaced, others are added at the end; comments and layout stay."""
    lines = text.splitlines()
    for block in keys:
        start = next((n for n, line in enumerate(lines) if line.startswith(f"{block}:")), None)
        if start is None:
            continue
        end = start + 1
        while end < len(lines) and (not lines[end] or lines[end][0] in " #-"):
            end += 1
        del lines[start:end]
    body = "\n".join(lines).rstrip("\n")
    heading = "# The municipality's public keys (klein-initiatief keys)."
    return f"{body}\n{heading}\n{keys_snippet(keys)}"


def is_pinned(key: Ed25519PrivateKey, pinned: Sequence[object]) -> bool:
    """Whether this decision key is one the regeling publishes (only then is a letter real)."""
    mine = _raw_b64(key)
    return any(getattr(entry, "ed25519", None) == mine for entry in pinned)
