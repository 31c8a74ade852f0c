"""The officials' commands: import, export, fetch, keys, decide, settle and insight. Each
calls the officials' service (and through it the case store, importer, openpyxl…) only when
it runs; the window calls the same methods."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop_app.cli.common import (
    Out,
    amount_of,
    case_id,
    load_catalog,
    open_officials,
    write_output,
)
from desktop_app.cli.exit_codes import EXIT_FAILS, EXIT_OK
from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext, text

if TYPE_CHECKING:
    from desktop_app.officials.service import ImportOutcome


def cmd_insight(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import insight

    catalog = load_catalog(args, out)
    service = open_officials(args, catalog, out, clock)
    try:
        period = insight.Period(args.start, args.end, args.by)
        made = insight.overview(service.store, catalog, args.regeling, period)
    finally:
        service.close()
    if args.output:
        insight.export(made, args.output, clock.now())
    if args.xlsx:
        write_output(args.xlsx, insight.to_xlsx(made))
    if args.pdf:
        write_output(args.pdf, insight.to_pdf(made, clock.now()))
    if args.json:
        out.json(insight.as_json(made))
    else:
        out.say(
            N_("{count} aanvragen in de periode; {sources} dossiers als bron."),
            count=made.total.applications_shown,
            sources=len(made.sources),
        )
    return EXIT_OK


def say_quarantined(out: Out, outcome: ImportOutcome) -> None:
    if outcome.quarantined:
        out.say(
            N_("    apart gezet in de quarantaine (map 'quarantine'): {name}"),
            name=str(outcome.quarantined),
        )


def cmd_import(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import STATUS_WORDS, bundle_files, count_outcomes

    catalog = load_catalog(args, out)
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        raise UserError(
            "import.missing",
            text(N_("{path} bestaat niet."), path=str(missing[0])),
        )
    if not bundle_files(args.paths):
        raise UserError(
            "import.nothing",
            text(N_("Er zijn geen bestanden gevonden om in te lezen.")),
        )
    service = open_officials(args, catalog, out, clock)
    try:
        outcomes = service.import_paths(args.paths)
    finally:
        service.close()
    if args.json:
        out.json([o.as_json() for o in outcomes])
    else:
        shown = {s: w.get(out.language) for s, w in STATUS_WORDS.items()}
        shown |= {"conflict": "CONFLICT", "rejected": gettext(out.language, N_("GEWEIGERD"))}
        for outcome in outcomes:
            message = outcome.message.get(out.language)
            out.line(f"{outcome.source}: {shown[outcome.status]} — {message}")
            say_quarantined(out, outcome)
        out.line(count_outcomes(outcomes).get(out.language))
    bad = sum(1 for o in outcomes if o.status in ("rejected", "conflict"))
    return EXIT_FAILS if bad else EXIT_OK


def cmd_export(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import dossier_count

    catalog = load_catalog(args, out)
    service = open_officials(args, catalog, out, clock)
    try:
        cases = service.cases()
        data = service.export(args.format, cases)
    finally:
        service.close()
    write_output(args.output, data)
    rows = dossier_count(cases)  # one row per dossier: its reports are columns of that row
    out.say(N_("{count} dossiers geëxporteerd naar {path}."), count=rows, path=str(args.output))
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import count_outcomes

    catalog = load_catalog(args, out)
    service = open_officials(args, catalog, out, clock)
    try:
        outcomes = service.fetch(args.url)
    finally:
        service.close()
    if args.json:
        out.json([o.as_json() for o in outcomes])
    else:
        if not outcomes:
            out.say(N_("Er zijn geen nieuwe bundels."))
        for outcome in outcomes:
            message = outcome.message.get(out.language)
            out.line(f"{outcome.source}: {outcome.status} — {message}")
            say_quarantined(out, outcome)
        out.line(count_outcomes(outcomes).get(out.language))
    bad = sum(1 for o in outcomes if o.status in ("rejected", "conflict"))
    return EXIT_FAILS if bad else EXIT_OK


def cmd_keys(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import keys_snippet, write_keys_into

    if args.write_into is None:
        out.line(keys_snippet(args.store, args.with_sealing).rstrip("\n"))
        return EXIT_OK
    path: Path = args.write_into
    write_keys_into(args.store, path, args.with_sealing)
    out.say(
        N_("De sleutels staan nu in {path}. Publiceer dit bestand als de regeling."),
        path=str(path),
    )
    return EXIT_OK


def cmd_decide(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    """The same decision, letter and files as the window's decide dialog
    (OfficialsService.decide); the files go where -o says."""
    from desktop_app.officials.service import TEST_LETTER, shown_location

    catalog = load_catalog(args, out)
    service = open_officials(args, catalog, out, clock)
    letter_path = args.output.with_suffix(".pdf")
    try:
        case = service.case(case_id(args.case))
        if case is None:
            raise UserError(
                "decide.unknown_case",
                text(
                    N_("Dossier {case} staat niet in {store}."),
                    case=args.case,
                    store=shown_location(args.store),
                ),
            )
        outcome: Literal["grant", "reject"] = "reject" if args.reject else "grant"
        amount = None if args.reject else amount_of(args.grant)
        # From the state the official names (nothing decided yet, or --revise VERSION), not
        # from whatever a colleague stored a moment ago: then the store refuses it plainly.
        seen = dataclasses.replace(case, revision=args.revise or 0)
        try:
            decided = service.decide(seen, outcome, amount, args.reason, args.output, letter_path)
        except UserError as error:
            if error.code != "decide.decided_elsewhere":
                raise
            current = service.case(case.bundle_id)
            version = current.revision if current else 0
            raise UserError(
                error.code,
                text(
                    N_("{message} Herzien: geef --revise {version}."),
                    message=error.message,
                    version=str(version),
                ),
            ) from error
    finally:
        service.close()
    said = out.words(
        N_("Besluit opgeslagen in {path}, de brief in {letter}."),
        path=str(args.output),
        letter=str(letter_path),
    )
    out.line(said + ("" if decided.official else out.words(TEST_LETTER)))
    return EXIT_OK


def cmd_settle(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    """The same settlement as the window's (OfficialsService.settle): the report, or the
    report about the application given."""
    from desktop_app.core.money import format_money

    catalog = load_catalog(args, out)
    service = open_officials(args, catalog, out, clock)
    try:
        wanted = case_id(args.case)
        try:
            report = service.report_for(service.case(wanted))
        except UserError as error:
            if error.code != "settle.no_report":
                raise
            raise UserError(
                error.code,
                text(
                    N_("Bij {case} staat geen verslag in {store}."),
                    case=args.case,
                    store=str(args.store),
                ),
            ) from error
        done = service.settle(report)
    finally:
        service.close()
    out.say(
        N_("Vastgesteld op {settled} (terugbetalen: {pay_back})."),
        settled=format_money(done.settled, out.language),
        pay_back=format_money(done.pay_back, out.language),
    )
    return EXIT_OK
