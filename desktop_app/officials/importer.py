"""Import bundles into the case store: verify completely first, then store. A bundle that
fails any check changes nothing; the same bundle twice is "already imported" (found by its
SHA-256 before any check); the same id with other content is kept apart as a conflict for a
person.

Bundles go in groups (up to ``GROUP_BUNDLES`` files or ``GROUP_BYTES``): read and hash them,
look the hashes up in one query, then verify each new one completely (officials/
bundle_check.py) and store it right away in the group's transaction, in a savepoint of its
own, so each bundle is all or nothing and a failure rolls back that bundle alone; at least
every ``GROUP_SECONDS`` a commit. The transaction begins at the first bundle that passed
(a single bundle holds no lock while it is checked). The files are made durable at once,
then the transaction commits once. In a large import a helper process checks the next new
bundles meanwhile (officials/check_process.py), with the same result.

A bundle is reported "imported" (and ``progress`` is told) only after the commit that keeps
it; a transaction that cannot commit reports its bundles as ``import.store_failed`` (nothing
of them kept), so a crash never loses or half-stores one that was said to be in.

One bundle can never stop a batch: every exception while reading, checking or importing
one bundle becomes a "rejected" outcome with a code (``import.failed`` for a fault of the
program itself), and the refused bundle is copied to the store's quarantine folder with a
reason file (officials/quarantine.py). Only a fault of the case store itself
(``import.store_failed``: a locked or full database) is not the bundle's fault: that bundle
is reported but not quarantined, so it can simply be imported again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Texts, available_languages, gettext, text
from desktop_app.core.loader import Catalog
from desktop_app.core.placeholders import fill
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES
from desktop_app.officials import quarantine, trust
from desktop_app.officials.bundle_check import (
    _FAILED,
    Checked,
    ImportOutcome,
    check_bundle,
    verify,
    where,
)
from desktop_app.officials.check_process import CheckHelper, SharedChecks
from desktop_app.officials.store import CaseStore, ImportGroup
from desktop_app.officials.trust import TrustMark

STATUS_WORDS: Mapping[str, Text] = Texts(
    {
        "imported": N_("ingelezen"),
        "already_imported": N_("al ingelezen"),
        "conflict": N_("conflict"),
        "rejected": N_("geweigerd"),
        "kept_apart": N_("apart gezet"),
    }
)
"""Each outcome in a word or two, in the order the summary counts them."""


def _store(checked: Checked, group: ImportGroup) -> ImportOutcome:
    """A checked bundle into the group's transaction (inside the bundle's savepoint)."""
    source, row, marks = checked.source, dict(checked.row), checked.marks
    bundle_id = row["bundle_id"]
    if checked.application_id is not None:  # a report
        application = group.case(checked.application_id)
        if application is None or application.kind != "application":
            return _keep_apart(row, checked.data, source, group, checked.received_at, marks)
        # A report asks none of these again: its row in the inbox shows its application's.
        row |= {
            "title": row["title"] or application.title,
            "applicant": row["applicant"] or application.applicant,
            "natural_person": int(application.natural_person),
            "area": row["area"] or application.area,
            "goal": row["goal"] or application.goal,
        }
    kept = group.add_case(row, checked.data, checked.received_at)
    if kept == "already_imported":
        return _already(source, bundle_id)
    if kept == "conflict":
        return ImportOutcome(
            source,
            "conflict",
            "import.conflict",
            text(
                N_(
                    "Er is al een bundel met dit nummer, maar met een andere inhoud. "
                    "Beide zijn bewaard; bekijk ze en beslis welke geldt."
                )
            ),
            bundle_id,
        )
    return ImportOutcome(
        source,
        "imported",
        "import.imported",
        _with_marks(_said_of_each(N_("Toegevoegd aan de aanvragen.")), marks),
        bundle_id,
        trust=marks,
    )


def _already(source: str, bundle_id: str | None) -> ImportOutcome:
    words = _said_of_each(N_("Deze bundel is al eerder ingelezen."))
    return ImportOutcome(source, "already_imported", "import.already_imported", words, bundle_id)


@cache
def _said_of_each(message: str) -> Text:
    """Words the import says of every bundle imported, or already known: looked up in the
    catalogues once, not thousands of times (35 µs of a bundle's 0.5 ms each time)."""
    return text(message)


def _with_marks(message: Text, marks: tuple[TrustMark, ...]) -> Text:
    if not marks:
        return message
    said = trust.summary_sentence(marks)
    return _every_language(lambda language: f"{message.get(language)} {said.get(language)}")


def _keep_apart(
    row: Mapping[str, Any],
    data: bytes,
    source: str,
    store: ImportGroup,
    received_at: str,
    marks: tuple[TrustMark, ...],
) -> ImportOutcome:
    """A report whose application is not in the store: kept apart, not among the cases,
    until its application is imported (then it is imported with it, see import_bundle)."""
    store.keep_apart(
        row["bundle_id"], row["application_id"], row["bundle_sha256"], source, received_at, data
    )
    message = text(
        N_(
            "Dit is een verslag, maar de aanvraag waar het bij hoort is hier niet ingelezen. "
            "Het verslag is apart gezet. Lees eerst de aanvraag in; dan wordt het verslag "
            "vanzelf toegevoegd. (Kenmerk van de aanvraag: {application}.)"
        ),
        application=str(row["application_id"]),
    )
    return ImportOutcome(
        source,
        "kept_apart",
        "import.kept_apart",
        _with_marks(message, marks),
        row["bundle_id"],
        trust=marks,
    )


def _adopt_kept_apart(
    outcome: ImportOutcome,
    group: ImportGroup,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None,
) -> ImportOutcome:
    """An application just imported: the reports kept apart for it are imported now too,
    each in a savepoint of its own (one that fails stays kept apart; the application stays)."""
    if outcome.status != "imported" or outcome.bundle_id is None:
        return outcome
    adopted = 0
    for kept in group.kept_apart(uuid.UUID(outcome.bundle_id)):
        try:
            with group.bundle():
                checked = verify(bytes(kept["data"]), kept["source"], catalog, clock, private_keys)
                if isinstance(checked, ImportOutcome):
                    continue
                again = _store(checked, group)
                if again.status in ("imported", "already_imported"):
                    group.release_kept_apart(kept["bundle_sha256"])
                    adopted += again.status == "imported"
        except Exception as exc:  # logged by where, never by its text (personal data)
            log.error(
                "kept-apart report %s not adopted: %s at %s",
                str(kept["bundle_sha256"])[:12],
                type(exc).__name__,
                where(exc),
            )
    if not adopted:
        return outcome
    return replace(
        outcome,
        message=text(
            N_("{message} Ook {count} verslag(en) die apart stonden zijn nu toegevoegd."),
            message=outcome.message,
            count=str(adopted),
        ),
    )


def import_summary(outcomes: Sequence[ImportOutcome]) -> Text:
    """What an import did, counted so that the numbers add up to the files:
    "7 bestanden: 3 ingelezen (1 met een waarschuwing), 1 al ingelezen, ..."."""
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in STATUS_WORDS}
    marked = sum(1 for o in outcomes if o.status == "imported" and o.trust)

    def in_language(language: str) -> str:
        parts = []
        for status, words in STATUS_WORDS.items():
            parts.append(f"{counts[status]} {words.get(language)}")
            if status == "imported" and marked:
                parts[-1] += " " + fill(
                    gettext(language, N_("(waarvan {count} met een waarschuwing)")),
                    {"count": str(marked)},
                )
        files = (
            gettext(language, N_("1 bestand"))
            if len(outcomes) == 1
            else fill(gettext(language, N_("{count} bestanden")), {"count": str(len(outcomes))})
        )
        return f"{files}: " + ", ".join(parts) + "."

    return _every_language(in_language)


