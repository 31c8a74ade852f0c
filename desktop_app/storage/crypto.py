"""Encryption at rest for a dossier: a key from the resident's passphrase (Argon2id) and
authenticated encryption (AES-256-GCM), so data can be read only with the passphrase and
any change to a file is detected.

Argon2id's cost is stored beside the salt (``KdfParams``) so it can be raised later, and it
is bounded when read (memory <= 256 MiB, passes <= 10, lanes <= 4): a file cannot make
this computer work for minutes or run out of memory for one guess. Anything outside the
bounds is "damaged", refused before Argon2 runs.

"Wrong passphrase" and "damaged" are told apart with a key-check value: a 32-byte value
derived from the Argon2 output (HKDF, its own label), stored in the file. It matches only
for the right passphrase (and the right salt and cost); after it matches, a failing
AES-GCM tag means the data itself was changed. See ``passphrase_seal`` for the file format.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAGIC = b"KI1"
NONCE_BYTES = 12
KEY_BYTES = 32


MAX_MEMORY_KIB = 256 * 1024
MAX_ITERATIONS = 10
MAX_LANES = 4
_MAX_HEADER = 4096


class WrongKeyError(Exception):
    """The passphrase is wrong, or the data was changed."""


class DamagedError(Exception):
    """The file was changed or damaged; with the right passphrase it still cannot be read."""


class KdfParams(BaseModel):
    """Argon2id settings, stored beside the salt so they can be raised later."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64"
    )

    salt: bytes = Field(min_length=16, max_length=64)
    iterations: int = Field(default=3, ge=1, le=MAX_ITERATIONS)
    lanes: int = Field(default=4, ge=1, le=MAX_LANES)
    memory_kib: int = Field(default=64 * 1024, ge=8 * 1024, le=MAX_MEMORY_KIB)

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


def _subkey(key: bytes, label: str) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, None, label.encode()).derive(key)


def key_check(key: bytes, context: str) -> bytes:
    """A value that shows the key is right without revealing it (one-way, its own label)."""
    return _subkey(key, f"klein-initiatief key check:{context}")


def key_matches(key: bytes, check: bytes, context: str) -> bool:
    return hmac.compare_digest(key_check(key, context), check)


class PassphraseHeader(BaseModel):
    """The header of a passphrase-sealed file (bounded when read)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64"
    )

    kdf: KdfParams
    key_check: bytes = Field(min_length=32, max_length=32)
    body_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


def passphrase_seal(
    passphrase: str, plaintext: bytes, magic: bytes, params: KdfParams | None = None
) -> bytes:
    """Seal ``plaintext`` with a passphrase, as one self-describing file::

        MAGIC   one line, ending in a newline (names the kind of file and its version)
        HEADER  one line of JSON: {"kdf": {"salt", "iterations", "lanes", "memory_kib"},
                "key_check": base64 of 32 bytes, "body_sha256": hex}
        CHECK   one line: the SHA-256 (hex) of MAGIC + HEADER
        BODY    nonce (12 bytes) + AES-256-GCM ciphertext and tag

    master = Argon2id(passphrase, kdf); key_check = HKDF-SHA256(master, "klein-initiatief
    key check:" + MAGIC); the AES key = HKDF-SHA256(master, "klein-initiatief encrypt:" +
    MAGIC); the GCM's associated data is MAGIC + the kdf JSON + key_check, so the salt and
    the cost are authenticated by the key as well; ``body_sha256`` is the hash of BODY.

    ``passphrase_open`` tells three cases apart:
    - damaged, found before Argon2 runs: CHECK or ``body_sha256`` does not match, the
      header is not valid JSON, or its cost is out of bounds (``KdfParams``);
    - wrong passphrase: key_check does not match the key from this passphrase;
    - damaged (changed on purpose, hashes recomputed): key_check matches, the tag fails.
    Someone who changes the salt or cost on purpose and recomputes both hashes gets "wrong
    passphrase": without the key nobody can tell that apart. It gains them nothing: the
    cost stays within the bounds, and the content stays sealed.
    """
    params = params or KdfParams.fresh()
    master = derive_key(passphrase, params)
    context = magic.decode("ascii", "replace")
    check = key_check(master, context)
    nonce = os.urandom(NONCE_BYTES)
    aad = magic + params.model_dump_json().encode() + check
    cipher = AESGCM(_subkey(master, f"klein-initiatief encrypt:{context}"))
    body = nonce + cipher.encrypt(nonce, plaintext, aad)
    header = (
        PassphraseHeader(kdf=params, key_check=check, body_sha256=hashlib.sha256(body).hexdigest())
        .model_dump_json()
        .encode()
    )
    checksum = hashlib.sha256(magic + header).hexdigest().encode()
    return magic + header + b"\n" + checksum + b"\n" + body


def read_passphrase_header(data: bytes, magic: bytes) -> tuple[PassphraseHeader, bytes]:
    """The header and body, checked without the passphrase (no Argon2): DamagedError when
    they do not fit together or the stored cost is out of bounds."""
    if not data.startswith(magic):
        raise DamagedError("not this kind of file")
    header, newline, rest = data[len(magic) :].partition(b"\n")
    checksum, newline2, body = rest.partition(b"\n")
    if not newline or not newline2 or len(header) > _MAX_HEADER:
        raise DamagedError("no header")
    if not hmac.compare_digest(checksum, hashlib.sha256(magic + header).hexdigest().encode()):
        raise DamagedError("header changed")
    try:
        parsed = PassphraseHeader.model_validate_json(header)
    except (ValidationError, ValueError) as exc:
        raise DamagedError("header out of bounds") from exc
    if not hmac.compare_digest(parsed.body_sha256, hashlib.sha256(body).hexdigest()):
        raise DamagedError("body changed")
    if len(body) < NONCE_BYTES + 16:
        raise DamagedError("body too short")
    return parsed, body


def passphrase_open(data: bytes, passphrase: str, magic: bytes) -> bytes:
    """The plaintext; DamagedError for a changed or damaged file, WrongKeyError for a wrong
    passphrase (see ``passphrase_seal``)."""
    header, body = read_passphrase_header(data, magic)
    master = derive_key(passphrase, header.kdf)
    context = magic.decode("ascii", "replace")
    if not key_matches(master, header.key_check, context):
        raise WrongKeyError("wrong passphrase")
    aad = magic + header.kdf.model_dump_json().encode() + header.key_check
    cipher = AESGCM(_subkey(master, f"klein-initiatief encrypt:{context}"))
    try:
        return cipher.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise DamagedError("content changed") from exc


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
