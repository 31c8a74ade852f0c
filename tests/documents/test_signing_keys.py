"""The signing key against a real keyring (Secret Service) and against no keyring at all."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from keyring.backend import KeyringBackend

from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.documents.service import make_bundle, make_pdf, signer_for, verify_bundle
from desktop_app.documents.signing import KEYRING_SERVICE, SigningKeys
from tests.conftest import DAY
from tests.documents.conftest import flat, pdftotext

CLOCK = fixed_on(DAY)


@pytest.fixture
def keys(real_keyring: KeyringBackend, tmp_path: Path):
    made = SigningKeys(tmp_path / "data" / "keys", real_keyring, CLOCK)
    created: list[uuid.UUID] = []
    yield made, created
    for key_id in created:  # leave the keyring as it was
        made.forget(key_id)


def _all_file_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_first_use_makes_an_encrypted_key_with_its_passphrase_only_in_the_keyring(
    keys, real_keyring: KeyringBackend, tmp_path: Path
) -> None:
    signing_keys, created = keys
    key_id = uuid.uuid4()
    created.append(key_id)
    signer = signing_keys.signer(key_id, "Buurtmaaltijd Van der Pekbuurt")

    passphrase = real_keyring.get_password(KEYRING_SERVICE, SigningKeys.username(key_id))
    assert passphrase and len(passphrase) >= 32
    # Nowhere on disk: not in the key folder, not anywhere in the data folder.
    assert passphrase.encode() not in _all_file_bytes(tmp_path)

    key_file = signing_keys.key_path(key_id).read_bytes()
    assert key_file.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(TypeError):  # "password was not given but private key is encrypted"
        serialization.load_pem_private_key(key_file, None)
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(key_file, b"not the passphrase")
    loaded = serialization.load_pem_private_key(key_file, passphrase.encode())
    assert loaded.public_key().public_numbers() == signer.key.public_key().public_numbers()
    assert loaded.key_size == 3072
    # The unencrypted key is nowhere on disk either.
    plain = signer.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert plain[-64:] not in _all_file_bytes(tmp_path)
    assert signer.common_name == "Buurtmaaltijd Van der Pekbuurt"


def test_the_second_use_finds_the_same_key(keys) -> None:
    signing_keys, created = keys
    key_id = uuid.uuid4()
    created.append(key_id)
    first = signing_keys.signer(key_id, "Buurttuin")
    again = signing_keys.signer(key_id, "Buurttuin")
    assert again.certificate_sha256 == first.certificate_sha256


def test_a_new_name_gets_a_new_certificate_for_the_same_key(keys) -> None:
    signing_keys, created = keys
    key_id = uuid.uuid4()
    created.append(key_id)
    first = signing_keys.signer(key_id, "Buurttuin")
    renamed = signing_keys.signer(key_id, "Buurttuin Noord")
    assert renamed.common_name == "Buurttuin Noord"
    assert renamed.key.public_key().public_numbers() == first.key.public_key().public_numbers()


def test_a_foreign_certificate_with_an_ed25519_key_is_replaced_not_a_crash(keys) -> None:
    """Someone put another kind of certificate beside the key: a fresh one is issued."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.x509.oid import NameOID

    signing_keys, created = keys
    key_id = uuid.uuid4()
    created.append(key_id)
    first = signing_keys.signer(key_id, "Buurttuin")
    other = Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Buurttuin")])
    foreign = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(other.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2036, 1, 1, tzinfo=dt.UTC))
        .sign(other, None)
    )
    signing_keys.cert_path(key_id).write_bytes(foreign.public_bytes(serialization.Encoding.PEM))
    again = signing_keys.signer(key_id, "Buurttuin")
    assert again.key.public_key().public_numbers() == first.key.public_key().public_numbers()
    assert again.common_name == "Buurttuin"


def test_a_key_whose_passphrase_is_gone_is_set_aside_and_replaced(
    keys, real_keyring: KeyringBackend
) -> None:
    signing_keys, created = keys
    key_id = uuid.uuid4()
    created.append(key_id)
    first = signing_keys.signer(key_id, "Buurttuin")
    real_keyring.delete_password(KEYRING_SERVICE, SigningKeys.username(key_id))
    second = signing_keys.signer(key_id, "Buurttuin")
    assert second.certificate_sha256 != first.certificate_sha256
    kept = [p.name for p in signing_keys.folder.iterdir() if ".unusable-" in p.name]
    assert len(kept) == 2  # old key and certificate, renamed, not destroyed
    signing_keys.forget(key_id)
    assert list(signing_keys.folder.iterdir()) == []  # forgetting leaves nothing behind


