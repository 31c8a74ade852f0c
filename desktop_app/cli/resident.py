"""The resident's commands: regelingen, example, questions, validate, pdf, bundle, verify,
receive and report. Each imports the code it runs when it runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import Out, app_paths, home_dossier, load_catalog, write_output
from desktop_app.cli.exit_codes import EXIT_FAILS, EXIT_OK, EXIT_UNREADABLE
from desktop_app.core.clock import Clock, today
from desktop_app.core.errors import UserError
from desktop_app.core.text import Language, Text

if TYPE_CHECKING:
    from desktop_app.core.documents import Application, Report
    from desktop_app.core.engine import Result
    from desktop_app.core.regeling import Regeling
    from desktop_app.resident.service import AttachmentStore


def cmd_questions(args: argparse.Namespace, out: Out, clock: Clock) -> int:
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
    regeling = load_catalog(args, out).current(args.regeling, today(clock))
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


def cmd_regelingen(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    catalog = load_catalog(args, out)
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


def cmd_example(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.loader import example_application

    catalog = load_catalog(args, out)
    regeling = catalog.current(args.regeling, today(clock))
    application = example_application(regeling, clock, out.language)
    data = application.model_dump_json(indent=2).encode() + b"\n"
    if str(args.output) == "-":
        out.stdout.write(data.decode())
        return EXIT_OK
    write_output(args.output, data)
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


def cmd_validate(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import read_document

    document = read_document(args.file)
    catalog = load_catalog(args, out)
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


def _signer(
    args: argparse.Namespace, regeling: Regeling, document: Application | Report, clock: Clock
) -> Any:
    """The initiative's signer, or None with --unsigned."""
    if args.unsigned:
        return None
    import keyring

    from desktop_app.documents.service import SigningKeys, signer_for

    keys = SigningKeys(app_paths(args).keys, keyring.get_keyring(), clock)
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


def _made(args: argparse.Namespace, out: Out, path: Path, signed: bool, extra: dict) -> None:
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


def cmd_pdf(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import read_document
    from desktop_app.documents.service import default_signature, make_pdf

    document = read_document(args.file)
    regeling = load_catalog(args, out).get(document.regeling.id, document.regeling.version)
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


def cmd_bundle(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import read_document
    from desktop_app.documents.service import make_bundle
    from desktop_app.resident.service import AttachmentStore

    document = read_document(args.file)
    regeling = load_catalog(args, out).get(document.regeling.id, document.regeling.version)
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
    store = _StoredAttachments(AttachmentStore(app_paths(args).attachments))
    made = make_bundle(document, regeling, result.verdicts, store, signer, args.output, clock=clock)
    _made(args, out, args.output, made.signed, {"bundle_id": str(document.id)})
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, out: Out, clock: Clock) -> int:
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


def cmd_receive(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.documents import Application
    from desktop_app.core.loader import read_document
    from desktop_app.resident.service import UNCHECKABLE, ResidentService

    catalog = load_catalog(args, out)
    dossier = home_dossier(args, out, clock)
    if args.application is not None:
        given = read_document(args.application)
        if isinstance(given, Application):
            try:
                dossier.drafts.load(given.id)
            except UserError:  # not here yet: keep it as handed in
                dossier.drafts.save(given, "sent")
    received = ResidentService(catalog, clock).receive(dossier, args.file)
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


def cmd_report(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.resident.service import ResidentService

    catalog = load_catalog(args, out)
    dossier = home_dossier(args, out, clock)
    report = ResidentService(catalog, clock).report_draft(dossier, args.decision)
    write_output(args.output, report.model_dump_json(indent=2).encode() + b"\n")
    out.say(
        f"Verslag (concept) opgeslagen in {args.output}. Vul het in en maak er een bundel van.",
        f"Report draft saved to {args.output}. Fill it in and make a bundle of it.",
    )
    return EXIT_OK
