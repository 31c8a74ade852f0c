"""Encryption at rest for a dossier: a key from a short passphrase (Argon2id) and
authenticated encryption (AES-256-GCM), so data can be read only with the passphrase and
any change to a file is detected.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from pydantic import BaseModel, ConfigDict, Field

MAGIC = b"KI1"
NONCE_BYTES = 12
KEY_BYTES = 32


class WrongKeyError(Exception):
    """The passphrase is wrong, or the data was changed."""


class KdfParams(BaseModel):
    """Argon2id settings, stored beside the salt so they can be raised later."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64"
    )

    salt: bytes = Field(min_length=16, max_length=64)
    iterations: int = Field(default=3, ge=1, le=20)
    lanes: int = Field(default=4, ge=1, le=16)
    memory_kib: int = Field(default=64 * 1024, ge=8 * 1024, le=1024 * 1024)

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(salt=os.urandom(16))


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt and authenticate; ``context`` (e.g. the file's name) binds it to its place."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def unseal(key: bytes, sealed: bytes, context: str) -> bytes:
    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
        raise WrongKeyError("not sealed data")
    nonce = sealed[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(MAGIC) + NONCE_BYTES :], context.encode())
    except InvalidTag as exc:
        raise WrongKeyError("wrong key or changed data") from exc


class Codec(Protocol):
    """How a store turns its bytes into what is on disk, and names files."""

    def encode(self, data: bytes, context: str) -> bytes: ...

    def decode(self, data: bytes, context: str) -> bytes: ...

    def file_name(self, name: str) -> str: ...


class PlainCodec:
    """No encryption: for a dossier on the resident's own computer without a passphrase."""

    def encode(self, data: bytes, context: str) -> bytes:
        return data

    def decode(self, data: bytes, context: str) -> bytes:
        return data

    def file_name(self, name: str) -> str:
        return name


@dataclass(frozen=True)
class SealedCodec:
    """Every file encrypted with the dossier's key; names that could reveal content
    (an attachment's hash) are replaced by a keyed hash."""

    key: bytes

    def encode(self, data: bytes, context: str) -> bytes:
        return seal(self.key, data, context)

    def decode(self, data: bytes, context: str) -> bytes:
        return unseal(self.key, data, context)

    def file_name(self, name: str) -> str:
        return hmac.new(self.key, name.encode(), hashlib.sha256).hexdigest()


PLAIN = PlainCodec()
