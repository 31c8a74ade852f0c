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

from desktop_app.core.i18n import N_, PSEUDO, available_languages, gettext
from desktop_app.core.placeholders import fill

PROG = "klein-initiatief"

# A catalogued Dutch text (marked with N_) in the parser's language.
Words = Callable[[str], str]


def _words(language: str) -> Words:
    def translated(message: str) -> str:
        return gettext(language, message)

    return translated


def _date_in(t: Words) -> Callable[[str], dt.date]:
    def date(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                fill(t(N_("geen datum (JJJJ-MM-DD): {typed}")), {"typed": repr(text)})
            ) from exc

    return date


def _store_location(text: str) -> Path | str:
    """A plain folder path means SQLite in that folder; a postgresql:// URL a server."""
    # Only the officials' commands that take a URL parse --store, and they open the
    # officials' service next: loading it here costs them nothing.
    from desktop_app.officials.service import is_url

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
                fill(
                    t(
                        N_(
                            "geen sleutel (KEY_ID=BASE64, zoals GET /key van de ontvangstdienst "
                            "die toont): {typed}"
                        )
                    ),
                    {"typed": repr(text)},
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
            N_(
                "Klein Initiatief: vraag een kleine subsidie van de gemeente aan en maak het "
                "verslag erover. Zonder opdracht opent het venster."
            )
        ),
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help=t(N_("het versienummer tonen en stoppen")),
    )
    parser.add_argument(
        "--lang",
        choices=[*available_languages(), PSEUDO],
        help=t(N_("taal van de meldingen (standaard: die van het systeem)")),
    )
    parser.add_argument(
        "--forms",
        action="append",
        type=Path,
        default=[],
        metavar=t(N_("MAP")),
        help=t(N_("nog een map met regelingbestanden (mag vaker)")),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar=t(N_("MAP")),
        help=t(
            N_(
                "de map met de gegevens van de app (bijlagen, sleutels); standaard: die van "
                "de gebruiker"
            )
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar=t(N_("OPDRACHT")))
    from desktop_app.cli.parser_officials import add_officials_commands

    _add_resident_commands(commands, t)
    add_officials_commands(commands, t)
    _add_submit_commands(commands, t)
    return parser


def _json(parser: argparse.ArgumentParser, t: Words) -> None:
    parser.add_argument("--json", action="store_true", help=t(N_("uitvoer voor programma's")))


def _output(parser: argparse.ArgumentParser, t: Words, help_text: str) -> None:
    """-o FILE; `help_text`: a Dutch text marked with N_."""
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar=t(N_("BESTAND")), help=t(help_text)
    )


def _today(parser: argparse.ArgumentParser, t: Words) -> None:
    parser.add_argument(
        "--today",
        type=_date_in(t),
        metavar=t(N_("DATUM")),
        help=t(N_("alsof het deze datum is (JJJJ-MM-DD)")),
    )


def _store(parser: argparse.ArgumentParser, t: Words, url: bool = False) -> None:
    if url:
        parser.add_argument(
            "--store",
            metavar=t(N_("OPSLAG")),
            required=True,
            type=_store_location,
            help=t(N_("map van de dossieropslag (SQLite), of een postgresql://…-adres")),
        )
    else:
        parser.add_argument(
            "--store",
            metavar=t(N_("OPSLAG")),
            required=True,
            type=Path,
            help=t(N_("map van de dossieropslag")),
        )


