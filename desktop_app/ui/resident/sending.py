"""The window's glue for sending: queue a finished bundle, try at once and every minute, ask
for an access code, and show how it went. The service does the work and the state moves
(queued → sent), exactly as `klein-initiatief outbox --send`; this runs it off the UI thread."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from desktop_app.core.errors import UserError
from desktop_app.ui.background import run_in_background
from desktop_app.ui.resident.base import WindowBase
from desktop_app.ui.resident.dialogs import ask_secret, warn, warn_error

if TYPE_CHECKING:
    from desktop_app.resident.service import Outbox, OutboxItem, Outputs


class Sending(WindowBase):
    @property
    def outbox(self) -> Outbox:
        """The open dossier's outbox (its own file, so wiping the dossier empties it too)."""
        assert self.dossier is not None
        return self.resident.outbox(self.dossier)

    def send(self, outputs: Outputs) -> None:
        """Versturen: into the outbox (kept even without internet), then try at once."""
        assert self.dossier is not None
        try:
            item = self.resident.queue(self.dossier, outputs.read_bundle())
        except OSError:
            warn(self, self.w("bundle_gone"))
            return
        except UserError as error:
            warn_error(self, error, self.language)
            return
        self.send_now(item.bundle_id)

    def retry(self, bundle_id: str) -> None:
        self.outbox.retry_now(bundle_id, self.clock.now())
        self.send_now(bundle_id)

    def ask_token(self, item: OutboxItem) -> None:
        """The municipality's access code: asked once, kept only in the OS keyring."""
        code = ask_secret(self, self.w("token_prompt"))
        if not code:
            return
        try:
            self.resident.save_token(item.endpoint, code.strip())
        except UserError as error:
            warn_error(self, error, self.language)
            return
        self.retry(item.bundle_id)

    def send_now(self, only: str | None = None) -> None:
        """One pass over the outbox, off the UI thread; the window stays usable."""
        dossier = self.dossier
        if dossier is None:
            return
        if self.done_page is not None and only is not None:
            self.done_page.set_sending()
        run_in_background(
            self,
            lambda: self.resident.send_due(dossier, only=only),
            lambda results: self.after_sending(dossier.id),
            lambda error: self.after_sending(dossier.id),
        )

    def send_due_items(self) -> None:
        """Every minute, and when a dossier opens: anything waiting goes when it can."""
        if self.dossier is not None and self.resident.has_due(self.dossier):
            self.send_now()

    def _outbox_item(self, bundle_id: str) -> OutboxItem | None:
        return self.resident.outbox_item(self.dossier, bundle_id) if self.dossier else None

    def after_sending(self, dossier_id: uuid.UUID) -> None:
        if self.dossier is None or self.dossier.id != dossier_id:
            return  # the dossier was closed meanwhile; the outbox keeps the outcome
        current = self.stack.currentWidget()
        if current is self.done_page and self.done_page is not None:
            self.done_page.show_submission(
                self._outbox_item(str(self.done_page.outputs.document.id))
            )
        elif current is self.start:
            self.show_start()
