"""The outbox keeps every bundle until a verified receipt is stored, across restarts."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.errors import UserError
from desktop_app.documents.bundle_read import BundleError
from desktop_app.storage.outbox import Outbox
from desktop_app.submit.client import retry_after_seconds
from desktop_app.submit.service import queue_bundle, status_text
from desktop_app.submit.worker import BACKOFF_BASE, BACKOFF_CAP, backoff_delay
from tests.submit.conftest import MovingClock

ENDPOINT = "http://127.0.0.1:9"  # nothing is sent in these tests


def test_the_same_bundle_twice_is_one_item(outbox, bundle, catalog, moving_clock, pinned_key):
    first = queue_bundle(outbox, bundle, catalog, moving_clock, ENDPOINT, pinned_key)
    moving_clock.advance(60)
    second = queue_bundle(outbox, bundle, catalog, moving_clock, ENDPOINT, pinned_key)
    assert first == second and len(outbox.items()) == 1
    assert "In de wachtrij" in status_text(first).nl
    assert "as soon as there is internet" in status_text(first).en


def test_the_outbox_survives_a_restart_and_a_deleted_file(
    tmp_path, bundle, catalog, moving_clock, pinned_key
):
    path = tmp_path / "outbox.sqlite"
    item = queue_bundle(Outbox(path), bundle, catalog, moving_clock, ENDPOINT, pinned_key)
    reopened = Outbox(path)
    assert reopened.get(item.bundle_id) == item
    assert reopened.bundle(item.bundle_id) == bundle
    assert [i.bundle_id for i in reopened.due(moving_clock.now())] == [item.bundle_id]


def test_an_item_left_sending_by_a_crash_is_due_again(
    tmp_path, bundle, catalog, moving_clock, pinned_key
):
    path = tmp_path / "outbox.sqlite"
    outbox = Outbox(path)
    item = queue_bundle(outbox, bundle, catalog, moving_clock, ENDPOINT, pinned_key)
    outbox.mark_attempt(item.bundle_id, moving_clock.now())
    # The process dies here, during the upload: nothing else is written.
    after_restart = Outbox(path)
    due = after_restart.due(moving_clock.now() - dt.timedelta(days=1))
    assert [i.bundle_id for i in due] == [item.bundle_id] and due[0].state == "sending"


def test_a_sent_item_stays_sent(outbox, bundle, catalog, moving_clock, pinned_key):
    item = queue_bundle(outbox, bundle, catalog, moving_clock, ENDPOINT, pinned_key)
    outbox.mark_sent(item.bundle_id, '{"reference": "KI-1"}', "KI-1", moving_clock.now())
    outbox.mark_attention(item.bundle_id, "x", status_text(item))
    outbox.reschedule(item.bundle_id, moving_clock.now(), "x", status_text(item))
    assert not outbox.retry_now(item.bundle_id, moving_clock.now())
    assert outbox.get(item.bundle_id).state == "sent"
    assert outbox.due(moving_clock.now() + dt.timedelta(days=9)) == []


def test_no_endpoint_explains_how_to_hand_in(outbox, bundle, catalog, moving_clock, amsterdam):
    with pytest.raises(UserError) as refused:
        queue_bundle(outbox, bundle, catalog, moving_clock)
    assert refused.value.code == "submit.no_endpoint"
    assert amsterdam.submission.how_to_hand_in.nl in refused.value.message.nl
    assert outbox.items() == []


def test_a_damaged_bundle_is_not_queued(outbox, bundle, catalog, moving_clock, pinned_key):
    with pytest.raises(BundleError):
        queue_bundle(outbox, bundle[:-10], catalog, moving_clock, ENDPOINT, pinned_key)
    assert outbox.items() == []


def test_plain_http_to_another_computer_is_refused(
    outbox, bundle, catalog, moving_clock, pinned_key
):
    with pytest.raises(UserError) as refused:
        queue_bundle(outbox, bundle, catalog, moving_clock, "http://intake.example.nl", pinned_key)
    assert refused.value.code == "submit.bad_endpoint"


@given(attempts=st.integers(1, 60), seed=st.integers(0, 2**32), after=st.none() | st.floats(0, 1e5))
def test_backoff_grows_with_jitter_within_the_cap(attempts, seed, after) -> None:
    delay = backoff_delay(attempts, random.Random(seed), after)
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempts - 1))
    if after is None:
        assert 1 <= delay <= max(1, ceiling)
    else:
        assert delay >= after and delay <= max(1, ceiling, after)


def test_backoff_is_spread_out() -> None:
    """Full jitter: a hundred computers coming back online do not all knock at once."""
    delays = {round(backoff_delay(5, random.Random(seed))) for seed in range(100)}
    assert len(delays) > 50


def test_retry_after_as_seconds_or_date() -> None:
    now = MovingClock().now()
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds(None, now) is None
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("Mon, 02 Mar 2026 11:30:00 GMT", now) == 30 * 60
    assert retry_after_seconds("Sun, 01 Mar 2026 11:30:00 GMT", now) == 0
    assert retry_after_seconds("99999999", now) == 6 * 3600
    assert retry_after_seconds("²", now) is None  # a digit to str.isdigit(), not to float()
    assert retry_after_seconds("Fri, 31 Dec 9999 23:59:59 GMT", now) == 6 * 3600
