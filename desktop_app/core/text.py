"""User-visible text: Dutch (B1, "u") always, English and any other language optionally.

A regeling file writes ``label: {nl: ..., en: ..., tr: ...}``; only ``nl`` is required. A
language that is missing falls back to Dutch, the reference text (docs/translating.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Language codes and placeholders need no pydantic (the start screen, the command line):
# they live in light modules and are re-exported here.
from desktop_app.core.language import LANGUAGE_CODE as LANGUAGE_CODE
from desktop_app.core.language import LANGUAGES as LANGUAGES
from desktop_app.core.language import PSEUDO as PSEUDO
from desktop_app.core.language import Language as Language
from desktop_app.core.language import detect_language as detect_language
from desktop_app.core.placeholders import fill as fill
from desktop_app.core.placeholders import placeholders as placeholders


def _text_schema(schema: dict[str, Any]) -> None:
    """In the JSON Schema: only nl is required; other keys must be language codes."""
    schema["required"] = ["nl"]
    schema["additionalProperties"] = False
    # Not nl or en again: they are properties of their own, and a name matching both a
    # property and a pattern is refused by strict validators (ajv).
    schema["patternProperties"] = {
        r"^(?!(nl|en)$)[a-z]{2,3}(_[A-Z]{2})?$": {"type": "string", "minLength": 1},
    }
    schema["description"] = (
        "A text in Dutch (nl, required) and optionally other languages by their code "
        "(en, tr, ar, pl, uk, ...); a missing language shows the Dutch text."
    )


class Text(BaseModel):
    """One user-visible text; ``nl`` always, ``en`` and other languages optional."""

    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra=_text_schema)

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1, description="English; the Dutch text when not given")

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        for key, value in data.items():
            if not isinstance(key, str) or not LANGUAGE_CODE.match(key):
                raise ValueError(f"'{key}' is not a language code such as nl, en or tr")
            if key not in ("nl", "en") and not (isinstance(value, str) and value):
                raise ValueError(f"the text in '{key}' must be a non-empty string")
        if "en" not in data and isinstance(data.get("nl"), str):
            data = {**data, "en": data["nl"]}  # no English given: the Dutch text
        return data

    def get(self, language: str) -> str:
        if language == "en":
            return self.en
        if language == "nl":
            return self.nl
        if language == PSEUDO:  # the pseudo-locale brackets every text (core/i18n.py)
            from desktop_app.core.i18n import pseudo

            return pseudo(self.nl)
        extra = self.__pydantic_extra__ or {}
        found = extra.get(language)
        return found if isinstance(found, str) else self.nl

    def languages(self) -> tuple[str, ...]:
        """The languages this text was written in (nl first)."""
        return ("nl", "en", *sorted((self.__pydantic_extra__ or {}).keys()))

    def others(self) -> dict[str, str]:
        """The texts beyond nl and en, by language code."""
        return {k: v for k, v in (self.__pydantic_extra__ or {}).items() if isinstance(v, str)}
