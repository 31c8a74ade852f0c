"""Attacks on the passphrase and the hand-over file: guessing a PIN offline, a file that makes
the computer run Argon2 for minutes, and a file changed on the way (a USB stick, e-mail)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage import dossiers as dossiers_module
from desktop_app.storage.crypto import (
    DamagedError,
    KdfParams,
    WrongKeyError,
    passphrase_open,
    passphrase_seal,
)
from desktop_app.storage.dossiers import HANDOVER_MAGIC, DossierStore
from desktop_app.storage.passphrase import MIN_BITS, estimate_bits, propose, word_list

PASSPHRASE = "tulp fiets molen kaas"


def test_a_pin_is_far_too_weak_and_a_proposal_strong_enough() -> None:
    assert estimate_bits("4821") < 20
    assert estimate_bits("tulp fiets molen") < MIN_BITS  # three words are not enough
    proposals = {propose() for _ in range(50)}
    assert len(proposals) == 50  # drawn at random, not from a few
    assert all(estimate_bits(p) >= MIN_BITS for p in proposals)
    assert all(w in word_list() for p in proposals for w in p.split())


def test_the_word_list_is_a_few_thousand_plain_dutch_words() -> None:
    words = word_list()
    assert len(words) >= 2048  # 4 words >= 44 bits
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 11 for w in words)


@pytest.fixture
def handover(tmp_path: Path, clock) -> bytes:
    store = DossierStore(tmp_path / "buurthuis", clock)
    return store.export_handover(store.create("Plan", PASSPHRASE), PASSPHRASE)


def _with_header(data: bytes, change) -> bytes:
    """The file with its header changed and its header checksum recomputed: what someone
    who knows the format does on purpose."""
    import hashlib

    header, _, rest = data[len(HANDOVER_MAGIC) :].partition(b"\n")
    _, _, body = rest.partition(b"\n")
    fields = json.loads(header)
    change(fields)
    header = json.dumps(fields).encode()
    checksum = hashlib.sha256(HANDOVER_MAGIC + header).hexdigest().encode()
    return HANDOVER_MAGIC + header + b"\n" + checksum + b"\n" + body


def test_a_handover_demanding_1_gib_and_20_passes_is_refused_as_damaged_without_argon2(
    handover: bytes, tmp_path: Path, clock, monkeypatch
) -> None:
    def costly(fields: dict) -> None:
        fields["kdf"] |= {"memory_kib": 1024 * 1024, "iterations": 20}

    hostile = _with_header(handover, costly)
    ran: list[KdfParams] = []
    real = dossiers_module.derive_key

    def spy(passphrase: str, params: KdfParams) -> bytes:  # counts, then does the real work
        ran.append(params)
        return real(passphrase, params)

    monkeypatch.setattr("desktop_app.storage.crypto.derive_key", spy)
    monkeypatch.setattr(dossiers_module, "derive_key", spy)
    there = DossierStore(tmp_path / "thuis", clock)
    with pytest.raises(UserError) as caught:
        there.import_handover(hostile, PASSPHRASE)
    assert caught.value.code == "handover.damaged"
    assert caught.value.message.nl.startswith("Dit overdrachtsbestand is beschadigd")
    assert ran == []  # refused from the header alone
    assert there.list() == []


@pytest.mark.parametrize("where", ["ciphertext", "tag", "header checksum", "body hash"])
def test_a_flipped_byte_is_damaged_not_a_wrong_passphrase(
    handover: bytes, tmp_path: Path, clock, where: str
) -> None:
    data = bytearray(handover)
    if where == "ciphertext":
        data[len(data) // 2 + 200] ^= 0x01
    elif where == "tag":
        data[-1] ^= 0x80
    elif where == "header checksum":
        data[data.index(b"\n", len(HANDOVER_MAGIC)) + 5] ^= 0x01
    else:
        start = data.index(b'"body_sha256":"') + 20
        data[start] = ord("0") if data[start] != ord("0") else ord("1")
    there = DossierStore(tmp_path / "thuis", clock)
    with pytest.raises(UserError) as caught:
        there.import_handover(bytes(data), PASSPHRASE)
    assert caught.value.code == "handover.damaged"
    assert there.list() == []


def test_changed_on_purpose_with_every_hash_recomputed_is_still_damaged() -> None:
    """The ciphertext changed, body hash and header checksum made to fit: only the key
    shows it. The passphrase is right (key check), so it is 'damaged'."""
    import hashlib

    sealed = passphrase_seal(PASSPHRASE, b"inhoud " * 100, HANDOVER_MAGIC)
    header, _, rest = sealed[len(HANDOVER_MAGIC) :].partition(b"\n")
    _, _, body = rest.partition(b"\n")
    body = body[:-20] + bytes(20)
    fields = json.loads(header) | {"body_sha256": hashlib.sha256(body).hexdigest()}
    new_header = json.dumps(fields).encode()
    checksum = hashlib.sha256(HANDOVER_MAGIC + new_header).hexdigest().encode()
    forged = HANDOVER_MAGIC + new_header + b"\n" + checksum + b"\n" + body
    with pytest.raises(DamagedError):
        passphrase_open(forged, PASSPHRASE, HANDOVER_MAGIC)
    with pytest.raises(WrongKeyError):
        passphrase_open(forged, "appel boot regen lamp", HANDOVER_MAGIC)


def test_a_wrong_passphrase_is_reported_as_wrong(handover: bytes, tmp_path: Path, clock) -> None:
    there = DossierStore(tmp_path / "thuis", clock)
    with pytest.raises(UserError) as caught:
        there.import_handover(handover, "appel boot regen lamp")
    assert caught.value.code == "dossier.wrong_passphrase"
    assert there.import_handover(handover, PASSPHRASE).label == "Plan"


def test_a_hand_over_is_only_made_with_a_strong_passphrase(tmp_path: Path, clock) -> None:
    store = DossierStore(tmp_path, clock)
    dossier = store.create("Plan", PASSPHRASE)
    with pytest.raises(UserError) as caught:
        store.export_handover_checked(dossier, "1234")
    assert caught.value.code == "passphrase.too_weak"
    assert store.export_handover_checked(dossier, propose()).startswith(HANDOVER_MAGIC)


def test_a_dossier_file_with_a_huge_argon2_cost_is_damaged(tmp_path: Path, clock) -> None:
    store = DossierStore(tmp_path, clock)
    dossier = store.create("Plan", PASSPHRASE)
    meta_path = tmp_path / str(dossier.id) / "dossier.json"
    meta = json.loads(meta_path.read_text())
    meta["kdf"]["memory_kib"] = 1024 * 1024
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(UserError) as caught:
        store.open(dossier.id, PASSPHRASE)
    assert caught.value.code == "dossier.unreadable"


def test_a_changed_dossier_key_is_damaged_not_a_wrong_passphrase(tmp_path: Path, clock) -> None:
    import base64

    store = DossierStore(tmp_path, clock)
    dossier = store.create("Plan", PASSPHRASE)
    meta_path = tmp_path / str(dossier.id) / "dossier.json"
    meta = json.loads(meta_path.read_text())
    text = meta["wrapped_key"]
    wrapped = bytearray(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    wrapped[-1] ^= 0x01
    meta["wrapped_key"] = base64.urlsafe_b64encode(bytes(wrapped)).decode()
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(UserError) as caught:
        store.open(dossier.id, PASSPHRASE)
    assert caught.value.code == "dossier.damaged"
    with pytest.raises(UserError) as caught:
        store.open(dossier.id, "appel boot regen lamp")
    assert caught.value.code == "dossier.wrong_passphrase"