def _every_language(build: Callable[[str], str]) -> Text:
    """A text put together from catalogued pieces, in every language the catalogues have."""
    return Text(**{language: build(language) for language in {"nl", "en", *available_languages()}})


log = logging.getLogger(__name__)
_STORE_FAILED = N_(
    "De opslag van de aanvragen kon deze bundel nu niet bewaren (de database is bezet of "
    "vol). Er is niets veranderd. Lees de bundel later opnieuw in."
)


# Too large: only the first bytes were read, and a copy of that would mislead. A fault of
# the case store is not the bundle's: it can simply be imported again.
_NOT_KEPT = frozenset({"bundle.too_large", "import.store_failed"})


GROUP_BUNDLES = 200
"""At most this many bundles read and looked up at once; fewer when they are large:"""
GROUP_BYTES = 64 * 1024 * 1024
GROUP_SECONDS = 0.25
HELPER_FROM = 400  # bundles in one import, from which a helper process checks ahead
HELPER_FROM_NEW = 100  # ... once a group has this many new ones
"""A commit at least this often: the import's progress moves on, and the database is
never held for long by one import."""


def _store_failed(source: str) -> ImportOutcome:
    return ImportOutcome(source, "rejected", "import.store_failed", text(_STORE_FAILED))


def _store_one(
    checked: Checked,
    group: ImportGroup,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None,
) -> ImportOutcome:
    """One bundle's writes in its own savepoint: an error undoes this bundle alone."""
    try:
        with group.bundle():
            outcome = _store(checked, group)
            return _adopt_kept_apart(outcome, group, catalog, clock, private_keys)
    except UserError as error:
        return ImportOutcome(checked.source, "rejected", error.code, error.message)
    except SQLAlchemyError as exc:
        digest = checked.row["bundle_sha256"]
        log.error("case store failed on bundle %s: %s", digest[:12], type(exc).__name__)
        return _store_failed(checked.source)
    except Exception as exc:
        digest = checked.row["bundle_sha256"]
        log.error(
            "import of bundle %s failed: %s at %s", digest[:12], type(exc).__name__, where(exc)
        )
        return ImportOutcome(checked.source, "rejected", "import.failed", text(_FAILED))


