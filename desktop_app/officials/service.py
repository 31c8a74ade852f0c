"""The officials' use cases in one object, below Qt: what the officials' window and the command
line both call (import, the cases and their filters, the case view, decide with its letter,
settle, export, the budget and its ceilings, the keys, opening an attachment).

Thin on purpose: each method calls the module that does the work (importer, store, decide,
letter, export, keys, attachments, quarantine, case_view); the policies the window used to hold
live here so they are tested without Qt: which reasons a rejection letter lists, when a letter
is a test (PROEF), what the inbox shows in each column and what a search finds.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backend import KeyringBackend

from desktop_app.core.clock import Clock, today
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Words, gettext, text
from desktop_app.core.i18n import text as catalogued
from desktop_app.core.loader import Catalog
from desktop_app.core.money import MoneyError, format_money, parse_money
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text, fill
from desktop_app.documents.decision import read_signed
from desktop_app.officials import attachments, quarantine, trust
from desktop_app.officials import case_view as case_view_module
from desktop_app.officials import decide as decide_module
from desktop_app.officials import keys as keys_module
from desktop_app.officials.decide import REASON_TEMPLATES, AreaBudget, Settlement
from desktop_app.officials.importer import STATUS_WORDS as STATUS_WORDS
from desktop_app.officials.importer import ImportOutcome, import_paths
from desktop_app.officials.importer import bundle_files as bundle_files
from desktop_app.officials.importer import import_summary as count_outcomes
from desktop_app.officials.quarantine import Quarantined
from desktop_app.officials.store import Case, CaseStore, store_location
from desktop_app.officials.store import is_url as is_url  # for the command line's --store
from desktop_app.officials.store import shown_location as shown_location  # in messages
from desktop_app.storage.atomic import write_atomic

if TYPE_CHECKING:
    # The Inzicht tab's overview, re-exported; loaded on first use (openpyxl, the PDF).
    from desktop_app.officials import insight as insight

# The officials' access code to an intake service, when it is not in the keyring.
INTAKE_TOKEN_ENV = "KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN"

DecisionKey = Callable[[], tuple[Ed25519PrivateKey, str]]
Progress = Callable[[int, int, ImportOutcome], None]
ExportKind = Literal["csv", "xlsx"]

STATUS = Words(
    {
        "received": N_("Ontvangen"),
        "granted": N_("Toegekend"),
        "rejected": N_("Afgewezen"),
        "settled": N_("Afgerond"),
    }
)


def _capitalised(words: Text) -> Text:
    return Text.model_validate(
        {lang: words.get(lang)[:1].upper() + words.get(lang)[1:] for lang in words.languages()}
    )


class _Capitalised(Mapping[str, "Text"]):
    """The import list's status word: the importer's own words, starting with a capital;
    made when first read (no catalogue is read when the service is imported)."""

    def __getitem__(self, status: str) -> Text:
        return _capitalised(STATUS_WORDS[status])

    def __iter__(self) -> Iterator[str]:
        return iter(STATUS_WORDS)

    def __len__(self) -> int:
        return len(STATUS_WORDS)


IMPORT_STATUS: Mapping[str, Text] = _Capitalised()
REASON_NAMES = Words(
    {
        "grant_full": N_("Toekennen: hele bedrag"),
        "grant_lower": N_("Toekennen: lager bedrag"),
        "reject_budget": N_("Afwijzen: budget op"),
        "reject_rules": N_("Afwijzen: voldoet niet aan de regels"),
    }
)
# An inbox line's kind and "signed" column (keys "True"/"False").
_LABELS = Words(
    {
        "application": N_("Aanvraag"),
        "report": N_("Verslag"),
        "True": N_("ja"),
        "False": N_("NEE"),
    }
)
# Said after a decision whose letter is a test (the key is not the one the regeling publishes).
TEST_LETTER = N_(" De brief is een PROEF: de sleutel is niet gepubliceerd.")


def _choose_case() -> UserError:
    return UserError("officials.no_case", catalogued(N_("Kies eerst een aanvraag.")))


@dataclass(eq=False, slots=True)
class CaseRow:
    """One line of the inbox: the case's words as shown, and what filters and sorting use.
    Its amounts are put in words only when the line is first shown (10,000 lines are cheap;
    10,000 formatted amounts are not)."""

    bundle_id: uuid.UUID
    parts: tuple[str | Decimal | None, ...] = field(repr=False)
    """initiative, applicant, scheme, area, requested, granted, status, errors, warnings,
    signed, kind, trust: text in the official's language, or an amount still to format"""
    language: str
    blocking: int
    regeling_id: str
    area: str | None
    status: str
    warnings: int
    signed: bool
    kind: str
    search_text: str = field(repr=False)
    """what a search looks in (title and applicant), in lower case"""
    # () until first shown: not None, so filling it leaves None's reference count alone
    # (the long-run test watches that count for a known PySide6 bug).
    _cells: tuple[str, ...] = field(default=(), repr=False)

    def sort_key(self, column: int) -> Any:
        """What the inbox sorts by in this column: amounts and counts as numbers, words in
        lower case."""
        if column == 7:
            return self.blocking
        if column == 8:
            return self.warnings
        part = self.parts[column]
        if isinstance(part, str):
            return part.lower()
        return Decimal(-1) if part is None else part

    @property
    def cells(self) -> tuple[str, ...]:
        if not self._cells:
            self._cells = tuple(
                part if isinstance(part, str) else _money_text(part, self.language)
                for part in self.parts
            )
        return self._cells


