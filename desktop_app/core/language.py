"""Language codes, without the Text model (core/text.py re-exports all of this): light to
import, so the command line and the start screen need no pydantic to pick a language."""

from __future__ import annotations

import re
from collections.abc import Mapping

# A language code: "nl", "en", "tr", "ar", "pl", "uk", or with a region, "pt_BR".
Language = str
LANGUAGES: tuple[Language, ...] = ("nl", "en")  # the two every part of the app speaks
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def detect_language(environ: Mapping[str, str]) -> Language:
    """The app's own setting first, then the system locale; Dutch unless English is asked."""
    for name in ("KLEIN_INITIATIEF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "nl"
    return "nl"
