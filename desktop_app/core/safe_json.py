"""Read JSON from outside (a file, a bundle, a server's answer) without trusting it.

Deep nesting, huge strings or numbers, NaN/Infinity, duplicate keys, bad UTF-8, lone
surrogates and oversized input all become a UserError with a clear message instead of a
crash or a hang.

Every step is linear in the size of the input, so no input can make it slow (one 128 kB
upload of ``"`` followed by ``\\"`` pairs used to take 45 s in a backtracking regex):

1. a scanner (``_scan``) measures the nesting with a few single passes in C: regexes with
   possessive quantifiers, which cannot backtrack, and one anchored at the start, so no
   match is retried from later positions. Too deep is refused *before* anything recursive
   runs, and so is a string longer than ``max_string``;
2. only then ``json.loads`` (C, linear) parses, with hooks that refuse long numbers,
   infinite floats, NaN/Infinity and duplicate keys;
3. when the text has a surrogate escape at all, an iterative walk (no recursion) refuses
   lone surrogates (``"\\ud800"``), which would crash every later UTF-8 write of the value.

benchmarks/safe_json.py prints the time per MB for the worst shapes.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_
from desktop_app.core.i18n import text as catalogued

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_STRING_CHARS = 200_000  # the longest honest string is a PEM certificate (10 kB)
_MAX_NUMBER_CHARS = 40
# Possessive quantifiers (*+, ++): what is matched is never given back, so no backtracking.
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_UP_TO_OPEN_STRING = re.compile(r'(?:[^"]++|"(?:[^"\\]++|\\.)*+")*+', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _fail(code: str, dutch: str, **values: str) -> UserError:
    return UserError(code, catalogued(dutch, **values))


def _too_deep() -> UserError:
    return _fail(
        "json.too_deep",
        N_("Het bestand is te diep genest voor een aanvraag. Het is beschadigd of aangepast."),
    )


def _string_too_long() -> UserError:
    return _fail(
        "json.string_too_long",
        N_("Het bestand bevat een tekst die veel te lang is. Het is beschadigd of aangepast."),
    )


def _scan(text: str, max_depth: int, max_string: int) -> int:
    """The deepest nesting of the text (brackets inside strings do not count); UserError as
    soon as it is deeper than ``max_depth``. Linear: each step below is one pass in C.

    1. ``_UP_TO_OPEN_STRING`` (possessive, anchored at 0) matches the longest prefix made of
       text outside strings and closed strings. After it comes an unclosed string or the end:
       json.loads would stop in that string, so only the prefix can nest.
    2. Remove the strings from the prefix: every quote the search meets there opens a string
       that closes, so no match attempt is wasted (the old regex retried at every escaped
       quote, scanning to the end each time: quadratic).
    3. Keep only the brackets and add them up (+1 / -1) with itertools.accumulate.

    Strings (keys too) longer than ``max_string`` characters as written are refused too.
    """
    prefix = text[: _UP_TO_OPEN_STRING.match(text).end()]  # type: ignore[union-attr]
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", prefix))
    deepest = max(accumulate(map(_STEP.__getitem__, brackets)), default=0)
    if deepest > max_depth:
        raise _too_deep()
    if len(text) - len(prefix) > max_string + 1:  # an unclosed string that long
        raise _string_too_long()
    longest = max(map(len, _STRING.findall(prefix)), default=0) if len(prefix) > max_string else 0
    if longest > max_string + 2:  # the two quotes aside
        raise _string_too_long()
    return max(deepest, 0)


def nesting_depth(text: str) -> int:
    """How deep a JSON text nests; brackets inside strings do not count."""
    return _scan(text, len(text) + 1, len(text))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            shown = _SURROGATE.sub("?", key[:40])
            raise _fail(
                "json.duplicate_key",
                N_("Het bestand noemt '{name}' twee keer. Het is beschadigd of aangepast."),
                name=shown,
            )
        result[key] = value
    return result


def _number_too_large() -> UserError:
    return _fail(
        "json.number_too_large",
        N_("Het bestand bevat een getal dat veel te groot is. Het is beschadigd of aangepast."),
    )


def _number(text: str) -> int | float:
    if len(text) > _MAX_NUMBER_CHARS:
        raise _number_too_large()
    if not any(c in text for c in ".eE"):
        return int(text)
    value = float(text)
    if not math.isfinite(value):  # "1e400" is infinity as a float
        raise _number_too_large()
    return value


def _constant(name: str) -> Any:
    raise _fail(
        "json.not_a_number",
        N_("Het bestand bevat '{name}' waar een getal hoort. Het is beschadigd of aangepast."),
        name=name,
    )


def _check_text(value: Any) -> None:
    """Refuse lone surrogates anywhere (keys too); walks iteratively (no recursion)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _fail(
                    "json.bad_text",
                    N_(
                        "Het bestand bevat tekens die geen tekst zijn. Het is beschadigd of "
                        "aangepast."
                    ),
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads_untrusted(
    data: bytes,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    max_string: int = MAX_STRING_CHARS,
) -> Any:
    """The parsed JSON, or a UserError with a code (``json.*``) and a plain message."""
    if len(data) > max_bytes:
        raise _fail(
            "json.too_large",
            N_("Het bestand is te groot ({size} kB). Het maximum is {maximum} kB."),
            size=str(len(data) // 1024),
            maximum=str(max_bytes // 1024),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(
            "json.not_utf8",
            N_("Het bestand is geen tekstbestand in UTF-8. Kies het JSON-bestand van uw aanvraag."),
        ) from exc
    # Nesting needs an open bracket per level and a long string a long text: with fewer
    # brackets than the limit and a text shorter than a string may be (a bundle's manifest
    # and answers, about 2 kB each), the scan can only pass, and costs 50 µs (issue 20).
    if text.count("[") + text.count("{") > max_depth or len(text) > max_string:
        _scan(text, max_depth, max_string)
    try:
        result = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_int=_number,
            parse_float=_number,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        raise _fail(
            "json.invalid",
            N_(
                "Het bestand is geen geldige JSON (regel {line}, kolom {column}). "
                "Kies het bestand dat de app heeft gemaakt."
            ),
            line=str(exc.lineno),
            column=str(exc.colno),
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise _fail(
            "json.invalid",
            N_("Het bestand is niet te lezen. Kies het bestand dat de app heeft gemaakt."),
        ) from exc
    if _SURROGATE_ESCAPE.search(text):  # only an escape can make a surrogate
        _check_text(result)
    return result
