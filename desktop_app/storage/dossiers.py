"""Dossiers: each initiative's documents and attachments apart, on a shared computer
protected by the resident's own short passphrase; hand-over files; wiping.

Layout under AppPaths.dossiers: ``<dossier id>/dossier.json`` (no personal data: the
label and the data key are sealed when there is a passphrase), ``drafts/``,
``attachments/``. Without a passphrase (at home) files are plain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import shutil
import sqlite3
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.values import AttachmentRef
from desktop_app.storage.atomic import temp_leftovers, write_atomic
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.crypto import (
    KEY_BYTES,
    PLAIN,
    Codec,
    DamagedError,
    KdfParams,
    SealedCodec,
    WrongKeyError,
    derive_key,
    key_check,
    key_matches,
    passphrase_open,
    passphrase_seal,
    seal,
    unseal,
)
from desktop_app.storage.draft_writer import DraftWriter
from desktop_app.storage.drafts import DraftStore, StoredDocument
from desktop_app.storage.marks import MAX_WORD, checked_mark
from desktop_app.storage.outbox import Outbox
from desktop_app.storage.outputs import OutputFiles
from desktop_app.storage.passphrase import check_strong
from desktop_app.storage.paths import AppPaths
from desktop_app.storage.resume import ResumeStore

log = logging.getLogger(__name__)

HANDOVER_MAGIC_V1 = b"KLEIN-INITIATIEF-OVERDRACHT-1\n"  # read only: older computers
HANDOVER_MAGIC = b"KLEIN-INITIATIEF-OVERDRACHT-2\n"  # crypto.passphrase_seal's format
_HANDOVER_MAX_BYTES = 512 * 1024 * 1024
_HANDOVER_MAX_ENTRIES = 5000


class DossierMeta(BaseModel):
    """What is stored in the clear about a dossier: nothing personal."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    format_version: int = 1
    id: uuid.UUID
    created_at: dt.datetime
    protected: bool
    kdf: KdfParams | None = None
    wrapped_key: bytes | None = Field(default=None, description="data key sealed by the KEK")
    key_check: bytes | None = Field(
        default=None, description="crypto.key_check of the KEK: wrong passphrase or damaged?"
    )
    label_plain: str | None = Field(default=None, max_length=100)
    label_sealed: bytes | None = None
    # Chosen by the resident to find a protected dossier in the list (storage/marks.py): in
    # the clear on purpose, so no name; checked when made.
    mark_word: str | None = Field(default=None, max_length=MAX_WORD)
    mark_colour: str | None = Field(default=None, max_length=20)


@dataclass(frozen=True)
class DossierInfo:
    id: uuid.UUID
    created_at: dt.datetime
    protected: bool
    label: str | None  # None while a protected dossier is closed
    mark_word: str | None = None
    mark_colour: str | None = None  # a key of storage.marks.COLOURS