def test_forget_removes_key_certificate_and_passphrase(keys, real_keyring) -> None:
    signing_keys, _ = keys
    key_id = uuid.uuid4()
    signing_keys.signer(key_id, "Buurttuin")
    signing_keys.forget(key_id)
    assert not signing_keys.key_path(key_id).exists()
    assert not signing_keys.cert_path(key_id).exists()
    assert real_keyring.get_password(KEYRING_SERVICE, SigningKeys.username(key_id)) is None


def test_signing_with_the_keyring_key_end_to_end(
    keys, amsterdam, amsterdam_application, signature, store, tmp_path
) -> None:
    signing_keys, created = keys
    created.append(amsterdam_application.id)
    signer = signer_for(signing_keys, amsterdam, amsterdam_application)
    made = make_bundle(
        amsterdam_application, amsterdam, (), store, signer, tmp_path / "b.zip", signature, CLOCK
    )
    result = verify_bundle(tmp_path / "b.zip")
    assert made.signed and result.ok, result.message.en
    assert result.signer_name == "Buurtmaaltijd Van der Pekbuurt"


# --- no keyring at all -------------------------------------------------------------------------


def test_without_a_keyring_signing_is_refused_plainly_and_nothing_is_written(
    no_keyring: KeyringBackend, amsterdam, amsterdam_application, tmp_path: Path
) -> None:
    signing_keys = SigningKeys(tmp_path / "keys", no_keyring, CLOCK)
    assert not signing_keys.usable
    with pytest.raises(UserError) as caught:
        signer_for(signing_keys, amsterdam, amsterdam_application)
    assert caught.value.code == "signing.no_keyring"
    assert "niet digitaal ondertekend" in caught.value.message.nl
    assert "not digitally signed" in caught.value.message.en
    with pytest.raises(UserError):
        signing_keys.signer(uuid.uuid4(), "Buurttuin")
    assert not (tmp_path / "keys").exists()


def test_without_a_keyring_the_unsigned_pdf_and_bundle_still_work_and_say_so(
    no_keyring, amsterdam, with_attachments, signature, store, tmp_path
) -> None:
    pdf = make_pdf(with_attachments, amsterdam, (), signature, None, tmp_path / "a.pdf", CLOCK)
    assert not pdf.signed and (tmp_path / "a.pdf").read_bytes() == pdf.pdf
    text = flat(pdftotext(pdf.pdf, tmp_path))
    assert "Niet digitaal ondertekend" in text and "Digitaal ondertekend." not in text

    made = make_bundle(
        with_attachments, amsterdam, (), store, None, tmp_path / "a.zip", signature, CLOCK
    )
    result = verify_bundle(tmp_path / "a.zip")
    assert result.code == "bundle.unsigned"
    assert result.intact and not result.signed and not result.ok
    assert "niet digitaal ondertekend" in result.message.nl
    import io
    import json
    import zipfile

    with zipfile.ZipFile(io.BytesIO(made.bundle)) as archive:
        assert "manifest.sig" not in archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["signed"] is False
    assert manifest["note"] == "niet digitaal ondertekend / not digitally signed"
    assert manifest["signer_certificate"] is None


class _BrokenKeyring:
    """A backend that is there but fails (a locked keyring, a D-Bus session gone).

    Not a KeyringBackend subclass: keyring registers every subclass as a candidate backend,
    and this one must never be chosen by keyring.get_keyring().
    """

    priority = 1

    def get_password(self, service, username):
        raise RuntimeError("secret-passphrase-must-not-be-logged")

    def set_password(self, service, username, password):
        raise RuntimeError("nope")

    def delete_password(self, service, username):
        raise RuntimeError("nope")


def test_a_failing_keyring_gives_a_clear_message_and_no_secret_in_the_log(
    tmp_path: Path, caplog
) -> None:
    signing_keys = SigningKeys(tmp_path / "keys", _BrokenKeyring(), CLOCK)  # type: ignore[arg-type]
    with pytest.raises(UserError) as caught:
        signing_keys.signer(uuid.uuid4(), "Buurttuin")
    assert caught.value.code == "signing.keyring_failed"
    assert "vergrendeld" in caught.value.message.nl
    assert "secret-passphrase" not in caplog.text
