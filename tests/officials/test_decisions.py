"""A decision made by an official reaches the resident's app, which trusts it only when the
municipality's pinned key signed exactly that content; then the right report starts."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import uuid
from decimal import Decimal

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from keyring.backends import fail

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate_report
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import PublicKey
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.decision import public_key_text, report_for, verify_decision
from desktop_app.documents.signing import ephemeral_signer, keyring_usable
from desktop_app.officials import keys
from desktop_app.officials.decide import (
    budget_overview,
    decide,
    reason_text,
    set_ceiling,
    settle,
)
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY

KEY_ID = "amsterdam-2026"
SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def municipality_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def pinned(amsterdam, municipality_key) -> Catalog:
    """The resident's catalog: Amsterdam with the municipality's key pinned."""
    with_key = amsterdam.model_copy(
        update={
            "decision_keys": (PublicKey(key_id=KEY_ID, ed25519=public_key_text(municipality_key)),)
        }
    )
    return Catalog(regelingen={with_key.key: with_key})


@pytest.fixture
def imported(tmp_path, catalog, amsterdam):
    store = CaseStore(tmp_path / "store")
    signer = ephemeral_signer("Buurtmaaltijd")

    def add(**answers):
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | answers
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
        return application, store.case(application.id)

    return store, add


def grant(store, case, amount: str, key) -> bytes:
    """The official opens the case as it is now and grants."""
    case = store.case(case.bundle_id)
    value = Decimal(amount)
    reason = reason_text("grant_lower", case.requested, value)
    return decide(store, case, "grant", value, reason, key, KEY_ID, fixed_on(DAY))


@pytest.mark.parametrize(("amount", "tier"), [("450.00", "small"), ("1000.00", "standard")])
def test_a_decision_starts_the_report_of_the_right_tier(
    imported, pinned, municipality_key, amount, tier
) -> None:
    store, add = imported
    application, case = add()
    decision_file = grant(store, case, amount, municipality_key)
    decision = verify_decision(decision_file, pinned, application)
    assert decision.granted_amount == Decimal(amount)
    report = report_for(decision, application, fixed_on(DAY))
    [regeling] = pinned.all()
    assert evaluate_report(regeling, report, DAY).tier == tier
    assert store.case(application.id).status == "granted"
    assert "U krijgt € " in decision.reason.nl


def _tampered(decision_file: bytes, change) -> bytes:
    data = json.loads(decision_file)
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "forge",
    [
        "other_key",
        "changed_amount",
        "changed_outcome",
        "unknown_key_id",
        "garbage",
    ],
)
def test_a_forged_decision_is_refused(imported, pinned, municipality_key, forge) -> None:
    store, add = imported
    application, case = add()
    genuine = grant(store, case, "400.00", municipality_key)
    forged = {
        "other_key": grant(store, case, "400.00", Ed25519PrivateKey.generate()),
        "changed_amount": _tampered(
            genuine, lambda d: d["decision"].update(granted_amount="4000.00")
        ),
        "changed_outcome": _tampered(genuine, lambda d: d["decision"].update(outcome="reject")),
        "unknown_key_id": _tampered(genuine, lambda d: d.update(key_id="someone-else")),
        "garbage": b'{"decision": [1, 2',
    }[forge]
    with pytest.raises(UserError) as caught:
        verify_decision(forged, pinned, application)
    assert caught.value.code == "decision.refused"
    assert verify_decision(genuine, pinned, application).granted_amount == Decimal("400.00")


def test_a_decision_for_another_application_does_not_start_a_report(
    imported, pinned, municipality_key
) -> None:
    store, add = imported
    application, case = add()
    other, _ = add()
    decision_file = grant(store, case, "400.00", municipality_key)
    decision = verify_decision(decision_file, pinned, application)
    with pytest.raises(UserError):
        report_for(decision, other, fixed_on(DAY))
    with pytest.raises(UserError) as caught:
        verify_decision(decision_file, pinned, other)
    assert caught.value.code == "decision.not_for_this"


def _report_bundle(amsterdam, application, granted: str, answers: dict) -> bytes:
    from desktop_app.core.documents import Report

    report = Report(
        regeling=application.regeling,
        application_id=application.id,
        granted_amount=Decimal(granted),
        created_at=SIGNED_ON,
        updated_at=SIGNED_ON,
        answers=answers,
    )
    return write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, ephemeral_signer("x"), SIGNED_ON)


def test_settlement_follows_the_tier(imported, catalog, amsterdam, municipality_key) -> None:
    store, add = imported
    small_app, small = add()
    grant(store, small, "450.00", municipality_key)
    import_bundle(
        _report_bundle(amsterdam, small_app, "450.00", {"took_place": True}),
        "r1.zip",
        store,
        catalog,
        fixed_on(DAY),
    )
    settled = settle(store, store.case(_report_id(store, small_app.id)), catalog)
    assert (settled.tier, settled.settled, settled.pay_back) == ("small", Decimal("450.00"), 0)

    big_app, big = add()
    grant(store, big, "1000.00", municipality_key)
    spent = {"lines": [{"category": "food_drink", "description": "Eten", "amount": "700.00"}]}
    import_bundle(
        _report_bundle(amsterdam, big_app, "1000.00", {"took_place": True, "actual_costs": spent}),
        "r2.zip",
        store,
        catalog,
        fixed_on(DAY),
    )
    settled = settle(store, store.case(_report_id(store, big_app.id)), catalog)
    assert (settled.tier, settled.settled, settled.pay_back) == (
        "standard",
        Decimal("700.00"),
        Decimal("300.00"),
    )
    assert store.case(big_app.id).settled == Decimal("700.00")


def _report_id(store: CaseStore, application_id: uuid.UUID) -> uuid.UUID:
    (report,) = store.reports_for(application_id)
    return report


def test_budget_per_area_against_the_ceiling(imported, catalog, municipality_key) -> None:
    store, add = imported
    _, first = add(area="noord")
    _, second = add(area="noord")
    add(area="zuid")
    grant(store, first, "800.00", municipality_key)
    year = int(first.activity_date[:4])
    overview = {a.area: a for a in budget_overview(store, catalog, first.regeling_id, year)}
    noord = overview["noord"]
    assert (noord.requested, noord.granted) == (Decimal("2000.00"), Decimal("800.00"))
    assert noord.ceiling == Decimal("150000.00")  # the regeling's ceiling...
    assert noord.ceiling_illustrative  # ...an example value, and the official sees that
    set_ceiling(store, first.regeling_id, "noord", year, Decimal("1500.00"))
    noord = {a.area: a for a in budget_overview(store, catalog, first.regeling_id, year)}["noord"]
    assert (noord.ceiling, noord.remaining) == (Decimal("1500.00"), Decimal("700.00"))
    assert not noord.ceiling_illustrative
    assert second.status == "received"


@pytest.mark.parametrize("kind", ["decisions", "encryption"])
def test_the_municipality_key_lives_encrypted_with_its_passphrase_in_the_keyring(
    tmp_path, kind
) -> None:
    backend = keyring.get_keyring()
    if not keyring_usable(backend):
        if os.environ.get("CI"):
            pytest.fail("CI must run with a real keyring (scripts/setup.sh test)")
        pytest.skip("no real keyring here: run via 'bash scripts/setup.sh test'")
    key_id = f"test-{uuid.uuid4()}"
    try:
        key = keys.load_or_create(tmp_path, backend, key_id, kind)
        again = keys.load_or_create(tmp_path, backend, key_id, kind)
        expected = Ed25519PrivateKey if kind == "decisions" else X25519PrivateKey
        assert isinstance(key, expected) and isinstance(again, expected)
        assert key.private_bytes_raw() == again.private_bytes_raw()
        passphrase = backend.get_password(keys.KEYRING_SERVICE, key_id)
        pem = (tmp_path / f"{key_id}.pem").read_bytes()
        assert b"ENCRYPTED" in pem and passphrase.encode() not in pem
        assert (tmp_path / f"{key_id}.pem").stat().st_mode & 0o077 == 0
    finally:
        backend.delete_password(keys.KEYRING_SERVICE, key_id)


def test_without_a_keyring_the_official_is_told_plainly(tmp_path) -> None:
    with pytest.raises(UserError) as caught:
        keys.load_or_create(tmp_path, fail.Keyring(), "x")
    assert caught.value.code == "officials.no_keyring"
    assert list(tmp_path.iterdir()) == []


def test_the_decision_letter_says_the_outcome_in_plain_words(
    imported, pinned, municipality_key, amsterdam, tmp_path
) -> None:
    import subprocess

    from desktop_app.officials.letter import decision_letter

    store, add = imported
    application, case = add()
    decision = verify_decision(grant(store, case, "1000.00", municipality_key), pinned, application)
    pdf = decision_letter(decision, amsterdam, "Anna de Vries", case.title)
    (tmp_path / "brief.pdf").write_bytes(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(tmp_path / "brief.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "Beste Anna de Vries," in text
    assert "U krijgt € 1.000 subsidie." in text
    assert "binnen 8 weken een kort verslag" in text
    assert "bezwaar" in text


def test_a_corrected_decision_counts_over_the_first_at_the_resident(
    imported, pinned, municipality_key, tmp_path
) -> None:
    """The official grants, then corrects it to a rejection. The resident reads the
    correction first and the first grant later: the correction stays."""
    from desktop_app.documents.decision import read_signed
    from desktop_app.documents.receive import receive_decision
    from desktop_app.officials.decide import decision_file
    from desktop_app.storage.drafts import DraftStore

    store, add = imported
    application, case = add()
    first = grant(store, case, "400.00", municipality_key)
    reason = reason_text("reject_budget", case.requested, None)
    correction = decide(
        store, store.case(application.id), "reject", None, reason, municipality_key, KEY_ID,
        fixed_on(DAY),
    )  # fmt: skip
    assert [read_signed(f).decision.sequence for f in (first, correction)] == [1, 2]
    assert decision_file(store, application.id) == correction
    assert store.case(application.id).status == "rejected"

    resident = DraftStore(tmp_path / "resident")
    resident.save(application, "sent")
    receive_decision(correction, pinned, resident, fixed_on(DAY))
    with pytest.raises(UserError) as caught:
        receive_decision(first, pinned, resident, fixed_on(DAY))
    assert caught.value.code == "decision.older"
    assert resident.status(application.id) == "rejected"