def _add_resident_commands(commands: Any, t: Words) -> None:
    listing = commands.add_parser(
        "regelingen",
        help=t(N_("de regelingen met versie en geldigheid")),
    )
    _json(listing, t)

    example = commands.add_parser(
        "example",
        help=t(N_("een volledige, goede voorbeeldaanvraag maken")),
    )
    example.add_argument(
        "regeling",
        help=t(N_("naam (id) van de regeling, bijv. amsterdam-bewonersinitiatief")),
    )
    _output(example, t, N_("bestand om te schrijven ('-' = scherm)"))

    questions = commands.add_parser(
        "questions",
        help=t(N_("de vragen die een bewoner voor een bedrag moet beantwoorden (de last)")),
    )
    questions.add_argument(
        "regeling",
        help=t(N_("naam (id) van de regeling, bijv. amsterdam-bewonersinitiatief")),
    )
    questions.add_argument(
        "--amount",
        metavar=t(N_("BEDRAG")),
        required=True,
        help=t(N_("het gevraagde bedrag, bijv. 450 of 1.200,50 (euro)")),
    )
    _json(questions, t)

    validate = commands.add_parser(
        "validate",
        help=t(N_("een aanvraag of verslag controleren met de regeling")),
    )
    validate.add_argument("file", type=Path, metavar=t(N_("BESTAND")))
    _json(validate, t)
    _today(validate, t)

    for name, made in (
        ("pdf", N_("de PDF/A van een aanvraag of verslag maken, digitaal ondertekend")),
        (
            "bundle",
            N_("de ondertekende bundel (zip) maken om in te dienen: gegevens, PDF, bijlagen"),
        ),
    ):
        maker = commands.add_parser(name, help=t(made))
        maker.add_argument("file", type=Path, metavar=t(N_("BESTAND")))
        _output(maker, t, N_("bestand om te schrijven"))
        maker.add_argument(
            "--unsigned",
            action="store_true",
            help=t(N_("niet ondertekenen (er staat dan 'niet digitaal ondertekend' op)")),
        )
        _json(maker, t)
        _today(maker, t)

    verify = commands.add_parser(
        "verify",
        help=t(N_("een bundel controleren: heel (elke hash) en ondertekend (0 alleen als beide)")),
    )
    verify.add_argument("bundle", type=Path, metavar=t(N_("BUNDEL")))
    _json(verify, t)


def _add_submit_commands(commands: Any, t: Words) -> None:
    submit = commands.add_parser(
        "submit",
        help=t(
            N_("een bundel nu naar de gemeente sturen (zonder internet wacht hij in de wachtrij)")
        ),
    )
    submit.add_argument("bundle", type=Path, metavar=t(N_("BUNDEL")))
    submit.add_argument(
        "--endpoint",
        metavar=t(N_("ADRES")),
        help=t(N_("ontvangstdienst (standaard: die van de regeling)")),
    )
    submit.add_argument(
        "--receipt-key",
        action="append",
        type=_receipt_key_in(t),
        metavar="KEY_ID=BASE64",
        help=t(N_("de sleutel van de ontvangstbevestigingen, met --endpoint (mag vaker)")),
    )
    submit.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar=t(N_("SECONDEN")),
        help=t(N_("hoogstens zo lang op een antwoord wachten")),
    )
    _json(submit, t)

    outbox = commands.add_parser(
        "outbox",
        help=t(N_("wat wacht om verstuurd te worden, en wat verstuurd is")),
    )
    outbox.add_argument(
        "--send",
        action="store_true",
        help=t(N_("eerst versturen wat klaarstaat")),
    )
    outbox.add_argument(
        "--receipt",
        metavar="BUNDLE_ID",
        help=t(N_("de ontvangstbevestiging van iets verstuurds tonen")),
    )
    _json(outbox, t)

    intake = commands.add_parser(
        "intake",
        help=t(N_("gemeenten: de ontvangstdienst draaien (nodig: het extra pakket 'intake')")),
    )
    intake.add_argument(
        "--store",
        metavar="URL",
        help=t(
            N_(
                "postgresql://… voor de inzendingen (of $KLEIN_INITIATIEF_INTAKE_STORE); "
                "zonder: SQLite in de gegevensmap; de bundels blijven in de gegevensmap"
            )
        ),
    )
    intake.add_argument(
        "--data",
        required=True,
        type=Path,
        metavar=t(N_("MAP")),
        help=t(N_("map met gegevens")),
    )
    intake.add_argument(
        "--host",
        metavar=t(N_("IP-ADRES")),
        default="127.0.0.1",
        help=t(N_("adres om op te luisteren (standaard 127.0.0.1)")),
    )
    intake.add_argument(
        "--port",
        type=int,
        metavar=t(N_("POORT")),
        default=8080,
        help=t(N_("poort (standaard 8080)")),
    )
    intake.add_argument(
        "--officials-token-file",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(
            N_(
                "toegangscode voor behandelaars om bundels op te halen (of "
                "$KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN)"
            )
        ),
    )
    intake.add_argument(
        "--submit-token-file",
        type=Path,
        metavar=t(N_("BESTAND")),
        help=t(
            N_(
                "toegangscode voor de apps van bewoners om in te dienen (of "
                "$KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN)"
            )
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
