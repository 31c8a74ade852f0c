"""Sending through a server that misbehaves on purpose, in front of the real intake service.

In every case: the same Idempotency-Key on every attempt, exactly one record at the
municipality (or none after a refusal), and the bundle still in the local outbox.
"""

from __future__ import annotations

import hashlib
import random

import pytest

from desktop_app.documents.bundle_read import read_bundle
from desktop_app.storage.outbox import Outbox
from desktop_app.submit.client import IntakeClient, Timeouts
from desktop_app.submit.service import queue_bundle, status_text
from desktop_app.submit.worker import BACKOFF_CAP, send_due
from tests.submit.servers import FlakyFront


def _queue(outbox, bundle, catalog, clock, front, pinned):
    return queue_bundle(outbox, bundle, catalog, clock, endpoint=front.url, receipt_keys=pinned)


def _bundle_id(bundle: bytes) -> str:
    return str(read_bundle(bundle).manifest.bundle_id)


def _assert_nothing_lost(outbox: Outbox, bundle: bytes) -> None:
    item = outbox.get(_bundle_id(bundle))
    assert item is not None
    assert outbox.bundle(item.bundle_id) == bundle
    assert item.sha256 == hashlib.sha256(bundle).hexdigest()


def _retry_until_sent(outbox, client, clock, rng, passes=5):
    for _ in range(passes):
        results = send_due(outbox, client, clock, rng)
        if results and results[-1].state == "sent":
            return results[-1]
        clock.advance(BACKOFF_CAP + 1)
    raise AssertionError("not sent after retrying")


@pytest.mark.parametrize(
    "script",
    [
        [("status", 500, {})],
        [("status", 503, {}), ("status", 502, {})],
        [("status", 408, {})],
        ["forward_then_drop"],
    ],
    ids=["500-then-200", "503-502-then-200", "408-then-200", "dropped-after-storing"],
)
def test_retried_until_sent_exactly_once(
    script, intake, pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    with FlakyFront(intake.url, list(script)) as front:
        item = _queue(outbox, bundle, catalog, moving_clock, front, pinned)
        first = send_due(outbox, client, moving_clock, random.Random(1))
        assert [r.state for r in first] == ["queued"]
        waiting = outbox.get(item.bundle_id)
        assert waiting.state == "queued" and waiting.next_attempt_at > moving_clock.now()
        assert "zodra er internet is" in status_text(waiting).nl

        done = _retry_until_sent(outbox, client, moving_clock, random.Random(2))

    assert front.keys() == {item.bundle_id}
    assert len(front.seen) == len(script) + 1
    assert intake.store.count() == 1
    stored = intake.store.get(item.bundle_id)
    assert stored.sha256 == hashlib.sha256(bundle).hexdigest()
    sent = outbox.get(item.bundle_id)
    assert sent.state == "sent" and sent.reference == stored.reference == done.reference
    assert f"kenmerk {stored.reference}" in status_text(sent).nl
    _assert_nothing_lost(outbox, bundle)


def test_too_many_requests_waits_as_long_as_the_server_asks(
    intake, pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    with FlakyFront(intake.url, [("status", 429, {"Retry-After": "7200"})]) as front:
        item = _queue(outbox, bundle, catalog, moving_clock, front, pinned)
        asked_at = moving_clock.now()
        send_due(outbox, client, moving_clock, random.Random(3))
        waiting = outbox.get(item.bundle_id)
        # Two hours, though the backoff alone would have been at most 30 seconds.
        assert (waiting.next_attempt_at - asked_at).total_seconds() >= 7200
        moving_clock.advance(3600)
        assert send_due(outbox, client, moving_clock) == []  # not due yet: nothing sent
        assert len(front.seen) == 1
        moving_clock.advance(3601)
        assert [r.state for r in send_due(outbox, client, moving_clock)] == ["sent"]
    assert front.keys() == {item.bundle_id} and len(front.seen) == 2
    assert intake.store.count() == 1
    _assert_nothing_lost(outbox, bundle)


def test_http_date_retry_after_is_honoured(
    intake, pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    later = "Mon, 02 Mar 2026 13:00:00 GMT"  # 14:00 in Amsterdam: two hours after the clock
    with FlakyFront(intake.url, [("status", 503, {"Retry-After": later})]) as front:
        item = _queue(outbox, bundle, catalog, moving_clock, front, pinned)
        send_due(outbox, client, moving_clock, random.Random(4))
    waiting = outbox.get(item.bundle_id)
    assert (waiting.next_attempt_at - moving_clock.now()).total_seconds() >= 7200
    assert front.keys() == {item.bundle_id}


def test_an_answer_slower_than_the_timeout_is_retried_and_not_stored_twice(
    intake, pinned, outbox, catalog, moving_clock, bundle
) -> None:
    impatient = IntakeClient(timeouts=Timeouts(connect=2, read=0.5))
    with FlakyFront(intake.url, [("forward_then_sleep", 2.0)]) as front:
        item = _queue(outbox, bundle, catalog, moving_clock, front, pinned)
        first = send_due(outbox, impatient, moving_clock, random.Random(5))
        assert first[0].state == "queued" and first[0].code == "submit.timeout"
        assert intake.store.count() == 1  # the service did store it, the answer came late
        done = _retry_until_sent(outbox, impatient, moving_clock, random.Random(6))
    assert front.keys() == {item.bundle_id} and len(front.seen) == 2
    assert intake.store.count() == 1
    assert done.reference == intake.store.get(item.bundle_id).reference
    _assert_nothing_lost(outbox, bundle)


def test_no_connection_at_all_keeps_the_item_queued(
    pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    import socket

    with socket.socket() as probe:  # a port where nobody listens
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    item = queue_bundle(outbox, bundle, catalog, moving_clock, endpoint=dead, receipt_keys=pinned)
    result = send_due(outbox, client, moving_clock, random.Random(7))
    assert result[0].state == "queued" and result[0].code == "submit.offline"
    assert "Geen verbinding" in outbox.get(item.bundle_id).last_error.nl
    _assert_nothing_lost(outbox, bundle)


@pytest.mark.parametrize(
    ("status", "words"),
    [(400, "niet in orde"), (413, "te groot"), (422, "beschadigd"), (403, "niet toe")],
)
def test_a_refusal_asks_for_attention_and_is_not_retried(
    status, words, intake, pinned, outbox, client, catalog, moving_clock, bundle
) -> None:
    with FlakyFront(intake.url, [("status", status, {"Retry-After": "1"})]) as front:
        item = _queue(outbox, bundle, catalog, moving_clock, front, pinned)
        result = send_due(outbox, client, moving_clock, random.Random(8))
        assert result[0].state == "attention"
        for _ in range(3):  # time passes; the worker leaves it alone
            moving_clock.advance(BACKOFF_CAP * 2)
            assert send_due(outbox, client, moving_clock) == []
        assert len(front.seen) == 1 and intake.store.count() == 0
        attention = outbox.get(item.bundle_id)
        assert attention.state == "attention"
        assert status_text(attention).nl.startswith("Actie nodig:")
        assert words in attention.last_error.nl
        assert attention.last_error.en and attention.last_error.en != attention.last_error.nl
        _assert_nothing_lost(outbox, bundle)

        # The person fixed the problem and asks again: now it goes, still under the same key.
        assert outbox.retry_now(item.bundle_id, moving_clock.now())
        assert [r.state for r in send_due(outbox, client, moving_clock)] == ["sent"]
    assert front.keys() == {item.bundle_id}
    assert intake.store.count() == 1
