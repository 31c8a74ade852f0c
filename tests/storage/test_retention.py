from __future__ import annotations

import datetime as dt
import uuid

from desktop_app.storage.drafts import DraftStore
from desktop_app.storage.retention import finished, remove, stale_drafts


def test_old_drafts_and_finished_items_are_offered_nothing_else(
    tmp_path, amsterdam_application
) -> None:
    store = DraftStore(tmp_path)
    now = amsterdam_application.updated_at
    old = amsterdam_application.model_copy(
        update={"id": uuid.uuid4(), "updated_at": now - dt.timedelta(days=120)}
    )
    old_but_settled = old.model_copy(update={"id": uuid.uuid4()})
    # Sent, but its decision still has to be read in here: not offered.
    sent = old.model_copy(update={"id": uuid.uuid4()})
    fresh = amsterdam_application
    store.save(old)
    store.save(old_but_settled, "settled")
    store.save(sent, "sent")
    store.save(fresh)
    assert [s.id for s in stale_drafts(store, now)] == [old.id]
    assert [s.id for s in stale_drafts(store, now, days=200)] == []
    assert [s.id for s in finished(store)] == [old_but_settled.id]
    remove(store, stale_drafts(store, now))
    assert {s.id for s in store.summaries()} == {old_but_settled.id, sent.id, fresh.id}
