"""The command line over the same services as the window.

Exit codes: 0 ok; 1 the input is understood but fails (rules, signature, integrity);
2 the input cannot be read or the command is wrong. Messages go to stderr in the
user's language; a person never sees a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.applog import current_log_file, setup_logging
from desktop_app.core.clock import Clock, SystemClock, fixed_on, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Result, evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application, read_document
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Language, Text, detect_language
from desktop_app.officials.export import to_csv, to_xlsx
from desktop_app.officials.importer import ImportOutcome, bundle_files, import_paths
from desktop_app.officials.store import CaseStore, is_url, shown_location
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
    parser.add_argument("--version", action="version", version=f"klein-initiatief {version()}")
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

    _add_questions_command(commands)
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
    importer.add_argument("--store", required=True, type=_store_location, help=_STORE_HELP)
    importer.add_argument("--json", action="store_true", help="machine-readable output")

    officials = commands.add_parser("behandelaar", help="officials: open the officials' window")
    officials.add_argument("--store", type=Path, help="folder of the case store")

    exporter = commands.add_parser(
        "export", help="officials: export the cases as CSV (subsidy register) or XLSX"
    )
    exporter.add_argument("--store", required=True, type=_store_location, help=_STORE_HELP)
    exporter.add_argument("--format", required=True, choices=["csv", "xlsx"])
    exporter.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    _add_submit_commands(commands)
    _add_cycle_commands(commands)
    _add_insight_command(commands)
    return parser


def _add_cycle_commands(commands: Any) -> None:
    decide = commands.add_parser(
        "decide", help="officials: decide on an application (writes the decision and the letter)"
    )
    decide.add_argument("case", help="the application's id (bundle id)")
    decide.add_argument("--store", required=True, type=_store_location, help=_STORE_HELP)
    outcome = decide.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--grant", metavar="AMOUNT", help="grant this amount, e.g. 300")
    outcome.add_argument("--reject", action="store_true", help="do not grant")
    decide.add_argument("--reason", required=True, help="the reason, in plain words")
    decide.add_argument(
        "--revise",
        type=int,
        metavar="VERSION",
        help="revise decision version VERSION (the current one); without it only a case "
        "nobody decided yet is decided",
    )
    decide.add_argument(
        "-o", "--output", required=True, type=Path, help="decision file (the letter PDF beside it)"
    )
    receive = commands.add_parser(
        "receive", help="read a decision file into the home dossier; says what report is due"
    )
    receive.add_argument("file", type=Path)
    receive.add_argument(
        "--application",
        type=Path,
        metavar="FILE",
        help="the application it is about, when it is not yet in the home dossier",
    )
    report = commands.add_parser("report", help="write a report draft from a decision file")
    report.add_argument("decision", type=Path)
    report.add_argument("-o", "--output", required=True, type=Path, help="file to write")
    settle = commands.add_parser("settle", help="officials: settle the report about a case")
    settle.add_argument("case", help="the report's or the application's id")
    settle.add_argument("--store", required=True, type=Path, help="folder of the case store")


def _add_insight_command(commands: Any) -> None:
    insight = commands.add_parser(
        "insight",
        aliases=["overview"],
        help="officials: the overview per area and goal for a period (XLSX, JSON), no names",
    )
    insight.add_argument("--store", required=True, type=Path, help="folder of the case store")
    insight.add_argument("--regeling", help="regeling id (needed when the store has several)")
    insight.add_argument("--from", dest="start", type=_date, help="first day (YYYY-MM-DD)")
    insight.add_argument("--to", dest="end", type=_date, help="last day (YYYY-MM-DD)")
    insight.add_argument(
        "--by",
        choices=["activity", "import"],
        default="activity",
        help="which date puts an application in the period (default: its activity date)",
    )
    insight.add_argument("--xlsx", type=Path, metavar="FILE", help="write the workbook here")
    insight.add_argument("--pdf", type=Path, metavar="FILE", help="write the committee's PDF/A")
    insight.add_argument("--json", action="store_true", help="machine-readable output")


def cmd_insight(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.officials import insight
    from desktop_app.officials.decide import budget_overview

    catalog = _catalog(args, out)
    store = _case_store(args.store)
    try:
        used = sorted({c.regeling_id for c in store.cases()})
        regeling_id = args.regeling or (used[0] if len(used) == 1 else None)
        if regeling_id is None or regeling_id not in catalog.ids():
            raise UserError(
                "insight.regeling",
                Text(
                    nl="Kies de regeling met --regeling. In deze opslag: "
                    + (", ".join(used) or "geen dossiers")
                    + ".",
                    en="Choose the regeling with --regeling. In this store: "
                    + (", ".join(used) or "no cases")
                    + ".",
                ),
            )

        def ceiling_of(area: str, year: int) -> Any:
            try:
                rows = budget_overview(store, catalog, regeling_id, year)
            except UserError:
                return None
            return next((r.ceiling for r in rows if r.area == area), None)

        period = insight.Period(args.start, args.end, args.by)
        made = insight.compute(store, catalog, regeling_id, period, ceiling_of=ceiling_of)
    finally:
        store.close()
    if args.xlsx:
        _write_output(args.xlsx, insight.to_xlsx(made))
    if args.pdf:
        _write_output(args.pdf, insight.to_pdf(made, clock.now()))
    if args.json:
        out.json(insight.as_json(made))
    else:
        out.say(
            f"{made.total.applications_shown} aanvragen in de periode; "
            f"{len(made.sources)} dossiers als bron.",
            f"{made.total.applications_shown} applications in the period; "
            f"{len(made.sources)} cases as sources.",
        )
    return EXIT_OK


def _add_questions_command(commands: Any) -> None:
    questions = commands.add_parser(
        "questions", help="list the questions a resident must answer for an amount (the burden)"
    )
    questions.add_argument("regeling", help="regeling id, e.g. amsterdam-bewonersinitiatief")
    questions.add_argument(
        "--amount", required=True, help="the amount asked, e.g. 450 or 1.200,50 (euros)"
    )
    questions.add_argument("--json", action="store_true", help="machine-readable output")


def cmd_questions(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    """Which route an amount takes, and every question of that route (route, page, id,
    label, required), so a municipality sees the burden its regeling puts on residents."""
    from desktop_app.core.money import MoneyError, format_money, parse_money
    from desktop_app.core.questions import questions, required_answers, route_for_amount

    try:
        amount = parse_money(args.amount, "nl")
    except MoneyError as exc:
        raise UserError(
            "cli.invalid_amount",
            Text(
                nl=f"'{args.amount[:40]}' is geen bedrag. Schrijf het als 450 of 1.200,50.",
                en=f"'{args.amount[:40]}' is not an amount. Write it as 450 or 1.200,50.",
            ),
        ) from exc
    regeling = _catalog(args, out).current(args.regeling, today(clock))
    route_id = route_for_amount(regeling, amount)
    route = regeling.route(route_id)
    listed = questions(regeling, route_id)
    count = required_answers(regeling, route_id)
    pages = max((q.page for q in listed), default=0)
    if args.json:
        out.json(
            {
                "regeling": {"id": regeling.id, "version": regeling.version},
                "amount": f"{amount:.2f}",
                "route": route_id,
                "route_label": route.label.get(out.language) if route else None,
                "required_answers": count,
                "pages": pages,
                "questions": [q.as_json(out.language) for q in listed],
            }
        )
        return EXIT_OK
    name = route.label if route else Text(nl="de enige route", en="the only route")
    out.say(
        f"{regeling.name.nl}, {format_money(amount, 'nl')}: {name.nl} — {count} verplichte "
        f"antwoorden op {pages} pagina's.",
        f"{regeling.name.en}, {format_money(amount, 'en')}: {name.en} — {count} required "
        f"answers on {pages} pages.",
    )
    for q in listed:
        need = ("verplicht", "required") if q.required else ("", "")
        if q.one_of:
            need = ("één van " + ", ".join(q.one_of), "one of " + ", ".join(q.one_of))
        elif q.conditional:
            need = ("soms", "sometimes")
        out.say(
            f"  {q.page}. {q.page_title.nl} | {q.id} | {q.label.nl} | {need[0]}",
            f"  {q.page}. {q.page_title.en} | {q.id} | {q.label.en} | {need[1]}",
        )
    return EXIT_OK


def _receipt_key(text: str) -> Any:
    from desktop_app.core.regeling import PublicKey

    key_id, sep, value = text.partition("=")
    try:
        if not sep:
            raise ValueError(text)
        return PublicKey(key_id=key_id, ed25519=value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"not a key (KEY_ID=BASE64, as GET /key of the intake service shows): {text!r}"
        ) from exc


def _add_submit_commands(commands: Any) -> None:
    submit = commands.add_parser(
        "submit", help="send a bundle to the municipality now (it waits in the outbox if offline)"
    )
    submit.add_argument("bundle", type=Path)
    submit.add_argument(
        "--endpoint", metavar="URL", help="intake service (default: the regeling's)"
    )
    submit.add_argument(
        "--receipt-key",
        action="append",
        type=_receipt_key,
        metavar="KEY_ID=BASE64",
        help="the intake service's receipt key, with --endpoint (may be repeated)",
    )
    submit.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="wait at most this long for an answer",
    )
    submit.add_argument("--json", action="store_true", help="machine-readable output")

    outbox = commands.add_parser("outbox", help="list what waits to be sent, and what was sent")
    outbox.add_argument("--send", action="store_true", help="first try to send what is due")
    outbox.add_argument("--receipt", metavar="BUNDLE_ID", help="print the receipt of a sent item")
    outbox.add_argument("--json", action="store_true", help="machine-readable output")

    intake = commands.add_parser(
        "intake", help="municipalities: run the intake service (needs the 'intake' extra)"
    )
    intake.add_argument("--data", required=True, type=Path, metavar="DIR", help="data folder")
    intake.add_argument(
        "--store",
        metavar="URL",
        help="postgresql://… for the submissions (or $KLEIN_INITIATIEF_INTAKE_STORE); "
        "default: SQLite in the data folder; the bundles stay in the data folder",
    )
    intake.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    intake.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    intake.add_argument(
        "--officials-token-file",
        type=Path,
        metavar="FILE",
        help="token officials need to fetch bundles (or $KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN)",
    )
    intake.add_argument(
        "--submit-token-file",
        type=Path,
        metavar="FILE",
        help="token residents' apps need to submit (or $KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN)",
    )

    fetch = commands.add_parser(
        "fetch", help="officials: import the new bundles from an intake service into the case store"
    )
    fetch.add_argument("url", help="the intake service, e.g. https://intake.example.nl")
    fetch.add_argument("--store", required=True, type=_store_location, help=_STORE_HELP)
    fetch.add_argument("--json", action="store_true", help="machine-readable output")

    keys = commands.add_parser(
        "keys",
        help="officials: the municipality's public keys, to publish in its regeling file",
    )
    keys.add_argument("--store", required=True, type=Path, help="folder of the case store")
    keys.add_argument(
        "--with-sealing",
        action="store_true",
        help="also a key residents seal bundles to (only the municipality can open them)",
    )
    keys.add_argument(
        "--write-into",
        type=Path,
        metavar="FILE",
        help="a copy of the regeling file: set its decision_keys (and encryption_keys) there",
    )


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
        return EXIT_FAILS if catalog.problems else EXIT_OK
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
    # A refused file: listed on stderr with its path, and exit 1 tells a script too.
    return EXIT_FAILS if catalog.problems else EXIT_OK


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


def _signer(
    args: argparse.Namespace, regeling: Regeling, document: Application | Report, clock: Clock
) -> Any:
    """The initiative's signer, or None with --unsigned."""
    if args.unsigned:
        return None
    import keyring

    from desktop_app.documents.service import SigningKeys, signer_for

    keys = SigningKeys(_paths(args).keys, keyring.get_keyring(), clock)
    try:
        return signer_for(keys, regeling, document)
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
    signer = _signer(args, regeling, document, clock)
    made = make_pdf(
        document,
        regeling,
        result.verdicts,
        default_signature(regeling, document, clock),
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
    signer = _signer(args, regeling, document, clock)
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


_STORE_HELP = "folder of the case store (SQLite), or a postgresql://… URL"


def _store_location(text: str) -> Path | str:
    """A plain folder path means SQLite in that folder; a postgresql:// URL a server."""
    return text if is_url(text) else Path(text)


def _case_store(folder: Path | str) -> CaseStore:
    try:
        return CaseStore(folder)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        where = shown_location(folder)
        raise UserError(
            "store.unavailable",
            Text(
                nl=f"De dossieropslag {where} kan niet worden geopend. Kijk of de map of de "
                "database bestaat en of u er toegang toe hebt.",
                en=f"The case store {where} cannot be opened. Check that the folder or the "
                "database exists and that you have access to it.",
            ),
        ) from exc


def _say_quarantined(out: _Out, outcome: ImportOutcome) -> None:
    if outcome.quarantined:
        out.say(
            f"    apart gezet in de quarantaine (map 'quarantine'): {outcome.quarantined}",
            f"    set aside in quarantine (folder 'quarantine'): {outcome.quarantined}",
        )


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
        outcomes = import_paths(
            args.paths, store, catalog, clock, private_keys=_sealing_keys(store.folder)
        )
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
            _say_quarantined(out, outcome)
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


def _outbox(args: argparse.Namespace) -> Any:
    from desktop_app.storage.outbox import Outbox

    path = _paths(args).outbox
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


def _item_json(item: Any, language: Language) -> dict[str, Any]:
    from desktop_app.submit.service import status_text

    return {
        "bundle_id": item.bundle_id,
        "kind": item.kind,
        "title": item.title,
        "state": item.state,
        "status": status_text(item).get(language),
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at.isoformat() if item.state == "queued" else None,
        "reference": item.reference,
        "sent_at": item.sent_at.isoformat() if item.sent_at else None,
        "error_code": item.last_error_code,
        "error": item.last_error.model_dump() if item.last_error else None,
        "receipt": json.loads(item.receipt) if item.receipt else None,
    }


def _client(timeout: float) -> Any:
    import keyring

    from desktop_app.submit.service import Timeouts, default_client

    return default_client(keyring.get_keyring(), Timeouts(connect=min(5.0, timeout), read=timeout))


def cmd_submit(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.bundle_read import BundleError
    from desktop_app.documents.service import _read_limited
    from desktop_app.submit.service import queue_bundle, send_due, status_text

    catalog = _catalog(args, out)
    outbox = _outbox(args)
    try:
        data = _read_limited(args.bundle)
        keys = tuple(args.receipt_key) if args.receipt_key else None
        item = queue_bundle(outbox, data, catalog, clock, args.endpoint, keys)
    except BundleError as error:
        if args.json:
            out.json({"error": {"code": error.code, "message": error.message.model_dump()}})
        out.error(error.message)
        return EXIT_UNREADABLE if error.unreadable else EXIT_FAILS
    except UserError as error:
        if error.code not in ("submit.no_endpoint", "submit.other_version_queued"):
            raise
        if args.json:
            out.json({"error": {"code": error.code, "message": error.message.model_dump()}})
        out.error(error.message)
        return EXIT_FAILS
    if item.state == "attention":
        outbox.retry_now(item.bundle_id, clock.now())  # the person asks again, explicitly
    if item.state != "sent":
        send_due(outbox, _client(args.timeout), clock, only=item.bundle_id)
    item = outbox.get(item.bundle_id)
    if args.json:
        out.json(_item_json(item, out.language))
    else:
        text = status_text(item)
        out.say(text.nl, text.en)
    return EXIT_OK if item.state == "sent" else EXIT_FAILS


def _resident_dossiers(args: argparse.Namespace, out: _Out, clock: Clock) -> tuple[Any, Any]:
    """The resident's service and the dossiers in the data folder (as the window has them)."""
    from desktop_app.resident.service import ResidentService
    from desktop_app.storage.dossiers import DossierStore

    service = ResidentService(_catalog(args, out), clock, client=_client(30.0))
    return service, DossierStore(_paths(args).dossiers, clock)


def cmd_outbox(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.submit.service import printable_receipt, send_due, status_text

    outbox = _outbox(args)
    if args.receipt:
        item = outbox.get(args.receipt)
        text = printable_receipt(item) if item else None
        if text is None:
            raise UserError(
                "outbox.no_receipt",
                Text(
                    nl=f"Er is (nog) geen ontvangstbevestiging voor {args.receipt[:64]}.",
                    en=f"There is no receipt (yet) for {args.receipt[:64]}.",
                ),
            )
        out.say(text.nl, text.en)
        return EXIT_OK
    items = list(outbox.items())
    resident, dossiers = _resident_dossiers(args, out, clock)
    if args.send:
        send_due(outbox, _client(30.0), clock)
        # The resident's own dossiers too, with the same state moves as the window makes.
        resident.send_due_everywhere(dossiers)
        items = list(outbox.items())
    for info in dossiers.list():
        if not info.protected:
            with contextlib.suppress(UserError):
                items += resident.outbox_items(dossiers.open(info.id))
    if args.json:
        out.json([_item_json(i, out.language) for i in items])
        return EXIT_OK
    if not items:
        out.say("De wachtrij is leeg.", "The outbox is empty.")
    for item in items:
        text = status_text(item)
        name = item.title or item.bundle_id
        out.say(f"{name} ({item.bundle_id}): {text.nl}", f"{name} ({item.bundle_id}): {text.en}")
    return EXIT_OK


def cmd_intake(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    try:
        from desktop_app.intake.server import (
            OFFICIALS_TOKEN_ENV,
            STORE_ENV,
            SUBMIT_TOKEN_ENV,
            StoreUnavailableError,
            is_loopback,
            read_token,
            serve,
        )
    except ImportError as exc:
        raise UserError(
            "intake.not_installed",
            Text(
                nl="De ontvangstdienst is niet geïnstalleerd. Installeer hem met: "
                "pip install 'klein-initiatief[intake]'",
                en="The intake service is not installed. Install it with: "
                "pip install 'klein-initiatief[intake]'",
            ),
        ) from exc
    try:
        officials = read_token(args.officials_token_file, OFFICIALS_TOKEN_ENV)
        submit = read_token(args.submit_token_file, SUBMIT_TOKEN_ENV)
    except OSError as exc:
        raise UserError(
            "intake.token_unreadable",
            Text(
                nl="Het bestand met de toegangscode kan niet worden gelezen.",
                en="The file with the access token cannot be read.",
            ),
        ) from exc
    if not is_loopback(args.host) and officials is None:
        raise UserError(
            "intake.needs_token",
            Text(
                nl="Wie de dienst op een ander adres dan 127.0.0.1 laat luisteren, moet de "
                "bundels beschermen: geef --officials-token-file op.",
                en="To listen on an address other than 127.0.0.1, protect the bundles: give "
                "--officials-token-file.",
            ),
        )
    store_url = args.store or os.environ.get(STORE_ENV, "").strip() or None
    if store_url is not None and not is_url(store_url):
        raise UserError(
            "intake.bad_store",
            Text(
                nl="--store moet een adres zijn dat begint met postgresql://. Laat het weg "
                "om de gegevens in de map van --data te bewaren.",
                en="--store must be an address that starts with postgresql://. Leave it out "
                "to keep the data in the --data folder.",
            ),
        )
    try:
        serve(
            args.data,
            args.host,
            args.port,
            officials,
            submit,
            lambda line: print(line, file=out.stderr),
            store_url=store_url,
        )
    except StoreUnavailableError as exc:
        where = shown_location(store_url) if store_url else str(args.data)
        raise UserError(
            "intake.store_unavailable",
            Text(
                nl=f"De opslag {where} kan niet worden geopend. Kijk of de map of de "
                "database bestaat en of de dienst er toegang toe heeft.",
                en=f"The store {where} cannot be opened. Check that the folder or the "
                "database exists and that the service has access to it.",
            ),
        ) from exc
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.officials.fetch import fetch_new

    token = os.environ.get("KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN", "").strip() or None
    if token is None:
        import keyring

        from desktop_app.submit.client import keyring_tokens

        token = keyring_tokens(keyring.get_keyring())(args.url)
    catalog = _catalog(args, out)
    store = _case_store(args.store)
    try:
        outcomes = fetch_new(
            args.url, store, catalog, clock, token=token, private_keys=_sealing_keys(store.folder)
        )
    finally:
        store.close()
    if args.json:
        out.json([o.as_json() for o in outcomes])
    else:
        if not outcomes:
            out.say("Er zijn geen nieuwe bundels.", "There are no new bundles.")
        for outcome in outcomes:
            out.say(
                f"{outcome.source}: {outcome.status} — {outcome.message.nl}",
                f"{outcome.source}: {outcome.status} — {outcome.message.en}",
            )
            _say_quarantined(out, outcome)
    bad = sum(1 for o in outcomes if o.status in ("rejected", "conflict"))
    return EXIT_FAILS if bad else EXIT_OK


def _sealing_keys(store: Path) -> Any:
    """The municipality's keys that open sealed bundles, from the store's keys folder."""
    import keyring

    from desktop_app.officials.keys import sealing_keys

    return sealing_keys(store / "keys", keyring.get_keyring())


def cmd_keys(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    import keyring

    from desktop_app.core.loader import load_regeling_file
    from desktop_app.officials.keys import keys_snippet, published_keys, write_keys_into

    keys = published_keys(args.store / "keys", keyring.get_keyring(), args.with_sealing)
    if args.write_into is None:
        snippet = keys_snippet(keys).rstrip("\n")
        out.say(snippet, snippet)
        return EXIT_OK
    path: Path = args.write_into
    try:
        original = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            "keys.unreadable",
            Text(nl=f"{path} kan niet worden gelezen.", en=f"{path} cannot be read."),
        ) from exc
    write_atomic(path, write_keys_into(original, keys).encode("utf-8"))
    try:
        load_regeling_file(path)  # the copy must still be a valid regeling
    except UserError:
        write_atomic(path, original.encode("utf-8"))
        raise
    out.say(
        f"De sleutels staan nu in {path}. Publiceer dit bestand als de regeling.",
        f"The keys are now in {path}. Publish this file as the regeling.",
    )
    return EXIT_OK


def _case_id(text: str) -> Any:
    import uuid

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


def _amount(text: str) -> Any:
    from decimal import Decimal, InvalidOperation

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


def cmd_decide(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    import dataclasses

    import keyring

    from desktop_app.documents.decision import read_signed
    from desktop_app.officials.decide import decide
    from desktop_app.officials.keys import decision_key, is_pinned
    from desktop_app.officials.letter import decision_letter

    catalog = _catalog(args, out)
    store = _case_store(args.store)
    try:
        case = store.case(_case_id(args.case))
        if case is None:
            raise UserError(
                "decide.unknown_case",
                Text(
                    nl=f"Dossier {args.case} staat niet in {shown_location(args.store)}.",
                    en=f"Case {args.case} is not in {shown_location(args.store)}.",
                ),
            )
        key, key_id = decision_key(store.folder / "keys", keyring.get_keyring())
        outcome = "reject" if args.reject else "grant"
        amount = None if args.reject else _amount(args.grant)
        reason = Text(nl=args.reason, en=args.reason)
        # From the state the official names (nothing decided yet, or --revise VERSION), not
        # from whatever a colleague stored a moment ago: then the store refuses it plainly.
        seen = dataclasses.replace(case, revision=args.revise or 0)
        try:
            signed = decide(store, seen, outcome, amount, reason, key, key_id, clock)
        except UserError as error:
            if error.code != "decide.decided_elsewhere":
                raise
            current = store.case(case.bundle_id)
            version = current.revision if current else 0
            raise UserError(
                error.code,
                Text(
                    nl=f"{error.message.nl} Herzien: geef --revise {version}.",
                    en=f"{error.message.en} To revise it: give --revise {version}.",
                ),
            ) from error
    finally:
        store.close()
    regeling = catalog.get(case.regeling_id, case.regeling_version)
    official = is_pinned(key, catalog.decision_keys(case.regeling_id))
    letter = decision_letter(
        read_signed(signed).decision,
        regeling,
        case.applicant or "aanvrager",
        case.title,
        out.language,
        requested=case.requested,
        official=official,
    )
    _write_output(args.output, signed)
    letter_path = args.output.with_suffix(".pdf")
    _write_output(letter_path, letter)
    out.say(
        f"Besluit opgeslagen in {args.output}, de brief in {letter_path}."
        + ("" if official else " De brief is een PROEF: de sleutel is niet gepubliceerd."),
        f"Decision saved to {args.output}, the letter to {letter_path}."
        + ("" if official else " The letter is a TEST: the key is not published."),
    )
    return EXIT_OK


def _home_dossier(args: argparse.Namespace, out: _Out, clock: Clock) -> Any:
    _, dossiers = _resident_dossiers(args, out, clock)
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


def cmd_receive(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.decision import UNCHECKABLE
    from desktop_app.documents.receive import read_decision_file, receive_decision

    catalog = _catalog(args, out)
    dossier = _home_dossier(args, out, clock)
    if args.application is not None:
        given = read_document(args.application)
        if isinstance(given, Application):
            try:
                dossier.drafts.load(given.id)
            except UserError:  # not here yet: keep it as handed in
                dossier.drafts.save(given, "sent")
    received = receive_decision(read_decision_file(args.file), catalog, dossier.drafts, clock)
    if not received.checked:
        out.error(UNCHECKABLE.message)
    if received.report is None:
        out.say(
            "Uw aanvraag is niet toegekend. Er is geen verslag nodig.",
            "Your application was not granted. No report is needed.",
        )
        return EXIT_OK
    regeling = catalog.get(received.application.regeling.id, received.application.regeling.version)
    weeks = regeling.parameter_value(regeling.report.deadline_weeks)
    from desktop_app.core.engine import report_tier

    tier = report_tier(regeling, received.report)
    label = next((t.label for t in regeling.report.tiers if t.id == tier), None)
    what = label or Text(nl=tier, en=tier)
    out.say(
        f"Besluit ingelezen{'' if received.checked else ' (niet gecontroleerd)'}. Na de "
        f"activiteit maakt u binnen {weeks} weken een verslag: {what.nl}.",
        f"Decision read in{'' if received.checked else ' (not checked)'}. After the "
        f"activity, make a report within {weeks} weeks: {what.en}.",
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.documents.decision import check_decision, read_signed, report_for
    from desktop_app.documents.receive import read_decision_file

    catalog = _catalog(args, out)
    data = read_decision_file(args.decision)
    claimed = read_signed(data).decision
    dossier = _home_dossier(args, out, clock)
    existing = dossier.drafts.report_of(claimed.application_id)
    if existing is not None:
        report = dossier.drafts.load(existing.id)
    else:
        application = dossier.drafts.load(claimed.application_id)
        assert isinstance(application, Application)
        decision, checked = check_decision(data, catalog, application)
        report = report_for(decision, application, clock, checked)
    _write_output(args.output, report.model_dump_json(indent=2).encode() + b"\n")
    out.say(
        f"Verslag (concept) opgeslagen in {args.output}. Vul het in en maak er een bundel van.",
        f"Report draft saved to {args.output}. Fill it in and make a bundle of it.",
    )
    return EXIT_OK


def cmd_settle(args: argparse.Namespace, out: _Out, clock: Clock) -> int:
    from desktop_app.core.money import format_money
    from desktop_app.officials.decide import settle

    catalog = _catalog(args, out)
    store = _case_store(args.store)
    try:
        wanted = _case_id(args.case)
        case = store.case(wanted)
        if case is not None and case.kind == "application":
            case = next(
                (
                    c
                    for c in store.cases()
                    if c.kind == "report"
                    and Report.model_validate_json(store.document_json(c.bundle_id)).application_id
                    == wanted
                ),
                None,
            )
        if case is None:
            raise UserError(
                "settle.no_report",
                Text(
                    nl=f"Bij {args.case} staat geen verslag in {args.store}.",
                    en=f"There is no report for {args.case} in {args.store}.",
                ),
            )
        done = settle(store, case, catalog)
    finally:
        store.close()
    out.say(
        f"Vastgesteld op {format_money(done.settled, 'nl')} (terugbetalen: "
        f"{format_money(done.pay_back, 'nl')}).",
        f"Settled at {format_money(done.settled, 'en')} (to pay back: "
        f"{format_money(done.pay_back, 'en')}).",
    )
    return EXIT_OK


COMMANDS = {
    "decide": cmd_decide,
    "receive": cmd_receive,
    "report": cmd_report,
    "settle": cmd_settle,
    "insight": cmd_insight,
    "overview": cmd_insight,
    "keys": cmd_keys,
    "submit": cmd_submit,
    "outbox": cmd_outbox,
    "intake": cmd_intake,
    "fetch": cmd_fetch,
    "import": cmd_import,
    "export": cmd_export,
    "regelingen": cmd_regelingen,
    "example": cmd_example,
    "validate": cmd_validate,
    "questions": cmd_questions,
    "pdf": cmd_pdf,
    "bundle": cmd_bundle,
    "verify": cmd_verify,
}


def version() -> str:
    """The installed version, or the package's own when it runs from a source folder."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("klein-initiatief")
    except PackageNotFoundError:
        from desktop_app import __version__

        return __version__


def unexpected_message(log_file: Path | None) -> Text:
    """What a person reads after an error nobody foresaw: no details, where the log is."""
    text = Text(
        nl="Er ging iets mis in het programma. Er is niets veranderd. Probeer het opnieuw.",
        en="Something went wrong in the program. Nothing was changed. Please try again.",
    )
    if log_file is None:
        return text
    return Text(
        nl=f"{text.nl} Blijft het misgaan? Geef dan het logbestand aan wie u helpt: {log_file}",
        en=f"{text.en} Does it keep going wrong? Then give the log file to whoever helps you: "
        f"{log_file}",
    )


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    setup_logging()
    language: Language = "nl"
    args: argparse.Namespace | None = None
    out = _Out(language, stdout or sys.stdout, stderr or sys.stderr)
    try:
        out.language = language = detect_language(os.environ)
        args = build_parser().parse_args(argv)
        out.language = language = args.lang or language
        return _run(args, out, clock)
    except KeyboardInterrupt:
        out.error(Text(nl="Afgebroken.", en="Interrupted."))
        return 130
    except Exception:  # a bug: the details go to the log file, the person gets one clear line
        command = getattr(args, "command", None)
        log.exception("unexpected error on the command line (command: %s)", command)
        message = unexpected_message(current_log_file())
        if getattr(args, "json", False):
            out.json({"error": {"code": "unexpected", "message": message.model_dump()}})
        out.error(message)
        return EXIT_UNREADABLE


def _run(args: argparse.Namespace, out: _Out, clock: Clock | None) -> int:
    language = out.language
    if args.command == "behandelaar":
        from desktop_app.ui.officials_window import run_officials  # Qt only for the window

        store = args.store or _paths(args).root / "behandelaar"
        return run_officials(store, language, Catalog.default(args.forms), SystemClock())
    if args.command is None:
        from desktop_app.ui.app import run_app  # Qt only when the window is wanted

        paths = AppPaths(args.data_dir) if args.data_dir else None
        return run_app(language=language, extra_forms=args.forms, paths=paths)
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


if __name__ == "__main__":
    raise SystemExit(main())
