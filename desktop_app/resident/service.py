"""The resident's use cases, below Qt: the window and the command line both call these.

One object, given what it depends on (catalog, clock, keyring, HTTP client); it works on an
opened dossier (storage/dossiers.py), so every initiative's documents, outbox and keys stay
in that dossier's folder. Each state change goes through core/lifecycle.py.

The types, constants and pure rules the residents' window names are re-exported here
(``X as X``), so desktop_app.ui reaches the residents' side only through this module (the
contract in pyproject.toml).
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

# Light at the top (issue 20): the window shows its start screen from these before the
# pydantic models, the regelingen, the PDF stack and the sending code are loaded. The rest
# is imported where it is used, and the re-exports below load on first use (__getattr__).
from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.language import Language
from desktop_app.resident.start_view import DocumentLine as DocumentLine
from desktop_app.resident.start_view import KnownRegeling as KnownRegeling
from desktop_app.resident.start_view import LineWords as LineWords
from desktop_app.resident.start_view import PlainText as PlainText
from desktop_app.resident.start_view import QuickStart as QuickStart
from desktop_app.resident.start_view import TidyOffer as TidyOffer
from desktop_app.resident.start_view import document_lines, tidy_offers_among
from desktop_app.resident.start_view import forms_dirs as forms_dirs
from desktop_app.resident.start_view import quick_start as quick_start
from desktop_app.resident.start_view import write_regeling_cache as write_regeling_cache
from desktop_app.storage.atomic import make_tree_private, write_atomic
from desktop_app.storage.draft_writer import shared_writer as shared_writer
from desktop_app.storage.paths import AppPaths as AppPaths
from desktop_app.storage.private_temp import PrivateTemp as PrivateTemp
from desktop_app.storage.private_temp import clear_leftovers
from desktop_app.storage.retention import DEFAULT_DRAFT_DAYS as DEFAULT_DRAFT_DAYS
from desktop_app.storage.summary import DraftSummary as DraftSummary
from desktop_app.storage.summary import UnreadableDraft as UnreadableDraft

if TYPE_CHECKING:
    from pydantic import JsonValue

    from desktop_app.core.documents import Application, Report
    from desktop_app.core.loader import Catalog
    from desktop_app.core.regeling import Regeling
    from desktop_app.core.text import Text
    from desktop_app.documents.decision import UNCHECKABLE as UNCHECKABLE
    from desktop_app.documents.finish import Outputs as Outputs
    from desktop_app.documents.receive import Received
    from desktop_app.documents.signature_block import SignatureBlock as SignatureBlock
    from desktop_app.documents.signing_process import SigningProcess
    from desktop_app.resident import loose_files as loose_files  # files outside a dossier (CLI)
    from desktop_app.resident.texts import HELPER_NOT_SET as HELPER_NOT_SET
    from desktop_app.resident.texts import HELPER_TOO_LATE as HELPER_TOO_LATE
    from desktop_app.resident.texts import HELPER_WRONG as HELPER_WRONG
    from desktop_app.resident.texts import SEE_REPORT as SEE_REPORT
    from desktop_app.storage.attachments import AttachmentStore as AttachmentStore
    from desktop_app.storage.dossiers import DossierInfo as DossierInfo
    from desktop_app.storage.dossiers import DossierStore as DossierStore
    from desktop_app.storage.dossiers import OpenDossier as OpenDossier
    from desktop_app.storage.drafts import DraftStore as DraftStore
    from desktop_app.storage.marks import COLOURS as COLOURS
    from desktop_app.storage.marks import MAX_WORD as MAX_WORD
    from desktop_app.storage.marks import colour as colour
    from desktop_app.storage.outbox import Outbox as Outbox
    from desktop_app.storage.outbox import OutboxItem as OutboxItem
    from desktop_app.storage.passphrase import TOO_WEAK as TOO_WEAK
    from desktop_app.storage.passphrase import is_strong as is_strong
    from desktop_app.storage.passphrase import propose as propose
    from desktop_app.submit.client import IntakeClient
    from desktop_app.submit.mail import MailDraft as MailDraft
    from desktop_app.submit.mail import mail_draft as mail_draft
    from desktop_app.submit.mail import mailto_url as mailto_url
    from desktop_app.submit.worker import SendResult

# The heavy re-exports, loaded when first asked for: name -> module.
_LATER = {
    "UNCHECKABLE": "desktop_app.documents.decision",
    "Outputs": "desktop_app.documents.finish",
    "SignatureBlock": "desktop_app.documents.signature_block",
    "AttachmentStore": "desktop_app.storage.attachments",
    "DossierInfo": "desktop_app.storage.dossiers",
    "DossierStore": "desktop_app.storage.dossiers",
    "OpenDossier": "desktop_app.storage.dossiers",
    "DraftStore": "desktop_app.storage.drafts",
    "Outbox": "desktop_app.storage.outbox",
    "OutboxItem": "desktop_app.storage.outbox",
    "MailDraft": "desktop_app.submit.mail",
    "mail_draft": "desktop_app.submit.mail",
    "mailto_url": "desktop_app.submit.mail",
    "HELPER_NOT_SET": "desktop_app.resident.texts",
    "HELPER_TOO_LATE": "desktop_app.resident.texts",
    "HELPER_WRONG": "desktop_app.resident.texts",
    "SEE_REPORT": "desktop_app.resident.texts",
    "COLOURS": "desktop_app.storage.marks",
    "MAX_WORD": "desktop_app.storage.marks",
    "colour": "desktop_app.storage.marks",
    "TOO_WEAK": "desktop_app.storage.passphrase",
    "is_strong": "desktop_app.storage.passphrase",
    "propose": "desktop_app.storage.passphrase",
}


def __getattr__(name: str) -> Any:
    if name == "loose_files":  # the CLI's use cases on files outside a dossier
        return importlib.import_module("desktop_app.resident.loose_files")
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Reusable:
    """Answers a new application may start with, and the application they come from."""

    source_title: str
    answers: dict[str, JsonValue]

    def lines(self, regeling: Regeling, language: Language) -> list[str]:
        """'Label: answer' for each, as the resident would check them."""
        labels = {f.id: f.label.get(language) for s in regeling.application.steps for f in s.fields}
        return [
            f"{labels.get(field_id, field_id)}: {value}"
            for field_id, value in self.answers.items()
            if isinstance(value, str | int)
        ]


@dataclass(frozen=True)
class Opening:
    """What "Verder invullen" opens: the wizard on a draft (at the page it was left at), or
    the files of a document that is made already (a signed one is never changed)."""

    document: Application | Report
    editable: bool
    page: str | None = None


# Pages of the wizard that are not a step of the form (the step ids are the regeling's).
CHECK_PAGE, SIGN_PAGE = "check", "sign"


def line_words() -> LineWords:
    """The start screen's texts from the lifecycle (the full reading's; cached for the
    quick one)."""
    from desktop_app.core.lifecycle import LABELS, NEXT_STEP
    from desktop_app.resident.texts import SEE_REPORT

    return LineWords(LABELS, NEXT_STEP, SEE_REPORT.text())


def os_keyring() -> Any:
    """The OS keyring's backend, or None when there is none at all."""
    import keyring

    try:
        return keyring.get_keyring()
    except Exception:  # a broken keyring set-up: treated as no keyring
        return None