class _GroupWrites:
    """One group's transaction: opened at its first checked bundle, each bundle stored as
    soon as it is checked (in a savepoint of its own; a helper process meanwhile checks the
    next ones), all of them kept by one commit at the end."""

    def __init__(
        self,
        store: CaseStore,
        catalog: Catalog,
        clock: Clock,
        private_keys: Mapping[str, X25519PrivateKey] | None,
    ) -> None:
        self._store, self._catalog, self._clock, self._keys = store, catalog, clock, private_keys
        self._open: contextlib.AbstractContextManager[ImportGroup] | None = None
        self._group: ImportGroup | None = None
        self._broken = False  # the transaction could not begin, or failed midway

    def store(self, result: Checked | ImportOutcome) -> ImportOutcome:
        if isinstance(result, ImportOutcome):
            return result
        if self._group is None and not self._broken:
            try:
                self._open = self._store.import_group()
                self._group = self._open.__enter__()
            except Exception as exc:
                log.error("case store failed on a group of bundles: %s", type(exc).__name__)
                self._open, self._broken = None, True
        if self._group is None:
            return _store_failed(result.source)
        return _store_one(result, self._group, self._catalog, self._clock, self._keys)

    def commit(self) -> bool:
        """Keep every bundle stored since the last commit; False when none of them is kept."""
        opened, self._open, self._group = self._open, None, None
        broken, self._broken = self._broken, False
        if opened is None:
            return not broken
        try:
            opened.__exit__(None, None, None)
        except Exception as exc:  # the group did not commit: none of its bundles is kept
            log.error("case store failed on a group of bundles: %s", type(exc).__name__)
            return False
        return True

    def give_up(self, error: BaseException) -> None:
        """An error outside any bundle (e.g. the import was interrupted): nothing kept."""
        opened, self._open, self._group = self._open, None, None
        if opened is not None:
            with contextlib.suppress(Exception):
                opened.__exit__(type(error), error, error.__traceback__)