@lru_cache(maxsize=4096)
def _money_text(value: Decimal | None, language: str) -> str:
    return format_money(value, language) if value is not None else ""


@dataclass(frozen=True)
class CaseFilter:
    """What the official narrowed the inbox to; None/empty/False: no narrowing."""

    regeling_id: str | None = None
    area: str | None = None
    status: str | None = None
    search: str = ""
    only_warnings: bool = False
    only_signed: bool = False

    def matches(self, row: CaseRow) -> bool:
        query = self.search.strip().lower()
        return (
            (self.regeling_id is None or row.regeling_id == self.regeling_id)
            and (self.area is None or row.area == self.area)
            and (self.status is None or row.status == self.status)
            and (not self.only_warnings or row.warnings > 0)
            and (not self.only_signed or row.signed)
            and (not query or query in row.search_text)
        )


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Decided:
    """A recorded decision: the signed file for the resident and its letter, where they went."""

    signed: bytes
    letter: bytes
    decision_path: Path | None
    letter_path: Path | None
    official: bool
    """False: the key is not the one the regeling publishes; the letter is stamped PROEF"""


class OfficialsService:
    """The officials' side on one case store (a folder, or the PostgreSQL URL set for it)."""

    def __init__(
        self,
        store_folder: Path,
        catalog: Catalog,
        clock: Clock,
        language: str = "nl",
        decision_key: DecisionKey | None = None,
        output_folder: Path | None = None,
        keyring_backend: KeyringBackend | None = None,
        location: Path | str | None = None,
    ) -> None:
        self.folder, self.catalog, self.clock = store_folder, catalog, clock
        self.language = language  # any language with a catalogue (or qps); Dutch otherwise
        self.location = store_location(store_folder) if location is None else location
        self._keyring = keyring_backend
        self._decision_key = decision_key or self._keyring_decision_key
        self.output = output_folder or store_folder / "besluiten"
        self.store = CaseStore(self.location, store_folder)
        self._cases: list[Case] | None = None
        self._rows: list[CaseRow] | None = None
        self._copies: list[Path] = []
        self._copies_lock = threading.Lock()

    @classmethod
    def at(
        cls, location: Path | str, catalog: Catalog, clock: Clock, language: str = "nl"
    ) -> OfficialsService:
        """The service on the store the command line names: a folder, or a PostgreSQL URL
        (with the store's own default folder for the files beside it)."""
        if isinstance(location, str):
            probe = CaseStore(location)  # the folder a URL's store keeps its files in
            folder = probe.folder
            probe.close()
        else:
            folder = location
        return cls(folder, catalog, clock, language, location=location)

    # Plumbing -------------------------------------------------------------------------

    def _backend(self) -> KeyringBackend:
        if self._keyring is None:
            import keyring

            self._keyring = keyring.get_keyring()
        return self._keyring

    def _keyring_decision_key(self) -> tuple[Ed25519PrivateKey, str]:
        return keys_module.decision_key(self.folder / "keys", self._backend())

    def decision_key(self) -> tuple[Ed25519PrivateKey, str]:
        """The key decisions are signed with (made on first use, kept in the keyring)."""
        return self._decision_key()

    def text(self, text: Text) -> str:
        return text.get(self.language)

    def money(self, value: Decimal | None) -> str:
        return format_money(value, self.language) if value is not None else ""

    def parse_amount(self, text: str) -> Decimal:
        """An amount as the official typed it, or a UserError saying how to write it."""
        try:
            return parse_money(text, self.language)
        except MoneyError as exc:
            raise UserError(
                "officials.bad_amount",
                catalogued(N_("Het bedrag is niet te lezen. Schrijf bijvoorbeeld 750 of 750,50.")),
            ) from exc

    def close(self) -> None:
        """Close the store and remove the attachment copies opened meanwhile."""
        self.store.close()
        with self._copies_lock:
            attachments.remove_copies(self._copies)
            self._copies.clear()

    # Import ---------------------------------------------------------------------------

    def import_paths(
        self, paths: Sequence[Path], progress: Progress | None = None
    ) -> list[ImportOutcome]:
        """Verify and import bundles (files, or every file in a folder). Safe to call from a
        worker thread: it works on a connection of its own and tells `progress` per bundle."""
        store = CaseStore(self.location, self.folder)
        try:
            sealing = keys_module.sealing_keys(self.folder / "keys", self._backend())
            return import_paths(
                paths, store, self.catalog, self.clock, progress, private_keys=sealing
            )
        finally:
            store.close()
            self._cases = self._rows = None

    def outcome_line(self, outcome: ImportOutcome) -> str:
        """One bundle's result as the import list shows it."""
        status = self.text(IMPORT_STATUS[outcome.status])
        return f"{outcome.source}: {status} — {self.text(outcome.message)}"

    def import_summary(self, outcomes: Sequence[ImportOutcome]) -> str:
        """Every file counted once: imported, already there, conflict, refused, kept apart."""
        return self.text(count_outcomes(outcomes))

    def quarantined(self) -> list[Quarantined]:
        """The bundles the import refused, kept apart with their reasons, oldest first."""
        return quarantine.listing(self.folder)

    # Cases ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the cases again on the next question (after someone else changed the store)."""
        self._cases = self._rows = None

    def refresh_case(self, bundle_id: uuid.UUID) -> None:
        """Read one case again (after deciding on it) without reading every case again."""
        if self._cases is None:
            return
        fresh = self.store.case(bundle_id)
        number = next((n for n, c in enumerate(self._cases) if c.bundle_id == bundle_id), None)
        if fresh is None or number is None:
            self.reload()
            return
        self._cases = [*self._cases[:number], fresh, *self._cases[number + 1 :]]
        if self._rows is not None and len(self._rows) == len(self._cases):
            [row] = self._rows_of([fresh])
            self._rows = [*self._rows[:number], row, *self._rows[number + 1 :]]
        else:
            self._rows = None

    def cases(self) -> list[Case]:
        """Every case, oldest import first; read from the store once until something changes."""
        if self._cases is None:
            self._cases = self.store.cases()
        return self._cases

    def case(self, bundle_id: uuid.UUID) -> Case | None:
        return self.store.case(bundle_id)

    def rows(self) -> list[CaseRow]:
        """The inbox's lines for every case (made once per reading of the store)."""
        if self._rows is None:
            self._rows = self._rows_of(self.cases())
        return self._rows

    def load_cases(self) -> tuple[list[Case], list[CaseRow]]:
        """Work for a background thread when the window opens: every case, read on a
        connection of its own, and its inbox line. Give the result to `adopt` (UI thread)."""
        store = CaseStore(self.location, self.folder)
        try:
            cases = store.cases()
        finally:
            store.close()
        return cases, self._rows_of(cases)

    def adopt(self, loaded: tuple[list[Case], list[CaseRow]]) -> None:
        self._cases, self._rows = loaded

    def _rows_of(self, cases: list[Case]) -> list[CaseRow]:
        regelingen: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        from desktop_app.officials.export import PRIVATE_PERSON  # here: it loads openpyxl

        labels = STATUS[self.language] | _LABELS[self.language] | {"private": PRIVATE_PERSON}
        rows = []
        for case in cases:
            known = regelingen.get((case.regeling_id, case.regeling_version))
            if known is None:
                regeling = self.catalog.get(case.regeling_id, case.regeling_version)
                areas = {a.id: self.text(a.name) for a in regeling.areas}
                known = regelingen[(case.regeling_id, case.regeling_version)] = (
                    self.text(regeling.name),
                    areas,
                )
            rows.append(self._row(case, *known, labels))
        return rows

    def _row(
        self, case: Case, scheme: str, areas: dict[str, str], labels: dict[str, str]
    ) -> CaseRow:
        applicant = labels["private"] if case.natural_person else case.applicant
        area = areas.get(case.area or "", "")
        status = labels.get(case.status, case.status)
        parts = (
            case.title,
            applicant,
            scheme,
            area,
            case.requested,
            case.granted,
            status,
            str(case.blocking),
            str(case.warnings),
            labels[str(case.signed)],
            labels.get(case.kind, case.kind),
            trust.short_text(case.trust, self.language),
        )
        return CaseRow(
            bundle_id=case.bundle_id,
            parts=parts,
            language=self.language,
            blocking=case.blocking,
            regeling_id=case.regeling_id,
            area=case.area,
            status=case.status,
            warnings=case.warnings,
            signed=case.signed,
            kind=case.kind,
            search_text=f"{case.title} {case.applicant}".lower(),
        )

    def find(self, wanted: CaseFilter) -> list[Case]:
        """The cases the filter lets through, in the store's order."""
        keep = {row.bundle_id for row in self.rows() if wanted.matches(row)}
        return [case for case in self.cases() if case.bundle_id in keep]

    def regeling_choices(self, used_only: bool = True) -> list[Choice]:
        """The schemes to filter or budget by (those with cases, or all), by their name."""
        ids = sorted({c.regeling_id for c in self.cases()}) if used_only else self.catalog.ids()
        return [Choice(i, self.text(self._newest(i).name)) for i in ids]

    def area_choices(self) -> list[Choice]:
        """The areas the cases are in, by their name in the newest version of their scheme."""
        names: dict[str, str] = {}
        for regeling_id in sorted({c.regeling_id for c in self.cases()}):
            for area in self._newest(regeling_id).areas:
                names.setdefault(area.id, self.text(area.name))
        return [
            Choice(a, names.get(a, a)) for a in sorted({c.area for c in self.cases() if c.area})
        ]

    def status_choices(self) -> list[Choice]:
        return [Choice(key, label) for key, label in STATUS[self.language].items()]

    def _newest(self, regeling_id: str) -> Regeling:
        return self.catalog.versions(regeling_id)[-1]

    def case_html(self, case: Case) -> str:
        """The case view: every answer as the PDF shows it, verdicts then and now."""
        return case_view_module.case_html(self.store, self.catalog, case, self.language)

    # Decide ---------------------------------------------------------------------------

    def reason_choices(self) -> list[Choice]:
        names = REASON_NAMES[self.language]
        return [Choice(key, names[key]) for key in REASON_TEMPLATES]

    def reason_text(self, template: str, requested: Decimal | None, amount: Decimal | None) -> str:
        """The editable explanation a reason template gives for these amounts."""
        return self.text(decide_module.reason_text(template, requested, amount))

    def rejection_reasons(self, case: Case) -> list[str]:
        return rejection_reasons(case, self.language)

    def decide(
        self,
        case: Case | None,
        outcome: Literal["grant", "reject"],
        amount: Decimal | None,
        reason: str,
        decision_path: Path | None = None,
        letter_path: Path | None = None,
    ) -> Decided:
        """Record the decision, sign it, make the letter and write both (by default into the
        output folder as besluit-<id>.json and brief-<id>.pdf). A UserError says what is wrong;
        then nothing is recorded or written. The window and the `decide` command both call
        this: one letter, all of it in the official's language (the reasons a rejection lists
        are the rules' own plain words in it, Dutch where a rule has no translation).

        `case` is the case as the official saw it: a colleague's decision since then (another
        revision) refuses this one (UserError decide.decided_elsewhere)."""
        from desktop_app.officials.letter import decision_letter

        if case is None:
            raise _choose_case()
        key, key_id = self.decision_key()
        text = (
            Text(nl=reason, en=reason)
            if reason.strip()
            else decide_module.reason_text(
                "reject_rules" if outcome == "reject" else "grant_full", case.requested, amount
            )
        )
        try:
            signed = decide_module.decide(
                self.store,
                case,
                outcome,
                amount if outcome == "grant" else None,
                text,
                key,
                key_id,
                self.clock,
            )
        except UserError:
            self.refresh_case(case.bundle_id)  # e.g. a colleague decided first: show theirs
            raise
        self.refresh_case(case.bundle_id)
        regeling = self.catalog.get(case.regeling_id, case.regeling_version)
        # A real letter only with the key the regeling publishes; otherwise PROEF.
        official = keys_module.is_pinned(key, self.catalog.decision_keys(case.regeling_id))
        letter = decision_letter(
            read_signed(signed).decision,
            regeling,
            case.applicant or gettext(self.language, N_("aanvrager")),
            case.title,
            self.language,
            requested=case.requested,
            official=official,
            reasons=self.rejection_reasons(case) if outcome == "reject" else (),
        )
        if decision_path is None:
            decision_path = self.output / f"besluit-{case.bundle_id}.json"
        if letter_path is None:
            letter_path = self.output / f"brief-{case.bundle_id}.pdf"
        _write(decision_path, signed)
        _write(letter_path, letter)
        return Decided(signed, letter, decision_path, letter_path, official)

    def decided_message(self, decided: Decided) -> str:
        where = decided.decision_path.parent if decided.decision_path else self.output
        saved = N_(
            "Besluit opgeslagen in {where}. Stuur het besluitbestand en de brief naar de aanvrager."
        )
        said = fill(gettext(self.language, saved), {"where": str(where)})
        return said + ("" if decided.official else gettext(self.language, TEST_LETTER))

    # Settle ---------------------------------------------------------------------------

    def report_for(self, case: Case | None) -> Case:
        """The report to settle: the case itself, or the report about this application."""
        if case is not None and case.kind == "application":
            report_ids = self.store.reports_for(case.bundle_id)
            case = self.case(report_ids[0]) if report_ids else None
        if case is None or case.kind != "report":
            raise UserError(
                "settle.no_report",
                catalogued(N_("Kies een verslag (verantwoording) om vast te stellen.")),
            )
        return case

    def settlement_preview(self, case: Case | None) -> Settlement:
        """What settling this report would record (nothing is recorded yet)."""
        return decide_module.settlement_for(self.store, self.report_for(case), self.catalog)

    def settle(self, case: Case | None) -> Settlement:
        done = decide_module.settle(self.store, self.report_for(case), self.catalog)
        self.reload()
        return done

    def settlement_question(self, outcome: Settlement) -> str:
        granted, settled = self.money(outcome.granted), self.money(outcome.settled)
        back = self.money(outcome.pay_back)
        question = N_(
            "Toegekend: {granted}\nVastgesteld op: {settled}\nTerug te betalen: {back}\n\n"
            "Zo vaststellen?"
        )
        return text(question, granted=granted, settled=settled, back=back).get(self.language)

    # Export ---------------------------------------------------------------------------

    def export(self, kind: ExportKind, cases: Sequence[Case] | None = None) -> bytes:
        """The subsidy register as CSV, or every column as XLSX (formulas neutralised)."""
        from desktop_app.officials.export import decided_dates, to_csv, to_xlsx

        chosen = self.cases() if cases is None else cases
        if kind == "csv":
            return to_csv(chosen, self.catalog)
        return to_xlsx(chosen, self.catalog, self.language, decided_dates(self.store, chosen))

    def write_export(
        self, path: Path, kind: ExportKind, cases: Sequence[Case] | None = None
    ) -> None:
        _write(path, self.export(kind, cases))

    # Budget ---------------------------------------------------------------------------

    def this_year(self) -> int:
        return today(self.clock).year

    def budget(self, regeling_id: str, year: int) -> list[AreaBudget]:
        """Requested, granted and remaining per area against this year's ceiling."""
        return decide_module.budget_overview(self.store, self.catalog, regeling_id, year)

    def scheme_budgets(self, regeling_id: str, year: int) -> list[AreaBudget]:
        return decide_module.scheme_budgets(self.store, self.catalog, regeling_id, year)

    def set_ceiling(self, regeling_id: str, area: str, year: int, amount: Decimal | str) -> None:
        """Set an area's ceiling for a year (an amount, or the text the official typed)."""
        value = self.parse_amount(amount) if isinstance(amount, str) else amount
        if value < 0:
            raise UserError(
                "officials.negative_ceiling",
                catalogued(N_("Een plafond kan niet negatief zijn.")),
            )
        decide_module.set_ceiling(self.store, regeling_id, area, year, value)

    def budget_cells(self, area: AreaBudget) -> tuple[str, str, str, str, str, int]:
        """An area's line in the budget table; the last value is the share granted (%)."""
        illustrative = gettext(self.language, N_(" (voorbeeld)"))
        share = int(area.granted * 100 / area.ceiling) if area.ceiling else 0
        return (
            self.text(area.name),
            self.money(area.ceiling) + (illustrative if area.ceiling_illustrative else ""),
            self.money(area.requested),
            self.money(area.granted),
            self.money(area.remaining),
            share,
        )

    # Keys -----------------------------------------------------------------------------

    def published_keys(self, with_sealing: bool = False) -> dict[str, list[dict[str, str]]]:
        """The public keys to publish in the regeling file."""
        return keys_module.published_keys(self.folder / "keys", self._backend(), with_sealing)

    def keys_snippet(self, with_sealing: bool = False) -> str:
        return keys_module.keys_snippet(self.published_keys(with_sealing))

    def fetch(self, url: str) -> list[ImportOutcome]:
        """The new bundles of an intake service, verified and imported exactly once (sealed
        ones opened with the store's keys). The access code: $KLEIN_INITIATIEF_INTAKE_
        OFFICIALS_TOKEN, else the one the keyring keeps for `url`."""
        from desktop_app.officials.fetch import fetch_new

        token = os.environ.get(INTAKE_TOKEN_ENV, "").strip() or None
        if token is None:
            from desktop_app.submit.client import keyring_tokens

            token = keyring_tokens(self._backend())(url)
        sealing = keys_module.sealing_keys(self.folder / "keys", self._backend())
        try:
            return fetch_new(
                url, self.store, self.catalog, self.clock, token=token, private_keys=sealing
            )
        finally:
            self.reload()

    def is_pinned(self, regeling_id: str) -> bool:
        """Whether letters for this scheme are real (the decision key is the published one)."""
        key, _ = self.decision_key()
        return keys_module.is_pinned(key, self.catalog.decision_keys(regeling_id))

    # Attachments ----------------------------------------------------------------------

    def attachment_names(self, case: Case | None) -> list[str]:
        """The attachments to choose from, numbered, with the resident's names as text only."""
        if case is None:
            raise _choose_case()
        import json

        document = json.loads(self.store.document_json(case.bundle_id))
        refs = attachments.attachment_refs(document.get("answers", {}))
        return [f"{number}. {ref['file_name']}" for number, ref in enumerate(refs, 1)]

    def attachment_opener(self, case: Case, number: int) -> Callable[[], Path]:
        """Work for a background thread: check attachment `number` (1-based) again and copy it
        to a fresh private folder under a name the app chooses; the copy goes on `close()`."""
        bundle = self.store.bundle_bytes(case.bundle_id)  # read here: the store's own thread

        def work() -> Path:
            path = attachments.open_copy(bundle, number)
            with self._copies_lock:
                self._copies.append(path)
            return path

        return work


