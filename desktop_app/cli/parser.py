"""The command line's words: every command, option and help text, in Dutch or English.

Building the parser imports nothing heavy (no models, no PDF, no case store): `--help` and
opening the window stay quick. argparse's own words ("usage:", "options", its errors) follow
the same language through `argparse_language` (argparse looks them up through gettext)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.i18n import PSEUDO, available_languages

PROG = "klein-initiatief"

Words = Callable[[str, str], str]


def _words(language: str) -> Words:
    def pick(nl: str, en: str) -> str:
        return nl if language == "nl" else en

    return pick


def _date_in(t: Words) -> Callable[[str], dt.date]:
    def date(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                t(f"geen datum (JJJJ-MM-DD): {text!r}", f"not a date (YYYY-MM-DD): {text!r}")
            ) from exc

    return date


def _store_location(text: str) -> Path | str:
    """A plain folder path means SQLite in that folder; a postgresql:// URL a server."""
    from desktop_app.officials.store import is_url

    return text if is_url(text) else Path(text)


def _receipt_key_in(t: Words) -> Callable[[str], Any]:
    def receipt_key(text: str) -> Any:
        from desktop_app.core.regeling import PublicKey

        key_id, sep, value = text.partition("=")
        try:
            if not sep:
                raise ValueError(text)
            return PublicKey(key_id=key_id, ed25519=value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                t(
                    "geen sleutel (KEY_ID=BASE64, zoals GET /key van de ontvangstdienst die "
                    f"toont): {text!r}",
                    f"not a key (KEY_ID=BASE64, as GET /key of the intake service shows): {text!r}",
                )
            ) from exc

    return receipt_key


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The parser with its help in `language` ('nl' or 'en'). Call it (and parse) inside
    `argparse_language(language)` to have argparse's own words in that language too."""
    t = _words(language)
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=t(
            "Klein Initiatief: vraag een kleine subsidie van de gemeente aan en maak het "
            "verslag erover. Zonder opdracht opent het venster.",
            "Klein Initiatief: apply for and account for a small municipal subsidy. "
            "Without a command, the window opens.",
        ),
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help=t("het versienummer tonen en stoppen", "show the version number and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=[*available_languages(), PSEUDO],
        help=t(
            "taal van de meldingen (standaard: die van het systeem)",
            "language of messages (default: system)",
        ),
    )
    parser.add_argument(
        "--forms",
        action="append",
        type=Path,
        default=[],
        metavar=t("MAP", "DIR"),
        help=t(
            "nog een map met regelingbestanden (mag vaker)",
            "extra folder with regeling files (may be repeated)",
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar=t("MAP", "DIR"),
        help=t(
            "de map met de gegevens van de app (bijlagen, sleutels); standaard: die van de "
            "gebruiker",
            "the app's data folder (attachments, signing keys); default: the user's data folder",
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar=t("OPDRACHT", "COMMAND"))
    from desktop_app.cli.parser_officials import add_officials_commands

    _add_resident_commands(commands, t)
    add_officials_commands(commands, t)
    _add_submit_commands(commands, t)
    return parser


def _json(parser: argparse.ArgumentParser, t: Words) -> None:
    parser.add_argument(
        "--json", action="store_true", help=t("uitvoer voor programma's", "machine-readable output")
    )


def _output(parser: argparse.ArgumentParser, t: Words, nl: str, en: str) -> None:
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar=t("BESTAND", "FILE"), help=t(nl, en)
    )


def _today(parser: argparse.ArgumentParser, t: Words) -> None:
    parser.add_argument(
        "--today",
        type=_date_in(t),
        metavar=t("DATUM", "DATE"),
        help=t("alsof het deze datum is (JJJJ-MM-DD)", "as if it were this date (YYYY-MM-DD)"),
    )


def _store(parser: argparse.ArgumentParser, t: Words, url: bool = False) -> None:
    if url:
        parser.add_argument(
            "--store",
            metavar=t("OPSLAG", "STORE"),
            required=True,
            type=_store_location,
            help=t(
                "map van de dossieropslag (SQLite), of een postgresql://…-adres",
                "folder of the case store (SQLite), or a postgresql://… URL",
            ),
        )
    else:
        parser.add_argument(
            "--store",
            metavar=t("OPSLAG", "STORE"),
            required=True,
            type=Path,
            help=t("map van de dossieropslag", "folder of the case store"),
        )


def _add_resident_commands(commands: Any, t: Words) -> None:
    listing = commands.add_parser(
        "regelingen",
        help=t(
            "de regelingen met versie en geldigheid",
            "list the regelingen with version and validity",
        ),
    )
    _json(listing, t)

    example = commands.add_parser(
        "example",
        help=t(
            "een volledige, goede voorbeeldaanvraag maken",
            "write a complete, valid example application",
        ),
    )
    example.add_argument(
        "regeling",
        help=t(
            "naam (id) van de regeling, bijv. amsterdam-bewonersinitiatief",
            "regeling id, e.g. amsterdam-bewonersinitiatief",
        ),
    )
    _output(example, t, "bestand om te schrijven ('-' = scherm)", "file to write ('-' = stdout)")

    questions = commands.add_parser(
        "questions",
        help=t(
            "de vragen die een bewoner voor een bedrag moet beantwoorden (de last)",
            "list the questions a resident must answer for an amount (the burden)",
        ),
    )
    questions.add_argument(
        "regeling",
        help=t(
            "naam (id) van de regeling, bijv. amsterdam-bewonersinitiatief",
            "regeling id, e.g. amsterdam-bewonersinitiatief",
        ),
    )
    questions.add_argument(
        "--amount",
        metavar=t("BEDRAG", "AMOUNT"),
        required=True,
        help=t(
            "het gevraagde bedrag, bijv. 450 of 1.200,50 (euro)",
            "the amount asked, e.g. 450 or 1.200,50 (euros)",
        ),
    )
    _json(questions, t)

    validate = commands.add_parser(
        "validate",
        help=t(
            "een aanvraag of verslag controleren met de regeling",
            "check an application or report against its regeling",
        ),
    )
    validate.add_argument("file", type=Path, metavar=t("BESTAND", "FILE"))
    _json(validate, t)
    _today(validate, t)

    for name, nl, en in (
        (
            "pdf",
            "de PDF/A van een aanvraag of verslag maken, digitaal ondertekend",
            "make the PDF/A of an application or report, digitally signed",
        ),
        (
            "bundle",
            "de ondertekende bundel (zip) maken om in te dienen: gegevens, PDF, bijlagen",
            "make the signed bundle (zip) to hand in: data, PDF, attachments",
        ),
    ):
        maker = commands.add_parser(name, help=t(nl, en))
        maker.add_argument("file", type=Path, metavar=t("BESTAND", "FILE"))
        _output(maker, t, "bestand om te schrijven", "file to write")
        maker.add_argument(
            "--unsigned",
            action="store_true",
            help=t(
                "niet ondertekenen (er staat dan 'niet digitaal ondertekend' op)",
                "do not sign (the result says 'niet digitaal ondertekend / not digitally signed')",
            ),
        )
        _json(maker, t)
        _today(maker, t)

    verify = commands.add_parser(
        "verify",
        help=t(
            "een bundel controleren: heel (elke hash) en ondertekend (0 alleen als beide)",
            "check a bundle: intact (every hash) and signed (exit 0 only if both)",
        ),
    )
    verify.add_argument("bundle", type=Path, metavar=t("BUNDEL", "BUNDLE"))
    _json(verify, t)


def _add_submit_commands(commands: Any, t: Words) -> None:
    submit = commands.add_parser(
        "submit",
        help=t(
            "een bundel nu naar de gemeente sturen (zonder internet wacht hij in de wachtrij)",
            "send a bundle to the municipality now (it waits in the outbox if offline)",
        ),
    )
    submit.add_argument("bundle", type=Path, metavar=t("BUNDEL", "BUNDLE"))
    submit.add_argument(
        "--endpoint",
        metavar=t("ADRES", "URL"),
        help=t(
            "ontvangstdienst (standaard: die van de regeling)",
            "intake service (default: the regeling's)",
        ),
    )
    submit.add_argument(
        "--receipt-key",
        action="append",
        type=_receipt_key_in(t),
        metavar="KEY_ID=BASE64",
        help=t(
            "de sleutel van de ontvangstbevestigingen, met --endpoint (mag vaker)",
            "the intake service's receipt key, with --endpoint (may be repeated)",
        ),
    )
    submit.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar=t("SECONDEN", "SECONDS"),
        help=t("hoogstens zo lang op een antwoord wachten", "wait at most this long for an answer"),
    )
    _json(submit, t)

    outbox = commands.add_parser(
        "outbox",
        help=t(
            "wat wacht om verstuurd te worden, en wat verstuurd is",
            "list what waits to be sent, and what was sent",
        ),
    )
    outbox.add_argument(
        "--send",
        action="store_true",
        help=t("eerst versturen wat klaarstaat", "first try to send what is due"),
    )
    outbox.add_argument(
        "--receipt",
        metavar="BUNDLE_ID",
        help=t(
            "de ontvangstbevestiging van iets verstuurds tonen", "print the receipt of a sent item"
        ),
    )
    _json(outbox, t)

    intake = commands.add_parser(
        "intake",
        help=t(
            "gemeenten: de ontvangstdienst draaien (nodig: het extra pakket 'intake')",
            "municipalities: run the intake service (needs the 'intake' extra)",
        ),
    )
    intake.add_argument(
        "--store",
        metavar="URL",
        help=t(
            "postgresql://… voor de inzendingen (of $KLEIN_INITIATIEF_INTAKE_STORE); zonder: "
            "SQLite in de gegevensmap; de bundels blijven in de gegevensmap",
            "postgresql://… for the submissions (or $KLEIN_INITIATIEF_INTAKE_STORE); default: "
            "SQLite in the data folder; the bundles stay in the data folder",
        ),
    )
    intake.add_argument(
        "--data",
        required=True,
        type=Path,
        metavar=t("MAP", "DIR"),
        help=t("map met gegevens", "data folder"),
    )
    intake.add_argument(
        "--host",
        metavar=t("ADRES", "HOST"),
        default="127.0.0.1",
        help=t(
            "adres om op te luisteren (standaard 127.0.0.1)",
            "address to listen on (default 127.0.0.1)",
        ),
    )
    intake.add_argument(
        "--port",
        type=int,
        metavar=t("POORT", "PORT"),
        default=8080,
        help=t("poort (standaard 8080)", "port (default 8080)"),
    )
    intake.add_argument(
        "--officials-token-file",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "toegangscode voor behandelaars om bundels op te halen "
            "(of $KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN)",
            "token officials need to fetch bundles (or $KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN)",
        ),
    )
    intake.add_argument(
        "--submit-token-file",
        type=Path,
        metavar=t("BESTAND", "FILE"),
        help=t(
            "toegangscode voor de apps van bewoners om in te dienen "
            "(of $KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN)",
            "token residents' apps need to submit (or $KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN)",
        ),
    )


class _Version(argparse.Action):
    """``--version``, the version looked up only when asked: importlib.metadata takes long
    to load, and every start of the window builds this parser (issue 20)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{PROG} {version()}")
        parser.exit()


def version() -> str:
    """The installed version, or the package's own when it runs from a source folder."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("klein-initiatief")
    except PackageNotFoundError:
        from desktop_app import __version__

        return __version__
