"""argparse's own words ("usage:", "options", its errors) in the user's language.

argparse looks them up through gettext's `_` at the moment it needs them; the CLI swaps in
the Dutch words below while it builds and parses (one command per process, no threads).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

# argparse's own messages (Python 3.11, Lib/argparse.py) in Dutch; any other falls back to English.
ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "deze hulptekst tonen en stoppen",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "one of the arguments %s is required": "een van deze argumenten is nodig: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "not allowed with argument %s": "niet samen met argument %s",
    "ignored explicit argument %r": "argument %r genegeerd",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "ambiguous option: %(option)s could match %(matches)s": (
        "optie %(option)s is niet eenduidig: %(matches)s"
    ),
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
ARGPARSE_NL_PLURAL = {
    "expected %s argument": ("hier hoort %s waarde bij", "hier horen %s waarden bij"),
}


@contextlib.contextmanager
def argparse_language(language: str) -> Iterator[None]:
    """argparse's own words in `language` while the block runs (building, parsing, help)."""
    if language != "nl":
        yield
        return
    original, original_plural = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def dutch(message: str) -> str:
        return ARGPARSE_NL.get(message, message)

    def dutch_plural(singular: str, plural: str, n: int) -> str:
        one, many = ARGPARSE_NL_PLURAL.get(singular, (singular, plural))
        return one if n == 1 else many

    argparse._ = dutch  # type: ignore[attr-defined]
    argparse.ngettext = dutch_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        argparse.ngettext = original_plural  # type: ignore[attr-defined]


def language_asked(argv: list[str]) -> str | None:
    """`--lang nl|en` from the arguments before parsing them, so `--help` is in it already."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1] or None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None
