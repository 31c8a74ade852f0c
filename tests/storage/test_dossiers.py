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

# Strong enough (storage/passphrase.py): four ordinary words, as the app proposes.
P1 = "tulp fiets molen kaas"
P2 = "appel boot regen lamp"


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
    dossier = store.create("Familie Kanarie 7731", P1)
    fill(dossier, amsterdam_application)
    assert files_containing(tmp_path, *CANARIES, b"Familie Kanarie") == []
    [info] = store.list()
    assert info.protected and info.label is None


def test_two_dossiers_open_only_with_their_own_passphrase(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    first = store.create("Eerste", P1)
    second = store.create("Tweede", P2)
    saved = fill(first, amsterdam_application)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for dossier_id, wrong in ((first.id, P2), (second.id, P1), (first.id, "")):
        with pytest.raises(UserError) as caught:
            store.open(dossier_id, wrong)
        assert caught.value.code == "dossier.wrong_passphrase"
        assert "Er is niets veranderd" in caught.value.message.nl
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    reopened = store.open(first.id, P1)
    assert reopened.label == "Eerste"
    assert reopened.drafts.load(saved.id) == saved
    assert store.open(second.id, P2).drafts.summaries() == []


def test_a_dossier_at_home_may_have_no_passphrase(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    dossier = store.create("Thuis", None)
    saved = fill(dossier, amsterdam_application)
    assert store.open(dossier.id).drafts.load(saved.id) == saved
    assert store.list()[0].label == "Thuis"


def test_a_four_digit_pin_is_refused_and_the_proposal_accepted(tmp_path: Path, clock) -> None:
    from desktop_app.storage.passphrase import propose

    store = DossierStore(tmp_path, clock)
    for weak in ("4821", "12", "wachtwoord", "tulp fiets molen", "Zomer2024!"):
        with pytest.raises(UserError) as caught:
            store.create("x", weak)
        assert caught.value.code == "passphrase.too_weak"
        assert caught.value.message.nl.startswith("Dit wachtwoord is te makkelijk te raden.")
    assert store.list() == []
    proposal = propose()
    assert len(proposal.split()) == 4
    dossier = store.create("Plan", proposal)
    assert store.open(dossier.id, proposal).label == "Plan"


def test_handover_between_two_computers_keeps_everything(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    here = DossierStore(tmp_path / "pc-buurthuis", clock)
    dossier = here.create("Buurtmaaltijd", P1)
    saved = fill(dossier, amsterdam_application)
    handover = here.export_handover(dossier, P1)
    assert files_containing_bytes(handover, *CANARIES) == []

    there = DossierStore(tmp_path / "pc-thuis", clock)
    imported = there.import_handover(handover, P1)
    assert imported.label == "Buurtmaaltijd"
    assert imported.drafts.load(saved.id) == saved
    [ref] = saved.answers["attachments"]
    from desktop_app.core.values import AttachmentRef

    assert imported.attachments.read(AttachmentRef.model_validate(ref)) == CANARY_PHOTO
    reopened = there.open(imported.id, P1)
    assert reopened.drafts.load(saved.id) == saved


def files_containing_bytes(data: bytes, *needles: bytes) -> list[bytes]:
    return [n for n in needles if n in data]


def test_handover_with_the_wrong_passphrase_or_damaged_changes_nothing(
    tmp_path: Path, clock
) -> None:
    here = DossierStore(tmp_path / "a", clock)
    handover = here.export_handover(here.create("Plan", P1), P1)
    there = DossierStore(tmp_path / "b", clock)
    with pytest.raises(UserError) as caught:
        there.import_handover(handover, P2)
    assert caught.value.code == "dossier.wrong_passphrase"
    damaged = handover[:-10] + bytes(10)
    with pytest.raises(UserError) as caught:
        there.import_handover(damaged, P1)
    assert caught.value.code == "handover.damaged"
    with pytest.raises(UserError) as caught:
        there.import_handover(b"PK\x03\x04 not a handover", P1)
    assert caught.value.code == "handover.invalid"
    assert not (tmp_path / "b").exists() or there.list() == []


def test_wipe_removes_keys_first_then_every_trace(
    tmp_path: Path, clock, amsterdam_application
) -> None:
    store = DossierStore(tmp_path, clock)
    plain = store.create(CANARY_NAME, None)  # worst case: a label in the clear
    fill(plain, amsterdam_application)
    protected = store.create("Ander dossier", P2)
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

    from desktop_app.storage.crypto import passphrase_seal
    from desktop_app.storage.dossiers import HANDOVER_MAGIC

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("label.txt", "Plan")
        out.writestr("drafts/x.json", "{not a draft")
    forged = passphrase_seal(P1, archive.getvalue(), HANDOVER_MAGIC)
    store = DossierStore(tmp_path, clock)
    with pytest.raises(UserError) as caught:
        store.import_handover(forged, P1)
    assert caught.value.code == "handover.invalid"
    assert store.list() == []


def test_plain_files_an_older_version_left_are_sealed_when_the_dossier_opens(
    tmp_path: Path, clock
) -> None:
    """Protected dossiers made before PDFs and the outbox were sealed: the first time they
    are opened, the plain PDF, bundle and outbox row are sealed and the plain bytes go."""
    from desktop_app.storage.crypto import PLAIN
    from desktop_app.storage.outbox import NewItem, Outbox

    store = DossierStore(tmp_path, clock)
    dossier = store.create("Plan", P1)
    secret = CANARY_NAME.encode()
    plain_pdf = dossier.paths.output / "aanvraag-1a2b3c4d.pdf"
    plain_pdf.parent.mkdir(parents=True)
    plain_pdf.write_bytes(b"%PDF-1.7 " + secret)
    old_outbox = Outbox(dossier.paths.outbox, PLAIN)
    old_outbox.enqueue(
        NewItem("b1", "application", CANARY_NAME, "r", "1", "http://x", (), False, secret, "0"),
        clock.now(),
    )
    assert files_containing(tmp_path, secret)

    reopened = store.open(dossier.id, P1)
    assert files_containing(tmp_path, secret) == []
    assert reopened.outputs.read("aanvraag-1a2b3c4d.pdf") == b"%PDF-1.7 " + secret
    outbox = Outbox(reopened.paths.outbox, reopened.codec)
    assert outbox.bundle("b1") == secret
    assert outbox.get("b1").title == CANARY_NAME
