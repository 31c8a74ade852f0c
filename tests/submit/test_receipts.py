"""A receipt counts only when a pinned key signed it for exactly the bundle that was sent."""

from __future__ import annotations

import hashlib
import logging
import random
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.errors import UserError
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.keys import key_id_of, public_entry
from desktop_app.submit.receipt import Receipt, receipt_json, sign_receipt, verify_receipt
from desktop_app.submit.service import printable_receipt, queue_bundle, status_text
from desktop_app.submit.worker import send_due
from tests.submit.servers import FlakyFront

KEY = Ed25519PrivateKey.generate()
PINNED = (public_entry(KEY),)


def _receipt(**changes: str) -> Receipt:
    fields = {
        "reference": "KI-2026-000001",
        "received_at": "2026-03-02T12:00:00+01:00",
        "bundle_id": str(uuid.uuid4()),
        "bundle_sha256": "ab" * 32,
        "key_id": key_id_of(KEY),
    } | changes
    return Receipt(**fields)


def test_a_genuine_receipt_is_accepted() -> None:
    receipt = sign_receipt(_receipt(), KEY)
    data = receipt_json(receipt)
    assert verify_receipt(data, receipt.bundle_id, receipt.bundle_sha256, PINNED) == receipt


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (lambda r: r.model_copy(update={"reference": "KI-2026-999999"}), "receipt.bad_signature"),
        (lambda r: r.model_copy(update={"key_id": "someone-else"}), "receipt.unknown_key"),
        (lambda r: sign_receipt(r, Ed25519PrivateKey.generate()), "receipt.bad_signature"),
        (
            lambda r: r.model_copy(update={"signature": "bm90IGEgc2lnbmF0dXJl"}),
            "receipt.bad_signature",
        ),
    ],
    ids=["changed-after-signing", "unknown-key", "other-key-same-id", "garbage-signature"],
)
def test_a_forged_receipt_is_refused(tamper, code) -> None:
    receipt = tamper(sign_receipt(_receipt(), KEY))
    with pytest.raises(UserError) as refused:
        verify_receipt(receipt_json(receipt), receipt.bundle_id, receipt.bundle_sha256, PINNED)
    assert refused.value.code == code
    assert "niet echt" in refused.value.message.nl and "not genuine" in refused.value.message.en


def test_a_receipt_for_another_bundle_is_refused() -> None:
    receipt = sign_receipt(_receipt(), KEY)
    with pytest.raises(UserError) as refused:
        verify_receipt(receipt_json(receipt), receipt.bundle_id, "cd" * 32, PINNED)
    assert refused.value.code == "receipt.mismatch"
    with pytest.raises(UserError):
        verify_receipt(receipt_json(receipt), str(uuid.uuid4()), receipt.bundle_sha256, PINNED)


@pytest.mark.parametrize(
    "data", [b"", b"null", b"[]", b'{"reference": 1}', b"\xff\xfe", b"{" * 5000, b"x" * 20000]
)
def test_garbage_is_not_a_receipt(data: bytes) -> None:
    with pytest.raises(UserError) as refused:
        verify_receipt(data, str(uuid.uuid4()), "ab" * 32, PINNED)
    assert refused.value.code == "receipt.invalid"


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_receipt_from_the_end_of_time_is_refused_not_a_crash(moment: str) -> None:
    """Genuinely signed by the pinned key, but a moment that would overflow when shown in
    Amsterdam time (model_construct: the model itself no longer lets anyone make one)."""
    fields = _receipt().model_dump() | {"received_at": moment}
    receipt = sign_receipt(Receipt.model_construct(**fields), KEY)
    data = receipt_json(receipt)
    with pytest.raises(UserError) as refused:
        verify_receipt(data, receipt.bundle_id, receipt.bundle_sha256, PINNED)
    assert refused.value.code == "receipt.invalid"


def test_receipt_signed_by_an_unpinned_key_leaves_the_item_unsent(
    intake, outbox, client, catalog, moving_clock, bundle, caplog
) -> None:
    """The real service signs with its own key, but the regeling pins another one."""
    someone_else = (public_entry(Ed25519PrivateKey.generate()),)
    item = queue_bundle(
        outbox, bundle, catalog, moving_clock, endpoint=intake.url, receipt_keys=someone_else
    )
    with caplog.at_level(logging.WARNING):
        result = send_due(outbox, client, moving_clock, random.Random(1))
    assert result[0].state == "attention"
    kept = outbox.get(item.bundle_id)
    assert kept.state == "attention" and kept.receipt is None and kept.reference is None
    assert "niet echt" in status_text(kept).nl and printable_receipt(kept) is None
    assert any("receipt refused" in r.getMessage() for r in caplog.records)
    # Nothing personal in the warning: not the title, not the bundle id.
    assert not any(item.bundle_id in r.getMessage() for r in caplog.records)
    assert outbox.bundle(item.bundle_id) == bundle


def test_receipt_for_other_content_leaves_the_item_unsent(
    intake, pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    """Signed by the right key, but for another hash (a service that mixed up uploads)."""
    bundle_id = str(read_bundle(bundle).manifest.bundle_id)
    wrong = sign_receipt(
        Receipt(
            reference="KI-2026-000042",
            received_at="2026-03-02T12:00:00+01:00",
            bundle_id=bundle_id,
            bundle_sha256=hashlib.sha256(b"another bundle").hexdigest(),
            key_id=key_id_of(intake.store.key),
        ),
        intake.store.key,
    )
    with FlakyFront(intake.url, [("reply", 201, receipt_json(wrong))]) as front:
        item = queue_bundle(
            outbox, bundle, catalog, moving_clock, endpoint=front.url, receipt_keys=pinned
        )
        result = send_due(outbox, client, moving_clock, random.Random(2))
        assert result[0].state == "attention" and result[0].code == "receipt.mismatch"
        kept = outbox.get(item.bundle_id)
        assert kept.state == "attention" and kept.receipt is None
        assert "ander bestand" in kept.last_error.nl

        # Asked again, the service answers properly: sent, with the real receipt kept.
        outbox.retry_now(item.bundle_id, moving_clock.now())
        assert [r.state for r in send_due(outbox, client, moving_clock)] == ["sent"]
    sent = outbox.get(item.bundle_id)
    assert front.keys() == {item.bundle_id}
    assert sent.reference == intake.store.get(item.bundle_id).reference != "KI-2026-000042"
    printed = printable_receipt(sent)
    assert sent.reference in printed.nl and "Ontvangstbevestiging" in printed.nl
    assert sent.reference in printed.en and "Receipt" in printed.en