def prepare_data_folder(root: Path) -> None:
    """At start: the data folder for this user only (an older version made it 0755/0644),
    and no decrypted PDF a crashed run left in the temp folder."""
    make_tree_private(root)
    clear_leftovers()


def open_log_file() -> None:
    """After the first paint: the log file is opened (desktop_app/applog.py), so that the
    start screen did not wait for it and a later first log line does not either."""
    from desktop_app.applog import open_log_file as open_now

    open_now()


def save_copy(path: Path, data: bytes) -> None:
    """A file the resident asked for (a copy, a receipt) written whole or not at all
    (OSError when the folder cannot be written)."""
    write_atomic(path, data)


def submission_status(item: OutboxItem) -> Text:
    """Where a queued bundle stands, in the resident's words."""
    # Here, not at the top: the sending code (requests) need not slow down the start.
    from desktop_app.submit.service import status_text

    return status_text(item)


def printable_receipt(item: OutboxItem) -> Text | None:
    """The municipality's receipt of a sent bundle, as plain text to keep."""
    from desktop_app.submit.service import printable_receipt as receipt

    return receipt(item)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ResidentService:
    def __init__(
        self,
        catalog: Catalog,
        clock: Clock,
        keyring_backend: Callable[[], object | None] | None = os_keyring,
        client: IntakeClient | None = None,
    ) -> None:
        """`keyring_backend` is asked for the OS keyring only when something is sent (access
        codes live there), so starting the app never waits for it."""
        self.catalog, self.clock = catalog, clock
        self.keyring_backend = keyring_backend
        self._client = client
        # One Outbox object per file: its lock keeps two sending passes (a button press during
        # the timer's pass) from running at once.
        self._outboxes: dict[Path, Outbox] = {}
        # Set by sign_apart(): the signed files are then made in a worker process.
        self._signing: SigningProcess | None = None

    @property
    def client(self) -> IntakeClient:
        if self._client is None:
            from desktop_app.submit.service import default_client

            # Without a keyring sending still works; only access codes are then unavailable.
            backend = self.keyring_backend() if self.keyring_backend is not None else None
            self._client = default_client(backend)
        return self._client

    # --- the start screen ---------------------------------------------------------------

    def documents(self, dossier: OpenDossier) -> list[DocumentLine]:
        """Every document of the dossier, newest first, a report just above its application;
        a queued or sent one says how sending goes (resident/start_view.py)."""
        from desktop_app.submit.service import status_text

        summaries = dossier.drafts.summaries(self.catalog.title_of)
        sending = {item.bundle_id: item for item in self.outbox_items(dossier)}

        def hint(summary: DraftSummary) -> Text | None:
            item = sending.get(str(summary.id))
            return None if item is None else status_text(item)

        return document_lines(summaries, self.catalog.regelingen.get, hint, line_words())

    def unreadable(self, dossier: OpenDossier) -> list[UnreadableDraft]:
        """Draft files this computer cannot read (damaged, or from a newer version)."""
        return dossier.drafts.unreadable()

    def tidy_offers(self, dossier: OpenDossier) -> list[TidyOffer]:
        """Drafts untouched for long, and documents that need nothing more."""
        summaries = dossier.drafts.summaries(self.catalog.title_of)
        return tidy_offers_among(summaries, self.clock.now())

    def opening(self, dossier: OpenDossier, document_id: uuid.UUID) -> Opening:
        """A decided application opens its report (the next thing to do); a draft opens at
        the page it was left at; anything made already shows its files. UserError when the
        file cannot be read."""
        stored = dossier.drafts.load_stored(document_id)
        document = stored.document
        if stored.status == "decided":
            report = dossier.drafts.report_of(document.id)
            if report is not None:
                document = dossier.drafts.load(report.id)
        if stored.status in ("draft", "report_draft", "decided"):
            return Opening(document, True, dossier.resume.get(document.id))
        return Opening(document, False)

    def remember_page(self, dossier: OpenDossier, document_id: uuid.UUID, page: str) -> None:
        """The wizard's page, on every move: "Verder invullen" starts there next time."""
        try:
            dossier.resume.put(document_id, page)
        except OSError:
            log.warning("the last page could not be stored")

    def remove_documents(self, dossier: OpenDossier, document_ids: list[uuid.UUID]) -> None:
        """Each with everything that belongs to it: PDF, bundle, attachments, outbox row,
        temp files, its place in the wizard, and an application's signing key."""
        keys_folder = dossier.paths.keys

        def forget_key(key_id: uuid.UUID) -> None:
            from desktop_app.documents.signing import SigningKeys

            try:
                SigningKeys(keys_folder, self._keyring()).forget(key_id)
            except UserError:
                log.warning("a signing key could not be removed from the keyring")

        done: set[uuid.UUID] = set()
        for document_id in document_ids:
            if document_id not in done:
                done |= set(dossier.remove_document(document_id, forget_key))
        for document_id in done:
            try:
                dossier.resume.forget(document_id)
            except OSError:
                log.warning("a last page could not be forgotten")

    def _keyring(self) -> Any:
        return self.keyring_backend() if self.keyring_backend is not None else None

    # --- wiping, and the helper's passphrase ----------------------------------------------

    def _forget_keys_in(self, folder: Path) -> None:
        """Signing keys in ``folder``: keyring passphrases first, then the key files."""
        from desktop_app.documents.signing import forget_all_keys

        if self._signing is not None:
            self._signing.retire()  # with the keys it holds unlocked
        forget_all_keys(folder, self._keyring())

    def wipe_dossier(self, dossiers: DossierStore, dossier_id: uuid.UUID) -> None:
        """Verwijder mijn gegevens: the resident's own dossier, keys first."""
        dossiers.wipe(dossier_id, lambda i: self._forget_keys_in(dossiers.folder / str(i) / "keys"))

    def helper_is_set(self, root: AppPaths) -> bool:
        from desktop_app.storage.helper import HelperLock

        return HelperLock(root.helper).is_set

    def helper_matches(self, root: AppPaths, passphrase: str) -> bool:
        from desktop_app.storage.helper import HelperLock

        return HelperLock(root.helper).matches(passphrase)

    def helper_can_be_set(self, dossiers: DossierStore) -> bool:
        """Only before any resident protected a dossier here (else a resident could)."""
        return not any(info.protected for info in dossiers.list())

    def set_helper_passphrase(
        self, root: AppPaths, dossiers: DossierStore, passphrase: str
    ) -> None:
        """Once, by the helper, before residents protect dossiers here: afterwards a resident
        could choose it and wipe everyone's dossiers, so it is refused (UserError)."""
        from desktop_app.resident.texts import HELPER_TOO_LATE
        from desktop_app.storage.helper import HelperLock

        if not self.helper_can_be_set(dossiers):
            raise UserError("helper.too_late", HELPER_TOO_LATE.text())
        HelperLock(root.helper).set(passphrase)

    def free_computer(self, root: AppPaths, dossiers: DossierStore, helper_passphrase: str) -> None:
        """Deze computer vrijgeven: only with the helper's passphrase (UserError otherwise,
        and nothing is removed). Every dossier, and what the app keeps outside them; the
        helper's passphrase stays for the next residents."""
        from desktop_app.resident.texts import HELPER_NOT_SET, HELPER_WRONG
        from desktop_app.storage.dossiers import clear_outside_dossiers
        from desktop_app.storage.helper import HelperLock

        lock = HelperLock(root.helper)
        if not lock.is_set:
            raise UserError("helper.not_set", HELPER_NOT_SET.text())
        if not lock.matches(helper_passphrase):
            raise UserError("helper.wrong", HELPER_WRONG.text())
        dossiers.wipe_all(lambda i: self._forget_keys_in(dossiers.folder / str(i) / "keys"))
        self._forget_keys_in(root.keys)
        clear_outside_dossiers(root)

    # --- the files of a document -------------------------------------------------------

    def signer_defaults(
        self, dossier: OpenDossier, regeling: Regeling, document: Application | Report
    ) -> tuple[str, str]:
        """The name and place the sign page starts with (the applicant's, by the roles)."""
        from desktop_app.documents.finish import signer_defaults

        return signer_defaults(dossier.drafts, regeling, document)

    def finish(
        self,
        dossier: OpenDossier,
        regeling: Regeling,
        document: Application | Report,
        block: SignatureBlock,
    ) -> Outputs:
        """Ondertekenen en opslaan: the PDF and the bundle in the dossier (UserError when the
        document cannot be made final). Slow: the window runs it off the UI thread."""
        from desktop_app.documents.finish import make_outputs

        signing = self._signing
        return make_outputs(
            dossier.paths,
            self.clock,
            dossier.drafts,
            regeling,
            document,
            block,
            dossier.attachments,
            maker=signing.make_files if signing is not None else None,
        )

    def sign_apart(self) -> None:
        """From now on the PDF and the bundle are made in a short-lived worker process, so
        the window never loads (nor keeps) the PDF stack; one is started now, at an idle
        moment, to be warm for the first signing (documents/signing_process.py)."""
        if self._signing is None:
            from desktop_app.documents.signing_process import SigningProcess

            self._signing = SigningProcess()
        self._signing.warm()

    def prepare_signing(
        self, dossier: OpenDossier, document: Application | Report, signing_soon: bool
    ) -> None:
        """The resident is about to sign (the check page; ``signing_soon``: the sign page):
        a warm worker, if signing apart, which on the sign page unlocks the key that signs."""
        if self._signing is None:
            return
        self._signing.warm()
        if signing_soon:
            from desktop_app.documents.finish import key_id_for

            self._signing.unlock_ahead(dossier.paths.keys, dossier.codec, key_id_for(document))

    def close_dossier(self) -> None:
        """The open dossier is closed (the helper's next resident): the signing worker goes,
        with the keys of that dossier it holds unlocked; the next check page starts anew."""
        if self._signing is not None:
            self._signing.retire()

    def stop_signing(self) -> None:
        """At closing: no signing worker stays behind."""
        if self._signing is not None:
            self._signing.close()

    def made_outputs(self, dossier: OpenDossier, document: Application | Report) -> Outputs:
        """The files of a document made already, to show again (a signed one never changes)."""
        from desktop_app.documents.finish import Outputs, output_paths

        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        pdf, bundle = output_paths(dossier.paths, regeling, document, dossier.codec)
        return Outputs(
            document,
            regeling,
            pdf,
            bundle,
            signed=True,
            unsigned_reason=None,
            status_known=False,
            codec=dossier.codec,
        )

    def export_unreadable(self, dossier: OpenDossier, source: Path, target: Path) -> None:
        """A draft this version cannot read, saved as it is for a helper (OSError when the
        folder cannot be written)."""
        write_atomic(target, dossier.drafts.export_bytes(source))

    # --- handing a dossier over ---------------------------------------------------------

    def hand_over(
        self, dossiers: DossierStore, dossier: OpenDossier, passphrase: str, path: Path
    ) -> None:
        """The dossier as one file, protected by a strong passphrase (UserError otherwise)."""
        from desktop_app.storage.dossiers import write_handover

        write_handover(path, dossiers.export_handover_checked(dossier, passphrase))

    def take_over(self, dossiers: DossierStore, path: Path, passphrase: str) -> OpenDossier:
        """A handed-over dossier opened here as a new one (UserError: damaged or wrong)."""
        from desktop_app.storage.dossiers import read_handover

        return dossiers.import_handover(read_handover(path), passphrase)

    # --- a decision, and the report it opens --------------------------------------------

    def receive(self, dossier: OpenDossier, path: Path) -> Received:
        """Besluit inlezen: check the decision file, note it on the application, and make
        the report draft when granted (UserError when refused)."""
        from desktop_app.documents.receive import read_decision_file, receive_decision

        data = read_decision_file(path)
        return receive_decision(data, self.catalog, dossier.drafts, self.clock)

    def report_draft(self, dossier: OpenDossier, path: Path) -> Application | Report:
        """Verslag maken: the report for the decision file at `path` — the draft the dossier
        has already, or a new one from the checked decision (UserError when refused)."""
        from desktop_app.core.documents import Application
        from desktop_app.documents.decision import check_decision, read_signed, report_for
        from desktop_app.documents.receive import read_decision_file

        data = read_decision_file(path)
        claimed = read_signed(data).decision
        existing = dossier.drafts.report_of(claimed.application_id)
        if existing is not None:
            return dossier.drafts.load(existing.id)
        application = dossier.drafts.load(claimed.application_id)
        assert isinstance(application, Application)
        decision, checked = check_decision(data, self.catalog, application)
        return report_for(decision, application, self.clock, checked)

    # --- once only -----------------------------------------------------------------------

    def reusable_answers(self, dossier: OpenDossier, regeling: Regeling) -> Reusable | None:
        """The applicant, contact and payment answers of the newest other application of the
        same regeling in this dossier (the fields its `reuse_answers` names), to offer for a
        new application. None when there is nothing to offer. Never applied by itself: the
        resident sees them and says whether they still hold."""
        for summary in dossier.drafts.summaries(self.catalog.title_of):
            if summary.kind != "application" or summary.regeling_id != regeling.id:
                continue
            try:
                previous = dossier.drafts.load(summary.id)
            except UserError:
                continue
            answers = {
                field_id: previous.answers[field_id]
                for field_id in regeling.reuse_answers
                if not _empty(previous.answers.get(field_id))
            }
            if answers:
                return Reusable(summary.title, answers)
        return None

    # --- sending ------------------------------------------------------------------------

    def outbox(self, dossier: OpenDossier) -> Outbox:
        """The dossier's own outbox (its own file: wiping the dossier empties it too), sealed
        with the dossier's key when it is protected."""
        from desktop_app.storage.outbox import Outbox

        path = dossier.paths.outbox
        outbox = self._outboxes.get(path)
        if outbox is None or outbox.codec is not dossier.codec:
            outbox = self._outboxes[path] = Outbox(path, dossier.codec)
        return outbox

    def outbox_items(self, dossier: OpenDossier) -> list[OutboxItem]:
        from desktop_app.storage.outbox import Outbox

        return self._from_outbox(dossier, Outbox.items, [])

    def outbox_item(self, dossier: OpenDossier, bundle_id: str) -> OutboxItem | None:
        return self._from_outbox(dossier, lambda outbox: outbox.get(bundle_id), None)

    def has_due(self, dossier: OpenDossier) -> bool:
        nothing: list[OutboxItem] = []
        return bool(self._from_outbox(dossier, lambda o: o.due(self.clock.now()), nothing))

    def _from_outbox(self, dossier: OpenDossier, read: Callable[[Outbox], T], nothing: T) -> T:
        """No file yet (nothing sent from this dossier): no need to make one. A damaged file
        must not keep the start screen or the done page away."""
        if not dossier.paths.outbox.exists():
            return nothing
        try:
            return read(self.outbox(dossier))
        except (OSError, sqlite3.Error) as error:
            log.warning("outbox unreadable: %s", type(error).__name__)
            return nothing

    def save_token(self, endpoint: str, code: str) -> None:
        """The municipality's access code for ``endpoint``: only in the OS keyring."""
        from desktop_app.submit.service import save_token

        save_token(self._keyring(), endpoint, code)

    def queue(self, dossier: OpenDossier, bundle: bytes) -> OutboxItem:
        """Versturen: into the dossier's outbox (kept even without internet); an application
        moves to "queued". UserError when the regeling has no intake or the bundle is odd."""
        from desktop_app.core.documents import Application
        from desktop_app.submit.service import queue_bundle

        item = queue_bundle(self.outbox(dossier), bundle, self.catalog, self.clock)
        document_id = uuid.UUID(item.bundle_id)
        stored = dossier.drafts.load_stored(document_id)
        if isinstance(stored.document, Application) and stored.status != "queued":
            from desktop_app.core.lifecycle import check_move

            check_move(stored.status, "queued")
            dossier.drafts.set_status(document_id, "queued")
        return item

    def send_due(self, dossier: OpenDossier, only: str | None = None) -> list[SendResult]:
        """One pass over what is due in the dossier's outbox (or just `only`); what the
        municipality received moves from "queued" to "sent". Safe off the UI thread."""
        from desktop_app.submit.worker import send_due

        if not dossier.paths.outbox.exists():
            return []
        results = send_due(self.outbox(dossier), self.client, self.clock, only=only)
        for result in results:
            if result.state == "sent":
                self._mark_sent(dossier, uuid.UUID(result.bundle_id))
        return results

    def _mark_sent(self, dossier: OpenDossier, document_id: uuid.UUID) -> None:
        try:
            status = dossier.drafts.status(document_id)
        except UserError:
            return  # removed here meanwhile; the receipt stays in the outbox
        from desktop_app.core.lifecycle import can_move

        if status == "queued" and can_move(status, "sent"):
            dossier.drafts.set_status(document_id, "sent")

    def send_due_everywhere(self, dossiers: DossierStore) -> dict[uuid.UUID, list[SendResult]]:
        """The command line's `outbox --send`: every dossier that opens without a passphrase
        (a protected one waits until its resident opens it)."""
        done = {}
        for info in dossiers.list():
            if info.protected:
                continue
            try:
                dossier = dossiers.open(info.id)
            except UserError:
                continue
            done[info.id] = self.send_due(dossier)
        return done


__all__ = [
    "CHECK_PAGE",
    "SIGN_PAGE",
    "DocumentLine",
    "Opening",
    "ResidentService",
    "Reusable",
    "TidyOffer",
    "os_keyring",
]
