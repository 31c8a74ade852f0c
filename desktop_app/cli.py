"""The command line over the same services as the window.

Exit codes: 0 ok; 1 the input is understood but fails (rules, signature, integrity);
2 the input cannot be read or the command is wrong. Messages go to stderr in the
user's language; a person never sees a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from desktop_app.core.clock import Clock, SystemClock, fixed_on, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Result, evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application, read_document
from desktop_app.core.text import Language, Text, detect_language
from desktop_app.officials.export import to_csv, to_xlsx
from desktop_app.officials.importer import bundle_files, import_paths
from desktop_app.officials.store import CaseStore
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.paths import AppPaths

EXIT_OK, EXIT_FAILS, EXIT_UNREADABLE = 0, 1, 2
log = logging.getLogger(__name__)


class _Out:
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


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="klein-initiatief",
        description="Klein Initiatief: apply for and account for a small municipal subsidy. "
        "Without a command, the window opens.",
    )
    parser.add_argument(
        "--lang", choices=["nl", "en"], help="language of messages (default: system)"
    )
    parser.add_argument(
        "--forms",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="extra folder with regeling files (may be repeated)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the app's data folder (attachments, signing keys); default: the user's data folder",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "regelingen", help="list the regelingen with version and validity"
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    example = commands.add_parser("example", help="write a complete, valid example application")
    example.add_argument("regeling", help="regeling id, e.g. amsterdam-bewonersinitiatief")
    example.add_argument(
        "-o", "--output", required=True, type=Path, help="file to write ('-' = stdout)"
    )

    validate = commands.add_parser(
        "validate", help="check an application or report against its regeling"
    )
    validate.add_argument("file", type=Path)
    validate.add_argument("--json", action="store_true", help="machine-readable output")
    validate.add_argument("--today", type=_date, help="check as if it were this date (YYYY-MM-DD)")

    for name, what in (
        ("pdf", "make the PDF/A of an application or report, digitally signed"),
        ("bundle", "make the signed bundle (zip) to hand in: data, PDF, attachments"),
    ):
        maker = commands.add_parser(name, help=what)
        maker.add_argument("file", type=Path)
        maker.add_argument("-o", "--output", required=True, type=Path, help="file to write")
        maker.add_argument(
            "--unsigned",
            action="store_true",
            help="do not sign (the result says 'niet digitaal ondertekend / not digitally signed')",
        )
        maker.add_argument("--json", action="store_true", help="machine-readable output")
        maker.add_argument("--today", type=_date, help="as if it were this date (YYYY-MM-DD)")

    verify = commands.add_parser(
        "verify", help="check a bundle: intact (every hash) and signed (exit 0 only if both)"
    )
    verify.add_argument("bundle", type=Path)
    verify.add_argument("--json", action="store_true", help="machine-readable output")

    importer = commands.add_parser(
        "import", help="officials: verify bundles (files or folders) and add them to the case store"
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importer.add_argument("--store", required=True, type=Path, help="folder of the case store")
    importer.add_argument("--json", action="store_true", help="machine-readable output")

    officials = commands.add_parser("behandelaar", help="officials: open the officials' window")
    officials.add_argument("--store", type=Path, help="folder of the case store")

    exporter = commands.add_parser(
        "export", help="officials: export the cases as CSV (subsidy register) or XLSX"
    )
    exporter.add_argument("--store", required=True, type=Path, help="folder of the case store")
    exporter.add_argument("--format", required=True, choices=["csv", "xlsx"])
    exporter.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    return parser


def _catalog(args: argparse.Namespace, out: _Out) -> Catalog:
    catalog = Catalog.default(args.forms)
    for problem in catalog.problems:
        out.error(problem.message)
    return catalog


def cmd_regelingen(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    catalog = _catalog(args, out)
    if args.json:
        out.json(
            [
                {
                    "id": r.id,
                    "version": r.version,
                    "municipality": r.municipality.get(out.language),
                    "name": r.name.get(out.language),
                    "valid_from": r.valid_from.isoformat(),
                    "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                    "illustrative_parameters": sorted(
                        name for name, p in r.parameters.items() if p.illustrative
                    ),
                }
                for r in catalog.all()
            ]
        )
        return EXIT_OK
    for r in catalog.all():
        until = r.valid_until.isoformat() if r.valid_until else "…"
        examples = sum(1 for p in r.parameters.values() if p.illustrative)
        out.say(
            f"{r.id}  versie {r.version}  geldig {r.valid_from.isoformat()} t/m {until}  "
            f"{r.municipality.nl}: {r.name.nl}"
            + (f"  ({examples} voorbeeldwaarden, nog te bevestigen)" if examples else ""),
            f"{r.id}  version {r.version}  valid {r.valid_from.isoformat()} to {until}  "
            f"{r.municipality.en}: {r.name.en}"
            + (f"  ({examples} example values, to be confirmed)" if examples else ""),
        )
    return EXIT_OK


def _write_output(path: Path, data: bytes) -> None:
    """Save a result atomically, or say plainly why it could not be saved."""
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


def cmd_example(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    catalog = _catalog(args, out)
    regeling = catalog.current(args.regeling, today(clock))
    application = example_application(regeling, clock, out.language)
    data = application.model_dump_json(indent=2).encode() + b"\n"
    if str(args.output) == "-":
        out.stdout.write(data.decode())
        return EXIT_OK
    _write_output(args.output, data)
    out.say(
        f"Voorbeeldaanvraag voor '{regeling.name.nl}' opgeslagen in {args.output}.",
        f"Example application for '{regeling.name.en}' saved to {args.output}.",
    )
    return EXIT_OK


def _result_json(
    document: Application | Report, result: Result, language: Language
) -> dict[str, Any]:
    return {
        "document": {"kind": document.kind, "id": str(document.id)},
        "regeling": {"id": document.regeling.id, "version": document.regeling.version},
        "ok": result.ok,
        "tier": result.tier,
        "blocking": len(result.blocking),
        "warnings": len(result.warnings),
        "verdicts": [v.as_json() for v in result.verdicts],
    }


def cmd_validate(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    document = read_document(args.file)
    catalog = _catalog(args, out)
    regeling = catalog.get(document.regeling.id, document.regeling.version)
    day = args.today or today(clock)
    result = evaluate(regeling, document, day)
    if args.json:
        out.json(_result_json(document, result, out.language))
        return EXIT_OK if result.ok else EXIT_FAILS
    for verdict in result.verdicts:
        label = ("FOUT", "ERROR") if verdict.severity == "blocking" else ("LET OP", "WARNING")
        where = f" [{verdict.fields[0]}]" if verdict.fields else ""
        out.say(
            f"{label[0]} {verdict.code}{where}: {verdict.message.nl}",
            f"{label[1]} {verdict.code}{where}: {verdict.message.en}",
        )
    blocking, warnings = len(result.blocking), len(result.warnings)
    if result.ok:
        out.say(
            f"In orde: {args.file} voldoet aan '{regeling.name.nl}' ({warnings} waarschuwingen).",
            f"OK: {args.file} meets '{regeling.name.en}' ({warnings} warnings).",
        )
        return EXIT_OK
    out.say(
        f"Niet in orde: {blocking} fouten en {warnings} waarschuwingen. Los de fouten op.",
        f"Not OK: {blocking} errors and {warnings} warnings. Please fix the errors.",
    )
    return EXIT_FAILS


def _paths(args: argparse.Namespace) -> AppPaths:
    return AppPaths(args.data_dir) if args.data_dir else AppPaths.default()


def _signer(args: argparse.Namespace, document: Application | Report, clock: Clock) -> Any:
    """The initiative's signer, or None with --unsigned."""
    if args.unsigned:
        return None
    import keyring

    from desktop_app.documents.service import SigningKeys, signer_for

    keys = SigningKeys(_paths(args).keys, keyring.get_keyring(), clock)
    try:
        return signer_for(keys, document)
    except UserError as error:
        raise UserError(
            error.code,
            Text(
                nl=f"{error.message.nl} Gebruik --unsigned om dat te doen.",
                en=f"{error.message.en} Use --unsigned to do that.",
            ),
        ) from error