class _Group:
    """A group of bundles (source, bytes; or the outcome of a file that could not be read):
    made (their hashes looked up at once, the helper given the new ones to check ahead),
    ``run`` (each new one checked and stored, a commit at least every ``GROUP_SECONDS``),
    then ``finish`` (the last commit). ``tell`` hears each outcome in order, once it is
    true (after the commit that keeps the bundle). ``helper_for`` (told how many are new)
    may give a helper process that checks new bundles ahead meanwhile.

    The next group is made while this one runs (``run``'s ``then``): the helper checks its
    bundles while this one stores its last, makes its files durable and commits (issue 20)."""

    def __init__(
        self,
        items: Sequence[tuple[str, bytes | ImportOutcome]],
        store: CaseStore,
        catalog: Catalog,
        clock: Clock,
        private_keys: Mapping[str, X25519PrivateKey] | None,
        tell: Callable[[ImportOutcome], None],
        helper_for: Callable[[int], CheckHelper | None] = lambda _: None,
    ) -> None:
        self._items, self._store, self._tell = items, store, tell
        self._catalog, self._clock, self._keys = catalog, clock, private_keys
        self._digests = {
            n: hashlib.sha256(d).hexdigest()
            for n, (_, d) in enumerate(items)
            if isinstance(d, bytes)
        }
        self._results: list[ImportOutcome] = []  # stored, waiting for the commit
        self._told, self._started = 0, time.monotonic()
        self._writes = _GroupWrites(store, catalog, clock, private_keys)
        self._shared: SharedChecks | None = None
        self._known: set[str] | None
        try:
            self._known = store.known_bundles(set(self._digests.values()))
        except SQLAlchemyError as exc:
            log.error("case store failed on a group of bundles: %s", type(exc).__name__)
            self._results = [
                data if isinstance(data, ImportOutcome) else _store_failed(source)
                for source, data in items
            ]
            self._known = None
            return
        new = [
            n
            for n, (_, d) in enumerate(items)
            if isinstance(d, bytes) and self._digests[n] not in self._known
        ]
        helper = helper_for(len(new))
        if helper is not None:
            self._shared = SharedChecks(helper, new, lambda n: (*items[n], self._digests[n]))

    def run(self, then: Callable[[], None] = lambda: None) -> None:
        """Every bundle checked and stored; the outcomes told up to the last commit.
        ``then`` (making the next group) is called once: as soon as the helper has nearly
        all of this group's new bundles, so that it goes on with the next group's while
        this one stores its last (it stood idle ~50 ms a group otherwise); else at the end."""
        if self._known is None:  # the lookup failed: nothing to run
            then()
            return
        next_made = False
        try:
            for number, (source, data) in enumerate(self._items):
                self._results.append(self._one(number, source, data, self._known))
                if not next_made and self._shared is not None and self._shared.nearly_claimed():
                    next_made = True
                    then()
                if time.monotonic() - self._started >= GROUP_SECONDS:
                    self._settle()
        except BaseException as error:
            self._writes.give_up(error)
            raise
        finally:
            if self._shared is not None:
                self._shared.close()
        if not next_made:
            then()

    def _one(
        self, number: int, source: str, data: bytes | ImportOutcome, known: set[str]
    ) -> ImportOutcome:
        if isinstance(data, ImportOutcome):
            return data
        if self._digests[number] in known:  # these very bytes passed every check before
            try:
                # a file lost or changed is repaired
                self._store.files.put_hashed(data, self._digests[number])
            except OSError as exc:
                log.error("bundle file not repaired: %s", type(exc).__name__)
                return _store_failed(source)
            return _already(source, None)
        shared = self._shared
        checked = self._check(number) if shared is None else shared.result(number, self._check)
        return self._writes.store(checked)

    def _check(self, number: int) -> Checked | ImportOutcome:
        source, data = self._items[number]
        assert isinstance(data, bytes)  # only new bundles are checked
        return check_bundle(
            data, source, self._catalog, self._clock, self._keys, self._digests[number]
        )

    def _settle(self) -> None:
        committed = self._writes.commit()
        for number in range(self._told, len(self._results)):
            outcome = self._results[number]
            if not committed and outcome.status != "rejected":
                outcome = _store_failed(outcome.source)
            self._tell(_quarantined(outcome, self._items[number][1], self._store, self._clock))
        self._told, self._started = len(self._results), time.monotonic()

    def finish(self) -> None:
        """The last commit, and the outcomes it makes true told."""
        self._settle()

    def give_up(self, error: BaseException) -> None:
        """Interrupted before ``finish``: nothing of what is not committed yet is kept, and
        the helper is given no more of this group."""
        if self._shared is not None:
            self._shared.close()
        self._writes.give_up(error)


def _quarantined(
    outcome: ImportOutcome, data: bytes | ImportOutcome, store: CaseStore, clock: Clock
) -> ImportOutcome:
    """A refused bundle is copied to the quarantine folder (not a store fault, not a file
    that could not be read or was too large to read whole)."""
    if outcome.status != "rejected" or outcome.code in _NOT_KEPT or not isinstance(data, bytes):
        return outcome
    kept = quarantine.put(store.folder, data, outcome.source, outcome.code, outcome.message, clock)
    return replace(outcome, quarantined=str(kept) if kept else None)


