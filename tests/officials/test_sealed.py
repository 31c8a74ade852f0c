"""A bundle sealed to the municipality reveals nothing without its key and imports with it."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.core.loader import example_application
from desktop_app.core.regeling import EncryptionKey
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.sealed import open_sealed, public_key_text, seal_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY

CANARY = "Kanarie-Sealed-4411"


@pytest.fixture(scope="module")
def municipality() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


@pytest.fixture
def sealed(amsterdam, municipality) -> tuple[bytes, bytes]:
    application = example_application(amsterdam, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers) | {"contact_name": CANARY}
    bundle = write_bundle(
        application,
        b"%PDF-1.7\n%%EOF\n",
        {},
        ephemeral_signer("x"),
        dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    )
    recipient = EncryptionKey(key_id="ams-2026", x25519=public_key_text(municipality))
    return bundle, seal_bundle(bundle, recipient)


def test_sealed_bundle_reveals_nothing_and_opens_only_with_the_key(sealed, municipality) -> None:
    bundle, locked = sealed
    assert CANARY.encode() not in locked and b"data.json" not in locked
    with pytest.raises(UserError):
        read_bundle(locked)
    with pytest.raises(UserError) as caught:
        open_sealed(locked, {"ams-2026": X25519PrivateKey.generate()})
    assert caught.value.code == "sealed.damaged"
    with pytest.raises(UserError) as caught:
        open_sealed(locked, {})
    assert caught.value.code == "sealed.no_key"
    assert open_sealed(locked, {"ams-2026": municipality}) == bundle


def test_a_changed_byte_anywhere_is_detected(sealed, municipality) -> None:
    _, locked = sealed
    for position in (30, len(locked) // 2, len(locked) - 1):
        changed = bytearray(locked)
        changed[position] ^= 1
        with pytest.raises(UserError):
            open_sealed(bytes(changed), {"ams-2026": municipality})


def test_officials_import_a_sealed_bundle_with_their_key(
    sealed, municipality, tmp_path, catalog, clock
) -> None:
    _, locked = sealed
    store = CaseStore(tmp_path / "store")
    without = import_bundle(locked, "s.zip", store, catalog, clock)
    assert (without.status, without.code) == ("rejected", "sealed.no_key")
    assert store.cases() == []
    outcome = import_bundle(locked, "s.zip", store, catalog, clock, {"ams-2026": municipality})
    assert outcome.status == "imported"
    [case] = store.cases()
    assert case.applicant == CANARY
    # Kept (and known again) by the hash of the bundle inside the seal, not of the file.
    inner, _ = sealed
    assert store.existing_sha256(case.bundle_id) == hashlib.sha256(inner).hexdigest()
    assert store.bundle_bytes(case.bundle_id) == inner
    assert import_bundle(inner, "i.zip", store, catalog, clock).status == "already_imported"


def test_the_wizard_writes_only_a_sealed_bundle_when_the_regeling_has_a_key(
    amsterdam, municipality, tmp_path, catalog, clock
) -> None:
    """make_outputs is what the wizard's last step runs."""
    from keyring.backends.fail import Keyring as NoKeyring

    from desktop_app.documents.finish import make_outputs
    from desktop_app.documents.signature_block import SignatureBlock
    from desktop_app.storage.drafts import DraftStore
    from desktop_app.storage.paths import AppPaths

    recipient = EncryptionKey(key_id="ams-2026", x25519=public_key_text(municipality))
    regeling = amsterdam.model_copy(update={"encryption_keys": (recipient,)})
    application = example_application(amsterdam, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers) | {"contact_name": CANARY}
    paths = AppPaths(tmp_path / "data")
    store = DraftStore(paths.drafts)
    store.save(application)
    block = SignatureBlock(name=CANARY, place="Amsterdam", date=DAY)
    outputs = make_outputs(
        paths, clock, store, regeling, application, block, keyring_backend=NoKeyring()
    )
    made = sorted(p.name for p in paths.output.iterdir() if not p.name.startswith("."))
    assert made == [outputs.bundle.name]  # no plain zip, and no plain PDF either
    assert outputs.pdf is None and outputs.read_pdf() == outputs.pdf_bytes
    assert outputs.bundle.name.endswith("-versleuteld.bundel")
    locked = outputs.bundle.read_bytes()
    assert CANARY.encode() not in locked
    cases = CaseStore(tmp_path / "store")
    outcome = import_bundle(locked, "s", cases, catalog, clock, {"ams-2026": municipality})
    assert outcome.status == "imported"
    assert [case.applicant for case in cases.cases()] == [CANARY]