def _made(args: argparse.Namespace, out: _Out, path: Path, signed: bool, extra: dict) -> None:
    if args.json:
        out.json({"path": str(path), "signed": signed, **extra})
        return
    if signed:
        out.say(
            f"Opgeslagen in {path} (digitaal ondertekend).",
            f"Saved to {path} (digitally signed).",
        )
    else:
        out.say(
            f"Opgeslagen in {path} (NIET digitaal ondertekend).",
            f"Saved to {path} (NOT digitally signed).",
        )


def cmd_pdf(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.service import default_signature, make_pdf

    document = read_document(args.file)
    regeling = _catalog(args, out).get(document.regeling.id, document.regeling.version)
    result = evaluate(regeling, document, args.today or today(clock))
    signer = _signer(args, document, clock)
    made = make_pdf(
        document,
        regeling,
        result.verdicts,
        default_signature(document, clock),
        signer,
        args.output,
        clock,
    )
    _made(args, out, args.output, made.signed, {"sha256": made.sha256})
    return EXIT_OK


class _StoredAttachments:
    """The attachment store, with a clear message when a file is gone."""

    def __init__(self, store: AttachmentStore) -> None:
        self.store = store

    def read(self, ref: Any) -> bytes:
        try:
            return self.store.read(ref)
        except OSError as exc:
            raise UserError(
                "bundle.attachment_unavailable",
                Text(
                    nl=f"De bijlage '{ref.file_name}' is niet gevonden in {self.store.folder}. "
                    "Voeg het bestand opnieuw toe.",
                    en=f"The attachment '{ref.file_name}' was not found in {self.store.folder}. "
                    "Please add the file again.",
                ),
            ) from exc


def cmd_bundle(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.service import make_bundle

    document = read_document(args.file)
    regeling = _catalog(args, out).get(document.regeling.id, document.regeling.version)
    result = evaluate(regeling, document, args.today or today(clock))
    if not result.ok:
        for verdict in result.blocking:
            out.error(verdict.message)
        out.error(
            Text(
                nl=f"Geen bundel gemaakt: los eerst de {len(result.blocking)} fouten op.",
                en=f"No bundle made: first fix the {len(result.blocking)} errors.",
            )
        )
        return EXIT_FAILS
    signer = _signer(args, document, clock)
    store = _StoredAttachments(AttachmentStore(_paths(args).attachments))
    made = make_bundle(document, regeling, result.verdicts, store, signer, args.output, clock=clock)
    _made(args, out, args.output, made.signed, {"bundle_id": str(document.id)})
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.service import verify_bundle

    result = verify_bundle(args.bundle)
    if args.json:
        out.json(result.as_json())
    elif result.ok:
        out.say(
            f"In orde: {result.message.nl} ({len(result.members)} bestanden gecontroleerd; "
            f"certificaat SHA-256 {result.certificate_sha256}).",
            f"OK: {result.message.en} ({len(result.members)} files checked; "
            f"certificate SHA-256 {result.certificate_sha256}).",
        )
    else:
        out.error(
            Text(
                nl=f"NIET IN ORDE ({result.code}): {result.message.nl}",
                en=f"NOT OK ({result.code}): {result.message.en}",
            )
        )
    if result.ok:
        return EXIT_OK
    return EXIT_FAILS if result.readable else EXIT_UNREADABLE


def _case_store(folder: Path) -> CaseStore:
    try:
        return CaseStore(folder)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            "store.unavailable",
            Text(
                nl=f"De map {folder} kan niet als dossieropslag worden geopend.",
                en=f"The folder {folder} cannot be opened as a case store.",
            ),
        ) from exc


def cmd_import(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    catalog = _catalog(args, out)
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        raise UserError(
            "import.missing",
            Text(nl=f"{missing[0]} bestaat niet.", en=f"{missing[0]} does not exist."),
        )
    if not bundle_files(args.paths):
        raise UserError(
            "import.nothing",
            Text(
                nl="Er zijn geen bestanden gevonden om in te lezen.", en="No files found to import."
            ),
        )
    store = _case_store(args.store)
    try:
        outcomes = import_paths(args.paths, store, catalog, clock)
    finally:
        store.close()
    if args.json:
        out.json([o.as_json() for o in outcomes])
    else:
        shown = {
            "imported": ("ingelezen", "imported"),
            "already_imported": ("al ingelezen", "already imported"),
            "conflict": ("CONFLICT", "CONFLICT"),
            "rejected": ("GEWEIGERD", "REJECTED"),
        }
        for outcome in outcomes:
            nl, en = shown[outcome.status]
            out.say(
                f"{outcome.source}: {nl} — {outcome.message.nl}",
                f"{outcome.source}: {en} — {outcome.message.en}",
            )
    bad = sum(1 for o in outcomes if o.status in ("rejected", "conflict"))
    return EXIT_FAILS if bad else EXIT_OK


def cmd_export(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    catalog = _catalog(args, out)
    store = _case_store(args.store)
    try:
        cases = store.cases()
    finally:
        store.close()
    data = to_csv(cases, catalog) if args.format == "csv" else to_xlsx(cases)
    _write_output(args.output, data)
    out.say(
        f"{len(cases)} dossiers geëxporteerd naar {args.output}.",
        f"{len(cases)} cases exported to {args.output}.",
    )
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "regelingen": cmd_regelingen,
    "example": cmd_example,
    "validate": cmd_validate,
    "pdf": cmd_pdf,
    "bundle": cmd_bundle,
    "verify": cmd_verify,
}


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    language: Language = args.lang or detect_language(os.environ)
    out = _Out(language, stdout or sys.stdout, stderr or sys.stderr)
    if args.command == "behandelaar":
        from desktop_app.ui.officials_window import run_officials  # Qt only for the window

        store = args.store or _paths(args).root / "behandelaar"
        return run_officials(store, language, Catalog.default(args.forms), SystemClock())
    if args.command is None:
        from desktop_app.ui.app import run_app  # Qt only when the window is wanted

        return run_app(language=language, extra_forms=args.forms)
    if clock is None:
        clock = SystemClock()
        if getattr(args, "today", None):
            clock = fixed_on(args.today)
    try:
        return COMMANDS[args.command](args, out, clock)
    except UserError as error:
        if getattr(args, "json", False):
            out.json({"error": {"code": error.code, "message": error.message.model_dump()}})
        out.error(error.message)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours; stay quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:  # a bug: keep the details in the log, give the person one clear line
        log.exception("unexpected error in command %s", args.command)
        out.error(
            Text(
                nl="Er ging iets mis in het programma. Er is niets veranderd. Probeer het opnieuw.",
                en="Something went wrong in the program. Nothing was changed. Please try again.",
            )
        )
        return EXIT_UNREADABLE


if __name__ == "__main__":
    raise SystemExit(main())