def default_store_folder(data_dir: Path | None = None) -> Path:
    """Where the officials' window keeps its cases when no --store is given: in the app's
    data folder (`data_dir`, else the user's)."""
    from desktop_app.storage.paths import AppPaths

    return (AppPaths(data_dir) if data_dir else AppPaths.default()).root / "behandelaar"


def keys_snippet(store_folder: Path, with_sealing: bool = False) -> str:
    """The municipality's public keys (made on first use, kept in the keyring) as the
    regeling file's lines, for a store folder (no case store is opened)."""
    return keys_module.keys_snippet(_published(store_folder, with_sealing))


def write_keys_into(store_folder: Path, path: Path, with_sealing: bool = False) -> None:
    """Set the public keys in a copy of a regeling file; a copy that is no valid regeling
    afterwards is put back as it was (UserError)."""
    from desktop_app.core.loader import load_regeling_file

    try:
        original = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            "keys.unreadable", text(N_("{path} kan niet worden gelezen."), path=str(path))
        ) from exc
    keys = _published(store_folder, with_sealing)
    write_atomic(path, keys_module.write_keys_into(original, keys).encode("utf-8"))
    try:
        load_regeling_file(path)  # the copy must still be a valid regeling
    except UserError:
        write_atomic(path, original.encode("utf-8"))
        raise


