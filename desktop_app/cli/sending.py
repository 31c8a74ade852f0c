"""Sending: submit a bundle, the outbox (and --send), and the intake service a
municipality runs. The HTTP client and the intake server load only when these run."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from typing import Any

from desktop_app.cli.common import Out, app_paths, load_catalog, resident_dossiers
from desktop_app.cli.exit_codes import EXIT_FAILS, EXIT_OK, EXIT_UNREADABLE
from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.text import Language


def _item_json(item: Any, language: Language) -> dict[str, Any]:
    from desktop_app.resident.service import submission_status

    return {
        "bundle_id": item.bundle_id,
        "kind": item.kind,
        "title": item.title,
        "state": item.state,
        "status": submission_status(item).get(language),
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at.isoformat() if item.state == "queued" else None,
        "reference": item.reference,
        "sent_at": item.sent_at.isoformat() if item.sent_at else None,
        "error_code": item.last_error_code,
        "error": item.last_error.model_dump() if item.last_error else None,
        "receipt": json.loads(item.receipt) if item.receipt else None,
    }


def cmd_submit(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.resident.service import loose_files, submission_status

    catalog = load_catalog(args, out)
    outbox = loose_files.open_outbox(app_paths(args))
    client = loose_files.http_client(args.timeout)
    keys = tuple(args.receipt_key) if args.receipt_key else None
    try:
        item = loose_files.submit_file(
            outbox, args.bundle, catalog, clock, client, args.endpoint, keys
        )
    except loose_files.BundleRefusedError as error:
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
    if args.json:
        out.json(_item_json(item, out.language))
    else:
        out.line(submission_status(item).get(out.language))
    return EXIT_OK if item.state == "sent" else EXIT_FAILS


def cmd_outbox(args: argparse.Namespace, out: Out, clock: Clock) -> int:
    from desktop_app.resident.service import loose_files, printable_receipt, submission_status

    outbox = loose_files.open_outbox(app_paths(args))
    if args.receipt:
        item = outbox.get(args.receipt)
        receipt = printable_receipt(item) if item else None
        if receipt is None:
            raise UserError(
                "outbox.no_receipt",
                text(
                    N_("Er is (nog) geen ontvangstbevestiging voor {bundle_id}."),
                    bundle_id=args.receipt[:64],
                ),
            )
        out.line(receipt.get(out.language))
        return EXIT_OK
    items = list(outbox.items())
    resident, dossiers = resident_dossiers(args, out, clock)
    if args.send:
        loose_files.send_outbox(outbox, resident.client, clock)
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
        out.say(N_("De wachtrij is leeg."))
    for item in items:
        name = item.title or item.bundle_id
        out.line(f"{name} ({item.bundle_id}): {submission_status(item).get(out.language)}")
    return EXIT_OK


def cmd_intake(args: argparse.Namespace, out: Out, clock: Clock) -> int:
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
            text(
                N_(
                    "De ontvangstdienst is niet geïnstalleerd. Installeer hem met: "
                    "pip install 'klein-initiatief[intake]'"
                )
            ),
        ) from exc
    try:
        officials = read_token(args.officials_token_file, OFFICIALS_TOKEN_ENV)
        submit = read_token(args.submit_token_file, SUBMIT_TOKEN_ENV)
    except OSError as exc:
        raise UserError(
            "intake.token_unreadable",
            text(N_("Het bestand met de toegangscode kan niet worden gelezen.")),
        ) from exc
    if not is_loopback(args.host) and officials is None:
        raise UserError(
            "intake.needs_token",
            text(
                N_(
                    "Wie de dienst op een ander adres dan 127.0.0.1 laat luisteren, moet de "
                    "bundels beschermen: geef --officials-token-file op."
                )
            ),
        )
    from desktop_app.storage.sql import is_url, shown_location

    store_url = args.store or os.environ.get(STORE_ENV, "").strip() or None
    if store_url is not None and not is_url(store_url):
        raise UserError(
            "intake.bad_store",
            text(
                N_(
                    "--store moet een adres zijn dat begint met postgresql://. Laat het weg "
                    "om de gegevens in de map van --data te bewaren."
                )
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
            text(
                N_(
                    "De opslag {where} kan niet worden geopend. Kijk of de map of de "
                    "database bestaat en of de dienst er toegang toe heeft."
                ),
                where=where,
            ),
        ) from exc
    return EXIT_OK