@dataclass
class OpenDossier:
    """An opened dossier: its stores, already set up with its key."""

    meta: DossierMeta
    folder: Path
    codec: Codec
    label: str
    # Autosaves of drafts go through it when set (storage/draft_writer.py).
    writer: DraftWriter | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.meta.id

    @property
    def drafts(self) -> DraftStore:
        return DraftStore(self.folder / "drafts", self.codec, self.writer)

    @property
    def attachments(self) -> AttachmentStore:
        return AttachmentStore(self.folder / "attachments", self.codec)

    @property
    def paths(self) -> AppPaths:
        """Keys, PDFs and the outbox of this dossier live in its folder too, so wiping the
        dossier removes them with it."""
        return AppPaths(self.folder)

    @property
    def outputs(self) -> OutputFiles:
        return OutputFiles(self.paths.output, self.codec)

    @property
    def resume(self) -> ResumeStore:
        """The page each draft was left at (storage/resume.py)."""
        return ResumeStore(self.folder, self.codec)

    def seal_plain_leftovers(self) -> None:
        """What an older version of the app left in the clear in a protected dossier (PDFs,
        bundles, the outbox's bundles and titles) is sealed when the dossier is opened."""
        try:
            self.outputs.seal_plain_files()
            if self.paths.outbox.exists():
                Outbox(self.paths.outbox, self.codec).seal_plain_rows()
        except (OSError, sqlite3.Error):
            log.warning("could not seal older plain files of a dossier")

    def remove_draft_file(self, path: Path) -> None:
        """An unreadable draft file (and its temp files); nothing else can be known of it."""
        if path.parent != self.drafts.folder:
            raise ValueError("not a draft of this dossier")
        for leftover in [path, *temp_leftovers(path.parent, path.name)]:
            _remove_file(leftover)

    def remove_document(
        self,
        document_id: uuid.UUID,
        forget_key: Callable[[uuid.UUID], None] | None = None,
    ) -> list[uuid.UUID]:
        """ "Verwijderen": a document and everything that belongs to it. For an application
        also its report(s) and its signing key (``forget_key``, keyring first). Gone are the
        draft, its PDF and bundle, its outbox row, attachments no other document here uses,
        and temp files a crashed write left. Returns the ids of the documents removed."""
        drafts = self.drafts
        summaries = {s.id: s for s in drafts.summaries()}
        removed = [document_id] + [
            s.id for s in summaries.values() if s.application_id == document_id
        ]
        attachments = set()
        for doomed in removed:
            with contextlib.suppress(UserError):  # unreadable: its own file still goes
                attachments |= set(attachment_hashes(drafts.load(doomed).answers))
        if self.paths.outbox.exists():
            outbox = Outbox(self.paths.outbox, self.codec)
            for doomed in removed:
                outbox.remove(str(doomed))
        outputs = self.outputs
        for doomed in removed:
            for path in outputs.leftovers(doomed):
                _remove_file(path)
            draft = drafts.path_for(doomed)
            for path in [draft, *temp_leftovers(draft.parent, draft.name)]:
                _remove_file(path)
        still_used: set[str] = set()
        for kept in (s for s in summaries if s not in removed):
            try:
                still_used |= set(attachment_hashes(drafts.load(kept).answers))
            except UserError:
                continue
        store = self.attachments
        for digest in attachments - still_used:
            try:
                path = store.path_for(digest)
            except ValueError:
                continue  # not a hash: nothing of ours is named by it
            for leftover in [path, *temp_leftovers(path.parent, path.name)]:
                _remove_file(leftover)
        summary = summaries.get(document_id)
        if forget_key is not None and (summary is None or summary.kind == "application"):
            forget_key(document_id)  # one key per initiative: its application's id
        return removed


def _error(code: str, dutch: str, **values: str) -> UserError:
    return UserError(code, text(dutch, **values))


WRONG_PASSPHRASE = (
    "dossier.wrong_passphrase",
    N_("Dit wachtwoord klopt niet. Er is niets veranderd. Probeer het opnieuw."),
)


NOT_HANDOVER = (
    "handover.invalid",
    N_("Dit is geen overdrachtsbestand van Klein Initiatief, of het is beschadigd."),
)

HANDOVER_DAMAGED = (
    "handover.damaged",
    N_(
        "Dit overdrachtsbestand is beschadigd of veranderd. Daarom kan het niet worden geopend, "
        "ook niet met het goede wachtwoord. Vraag om een nieuw overdrachtsbestand."
    ),
)

DOSSIER_DAMAGED = (
    "dossier.damaged",
    N_(
        "Het wachtwoord klopt, maar dit dossier is beschadigd of veranderd. Het kan niet worden "
        "geopend. Heeft u een overdrachtsbestand? Lees dat dan in."
    ),
)


