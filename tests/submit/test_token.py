"""A municipality that wants an access code: the code lives only in the OS keyring."""

from __future__ import annotations

import contextlib
import random

from desktop_app.submit.client import KEYRING_SERVICE, IntakeClient, keyring_tokens, save_token
from desktop_app.submit.service import queue_bundle
from desktop_app.submit.worker import send_due
from tests.submit.servers import LiveIntake


def test_the_access_code_comes_from_the_keyring(
    real_keyring,
    tmp_path,
    outbox,
    catalog,
    moving_clock,
    make_bundle_bytes,
) -> None:
    from desktop_app.intake.keys import public_entry

    with LiveIntake(tmp_path / "intake", submit_token="code-van-de-gemeente") as intake:
        pinned = (public_entry(intake.store.key),)
        client = IntakeClient(tokens=keyring_tokens(real_keyring))
        host = "127.0.0.1"
        with contextlib.suppress(Exception):  # left over from an earlier run
            real_keyring.delete_password(KEYRING_SERVICE, host)
        try:
            # No code yet: the service refuses (401) and the resident is asked for it.
            first = queue_bundle(
                outbox, make_bundle_bytes(), catalog, moving_clock, intake.url, pinned
            )
            result = send_due(outbox, client, moving_clock, random.Random(1))
            assert result[0].state == "attention" and result[0].code == "submit.http_401"
            assert "toegangscode" in outbox.get(first.bundle_id).last_error.nl

            save_token(real_keyring, intake.url, "code-van-de-gemeente")
            assert outbox.retry_now(first.bundle_id, moving_clock.now())
            assert [r.state for r in send_due(outbox, client, moving_clock)] == ["sent"]
            assert intake.store.count() == 1
        finally:
            real_keyring.delete_password(KEYRING_SERVICE, host)
    # Nowhere on disk: not in the outbox database.
    assert b"code-van-de-gemeente" not in outbox.path.read_bytes()
