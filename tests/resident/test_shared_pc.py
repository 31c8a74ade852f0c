"""The shared computer's policies, without Qt: the helper's passphrase guards clearing the
computer; protected dossiers carry a recognition word and colour (and no name) in the clear;
a draft remembers its page across a restart; what "Verder invullen" opens; tidying."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.core.loader import example_application
from desktop_app.resident.service import CHECK_PAGE, ResidentService
from desktop_app.storage.dossiers import DossierStore
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY

HELPER = "lantaarn koffie brug wolk"
RESIDENT = "tulp fiets molen kaas"


@pytest.fixture
def root(tmp_path) -> AppPaths:
    return AppPaths(tmp_path / "data")


@pytest.fixture
def service(catalog) -> ResidentService:
    return ResidentService(catalog, fixed_on(DAY), keyring_backend=None)


def dossiers_of(root: AppPaths) -> DossierStore:
    return DossierStore(root.dossiers, fixed_on(DAY))


def test_clearing_the_computer_needs_the_helpers_passphrase(root, service) -> None:
    dossiers = dossiers_of(root)
    service.set_helper_passphrase(root, dossiers, HELPER)  # before residents come
    dossiers.create("Moestuin Noord", RESIDENT, mark=("zonnebloem", "yellow"))
    root.outbox.write_bytes(b"left from earlier")
    for attempt in ("", RESIDENT, HELPER.upper()):
        with pytest.raises(UserError) as refused:
            service.free_computer(root, dossiers, attempt)
        assert refused.value.code == "helper.wrong"
        assert len(dossiers.list()) == 1 and root.outbox.exists()
    with pytest.raises(UserError) as again:  # chosen once; nobody can replace it
        service.set_helper_passphrase(root, dossiers, RESIDENT)
    assert again.value.code == "helper.too_late"
    service.free_computer(root, dossiers, HELPER)
    assert dossiers.list() == [] and not root.outbox.exists()
    assert service.helper_matches(root, HELPER)  # kept for the next residents
    assert HELPER.encode() not in root.helper.read_bytes()  # only a verifier


def test_without_a_helpers_passphrase_nobody_clears_the_computer(root, service) -> None:
    dossiers = dossiers_of(root)
    dossiers.create("Moestuin Noord", RESIDENT, mark=("zonnebloem", "yellow"))
    with pytest.raises(UserError) as refused:
        service.free_computer(root, dossiers, "")
    assert refused.value.code == "helper.not_set"
    # Once a resident has protected a dossier, choosing one is refused: else they could.
    assert not service.helper_can_be_set(dossiers)
    with pytest.raises(UserError) as late:
        service.set_helper_passphrase(root, dossiers, HELPER)
    assert late.value.code == "helper.too_late"
    assert len(dossiers.list()) == 1


def test_a_weak_helpers_passphrase_is_refused(root, service) -> None:
    with pytest.raises(UserError):
        service.set_helper_passphrase(root, dossiers_of(root), "1234")
    assert not service.helper_is_set(root)


def test_protected_dossiers_show_their_word_and_colour_but_not_their_name(root) -> None:
    dossiers = dossiers_of(root)
    dossiers.create("Moestuin Noord", RESIDENT, mark=("  zonnebloem ", "yellow"))
    dossiers.create("Speeltuin Zuid", HELPER, mark=("vlieger", "blue"))
    shown = {(d.mark_word, d.mark_colour, d.label) for d in dossiers.list()}
    assert shown == {("zonnebloem", "yellow", None), ("vlieger", "blue", None)}
    for meta in root.dossiers.glob("*/dossier.json"):
        assert b"Moestuin" not in meta.read_bytes() and b"Speeltuin" not in meta.read_bytes()
    for word, colour, code in (
        ("", "blue", "dossier.mark_missing"),
        ("x" * 21, "blue", "dossier.mark_too_long"),
        ("tulp", "mauve", "dossier.mark_colour"),
    ):
        with pytest.raises(UserError) as refused:
            dossiers.create("Buurtfeest", RESIDENT, mark=(word, colour))
        assert refused.value.code == code
    assert len(dossiers.list()) == 2


def test_a_draft_remembers_its_page_across_a_restart(root, service, catalog) -> None:
    dossier = dossiers_of(root).create("Moestuin Noord", RESIDENT, mark=("tulp", "red"))
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    draft = example_application(regeling, fixed_on(DAY))
    dossier.drafts.save(draft)
    assert service.opening(dossier, draft.id).page is None  # never opened: page 1
    step = regeling.application.steps[2].id
    service.remember_page(dossier, draft.id, step)
    reopened = dossiers_of(root).open(dossier.id, RESIDENT)  # the app started again
    opening = service.opening(reopened, draft.id)
    assert opening.editable and opening.page == step
    # Sealed like the drafts: neither the document nor the step is readable on disk.
    for path in reopened.folder.iterdir():
        if path.is_file() and path.name != "dossier.json":
            assert str(draft.id).encode() not in path.read_bytes()
    service.remove_documents(reopened, [draft.id])
    assert reopened.resume.get(draft.id) is None


def test_what_continue_opens(root, service, catalog) -> None:
    dossier = dossiers_of(root).create("", None)
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    final = example_application(regeling, fixed_on(DAY))
    dossier.drafts.save(final, "final")
    service.remember_page(dossier, final.id, CHECK_PAGE)
    made = service.opening(dossier, final.id)
    assert not made.editable and made.page is None  # a signed one shows its files
    with pytest.raises(UserError):
        service.opening(dossier, uuid.uuid4())


def test_tidy_offers_old_drafts_and_finished_ones(root, service, catalog) -> None:
    dossier = dossiers_of(root).create("", None)
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    fresh = example_application(regeling, fixed_on(DAY))
    old = fresh.model_copy(
        update={"id": uuid.uuid4(), "updated_at": fresh.updated_at - dt.timedelta(days=120)}
    )
    settled = fresh.model_copy(update={"id": uuid.uuid4()})
    dossier.drafts.save(fresh)
    dossier.drafts.save(old)
    dossier.drafts.save(settled, "settled")
    offers = {offer.summary.id: offer.unused_since for offer in service.tidy_offers(dossier)}
    assert offers == {old.id: old.updated_at.date(), settled.id: None}


def test_a_hand_over_keeps_the_recognition_word_and_colour(tmp_path) -> None:
    here = DossierStore(tmp_path / "here", fixed_on(DAY))
    dossier = here.create("Moestuin Noord", RESIDENT, mark=("zonnebloem", "yellow"))
    data = here.export_handover(dossier, RESIDENT)
    there = DossierStore(tmp_path / "there", fixed_on(DAY))
    there.import_handover(data, RESIDENT)
    [info] = there.list()
    assert (info.mark_word, info.mark_colour, info.protected) == ("zonnebloem", "yellow", True)
