"""The small public surface of submit/: what the window and the command line call.

    outbox = Outbox(paths.outbox)                          # AppPaths.outbox: outbox.sqlite
    item = queue_bundle(outbox, bundle_bytes, catalog, clock)   # UserError: no endpoint, ...
    client = default_client(keyring.get_keyring())
    results = send_due(outbox, client, clock)              # blocking: run off the UI thread
    for item in outbox.items(): status_text(item)          # what the start screen shows
    printable_receipt(item)                                # the kept receipt, in words

``send_due`` does network work and may take up to the read timeout per item: run it through
the window's background helper, never on the UI thread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pydantic import ValidationError

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import PublicKey, Submission
from desktop_app.core.text import Text
from desktop_app.storage.outbox import NewItem, Outbox, OutboxItem
from desktop_app.submit.client import (
    KEYRING_SERVICE,
    IntakeClient,
    Timeouts,
    keyring_tokens,
    save_token,
)
from desktop_app.submit.receipt import Receipt, parse_receipt, receipt_text
from desktop_app.submit.worker import SendResult, run_forever, send_due, send_one

__all__ = [
    "KEYRING_SERVICE",
    "IntakeClient",
    "Outbox",
    "OutboxItem",
    "Receipt",
    "SendResult",
    "Timeouts",
    "default_client",
    "printable_receipt",
    "queue_bundle",
    "receipt_of",
    "run_forever",
    "save_token",
    "send_due",
    "send_one",
    "status_text",
]


def default_client(
    keyring_backend: object | None = None, timeouts: Timeouts | None = None
) -> IntakeClient:
    """A client that takes access codes from the OS keyring (when one is given)."""
    tokens = keyring_tokens(keyring_backend) if keyring_backend is not None else None
    return IntakeClient(timeouts=timeouts or Timeouts(), tokens=tokens)


def no_endpoint(submission: Submission) -> UserError:
    """There is no address to send to: say how to hand in instead (from the regeling)."""
    how = submission.how_to_hand_in
    return UserError(
        "submit.no_endpoint",
        text(N_("Deze gemeente ontvangt aanvragen (nog) niet digitaal. {how}"), how=how),
    )


def _with_overrides(
    submission: Submission, endpoint: str | None, keys: Sequence[PublicKey] | None
) -> Submission:
    if endpoint is None and keys is None:
        return submission
    changed = submission.model_dump()
    if endpoint is not None:
        changed["endpoint"] = endpoint
    if keys is not None:
        changed["receipt_keys"] = [k.model_dump() for k in keys]
    try:
        return Submission.model_validate(changed)
    except ValidationError as exc:
        raise UserError(
            "submit.bad_endpoint",
            text(
                N_(
                    "Dit adres kan niet worden gebruikt om te versturen. Gebruik een https-adres "
                    "en geef de sleutel van de ontvangstdienst op (--receipt-key)."
                )
            ),
        ) from exc


def queue_bundle(
    outbox: Outbox,
    data: bytes,
    catalog: Catalog,
    clock: Clock,
    endpoint: str | None = None,
    receipt_keys: Sequence[PublicKey] | None = None,
) -> OutboxItem:
    """Check the bundle, then put it in the outbox, due at once. ``endpoint`` and
    ``receipt_keys`` override the regeling's (the CLI's --endpoint, a test service).
    The same bundle twice is the same item."""
    # Here, not at the top: the start screen lists the outbox (status_text) without them.
    from desktop_app.documents.bundle_read import read_bundle
    from desktop_app.documents.sealed import is_sealed

    if is_sealed(data):
        raise UserError(
            "submit.sealed",
            text(N_("Een versleutelde bundel kan nog niet digitaal worden verstuurd.")),
        )
    contents = read_bundle(data)  # BundleError (a UserError) for anything wrong
    document = contents.document
    regeling = catalog.get(document.regeling.id, document.regeling.version)
    submission = _with_overrides(regeling.submission, endpoint, receipt_keys)
    if submission.endpoint is None:
        raise no_endpoint(submission)
    digest = hashlib.sha256(data).hexdigest()
    title = regeling.roles.text(document.answers, "title")
    item = outbox.enqueue(
        NewItem(
            bundle_id=str(document.id),
            kind=document.kind,
            title=title[:200],
            regeling_id=document.regeling.id,
            regeling_version=document.regeling.version,
            endpoint=str(submission.endpoint),
            receipt_keys=submission.receipt_keys,
            token_required=submission.token_required,
            bundle=data,
            sha256=digest,
        ),
        clock.now(),
    )
    if item.sha256 != digest:
        raise UserError(
            "submit.other_version_queued",
            text(
                N_(
                    "Er staat al een andere versie van deze aanvraag in de wachtrij. Een "
                    "aangepaste aanvraag krijgt een nieuw nummer: maak de aanvraag opnieuw af."
                )
            ),
        )
    return item


def receipt_of(item: OutboxItem) -> Receipt | None:
    """The stored receipt (verified before it was stored)."""
    return parse_receipt(item.receipt.encode()) if item.receipt else None


def printable_receipt(item: OutboxItem) -> Text | None:
    receipt = receipt_of(item)
    return receipt_text(receipt, item.title) if receipt else None


def status_text(item: OutboxItem) -> Text:
    """One line for the start screen, in the resident's words."""
    if item.state == "sent" and item.sent_at is not None:
        when = item.sent_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
        return text(
            N_("Verzonden op {when} — kenmerk {reference}"),
            when=when,
            reference=str(item.reference),
        )
    if item.state == "attention":
        problem = item.last_error or text(N_("onbekend probleem"))
        return text(N_("Actie nodig: {problem}"), problem=problem)
    if item.state == "sending":
        return text(N_("Wordt nu verstuurd …"))
    return text(N_("In de wachtrij — wordt verstuurd zodra er internet is"))
