"""What the commands share: where output goes, the catalogue, the data folder, the stores.

Nothing heavy at the top: each helper imports what it opens when it is called."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.language import Language

if TYPE_CHECKING:
    from desktop_app.core.loader import Catalog
    from desktop_app.core.text import Text
    from desktop_app.officials.service import OfficialsService
    from desktop_app.officials.store import CaseStore
    from desktop_app.storage.paths import AppPaths


class Out:
    """Where results and messages go, in one language."""

    def __init__(self, language: Language, stdout: TextIO, stderr: TextIO) -> None:
        self.language = language
        self.stdout = stdout
        self.stderr = stderr

    def say(self, nl: str, en: str) -> None:
        print(en if self.language == "en" else nl, file=self.stdout)

    def error(self, message: Text) -> None:
        print(message.get(self.language), file=self.stderr)

    def json(self, data: Any) -> None:
        json.dump(data, self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("\n")


def load_catalog(args: argparse.Namespace, out: Out) -> Catalog:
    from desktop_app.core.loader import Catalog

    catalog = Catalog.default(args.forms)
    for problem in catalog.problems:
        out.error(problem.message)
    return catalog


def write_output(path: Path, data: bytes) -> None:
    """Save a result atomically, or say plainly why it could not be saved."""
    from desktop_app.core.text import Text
    from desktop_app.storage.atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(
            "file.unwritable",
            Text(
                nl=f"Kan {path} niet opslaan: {exc.strerror}.",
                en=f"Cannot save {path}: {exc.strerror}.",
            ),
        ) from exc


def app_paths(args: argparse.Namespace) -> AppPaths:
    from desktop_app.storage.paths import AppPaths

    return AppPaths(args.data_dir) if args.data_dir else AppPaths.default()


def open_case_store(folder: Path | str) -> CaseStore:
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.officials.store import CaseStore, shown_location

    try:
        return CaseStore(folder)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise _unavailable(shown_location(folder)) from exc


def _unavailable(where: str) -> UserError:
    from desktop_app.core.text import Text

    return UserError(
        "store.unavailable",
        Text(
            nl=f"De dossieropslag {where} kan niet worden geopend. Kijk of de map of de "
            "database bestaat en of u er toegang toe hebt.",
            en=f"The case store {where} cannot be opened. Check that the folder or the "
            "database exists and that you have access to it.",
        ),
    )


def open_officials(
    args: argparse.Namespace, catalog: Catalog, out: Out, clock: Clock
) -> OfficialsService:
    """The officials' service on the store --store names (as the window has it)."""
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.officials.service import OfficialsService
    from desktop_app.officials.store import shown_location

    try:
        return OfficialsService.at(args.store, catalog, clock, out.language)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise _unavailable(shown_location(args.store)) from exc


def open_outbox(args: argparse.Namespace) -> Any:
    from desktop_app.core.text import Text
    from desktop_app.storage.outbox import Outbox

    path = app_paths(args).outbox
    try:
        return Outbox(path)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            "outbox.unavailable",
            Text(
                nl=f"De wachtrij ({path}) kan niet worden geopend.",
                en=f"The outbox ({path}) cannot be opened.",
            ),
        ) from exc


def http_client(timeout: float) -> Any:
    import keyring

    from desktop_app.submit.service import Timeouts, default_client

    return default_client(keyring.get_keyring(), Timeouts(connect=min(5.0, timeout), read=timeout))


def resident_dossiers(args: argparse.Namespace, out: Out, clock: Clock) -> tuple[Any, Any]:
    """The resident's service and the dossiers in the data folder (as the window has them)."""
    from desktop_app.resident.service import DossierStore, ResidentService

    service = ResidentService(load_catalog(args, out), clock, client=http_client(30.0))
    return service, DossierStore(app_paths(args).dossiers, clock)


def case_id(text: str) -> Any:
    import uuid

    from desktop_app.core.text import Text

    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise UserError(
            "case.bad_id",
            Text(
                nl=f"'{text[:64]}' is geen dossiernummer. Kopieer het nummer uit 'export'.",
                en=f"'{text[:64]}' is not a case number. Copy the number from 'export'.",
            ),
        ) from exc


def amount_of(text: str) -> Any:
    from decimal import Decimal, InvalidOperation

    from desktop_app.core.text import Text

    try:
        amount = Decimal(text.replace("€", "").replace(",", ".").strip())
    except InvalidOperation as exc:
        raise UserError(
            "decide.bad_amount",
            Text(
                nl=f"'{text[:32]}' is geen bedrag. Schrijf het zo: 300 of 300,50.",
                en=f"'{text[:32]}' is not an amount. Write it like this: 300 or 300.50.",
            ),
        ) from exc
    return amount.quantize(Decimal("0.01"))


def home_dossier(args: argparse.Namespace, out: Out, clock: Clock) -> Any:
    from desktop_app.core.text import Text

    _, dossiers = resident_dossiers(args, out, clock)
    dossier = dossiers.open_default()
    if dossier is None:
        raise UserError(
            "receive.no_home",
            Text(
                nl="Op deze computer zijn meerdere of beveiligde dossiers. Open het besluit "
                "in het venster van de app.",
                en="This computer has several or protected dossiers. Open the decision in "
                "the app's window.",
            ),
        )
    return dossier