class DossierStore:
    """All dossiers on this computer."""

    def __init__(self, folder: Path, clock: Clock, writer: DraftWriter | None = None) -> None:
        """With a `writer`, every dossier opened here autosaves its drafts through it."""
        self.folder = folder
        self.clock = clock
        self.writer = writer

    def _meta_path(self, dossier_id: uuid.UUID) -> Path:
        return self.folder / str(dossier_id) / "dossier.json"

    def _write_meta(self, meta: DossierMeta) -> None:
        write_atomic(self._meta_path(meta.id), meta.model_dump_json(indent=1).encode())

    def _read_meta(self, dossier_id: uuid.UUID) -> DossierMeta:
        try:
            return DossierMeta.model_validate_json(self._meta_path(dossier_id).read_bytes())
        except (OSError, ValidationError, ValueError) as exc:
            raise _error(
                "dossier.unreadable",
                N_("Dit dossier kan niet worden geopend. Het is beschadigd of verwijderd."),
            ) from exc

    def create(
        self,
        label: str,
        passphrase: str | None,
        check_strength: bool = True,
        mark: tuple[str, str] | None = None,
    ) -> OpenDossier:
        """A new dossier; with a passphrase everything in it is encrypted. The passphrase
        must be strong enough (storage/passphrase.py); UserError otherwise. ``mark`` is the
        recognition word and colour key shown on the list (storage/marks.py)."""
        label = label.strip()[:100]
        if passphrase is not None and check_strength:
            check_strong(passphrase)  # first: the passphrase is what matters most
        word, colour_key = checked_mark(*mark) if mark is not None else (None, None)
        meta = DossierMeta(
            id=uuid.uuid4(),
            created_at=self.clock.now().astimezone(AMSTERDAM),
            protected=passphrase is not None,
            mark_word=word,
            mark_colour=colour_key,
        )
        codec: Codec = PLAIN
        if passphrase is None:
            meta.label_plain = label
        else:
            data_key = os.urandom(KEY_BYTES)
            meta.kdf = KdfParams.fresh()
            kek = derive_key(passphrase, meta.kdf)
            meta.key_check = key_check(kek, f"dossier:{meta.id}")
            meta.wrapped_key = seal(kek, data_key, f"dossier-key:{meta.id}")
            meta.label_sealed = seal(data_key, label.encode(), f"dossier-label:{meta.id}")
            codec = SealedCodec(data_key)
        self._write_meta(meta)
        return OpenDossier(meta, self.folder / str(meta.id), codec, label, self.writer)

    def list(self) -> list[DossierInfo]:
        found = []
        for path in sorted(self.folder.glob("*/dossier.json")):
            try:
                meta = DossierMeta.model_validate_json(path.read_bytes())
            except (OSError, ValidationError, ValueError):
                log.warning("skipping unreadable dossier folder")
                continue
            found.append(
                DossierInfo(
                    meta.id,
                    meta.created_at,
                    meta.protected,
                    meta.label_plain,
                    meta.mark_word,
                    meta.mark_colour,
                )
            )
        return sorted(found, key=lambda d: d.created_at)

    def open(self, dossier_id: uuid.UUID, passphrase: str | None = None) -> OpenDossier:
        meta = self._read_meta(dossier_id)
        folder = self.folder / str(dossier_id)
        if not meta.protected:
            return OpenDossier(meta, folder, PLAIN, meta.label_plain or "", self.writer)
        if passphrase is None or meta.kdf is None or meta.wrapped_key is None:
            raise _error(*WRONG_PASSPHRASE)
        kek = derive_key(passphrase, meta.kdf)
        if meta.key_check is not None and not key_matches(
            kek, meta.key_check, f"dossier:{meta.id}"
        ):
            raise _error(*WRONG_PASSPHRASE)
        try:
            data_key = unseal(kek, meta.wrapped_key, f"dossier-key:{meta.id}")
            label = unseal(data_key, meta.label_sealed or b"", f"dossier-label:{meta.id}")
        except WrongKeyError as exc:
            # With a key check that matched, the passphrase is right: the file was changed.
            raise _error(*(DOSSIER_DAMAGED if meta.key_check else WRONG_PASSPHRASE)) from exc
        opened = OpenDossier(meta, folder, SealedCodec(data_key), label.decode(), self.writer)
        opened.seal_plain_leftovers()
        return opened

    def open_default(self) -> OpenDossier | None:
        """At home: the one unprotected dossier, made on first start so nobody has to think
        about dossiers. None when there is a choice to make (several, or a protected one)."""
        found = self.list()
        if not found:
            return self.create("", None)
        if len(found) == 1 and not found[0].protected:
            return self.open(found[0].id)
        return None

    def wipe(self, dossier_id: uuid.UUID, forget_secrets: Callable[[uuid.UUID], None]) -> None:
        """Remove a dossier completely: keys first (so nothing left can be read), then files."""
        folder = self.folder / str(dossier_id)
        if self.writer is not None:  # no autosave still on its way may bring a file back
            with contextlib.suppress(OSError):
                self.writer.flush()
        forget_secrets(dossier_id)
        self._meta_path(dossier_id).unlink(missing_ok=True)
        _remove_tree(folder)

    def wipe_all(self, forget_secrets: Callable[[uuid.UUID], None]) -> None:
        for path in list(self.folder.glob("*")):
            try:
                dossier_id = uuid.UUID(path.name)
            except ValueError:
                _remove_tree(path)
                continue
            self.wipe(dossier_id, forget_secrets)

    # Hand-over: one file, encrypted with the resident's passphrase, for a USB stick or e-mail.

    def export_handover(self, dossier: OpenDossier, passphrase: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("label.txt", dossier.label)
            if dossier.meta.mark_word and dossier.meta.mark_colour:  # found again over there
                mark = {"word": dossier.meta.mark_word, "colour": dossier.meta.mark_colour}
                archive.writestr("mark.json", json.dumps(mark))
            for summary in dossier.drafts.summaries():
                stored = dossier.drafts.load_stored(summary.id)
                archive.writestr(f"drafts/{summary.id}.json", stored.model_dump_json())
            attachments = dossier.attachments
            for document in (dossier.drafts.load(s.id) for s in dossier.drafts.summaries()):
                for ref in _attachment_refs(document.answers):
                    name = f"attachments/{ref['sha256']}"
                    if name not in archive.namelist():
                        archive.writestr(name, attachments.read(AttachmentRef.model_validate(ref)))
        return passphrase_seal(passphrase, buffer.getvalue(), HANDOVER_MAGIC)

    def export_handover_checked(self, dossier: OpenDossier, passphrase: str) -> bytes:
        """The same, after checking that the passphrase is strong enough (UserError)."""
        check_strong(passphrase)
        return self.export_handover(dossier, passphrase)

    def import_handover(self, data: bytes, passphrase: str) -> OpenDossier:
        """A new dossier here with the same content, protected by the same passphrase.
        A damaged or changed file, or one whose Argon2 cost is out of bounds, is reported
        as damaged (before any Argon2 work); a wrong passphrase as wrong."""
        not_handover = _error(*NOT_HANDOVER)
        if len(data) > _HANDOVER_MAX_BYTES:
            raise not_handover
        try:
            if data.startswith(HANDOVER_MAGIC):
                archive_bytes = passphrase_open(data, passphrase, HANDOVER_MAGIC)
            elif data.startswith(HANDOVER_MAGIC_V1):
                archive_bytes = _open_handover_v1(data, passphrase)
            else:
                raise not_handover
        except DamagedError as exc:
            raise _error(*HANDOVER_DAMAGED) from exc
        except WrongKeyError as exc:
            raise _error(*WRONG_PASSPHRASE) from exc
        # Authenticated with the resident's passphrase; still read it within limits, and
        # leave no half dossier behind when anything in it is wrong.
        dossier: OpenDossier | None = None
        try:
            with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
                entries = archive.infolist()
                total = sum(entry.file_size for entry in entries)
                if len(entries) > _HANDOVER_MAX_ENTRIES or total > _HANDOVER_MAX_BYTES:
                    raise not_handover
                label = archive.read("label.txt").decode()
                mark = _handover_mark(archive)
                # Its passphrase was checked when the file was made (a file of an older
                # version may have a weaker one: refusing it would lock the resident out).
                dossier = self.create(label, passphrase, check_strength=False, mark=mark)
                for entry in entries:
                    name = entry.filename
                    if name.startswith("drafts/") and name.endswith(".json"):
                        stored = StoredDocument.model_validate_json(archive.read(entry))
                        dossier.drafts.save(stored.document, stored.status)
                    elif name.startswith("attachments/"):
                        content = archive.read(entry)
                        added = dossier.attachments.add_bytes(content, "bijlage", "other")
                        if added.sha256 != name.removeprefix("attachments/"):
                            raise not_handover
        except (zipfile.BadZipFile, KeyError, ValueError, ValidationError, UserError) as exc:
            if dossier is not None:
                self.wipe(dossier.id, lambda _: None)
            if isinstance(exc, UserError):
                raise
            raise not_handover from exc
        assert dossier is not None
        return dossier


def _handover_mark(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    """The recognition word and colour of the dossier handed over (files of older versions
    have none; a mark that is not right any more is left out rather than refusing the file)."""
    if "mark.json" not in archive.namelist():
        return None
    try:
        data = json.loads(archive.read("mark.json")[:1000])
        mark = (str(data["word"]), str(data["colour"]))
        checked_mark(*mark)
    except (ValueError, KeyError, TypeError, UserError):
        return None
    return mark


def _open_handover_v1(data: bytes, passphrase: str) -> bytes:
    """The first format: a JSON line with the Argon2 settings (now bounded when read), then
    one AES-GCM box; a wrong passphrase and a changed file cannot be told apart there."""
    header, _, body = data[len(HANDOVER_MAGIC_V1) :].partition(b"\n")
    try:
        params = KdfParams.model_validate_json(header)
    except (ValueError, ValidationError) as exc:
        raise DamagedError("header out of bounds") from exc
    return unseal(derive_key(passphrase, params), body, "handover")


def _attachment_refs(answers: dict) -> list[dict]:
    """Every attachment reference in the answers, also inside repeated groups."""
    refs: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("sha256"), str) and "kind" in value:
                refs.append(value)
                return
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(answers)
    return refs


def attachment_hashes(answers: dict) -> list[str]:
    return [ref["sha256"] for ref in _attachment_refs(answers)]


def _remove_tree(folder: Path) -> None:
    """Overwrite plain files before removing them (best effort on SSDs; sealed files are
    unreadable anyway once the key is gone)."""
    if not folder.exists():
        return
    for path in folder.rglob("*"):
        _remove_file(path)
    shutil.rmtree(folder, ignore_errors=True)


def write_handover(path: Path, data: bytes) -> None:
    """Save a hand-over file; a full USB stick or a read-only folder is a clear message."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise _error(
            "handover.write_failed",
            N_(
                "Het overdrachtsbestand kan niet worden opgeslagen in {folder}. Is de schijf "
                "vol of alleen-lezen? Kies een andere plek."
            ),
            folder=str(path.parent),
        ) from exc


def read_handover(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(_HANDOVER_MAX_BYTES + 1)
    except OSError as exc:
        raise _error(
            "handover.unreadable",
            N_("Het bestand {name} kan niet worden gelezen."),
            name=path.name,
        ) from exc
    if len(data) > _HANDOVER_MAX_BYTES:
        raise _error(*NOT_HANDOVER)
    return data


def clear_outside_dossiers(paths: AppPaths) -> None:
    """For "Deze computer vrijgeven": besides the dossiers, what the app keeps in its data
    folder (documents and keys made outside a dossier, the outbox, settings) goes too."""
    for folder in (paths.drafts, paths.attachments, paths.keys, paths.output):
        _remove_tree(folder)
    for file in (paths.outbox, paths.settings):
        for path in (file, *file.parent.glob(file.name + "-*")):  # SQLite's -wal and -shm
            _remove_file(path)


def _remove_file(path: Path) -> None:
    """Overwrite a plain file, then remove it; a symlink is removed, never followed."""
    if path.is_dir() and not path.is_symlink():
        return
    if path.is_file() and not path.is_symlink():
        try:
            with path.open("r+b") as handle:
                handle.write(b"\0" * path.stat().st_size)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            pass
    path.unlink(missing_ok=True)