def _published(store_folder: Path, with_sealing: bool) -> dict[str, list[dict[str, str]]]:
    import keyring

    return keys_module.published_keys(store_folder / "keys", keyring.get_keyring(), with_sealing)


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(
            "officials.unwritable",
            text(
                N_(
                    "Het bestand {name} kon niet worden opgeslagen. Kies een andere map of maak "
                    "ruimte vrij."
                ),
                name=path.name,
            ),
        ) from exc


def dossier_count(cases: Sequence[Case]) -> int:
    """How many rows an export of ``cases`` has: one per dossier (its reports are columns)."""
    from desktop_app.officials.export import dossier_count as count  # it loads openpyxl

    return count(cases)


def __getattr__(name: str) -> Any:
    """`insight` (the Inzicht tab's overview) loads when first asked for: openpyxl and the
    PDF stack are no part of opening the officials' window or a command."""
    if name == "insight":
        from desktop_app.officials import insight

        return insight
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "IMPORT_STATUS",
    "STATUS",
    "AreaBudget",
    "Case",
    "CaseFilter",
    "CaseRow",
    "Choice",
    "Decided",
    "DecisionKey",
    "ImportOutcome",
    "OfficialsService",
    "Quarantined",
    "Settlement",
    "dossier_count",
]


def rejection_reasons(case: Case, language: str) -> list[str]:
    """What a rejection letter lists: each blocking rule the case breaks now (else at
    signing), in the official's language. The window and the decide command both use it."""
    verdicts = [v for v in case.verdicts_now if v.get("severity") == "blocking"] or [
        v for v in case.verdicts_at_signing if v.get("severity") == "blocking"
    ]
    reasons = []
    for verdict in verdicts:
        message = verdict.get("message") or {}
        text = message.get(language) or message.get("nl") or ""
        if text and text not in reasons:
            reasons.append(str(text))
    return reasons
