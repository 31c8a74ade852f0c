"""Dossiers on a shared computer: apart, unreadable without the passphrase, handed over
intact, and gone without a trace when wiped."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path

import pytest

from desktop_app.core.errors import UserError
from desktop_app.storage.dossiers import DossierStore
from tests.files import real_jpeg

CANARY_NAME = "Zwanenburg-Kanarie-7731"
CANARY_IBAN = "NL02ABNA0123456789"
CANARY_EMAIL = "kanarie.7731@example.nl"
CANARY_PHOTO = real_jpeg(comment=b"Kanariefoto-7731" * 50)


def fill(dossier, application) -> None:
    ref = dossier.attachments.add_bytes(CANARY_PHOTO, "kanarie.jpg", "photo")
    application = copy.deepcopy(application)
    application.answers |= {
        "contact_name": CANARY_NAME,
        "iban": CANARY_IBAN,
        "email": CANARY_EMAIL,
        "attachments": [ref.model_dump()],
    }
    dossier.drafts.save(application)
    return application


def files_containing(root: Path, *needles: bytes) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.name}: {n!r}" for n in needles if n in data]
    return hits


CANARIES = (CANARY_NAME.encode(), CANARY_IBAN.encode(), CANARY_EMAIL.encode(), b"Kanariefoto-7731")


def test_a_protected_dossier_has_no_readable_personal_data_on_disk(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    dossier = store.create("Familie Kanarie 7731", "4821")
    fill(dossier, amsterdam_application)
    assert files_containing(tmp_path, *CANARIES, b"Familie Kanarie") == []
    [info] = store.list()
    assert info.protected and info.label is None


def test_two_dossiers_open_only_with_their_own_passphrase(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    first = store.create("Eerste", "1111")
    second = store.create("Tweede", "2222")
    saved = fill(first, amsterdam_application)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for dossier_id, wrong in ((first.id, "2222"), (second.id, "1111"), (first.id, "")):
        with pytest.raises(UserError) as caught:
            store.open(dossier_id, wrong)
        assert caught.value.code == "dossier.wrong_passphrase"
        assert "Er is niets veranderd" in caught.value.message.nl
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    reopened = store.open(first.id, "1111")
    assert reopened.label == "Eerste"
    assert reopened.drafts.load(saved.id) == saved
    assert store.open(second.id, "2222").drafts.summaries() == []


def test_a_dossier_at_home_may_have_no_passphrase(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    dossier = store.create("Thuis", None)
    saved = fill(dossier, amsterdam_application)
    assert store.open(dossier.id).drafts.load(saved.id) == saved
    assert store.list()[0].label == "Thuis"


def test_a_too_short_passphrase_is_refused(tmp_path: Path, clock) -> None:
    with pytest.raises(UserError) as caught:
        DossierStore(tmp_path, clock).create("x", "12")
    assert "minstens 4 tekens" in caught.value.message.nl


def test_handover_between_two_computers_keeps_everything(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    here = DossierStore(tmp_path / "pc-buurthuis", clock)
    dossier = here.create("Buurtmaaltijd", "9876")
    saved = fill(dossier, amsterdam_application)
    handover = here.export_handover(dossier, "9876")
    assert files_containing_bytes(handover, *CANARIES) == []

    there = DossierStore(tmp_path / "pc-thuis", clock)
    imported = there.import_handover(handover, "9876")
    assert imported.label == "Buurtmaaltijd"
    assert imported.drafts.load(saved.id) == saved
    [ref] = saved.answers["attachments"]
    from desktop_app.core.values import AttachmentRef

    assert imported.attachments.read(AttachmentRef.model_validate(ref)) == CANARY_PHOTO
    reopened = there.open(imported.id, "9876")
    assert reopened.drafts.load(saved.id) == saved


def files_containing_bytes(data: bytes, *needles: bytes) -> list[bytes]:
    return [n for n in needles if n in data]


def test_handover_with_the_wrong_passphrase_or_damaged_changes_nothing(
    tmp_path: Path, clock
) -> None:
    here = DossierStore(tmp_path / "a", clock)
    handover = here.export_handover(here.create("Plan", "5555"), "5555")
    there = DossierStore(tmp_path / "b", clock)
    with pytest.raises(UserError) as caught:
        there.import_handover(handover, "0000")
    assert caught.value.code == "dossier.wrong_passphrase"
    damaged = handover[:-10] + bytes(10)
    with pytest.raises(UserError):
        there.import_handover(damaged, "5555")
    with pytest.raises(UserError) as caught:
        there.import_handover(b"PK\x03\x04 not a handover", "5555")
    assert caught.value.code == "handover.invalid"
    assert not (tmp_path / "b").exists() or there.list() == []


def test_wipe_removes_keys_first_then_every_trace(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    plain = store.create(CANARY_NAME, None)  # worst case: a label in the clear
    fill(plain, amsterdam_application)
    protected = store.create("Ander dossier", "3333")
    fill(protected, amsterdam_application)
    order: list[str] = []

    def forget(dossier_id: uuid.UUID) -> None:
        order.append(
            "secrets" if (tmp_path / str(dossier_id) / "dossier.json").exists() else "late"
        )

    store.wipe(plain.id, forget)
    assert order == ["secrets"]
    assert not (tmp_path / str(plain.id)).exists()
    assert [d.id for d in store.list()] == [protected.id]
    assert files_containing(tmp_path, *CANARIES, CANARY_NAME.encode()) == []

    store.wipe_all(forget)
    assert list(tmp_path.iterdir()) == []


def test_a_handover_with_bad_contents_leaves_no_half_dossier(tmp_path: Path, clock) -> None:
    import io
    import zipfile

    from desktop_app.storage.crypto import KdfParams, derive_key, seal
    from desktop_app.storage.dossiers import HANDOVER_MAGIC

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("label.txt", "Plan")
        out.writestr("drafts/x.json", "{not a draft")
    params = KdfParams.fresh()
    forged = (
        HANDOVER_MAGIC
        + params.model_dump_json().encode()
        + b"\n"
        + seal(derive_key("5555", params), archive.getvalue(), "handover")
    )
    store = DossierStore(tmp_path, clock)
    with pytest.raises(UserError) as caught:
        store.import_handover(forged, "5555")
    assert caught.value.code == "handover.invalid"
    assert store.list() == []
