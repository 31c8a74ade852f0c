"""Decision files as the attack: a decision signed with another municipality's key, a later
correction, an older decision read after a newer one. The resident's app trusts a decision
only for the application it names, with the keys of that application's own regeling, and
keeps the newest."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import RegelingRef, Report
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import PublicKey
from desktop_app.core.text import Text
from desktop_app.documents.decision import Decision, public_key_text, sign_decision
from desktop_app.documents.receive import receive_decision
from desktop_app.storage.drafts import DraftStore
from tests.conftest import DAY

AMSTERDAM_KEY = Ed25519PrivateKey.generate()
ROTTERDAM_KEY = Ed25519PrivateKey.generate()
MARCH_9 = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
OLDER = "Dit besluit is ouder dan het besluit dat u al had. We houden het nieuwste besluit van "


@pytest.fixture
def pinned(catalog) -> Catalog:
    """The resident's catalog: each municipality's regeling pins its own decision key."""
    pinned = Catalog()
    for regeling_id, key_id, key in (
        ("amsterdam-bewonersinitiatief", "amsterdam-2026", AMSTERDAM_KEY),
        ("rotterdam-bewonersinitiatief", "rotterdam-2026", ROTTERDAM_KEY),
    ):
        regeling = catalog.current(regeling_id, DAY)
        pinned.add(
            regeling.model_copy(
                update={"decision_keys": (PublicKey(key_id=key_id, ed25519=public_key_text(key)),)}
            )
        )
    return pinned


@pytest.fixture
def resident(tmp_path, pinned):
    """The resident's store with one sent Amsterdam application."""
    store = DraftStore(tmp_path / "drafts")
    regeling = pinned.current("amsterdam-bewonersinitiatief", DAY)
    application = example_application(regeling, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers)
    store.save(application, "sent")
    return store, application


def decision(
    application,
    outcome="grant",
    amount="450.00",
    sequence=1,
    at=MARCH_9,
    regeling=None,
    key=AMSTERDAM_KEY,
    key_id="amsterdam-2026",
    format_version=2,
) -> bytes:
    made = Decision(
        format_version=format_version,
        application_id=application.id,
        regeling=regeling or application.regeling,
        outcome=outcome,
        granted_amount=Decimal(amount) if outcome == "grant" else None,
        reason=Text(nl="Zo besloten.", en="Decided so."),
        decided_at=at,
        sequence=sequence,
    )
    return sign_decision(made, key, key_id)


def receive(data, pinned, store):
    return receive_decision(data, pinned, store, fixed_on(DAY))


def test_the_municipalitys_own_decision_is_accepted(resident, pinned) -> None:
    store, application = resident
    received = receive(decision(application), pinned, store)
    assert received.report is not None and received.report.granted_amount == Decimal("450.00")
    assert store.status(application.id) == "decided"


def _unchanged(store, application) -> None:
    assert store.status(application.id) == "sent"
    assert [s.id for s in store.summaries()] == [application.id]  # no report begun
    assert store.decision_of(application.id) is None


def test_a_rotterdam_decision_for_an_amsterdam_application_is_refused(resident, pinned) -> None:
    """Signed correctly with Rotterdam's pinned key, naming Rotterdam's regeling, about the
    Amsterdam application: it used to be accepted."""
    store, application = resident
    rotterdam = pinned.current("rotterdam-bewonersinitiatief", DAY)
    forged = decision(
        application,
        regeling=RegelingRef(id=rotterdam.id, version=rotterdam.version),
        key=ROTTERDAM_KEY,
        key_id="rotterdam-2026",
    )
    with pytest.raises(UserError) as caught:
        receive(forged, pinned, store)
    assert caught.value.code == "decision.other_regeling"
    assert "van een andere regeling" in caught.value.message.nl
    _unchanged(store, application)


