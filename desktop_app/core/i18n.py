"""The app's own words through gettext catalogues (desktop_app/locale/<lang>/LC_MESSAGES).

The message ids are the Dutch B1 texts: Dutch is the reference the municipality writes and
checks, every other language (English too) is a translation of it, and a string a catalogue
does not translate shows in Dutch. docs/translating.md explains the convention to translators.

An installed app reads compiled ``.mo`` files (made by the wheel build, scripts/setup.sh and
the frozen build); a source checkout without them reads the ``.po`` files through Babel.
The pseudo-language ``qps`` brackets and lengthens every string, to find untranslated text and
clipped labels (tests/ui/test_pseudo_locale.py, ``--lang qps``).
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop_app.core.language import LANGUAGE_CODE, PSEUDO, Language
from desktop_app.core.placeholders import fill

if TYPE_CHECKING:  # light to import: the start screen's words need no pydantic (issue 20)
    from desktop_app.core.text import Text

log = logging.getLogger(__name__)

DOMAIN = "klein_initiatief"
REFERENCE: Language = "nl"

# Each language's own name, as its readers look for it in the menu.
NATIVE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    PSEUDO: "[Pseudo]",
}


def locale_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (gettext's own name, found by Babel's extractor)
    """Mark a Dutch text for the catalogue where it is defined; translate it where it is shown."""
    return message


@functools.cache  # the catalogues do not change while the app runs
def available_languages(folder: Path | None = None) -> tuple[Language, ...]:
    """Dutch first, then every language that has a catalogue (``.po`` or ``.mo``)."""
    root = folder or locale_dir()
    found = {REFERENCE}
    if root.is_dir():
        for child in root.iterdir():
            messages = child / "LC_MESSAGES"
            if LANGUAGE_CODE.match(child.name) and (
                (messages / f"{DOMAIN}.po").is_file() or (messages / f"{DOMAIN}.mo").is_file()
            ):
                found.add(child.name)
    return (REFERENCE, *sorted(found - {REFERENCE}))


def native_name(language: Language) -> str:
    return NATIVE_NAMES.get(language, language)


@functools.cache
def translations(language: Language, folder: Path | None = None) -> _gettext.NullTranslations:
    """The catalogue of ``language``; Dutch (the message ids themselves) when there is none."""
    if language == PSEUDO:
        return PseudoTranslations()
    messages = (folder or locale_dir()) / language / "LC_MESSAGES"
    compiled, source = messages / f"{DOMAIN}.mo", messages / f"{DOMAIN}.po"
    try:
        if compiled.is_file() and (
            not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime
        ):
            with compiled.open("rb") as fp:
                return _gettext.GNUTranslations(fp)
        if source.is_file():
            return _gettext.GNUTranslations(io.BytesIO(compile_po(source.read_bytes())))
    except (OSError, ValueError) as error:  # a damaged catalogue: Dutch, and a line in the log
        log.warning("catalogue %s not read (%s); Dutch is shown", language, type(error).__name__)
    return _gettext.NullTranslations()


def compile_po(data: bytes) -> bytes:
    """A ``.po`` file's bytes as ``.mo`` bytes (Babel; fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(data))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def gettext(language: Language, message: str) -> str:
    return translations(language).gettext(message)


def pgettext(language: Language, context: str, message: str) -> str:
    """``message`` in a ``context`` where the same Dutch needs another translation ("Let op"
    is "Note" in the resident's PDF, "Warning" in the officials' case view)."""
    return translations(language).pgettext(context, message)


def ngettext(language: Language, singular: str, plural: str, n: int) -> str:
    return translations(language).ngettext(singular, plural, n)


def text(message: str, /, **values: str | Text) -> Text:
    """A catalogued Dutch text as a ``Text`` in every language that translates it.

    ``values`` fill the message's ``{placeholders}`` in each language (a ``Text`` value in
    that language), so a sentence built from pieces stays one message for the translator.
    """
    from desktop_app.core.text import Text

    texts = {"nl": message, "en": gettext("en", message)}
    for language in available_languages():
        if language not in texts:
            translated = gettext(language, message)
            if translated != message:
                texts[language] = translated
    if values:
        texts = {
            language: fill(
                shown,
                {k: v.get(language) if isinstance(v, Text) else v for k, v in values.items()},
            )
            for language, shown in texts.items()
        }
    return Text(**texts)


K = TypeVar("K")


class Texts(Mapping[K, "Text"]):
    """Catalogued texts by key, each a ``Text`` in every language, made when first read.

    ``source`` maps each key to its Dutch text (marked with ``N_``); nothing is translated
    when the module defining it is imported.
    """

    def __init__(self, source: Mapping[K, str]) -> None:
        self.source = source
        self._made: dict[K, Text] = {}

    def __getitem__(self, key: K) -> Text:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = text(self.source[key])
        return made

    def __iter__(self) -> Iterator[K]:
        return iter(self.source)

    def __len__(self) -> int:
        return len(self.source)


class Message:
    """A catalogued Dutch text kept as a constant and translated only when shown (no
    catalogue is read at import time): ``.get(language)`` like a ``Text``, ``.text()`` for a
    ``Text`` in every language (a UserError's message)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def get(self, language: Language) -> str:
        return gettext(language, self.message)

    def text(self) -> Text:
        return text(self.message)


class Words(Mapping[Language, dict[str, str]]):
    """A page's words by key, in any language: ``WORDS[language][key]``.

    ``source`` maps each key to its Dutch text (marked with ``N_`` for the catalogue).
    """

    def __init__(self, source: Mapping[str, str]) -> None:
        self.source = source

    def __getitem__(self, language: Language) -> dict[str, str]:
        return {key: gettext(language, dutch) for key, dutch in self.source.items()}

    def __iter__(self) -> Iterator[Language]:
        return iter(available_languages())

    def __len__(self) -> int:
        return len(available_languages())


# Pseudo-localisation: "&Beginnen" -> "[!! &Ɓèğìññèñ ~~~ !!]". Placeholders ({title}), Qt
# mnemonics (&) and line breaks stay as they are, so the app still works in it.
_ACCENTED = str.maketrans(
    "abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ", "àƀçđèğĥìķľñòŕšţùýžÀƁÇĐÈĞĤÌĶĽÑÒŔŠŢÙÝŽ"
)
_KEEP = re.compile(r"(\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sd]|%[sd]|\([^)]*\*\.[a-z]+\))")


def pseudo(message: str) -> str:
    if not message:
        return message
    parts = _KEEP.split(message)
    shown = "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts))
    padding = "~" * max(2, round(len(message) * 0.3))
    return f"[!! {shown} {padding} !!]"


class PseudoTranslations(_gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)
