"""The resident's use cases on files outside a dossier: what the command line's `pdf`,
`bundle`, `verify`, `submit` and `outbox` do with a document or bundle file it is given, and
with the outbox beside the dossiers (the data folder's own).

ResidentService works on an opened dossier; these work on paths. The PDF stack, the HTTP
client and the keyring load inside the functions, when a command needs them, so importing
this module (through resident/service.py) costs nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.clock import Clock
from desktop_app.core.documents import Application, Report
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import PublicKey, Regeling
from desktop_app.core.text import Text

if TYPE_CHECKING:
    from desktop_app.core.engine import Verdict
    from desktop_app.documents.service import BundleResult, PdfResult, VerifyResult
    from desktop_app.documents.signing import Signer
    from desktop_app.storage.outbox import Outbox, OutboxItem
    from desktop_app.storage.paths import AppPaths
    from desktop_app.submit.client import IntakeClient


# --- making and checking files -------------------------------------------------------------


def file_signer(
    paths: AppPaths, regeling: Regeling, document: Application | Report, clock: Clock
) -> Signer:
    """The initiative's signer from the data folder's keys (made on first use; UserError
    without a keyring)."""
    import keyring

    from desktop_app.documents.service import SigningKeys, signer_for

    keys = SigningKeys(paths.keys, keyring.get_keyring(), clock)
    return signer_for(keys, regeling, document)


def make_pdf_file(
    document: Application | Report,
    regeling: Regeling,
    verdicts: Sequence[Verdict],
    signer: Signer | None,
    output: Path,
    clock: Clock,
) -> PdfResult:
    """The PDF/A of a document file, signed unless `signer` is None, saved at `output`; the
    signature block from the answers (contact name, town) and today."""
    from desktop_app.documents.service import default_signature, make_pdf

    signature = default_signature(regeling, document, clock)
    return make_pdf(document, regeling, verdicts, signature, signer, output, clock)


class _StoredAttachments:
    """The data folder's attachment store, with a clear message when a file is gone."""

    def __init__(self, folder: Path) -> None:
        from desktop_app.storage.attachments import AttachmentStore

        self.store = AttachmentStore(folder)

    def read(self, ref: Any) -> bytes:
        try:
            return self.store.read(ref)
        except OSError as exc:
            raise UserError(
                "bundle.attachment_unavailable",
                text(
                    N_(
                        "De bijlage '{file_name}' is niet gevonden in {folder}. Voeg het "
                        "bestand opnieuw toe."
                    ),
                    file_name=ref.file_name,
                    folder=str(self.store.folder),
                ),
            ) from exc


def make_bundle_file(
    document: Application | Report,
    regeling: Regeling,
    verdicts: Sequence[Verdict],
    paths: AppPaths,
    signer: Signer | None,
    output: Path,
    clock: Clock,
) -> BundleResult:
    """The bundle of a document file (its attachments from the data folder), at `output`."""
    from desktop_app.documents.service import make_bundle

    attachments = _StoredAttachments(paths.attachments)
    return make_bundle(document, regeling, verdicts, attachments, signer, output, clock=clock)


def verify_file(path: Path) -> VerifyResult:
    """Check a bundle file completely; the result says what is wrong (it never raises)."""
    from desktop_app.documents.service import verify_bundle

    return verify_bundle(path)


# --- the data folder's own outbox ----------------------------------------------------------


class BundleRefusedError(UserError):
    """The file given to `submit` is no bundle that can be sent; `unreadable`: not even
    readable as one (exit 2 on the command line), else read but wrong (exit 1)."""

    def __init__(self, code: str, message: Text, unreadable: bool) -> None:
        super().__init__(code, message)
        self.unreadable = unreadable


def open_outbox(paths: AppPaths) -> Outbox:
    """The outbox beside the dossiers (what `submit` sends from), or a UserError."""
    from desktop_app.storage.outbox import Outbox

    path = paths.outbox
    try:
        return Outbox(path)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            "outbox.unavailable",
            text(N_("De wachtrij ({path}) kan niet worden geopend."), path=str(path)),
        ) from exc


def http_client(timeout: float) -> IntakeClient:
    """The intake client, with access codes from the OS keyring, waiting at most `timeout`
    seconds for an answer."""
    import keyring

    from desktop_app.submit.service import Timeouts, default_client

    return default_client(keyring.get_keyring(), Timeouts(connect=min(5.0, timeout), read=timeout))


def submit_file(
    outbox: Outbox,
    path: Path,
    catalog: Catalog,
    clock: Clock,
    client: IntakeClient,
    endpoint: str | None = None,
    receipt_keys: Sequence[PublicKey] | None = None,
) -> OutboxItem:
    """Put the bundle file in the outbox and send it now (a bundle that needed attention is
    tried again: the person asks explicitly). UserError when it cannot be sent at all
    (BundleRefusedError: the file is no good bundle); otherwise the item, sent or waiting."""
    from desktop_app.documents.bundle_read import BundleError
    from desktop_app.documents.service import _read_limited
    from desktop_app.submit.service import queue_bundle, send_due

    try:
        data = _read_limited(path)
        item = queue_bundle(outbox, data, catalog, clock, endpoint, receipt_keys)
    except BundleError as error:
        raise BundleRefusedError(error.code, error.message, error.unreadable) from error
    if item.state == "attention":
        outbox.retry_now(item.bundle_id, clock.now())
    if item.state != "sent":
        send_due(outbox, client, clock, only=item.bundle_id)
    sent = outbox.get(item.bundle_id)
    return sent if sent is not None else item


def send_outbox(outbox: Outbox, client: IntakeClient, clock: Clock) -> None:
    """One pass over what is due in the data folder's own outbox."""
    from desktop_app.submit.service import send_due

    send_due(outbox, client, clock)
