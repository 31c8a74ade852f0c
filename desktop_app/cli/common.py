"""What the commands share: where output goes, the catalogue, the data folder, the services.

Nothing heavy at the top: each helper imports what it opens when it is called. The words
are the catalogue's (desktop_app/locale): a Dutch text marked with N_, shown in the user's
language."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext, text
from desktop_app.core.language import Language
from desktop_app.core.placeholders import fill

if TYPE_CHECKING:
    from desktop_app.core.clock import Clock
    from desktop_app.core.loader import Catalog
    from desktop_app.core.text import Text
    from desktop_app.officials.service import OfficialsService
    from desktop_app.resident.service import AppPaths, DossierStore, OpenDossier, ResidentService


class Out:
    """Where results and messages go, in one language."""

    def __init__(self, language: Language, stdout: TextIO, stderr: TextIO) -> None:
        self.language = language
        self.stdout = stdout
        self.stderr = stderr

    def say(self, message: str, /, **values: str | int | Text) -> None:
        """A catalogued Dutch text (marked with N_), in the user's language, its `{name}`
        placeholders filled (a Text in that language too)."""
        self.line(self.words(message, **values))

    def words(self, message: str, /, **values: str | int | Text) -> str:
        from desktop_app.core.text import Text

        shown = {
            k: v.get(self.language) if isinstance(v, Text) else str(v) for k, v in values.items()
        }
        return fill(gettext(self.language, message), shown)

    def line(self, text: str) -> None:
        """A line that is in the user's language already (or in none: a key, a file)."""
        print(text, file=self.stdout)

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
    # The one write of the lower floors the commands make themselves: for results of both
    # sides (example, report, export, overview) before either service is worth loading.
    from desktop_app.storage.atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(
            "file.unwritable",
            text(
                N_("Kan {path} niet opslaan: {reason}."), path=str(path), reason=str(exc.strerror)
            ),
        ) from exc


def app_paths(args: argparse.Namespace) -> AppPaths:
    from desktop_app.resident.service import AppPaths

    return AppPaths(args.data_dir) if args.data_dir else AppPaths.default()


def _unavailable(where: str) -> UserError:

    return UserError(
        "store.unavailable",
        text(
            N_(
                "De dossieropslag {where} kan niet worden geopend. Kijk of de map of de "
                "database bestaat en of u er toegang toe hebt."
            ),
            where=where,
        ),
    )


def open_officials(
    args: argparse.Namespace, catalog: Catalog, out: Out, clock: Clock
) -> OfficialsService:
    """The officials' service on the store --store names (as the window has it)."""
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.officials.service import OfficialsService, shown_location

    try:
        return OfficialsService.at(args.store, catalog, clock, out.language)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise _unavailable(shown_location(args.store)) from exc


def resident_dossiers(
    args: argparse.Namespace, out: Out, clock: Clock
) -> tuple[ResidentService, DossierStore]:
    """The resident's service and the dossiers in the data folder (as the window has them)."""
    from desktop_app.resident.service import DossierStore, ResidentService, loose_files

    service = ResidentService(load_catalog(args, out), clock, client=loose_files.http_client(30.0))
    return service, DossierStore(app_paths(args).dossiers, clock)


def case_id(typed: str) -> Any:
    import uuid

    try:
        return uuid.UUID(typed)
    except ValueError as exc:
        raise UserError(
            "case.bad_id",
            text(
                N_("'{text}' is geen dossiernummer. Kopieer het nummer uit 'export'."),
                text=typed[:64],
            ),
        ) from exc


def amount_of(typed: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(typed.replace("€", "").replace(",", ".").strip())
    except InvalidOperation as exc:
        raise UserError(
            "decide.bad_amount",
            text(N_("'{text}' is geen bedrag. Schrijf het zo: 300 of 300,50."), text=typed[:32]),
        ) from exc
    return amount.quantize(Decimal("0.01"))


def home_dossier(args: argparse.Namespace, out: Out, clock: Clock) -> OpenDossier:
    _, dossiers = resident_dossiers(args, out, clock)
    dossier = dossiers.open_default()
    if dossier is None:
        raise UserError(
            "receive.no_home",
            text(
                N_(
                    "Op deze computer zijn meerdere of beveiligde dossiers. Open het besluit "
                    "in het venster van de app."
                )
            ),
        )
    return dossier
