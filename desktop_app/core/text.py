"""Text in the two languages of the app: Dutch (B1, "u") and English."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")


class Text(BaseModel):
    """One user-visible text in Dutch and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown names stay visible instead of raising.

    Templates come from regeling files (data), so no str.format: that would allow
    attribute access such as ``{x.__class__}``.
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


def detect_language(environ: Mapping[str, str]) -> Language:
    """The app's own setting first, then the system locale; Dutch unless English is asked."""
    for name in ("KLEIN_INITIATIEF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "nl"
    return "nl"
