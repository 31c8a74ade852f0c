"""Language codes, without the Text model (core/text.py re-exports all of this): light to
import, so the command line and the start screen need no pydantic to pick a language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

# A language code: "nl", "en", "tr", "ar", "pl", "uk", or with a region, "pt_BR".
Language = str
LANGUAGES: tuple[Language, ...] = ("nl", "en")  # the two every part of the app speaks
PSEUDO: Language = "qps"  # the pseudo-locale (core/i18n.py); never a real language
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def detect_language(environ: Mapping[str, str], folder: Path | None = None) -> Language:
    """The app's own setting first, then the system locale; Dutch unless it asks a language
    that has a catalogue ("tr_TR.UTF-8" is Turkish when ``locale/tr`` exists).

    The first variable that is set decides, as in gettext: ``LANG=tr_TR`` with no Turkish
    catalogue is Dutch, the reference text, not the next variable's language.
    """
    from desktop_app.core.i18n import available_languages  # it reads the codes from here

    for name in ("KLEIN_INITIATIEF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return _catalogued(value, available_languages(folder))
    return "nl"


def _catalogued(value: str, languages: tuple[Language, ...]) -> Language:
    """ "pt_BR.UTF-8@euro" -> "pt_BR" if catalogued, else "pt", else Dutch."""
    code = value.split(".")[0].split("@")[0]
    language, _, region = code.partition("_")
    language = language.lower()
    for wanted in (f"{language}_{region.upper()}" if region else "", language):
        if wanted and wanted in languages:
            return wanted
    return "nl"