def import_bundle(
    data: bytes,
    source: str,
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> ImportOutcome:
    """Import one bundle. Never raises: a refused bundle is an outcome and is quarantined."""
    outcomes: list[ImportOutcome] = []
    group = _Group([(source, data)], store, catalog, clock, private_keys, outcomes.append)
    group.run()
    group.finish()
    [outcome] = outcomes
    return outcome


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every file in a given folder (not hidden ones), in a fixed order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Sorted by their parts, as paths sort, without making a Path of each first.
            found += [Path(*parts) for parts in sorted(_files_in(path))]
        else:
            found.append(path)
    return found


def _files_in(folder: Path) -> Iterator[tuple[str, ...]]:
    """The parts of every file below ``folder`` (as ``rglob``: a linked file counts, a
    linked folder is not entered), from the folder's listing without a stat per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_in(Path(entry.path))
            elif entry.is_file() and not entry.name.startswith("."):
                yield Path(entry.path).parts


def _read(path: Path) -> bytes:
    """The file's bytes, at most one more than a bundle may have (then it is refused as too
    large). Read by its size: ``read(MAX_BUNDLE_BYTES + 1)`` itself would first set aside
    the whole maximum for every file, four times the reading of a usual bundle."""
    limit = MAX_BUNDLE_BYTES + 1
    with path.open("rb", buffering=0) as handle:
        data = handle.read(min(os.fstat(handle.fileno()).st_size + 1, limit)) or b""
        # A file that grew since, or a short read: the rest in small steps, up to the limit.
        while len(data) < limit and (more := handle.read(min(65536, limit - len(data)))):
            data += more
        return data


def import_paths(
    paths: Sequence[Path],
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    progress: Callable[[int, int, ImportOutcome], None] | None = None,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> list[ImportOutcome]:
    """Import every bundle file (a folder: each file in it), in groups; ``progress`` hears
    of each bundle once its group has committed (number, total, outcome), in file order."""
    files = bundle_files(paths)
    outcomes: list[ImportOutcome] = []
    helpers: list[CheckHelper] = []

    def helper(new_bundles: int) -> CheckHelper | None:
        """Many new bundles on more than one core: a helper process checks ahead (it takes
        about a second to start; fewer bundles are done by then). Known ones need none."""
        many = new_bundles >= HELPER_FROM_NEW and len(files) >= HELPER_FROM
        if not helpers and many and (os.cpu_count() or 1) > 1:
            helpers.append(CheckHelper(catalog, clock, private_keys))
        return helpers[0] if helpers else None

    def tell(outcome: ImportOutcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), len(files), outcome)

    groups = _read_groups(files)
    running: list[_Group] = []  # the groups made, whose last commit is still to come

    def make_next() -> None:
        items = next(groups, None)
        if items is not None:
            running.append(_Group(items, store, catalog, clock, private_keys, tell, helper))

    try:
        make_next()
        while running:
            # The next group is made while this one runs (its bundles go to the helper),
            # and the helper goes on with it while this one commits (issue 20).
            running[0].run(then=make_next)
            running.pop(0).finish()
    except BaseException as error:
        for unfinished in running:
            unfinished.give_up(error)
        raise
    finally:
        for started in helpers:
            started.close()
    return outcomes


def _read_groups(files: list[Path]) -> Iterator[list[tuple[str, bytes | ImportOutcome]]]:
    """The files read, in groups of at most ``GROUP_BUNDLES`` files or ``GROUP_BYTES``."""
    group: list[tuple[str, bytes | ImportOutcome]] = []
    size = 0
    for path in files:
        try:
            data: bytes | ImportOutcome = _read(path)
        except OSError:
            data = ImportOutcome(
                path.name,
                "rejected",
                "bundle.unreadable",
                text(N_("Het bestand {name} kan niet worden geopend."), name=path.name),
            )
        group.append((path.name, data))
        size += len(data) if isinstance(data, bytes) else 0
        if len(group) >= GROUP_BUNDLES or size >= GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group
