"""The officials' commands on the command line: import, export, fetch, keys, decide, settle,
insight (and receive/report, the resident's side of a decision)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.cli.parser import Words, _date_in, _json, _output, _store


def add_officials_commands(commands: Any, t: Words) -> None:
    """import, behandelaar, export, fetch, keys; decide, receive, report, settle; insight."""
    importer = commands.add_parser(
        "import",
        help=t(
            "behandelaar: bundels (bestanden of mappen) controleren en in de dossieropslag zetten",
            "officials: verify bundles (files or folders) and add them to the case store",
        ),
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar=t("PAD", "PATH"))
    _store(importer, t, url=True)
    _json(importer, t)

    officials = commands.add_parser(
        "behandelaar",
        help=t(
            "behandelaar: het venster van de behandelaar openen",
            "officials: open the officials' window",
        ),
    )
    officials.add_argument(
        "--store",
        type=Path,
        metavar=t("OPSLAG", "STORE"),
        help=t("map van de dossieropslag", "folder of the case store"),
    )

    exporter = commands.add_parser(
        "export",
        help=t(
            "behandelaar: de dossiers exporteren als CSV (subsidieregister) of XLSX",
            "officials: export the cases as CSV (subsidy register) or XLSX",
        ),
    )
    _store(exporter, t, url=True)
    exporter.add_argument("--format", required=True, choices=["csv", "xlsx"])
    _output(exporter, t, "bestand om te schrijven", "file to write")

    fetch = commands.add_parser(
        "fetch",
        help=t(
            "behandelaar: de nieuwe bundels van een ontvangstdienst in de dossieropslag zetten",
            "officials: import the new bundles from an intake service into the case store",
        ),
    )
    fetch.add_argument(
        "url",
        metavar=t("ADRES", "URL"),
        help=t(
            "de ontvangstdienst, bijv. https://intake.example.nl",
            "the intake service, e.g. https://intake.example.nl",
        ),
    )
    _store(fetch, t, url=True)
    _json(fetch, t)

    keys = commands.add_parser(
        "keys",
        help=t(
            "behandelaar: de openbare sleutels van de gemeente, voor in haar regelingbestand",
            "officials: the municipality's public keys, to publish in its regeling file",
        ),
    )
    _store(keys, t)
    keys.add_argument(
        "--with-sealing",
        action="store_true",
        help=t(
            "ook een sleutel om bundels voor te verzegelen (alleen de gemeente opent ze)",
            "also a key residents seal bundles to (only the municipality can open them)",
        ),
    )
    keys.add_argument(
        "--write-into",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "een kopie van het regelingbestand: zet daar decision_keys (en encryption_keys) in",
            "a copy of the regeling file: set its decision_keys (and encryption_keys) there",
        ),
    )
    _add_cycle_commands(commands, t)
    _add_insight_command(commands, t)


def _add_cycle_commands(commands: Any, t: Words) -> None:
    decide = commands.add_parser(
        "decide",
        help=t(
            "behandelaar: besluiten over een aanvraag (schrijft het besluit en de brief)",
            "officials: decide on an application (writes the decision and the letter)",
        ),
    )
    decide.add_argument(
        "case",
        metavar=t("DOSSIER", "CASE"),
        help=t("het nummer van de aanvraag (bundel-id)", "the application's id (bundle id)"),
    )
    _store(decide, t, url=True)
    decide.add_argument(
        "--revise",
        type=int,
        metavar=t("VERSIE", "VERSION"),
        help=t(
            "besluit versie VERSIE herzien (de huidige); zonder dit alleen een aanvraag waarover "
            "nog niemand besloot",
            "revise decision version VERSION (the current one); without it only a case nobody "
            "decided yet is decided",
        ),
    )
    outcome = decide.add_mutually_exclusive_group(required=True)
    outcome.add_argument(
        "--grant",
        metavar=t("BEDRAG", "AMOUNT"),
        help=t("dit bedrag toekennen, bijv. 300", "grant this amount, e.g. 300"),
    )
    outcome.add_argument("--reject", action="store_true", help=t("niet toekennen", "do not grant"))
    decide.add_argument(
        "--reason",
        metavar=t("REDEN", "REASON"),
        required=True,
        help=t("de reden, in gewone woorden", "the reason, in plain words"),
    )
    _output(
        decide,
        t,
        "besluitbestand (de brief als PDF ernaast)",
        "decision file (the letter PDF beside it)",
    )
    receive = commands.add_parser(
        "receive",
        help=t(
            "een besluitbestand in het eigen dossier zetten; zegt welk verslag nodig is",
            "read a decision file into the home dossier; says what report is due",
        ),
    )
    receive.add_argument("file", type=Path, metavar=t("BESTAND", "FILE"))
    receive.add_argument(
        "--application",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "de aanvraag waar het over gaat, als die nog niet in het eigen dossier staat",
            "the application it is about, when it is not yet in the home dossier",
        ),
    )
    report = commands.add_parser(
        "report",
        help=t(
            "een concept-verslag maken bij een besluitbestand",
            "write a report draft from a decision file",
        ),
    )
    report.add_argument("decision", type=Path, metavar=t("BESLUIT", "DECISION"))
    _output(report, t, "bestand om te schrijven", "file to write")
    settle = commands.add_parser(
        "settle",
        help=t(
            "behandelaar: het verslag over een dossier vaststellen",
            "officials: settle the report about a case",
        ),
    )
    settle.add_argument(
        "case",
        metavar=t("DOSSIER", "CASE"),
        help=t("het nummer van het verslag of de aanvraag", "the report's or the application's id"),
    )
    _store(settle, t)


def _add_insight_command(commands: Any, t: Words) -> None:
    insight = commands.add_parser(
        "overview",
        aliases=["insight"],
        help=t(
            "behandelaar: het overzicht per gebied en doel over een periode (XLSX, PDF, JSON), "
            "zonder namen",
            "officials: the overview per area and goal for a period (XLSX, PDF, JSON), no names",
        ),
    )
    _store(insight, t)
    insight.add_argument(
        "--regeling",
        metavar="REGELING",
        help=t(
            "naam (id) van de regeling (nodig als er meer in de opslag staan)",
            "regeling id (needed when the store has several)",
        ),
    )
    insight.add_argument(
        "--from",
        dest="start",
        type=_date_in(t),
        metavar=t("DATUM", "DATE"),
        help=t("eerste dag (JJJJ-MM-DD)", "first day (YYYY-MM-DD)"),
    )
    insight.add_argument(
        "--to",
        dest="end",
        type=_date_in(t),
        metavar=t("DATUM", "DATE"),
        help=t("laatste dag (JJJJ-MM-DD)", "last day (YYYY-MM-DD)"),
    )
    insight.add_argument(
        "--by",
        choices=["activity", "import"],
        default="activity",
        help=t(
            "welke datum een aanvraag in de periode plaatst (standaard: de datum van de "
            "activiteit)",
            "which date puts an application in the period (default: its activity date)",
        ),
    )
    insight.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "BESTAND.xlsx (werkmap) of BESTAND.pdf (verslag) opslaan",
            "write FILE.xlsx (workbook) or FILE.pdf (report)",
        ),
    )
    insight.add_argument(
        "--xlsx",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t("de werkmap hier opslaan", "write the workbook here"),
    )
    insight.add_argument(
        "--pdf",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t("de PDF/A voor de commissie hier opslaan", "write the committee's PDF/A"),
    )
    _json(insight, t)