@pytest.mark.parametrize("key_id", ["rotterdam-2026", "amsterdam-2026"])
def test_rotterdams_key_never_signs_for_amsterdam(resident, pinned, key_id) -> None:
    """The same key, now with the file claiming Amsterdam's regeling."""
    store, application = resident
    forged = decision(application, key=ROTTERDAM_KEY, key_id=key_id)
    with pytest.raises(UserError) as caught:
        receive(forged, pinned, store)
    assert caught.value.code == "decision.refused"
    _unchanged(store, application)


def test_a_corrected_decision_replaces_the_older_one(resident, pinned) -> None:
    store, application = resident
    receive(decision(application, amount="450.00", sequence=1), pinned, store)
    corrected = decision(application, amount="1000.00", sequence=2, at=MARCH_9)  # same moment
    received = receive(corrected, pinned, store)
    report = store.load(received.report.id)
    assert isinstance(report, Report) and report.granted_amount == Decimal("1000.00")
    assert len(store.summaries()) == 2  # still one report, now for the corrected amount
    assert store.decision_of(application.id) == corrected


def test_a_grant_after_a_rejection_starts_the_report(resident, pinned) -> None:
    store, application = resident
    receive(decision(application, outcome="reject", sequence=1), pinned, store)
    assert store.status(application.id) == "rejected"
    received = receive(decision(application, amount="600.00", sequence=2), pinned, store)
    assert store.status(application.id) == "decided"
    assert received.report.granted_amount == Decimal("600.00")


def test_an_older_rejection_after_a_grant_is_refused_and_the_grant_stays(resident, pinned):
    store, application = resident
    grant = decision(application, amount="450.00", sequence=2)
    older_rejection = decision(application, outcome="reject", sequence=1, at=MARCH_9)
    first = receive(grant, pinned, store)
    with pytest.raises(UserError) as caught:
        receive(older_rejection, pinned, store)
    assert caught.value.code == "decision.older"
    assert caught.value.message.nl == OLDER + "9 maart 2026."
    assert caught.value.message.en.endswith("We keep the newest decision, of 9 March 2026.")
    assert store.status(application.id) == "decided"
    assert store.decision_of(application.id) == grant
    assert [s.id for s in store.summaries() if s.kind == "report"] == [first.report.id]
    # Reading the kept grant again is still harmless.
    assert receive(grant, pinned, store).report.id == first.report.id


def test_an_old_file_without_a_sequence_number_still_counts_as_number_0(resident, pinned):
    store, application = resident
    # As files were written before there were numbers (format version 1, signed without it).
    old = json.loads(decision(application, outcome="reject", sequence=0, format_version=1))
    del old["decision"]["sequence"]
    old_file = json.dumps(old).encode()
    receive(old_file, pinned, store)
    assert store.status(application.id) == "rejected"
    receive(decision(application, sequence=1), pinned, store)  # any numbered one is newer
    assert store.status(application.id) == "decided"
    with pytest.raises(UserError) as caught:
        receive(old_file, pinned, store)
    assert caught.value.code == "decision.older"
    assert store.status(application.id) == "decided"


def test_a_decision_the_app_cannot_check_is_told_plainly_and_marked_for_the_official(
    tmp_path, catalog
) -> None:
    """The shipped regeling pins no key yet: the decision cannot be checked. The resident
    hears that neutrally (no accusation), may still report, and the report says so."""
    store = DraftStore(tmp_path / "drafts")
    application = example_application(
        catalog.current("amsterdam-bewonersinitiatief", DAY), fixed_on(DAY)
    )
    store.save(application, "sent")
    received = receive(decision(application), catalog, store)
    assert received.checked is False
    assert received.report is not None and received.report.decision_checked is False
    assert store.load(received.report.id).decision_checked is False  # saved so, for the bundle
    from desktop_app.documents.decision import UNCHECKABLE

    assert "niet nagaan" in UNCHECKABLE.message.nl and "niet echt" not in UNCHECKABLE.message.nl


def test_once_a_key_is_pinned_an_unknown_key_is_refused_not_unchecked(resident, pinned) -> None:
    store, application = resident
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(UserError) as refused:
        receive(decision(application, key=stranger, key_id="gemeente-besluiten"), pinned, store)
    assert refused.value.code == "decision.refused"
    _unchanged(store, application)
