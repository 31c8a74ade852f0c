"""The officials' commands: import, export, fetch, keys, decide, settle and insight. Each
imports the officials' code (case store, importer, openpyxl…) only when it runs."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import (
    Out,
    amount_of,
    case_id,
    load_catalog,
    open_case_store,
    open_officials,
    write_output,
)
from desktop_app.cli.exit_codes import EXIT_FAILS, EXIT_OK
from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.text import Text

if TYPE_CHECKING:
    from desktop_app.officials.service import ImportOutcome


def cmd_insight(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import insight

    catalog = load_catalog(args, out)
    store = open_case_store(args.store)
    try:
        period = insight.Period(args.start, args.end, args.by)
        made = insight.overview(store, catalog, args.regeling, period)
    finally:
        store.close()
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
            f"{made.total.applications_shown} aanvragen in de periode; "
            f"{len(made.sources)} dossiers als bron.",
            f"{made.total.applications_shown} applications in the period; "
            f"{len(made.sources)} cases as sources.",
        )
    return EXIT_OK


def say_quarantined(out: Out, outcome: ImportOutcome) -> None:
    if outcome.quarantined:
        out.say(
            f"    apart gezet in de quarantaine (map 'quarantine'): {outcome.quarantined}",
            f"    set aside in quarantine (folder 'quarantine'): {outcome.quarantined}",
        )


def cmd_import(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.service import STATUS_WORDS, bundle_files, count_outcomes

    catalog = load_catalog(args, out)
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
    service = open_officials(args, catalog, out, clock)
    try:
        outcomes = service.import_paths(args.paths)
    finally:
        service.close()
    if args.json:
        out.json([o.as_json() for o in outcomes])
    else:
        shown = {s: (w.nl, w.en) for s, w in STATUS_WORDS.items()}
        shown |= {"conflict": ("CONFLICT", "CONFLICT"), "rejected": ("GEWEIGERD", "REJECTED")}
        for outcome in outcomes:
            nl, en = shown[outcome.status]
            out.say(
                f"{outcome.source}: {nl} — {outcome.message.nl}",
                f"{outcome.source}: {en} — {outcome.message.en}",
            )
            say_quarantined(out, outcome)
        summary = count_outcomes(outcomes)
        out.say(summary.nl, summary.en)
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
    out.say(
        f"{rows} dossiers geëxporteerd naar {args.output}.",
        f"{rows} cases exported to {args.output}.",
    )
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.officials.fetch import fetch_new
    from desktop_app.officials.service import count_outcomes

    token = os.environ.get("KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN", "").strip() or None
    if token is None:
        import keyring

        from desktop_app.submit.client import keyring_tokens

        token = keyring_tokens(keyring.get_keyring())(args.url)
    catalog = load_catalog(args, out)
    store = open_case_store(args.store)
    try:
        outcomes = fetch_new(
            args.url, store, catalog, clock, token=token, private_keys=sealing_keys_of(store.folder)
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
            say_quarantined(out, outcome)
        summary = count_outcomes(outcomes)
        out.say(summary.nl, summary.en)
    bad = sum(1 for o in outcomes if o.status in ("rejected", "conflict"))
    return EXIT_FAILS if bad else EXIT_OK


def sealing_keys_of(store: Path) -> Any:
    """The municipality's keys that open sealed bundles, from the store's keys folder."""
    import keyring

    from desktop_app.officials.keys import sealing_keys

    return sealing_keys(store / "keys", keyring.get_keyring())


def cmd_keys(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    import keyring

    from desktop_app.core.loader import load_regeling_file
    from desktop_app.officials.keys import keys_snippet, published_keys, write_keys_into
    from desktop_app.storage.atomic import write_atomic

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


def cmd_decide(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    import dataclasses

    import keyring

    from desktop_app.documents.decision import read_signed
    from desktop_app.officials.decide import decide
    from desktop_app.officials.keys import decision_key, is_pinned
    from desktop_app.officials.letter import decision_letter
    from desktop_app.officials.service import rejection_reasons
    from desktop_app.officials.store import shown_location

    catalog = load_catalog(args, out)
    store = open_case_store(args.store)
    try:
        case = store.case(case_id(args.case))
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
        amount = None if args.reject else amount_of(args.grant)
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
        reasons=rejection_reasons(case, out.language) if args.reject else (),
    )
    write_output(args.output, signed)
    letter_path = args.output.with_suffix(".pdf")
    write_output(letter_path, letter)
    out.say(
        f"Besluit opgeslagen in {args.output}, de brief in {letter_path}."
        + ("" if official else " De brief is een PROEF: de sleutel is niet gepubliceerd."),
        f"Decision saved to {args.output}, the letter to {letter_path}."
        + ("" if official else " The letter is a TEST: the key is not published."),
    )
    return EXIT_OK


def cmd_settle(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.documents import Report
    from desktop_app.core.money import format_money
    from desktop_app.officials.decide import settle

    catalog = load_catalog(args, out)
    store = open_case_store(args.store)
    try:
        wanted = case_id(args.case)
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
