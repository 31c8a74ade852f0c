"""The outbox worker: one pass sends what is due; failures are rescheduled or set aside.

Pure Python and blocking: the window runs ``send_due`` through its background helper, the CLI
calls it directly or runs ``run_forever`` in a thread. It never raises for network trouble.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from dataclasses import dataclass

from desktop_app.core.clock import Clock
from desktop_app.core.text import Text
from desktop_app.storage.outbox import Outbox, OutboxItem, State
from desktop_app.submit.client import IntakeClient

log = logging.getLogger(__name__)

BACKOFF_BASE = 30.0  # seconds before the second try, at most
BACKOFF_CAP = 3600.0  # never wait longer than an hour between tries (unless told to)
MIN_DELAY = 1.0


@dataclass(frozen=True)
class SendResult:
    bundle_id: str
    state: State
    code: str
    message: Text | None = None
    reference: str | None = None
    next_attempt_at: dt.datetime | None = None


def backoff_delay(attempts: int, rng: random.Random, retry_after: float | None = None) -> float:
    """Seconds until the next try: exponential, full jitter (so many computers coming back
    online do not all knock at once), and never sooner than the server's Retry-After."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    delay = max(MIN_DELAY, rng.uniform(0, ceiling))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def send_one(
    outbox: Outbox, item: OutboxItem, client: IntakeClient, clock: Clock, rng: random.Random
) -> SendResult:
    now = clock.now()
    outbox.mark_attempt(item.bundle_id, now)
    bundle = outbox.bundle(item.bundle_id)
    outcome = client.submit(
        item.endpoint,
        item.bundle_id,
        bundle,
        item.sha256,
        item.receipt_keys,
        now,
        token_required=item.token_required,
    )
    if outcome.kind == "sent":
        assert outcome.receipt is not None and outcome.receipt_json is not None
        outbox.mark_sent(
            item.bundle_id, outcome.receipt_json, outcome.receipt.reference, clock.now()
        )
        return SendResult(item.bundle_id, "sent", outcome.code, None, outcome.receipt.reference)
    assert outcome.message is not None
    if outcome.kind == "attention":
        outbox.mark_attention(item.bundle_id, outcome.code, outcome.message)
        return SendResult(item.bundle_id, "attention", outcome.code, outcome.message)
    delay = backoff_delay(item.attempts + 1, rng, outcome.retry_after)
    next_at = clock.now() + dt.timedelta(seconds=delay)
    outbox.reschedule(item.bundle_id, next_at, outcome.code, outcome.message)
    return SendResult(item.bundle_id, "queued", outcome.code, outcome.message, None, next_at)


def send_due(
    outbox: Outbox,
    client: IntakeClient,
    clock: Clock,
    rng: random.Random | None = None,
    only: str | None = None,
) -> list[SendResult]:
    """One pass over what is due now (or just the item ``only``). Returns at once, with an
    empty list, when another pass in this process is still running."""
    rng = rng or random.Random()
    if not outbox.pass_lock.acquire(blocking=False):
        return []
    try:
        results = []
        for item in outbox.due(clock.now()):
            if only is not None and item.bundle_id != only:
                continue
            try:
                results.append(send_one(outbox, item, client, clock, rng))
            except Exception:  # a bug or a full disk: keep the item, let the next pass retry
                log.exception("outbox item could not be processed")
        return results
    finally:
        outbox.pass_lock.release()


def run_forever(
    outbox: Outbox,
    client: IntakeClient,
    clock: Clock,
    stop: threading.Event,
    rng: random.Random | None = None,
    idle_seconds: float = 60.0,
) -> None:
    """Send whenever something is due, until ``stop`` is set. Sleeps until the next due item,
    at most ``idle_seconds`` (so new items and a returning network are noticed)."""
    rng = rng or random.Random()
    while not stop.is_set():
        send_due(outbox, client, clock, rng)
        wait = idle_seconds
        next_at = outbox.next_due_at()
        if next_at is not None:
            wait = min(idle_seconds, max(0.5, (next_at - clock.now()).total_seconds()))
        stop.wait(wait)
