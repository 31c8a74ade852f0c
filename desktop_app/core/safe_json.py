"""Read JSON from outside (a file, a bundle) without trusting it.

Deep nesting, huge numbers, NaN/Infinity, duplicate keys, bad UTF-8 and oversized
input all become a UserError with a clear message instead of a crash or a hang.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.text import Text

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
_MAX_NUMBER_CHARS = 40
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _fail(code: str, nl: str, en: str) -> UserError:
    return UserError(code, Text(nl=nl, en=en))


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _fail(
                "json.duplicate_key",
                f"Het bestand noemt '{key[:40]}' twee keer. Het is beschadigd of aangepast.",
                f"The file names '{key[:40]}' twice. It is damaged or has been altered.",
            )
        result[key] = value
    return result


def _number(text: str) -> int | float:
    if len(text) > _MAX_NUMBER_CHARS:
        raise _fail(
            "json.number_too_large",
            "Het bestand bevat een getal dat veel te groot is. Het is beschadigd of aangepast.",
            "The file contains a number that is far too large. It is damaged or altered.",
        )
    return float(text) if any(c in text for c in ".eE") else int(text)


def _constant(name: str) -> Any:
    raise _fail(
        "json.not_a_number",
        f"Het bestand bevat '{name}' waar een getal hoort. Het is beschadigd of aangepast.",
        f"The file contains '{name}' where a number belongs. It is damaged or altered.",
    )


def loads_untrusted(data: bytes, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    if len(data) > max_bytes:
        raise _fail(
            "json.too_large",
            f"Het bestand is te groot ({len(data) // 1024} kB). Het maximum is "
            f"{max_bytes // 1024} kB.",
            f"The file is too large ({len(data) // 1024} kB). The maximum is "
            f"{max_bytes // 1024} kB.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            "json.not_utf8",
            "Het bestand is geen tekstbestand in UTF-8. Kies het JSON-bestand van uw aanvraag.",
            "The file is not UTF-8 text. Choose the JSON file of your application.",
        ) from exc
    if _depth(text) > max_depth:
        raise _fail(
            "json.too_deep",
            "Het bestand is te diep genest voor een aanvraag. Het is beschadigd of aangepast.",
            "The file is nested too deeply to be an application. It is damaged or altered.",
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_number,
            parse_float=_number,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise _fail(
            "json.invalid",
            f"Het bestand is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}). "
            "Kies het bestand dat de app heeft gemaakt.",
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}). "
            "Choose the file the app made.",
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise _fail(
            "json.invalid",
            "Het bestand is niet te lezen. Kies het bestand dat de app heeft gemaakt.",
            "The file cannot be read. Choose the file the app made.",
        ) from exc
