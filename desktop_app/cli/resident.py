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
from desktop_app.core.i18n import N_, text
from desktop_app.core.text import Language

if TYPE_CHECKING:
    from desktop_app.core.documents import Application, Report
    from desktop_app.core.engine import Result
    from desktop_app.core.regeling import Regeling


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
            text(
                N_("'{amount}' is geen bedrag. Schrijf het als 450 of 1.200,50."),
                amount=args.amount[:40],
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
    name = route.label if route else text(N_("de enige route"))
    out.say(
        N_("{regeling}, {amount}: {route} — {count} verplichte antwoorden op {pages} pagina's."),
        regeling=regeling.name,
        amount=format_money(amount, out.language),
        route=name,
        count=count,
        pages=pages,
    )
    for q in listed:
        need = out.words(N_("verplicht")) if q.required else ""
        if q.one_of:
            need = out.words(N_("één van {fields}"), fields=", ".join(q.one_of))
        elif q.conditional:
            need = out.words(N_("soms"))
        title, label = q.page_title.get(out.language), q.label.get(out.language)
        out.line(f"  {q.page}. {title} | {q.id} | {label} | {need}")
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
        line = out.words(
            N_("{id}  versie {version}  geldig {valid_from} t/m {until}  {municipality}: {name}"),
            id=r.id,
            version=r.version,
            valid_from=r.valid_from.isoformat(),
            until=until,
            municipality=r.municipality,
            name=r.name,
        )
        if examples:
            line += out.words(N_("  ({count} voorbeeldwaarden, nog te bevestigen)"), count=examples)
        out.line(line)
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
        N_("Voorbeeldaanvraag voor '{name}' opgeslagen in {path}."),
        name=regeling.name,
        path=str(args.output),
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
        said = N_("FOUT {code}{where}: {message}")
        if verdict.severity != "blocking":
            said = N_("LET OP {code}{where}: {message}")
        where = f" [{verdict.fields[0]}]" if verdict.fields else ""
        out.say(said, code=verdict.code, where=where, message=verdict.message)
    blocking, warnings = len(result.blocking), len(result.warnings)
    if result.ok:
        out.say(
            N_("In orde: {file} voldoet aan '{name}' ({warnings} waarschuwingen)."),
            file=str(args.file),
            name=regeling.name,
            warnings=warnings,
        )
        return EXIT_OK
    out.say(
        N_("Niet in orde: {blocking} fouten en {warnings} waarschuwingen. Los de fouten op."),
        blocking=blocking,
        warnings=warnings,
    )
    return EXIT_FAILS


def _signer(
    args: argparse.Namespace, regeling: Regeling, document: Application | Report, clock: Clock
) -> Any:
    """The initiative's signer, or None with --unsigned."""
    if args.unsigned:
        return None
    from desktop_app.resident.service import loose_files

    try:
        return loose_files.file_signer(app_paths(args), regeling, document, clock)
    except UserError as error:
        raise UserError(
            error.code,
            text(N_("{message} Gebruik --unsigned om dat te doen."), message=error.message),
        ) from error


def _made(args: argparse.Namespace, out: Out, path: Path, signed: bool, extra: dict) -> None:
    if args.json:
        out.json({"path": str(path), "signed": signed, **extra})
        return
    if signed:
        out.say(N_("Opgeslagen in {path} (digitaal ondertekend)."), path=str(path))
    else:
        out.say(N_("Opgeslagen in {path} (NIET digitaal ondertekend)."), path=str(path))


def cmd_pdf(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import read_document
    from desktop_app.resident.service import loose_files

    document = read_document(args.file)
    regeling = load_catalog(args, out).get(document.regeling.id, document.regeling.version)
    result = evaluate(regeling, document, args.today or today(clock))
    signer = _signer(args, regeling, document, clock)
    made = loose_files.make_pdf_file(
        document, regeling, result.verdicts, signer, args.output, clock
    )
    _made(args, out, args.output, made.signed, {"sha256": made.sha256})
    return EXIT_OK


def cmd_bundle(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import read_document
    from desktop_app.resident.service import loose_files

    document = read_document(args.file)
    regeling = load_catalog(args, out).get(document.regeling.id, document.regeling.version)
    result = evaluate(regeling, document, args.today or today(clock))
    if not result.ok:
        for verdict in result.blocking:
            out.error(verdict.message)
        out.error(
            text(
                N_("Geen bundel gemaakt: los eerst de {count} fouten op."),
                count=str(len(result.blocking)),
            )
        )
        return EXIT_FAILS
    signer = _signer(args, regeling, document, clock)
    made = loose_files.make_bundle_file(
        document, regeling, result.verdicts, app_paths(args), signer, args.output, clock
    )
    _made(args, out, args.output, made.signed, {"bundle_id": str(document.id)})
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.resident.service import loose_files

    result = loose_files.verify_file(args.bundle)
    if args.json:
        out.json(result.as_json())
    elif result.ok:
        out.say(
            N_(
                "In orde: {message} ({count} bestanden gecontroleerd; certificaat SHA-256 "
                "{certificate})."
            ),
            message=result.message,
            count=len(result.members),
            certificate=str(result.certificate_sha256),
        )
    else:
        out.error(
            text(N_("NIET IN ORDE ({code}): {message}"), code=result.code, message=result.message)
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
        out.say(N_("Uw aanvraag is niet toegekend. Er is geen verslag nodig."))
        return EXIT_OK
    regeling = catalog.get(received.application.regeling.id, received.application.regeling.version)
    weeks = regeling.parameter_value(regeling.report.deadline_weeks)
    from desktop_app.core.engine import report_tier

    tier = report_tier(regeling, received.report)
    label = next((t.label for t in regeling.report.tiers if t.id == tier), None)
    what = label.get(out.language) if label else tier
    said = N_(
        "Besluit ingelezen. Na de activiteit maakt u binnen {weeks} weken een verslag: {what}."
    )
    if not received.checked:
        said = N_(
            "Besluit ingelezen (niet gecontroleerd). Na de activiteit maakt u binnen {weeks} "
            "weken een verslag: {what}."
        )
    out.say(said, weeks=str(weeks), what=what)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.resident.service import ResidentService

    catalog = load_catalog(args, out)
    dossier = home_dossier(args, out, clock)
    report = ResidentService(catalog, clock).report_draft(dossier, args.decision)
    write_output(args.output, report.model_dump_json(indent=2).encode() + b"\n")
    out.say(
        N_("Verslag (concept) opgeslagen in {path}. Vul het in en maak er een bundel van."),
        path=str(args.output),
    )
    return EXIT_OK
