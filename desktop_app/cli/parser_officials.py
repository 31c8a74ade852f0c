"""The officials' commands on the command line: import, export, fetch, keys, decide, settle,
insight (and receive/report, the resident's side of a decision)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.cli.parser import Words, _date_in, _json, _output, _store
from desktop_app.core.i18n import N_


def add_officials_commands(commands: Any, t: Words) -> None:
    """import, behandelaar, export, fetch, keys; decide, receive, report, settle; insight."""
    importer = commands.add_parser(
        "import",
        help=t(
            N_(
                "behandelaar: bundels (bestanden of mappen) controleren en in de "
                "dossieropslag zetten"
            )
        ),
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar=t(N_("PAD")))
    _store(importer, t, url=True)
    _json(importer, t)

    officials = commands.add_parser(
        "behandelaar",
        help=t(N_("behandelaar: het venster van de behandelaar openen")),
    )
    officials.add_argument(
        "--store",
        type=Path,
        metavar=t(N_("OPSLAG")),
        help=t(N_("map van de dossieropslag")),
    )

    exporter = commands.add_parser(
        "export",
        help=t(N_("behandelaar: de dossiers exporteren als CSV (subsidieregister) of XLSX")),
    )
    _store(exporter, t, url=True)
    exporter.add_argument("--format", required=True, choices=["csv", "xlsx"])
    _output(exporter, t, N_("bestand om te schrijven"))

    fetch = commands.add_parser(
        "fetch",
        help=t(
            N_("behandelaar: de nieuwe bundels van een ontvangstdienst in de dossieropslag zetten")
        ),
    )
    fetch.add_argument(
        "url",
        metavar=t(N_("ADRES")),
        help=t(N_("de ontvangstdienst, bijv. https://intake.example.nl")),
    )
    _store(fetch, t, url=True)
    _json(fetch, t)

    keys = commands.add_parser(
        "keys",
        help=t(
            N_("behandelaar: de openbare sleutels van de gemeente, voor in haar regelingbestand")
        ),
    )
    _store(keys, t)
    keys.add_argument(
        "--with-sealing",
        action="store_true",
        help=t(N_("ook een sleutel om bundels voor te verzegelen (alleen de gemeente opent ze)")),
    )
    keys.add_argument(
        "--write-into",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(
            N_("een kopie van het regelingbestand: zet daar decision_keys (en encryption_keys) in")
        ),
    )
    _add_cycle_commands(commands, t)
    _add_insight_command(commands, t)


def _add_cycle_commands(commands: Any, t: Words) -> None:
    decide = commands.add_parser(
        "decide",
        help=t(N_("behandelaar: besluiten over een aanvraag (schrijft het besluit en de brief)")),
    )
    decide.add_argument(
        "case",
        metavar=t(N_("DOSSIER")),
        help=t(N_("het nummer van de aanvraag (bundel-id)")),
    )
    _store(decide, t, url=True)
    decide.add_argument(
        "--revise",
        type=int,
        metavar=t(N_("VERSIE")),
        help=t(
            N_(
                "besluit versie VERSIE herzien (de huidige); zonder dit alleen een aanvraag "
                "waarover nog niemand besloot"
            )
        ),
    )
    outcome = decide.add_mutually_exclusive_group(required=True)
    outcome.add_argument(
        "--grant",
        metavar=t(N_("BEDRAG")),
        help=t(N_("dit bedrag toekennen, bijv. 300")),
    )
    outcome.add_argument("--reject", action="store_true", help=t(N_("niet toekennen")))
    decide.add_argument(
        "--reason",
        metavar=t(N_("REDEN")),
        required=True,
        help=t(N_("de reden, in gewone woorden")),
    )
    _output(decide, t, N_("besluitbestand (de brief als PDF ernaast)"))
    receive = commands.add_parser(
        "receive",
        help=t(N_("een besluitbestand in het eigen dossier zetten; zegt welk verslag nodig is")),
    )
    receive.add_argument("file", type=Path, metavar=t(N_("BESTAND")))
    receive.add_argument(
        "--application",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(N_("de aanvraag waar het over gaat, als die nog niet in het eigen dossier staat")),
    )
    report = commands.add_parser(
        "report",
        help=t(N_("een concept-verslag maken bij een besluitbestand")),
    )
    report.add_argument("decision", type=Path, metavar=t(N_("BESLUIT")))
    _output(report, t, N_("bestand om te schrijven"))
    settle = commands.add_parser(
        "settle",
        help=t(N_("behandelaar: het verslag over een dossier vaststellen")),
    )
    settle.add_argument(
        "case",
        metavar=t(N_("DOSSIER")),
        help=t(N_("het nummer van het verslag of de aanvraag")),
    )
    _store(settle, t)


def _add_insight_command(commands: Any, t: Words) -> None:
    insight = commands.add_parser(
        "overview",
        aliases=["insight"],
        help=t(
            N_(
                "behandelaar: het overzicht per gebied en doel over een periode (XLSX, PDF, "
                "JSON), zonder namen"
            )
        ),
    )
    _store(insight, t)
    insight.add_argument(
        "--regeling",
        metavar="REGELING",
        help=t(N_("naam (id) van de regeling (nodig als er meer in de opslag staan)")),
    )
    insight.add_argument(
        "--from",
        dest="start",
        type=_date_in(t),
        metavar=t(N_("DATUM")),
        help=t(N_("eerste dag (JJJJ-MM-DD)")),
    )
    insight.add_argument(
        "--to",
        dest="end",
        type=_date_in(t),
        metavar=t(N_("DATUM")),
        help=t(N_("laatste dag (JJJJ-MM-DD)")),
    )
    insight.add_argument(
        "--by",
        choices=["activity", "import"],
        default="activity",
        help=t(
            N_(
                "welke datum een aanvraag in de periode plaatst (standaard: de datum van de "
                "activiteit)"
            )
        ),
    )
    insight.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(N_("BESTAND.xlsx (werkmap) of BESTAND.pdf (verslag) opslaan")),
    )
    insight.add_argument(
        "--xlsx",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(N_("de werkmap hier opslaan")),
    )
    insight.add_argument(
        "--pdf",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(N_("de PDF/A voor de commissie hier opslaan")),
    )
    _json(insight, t)
