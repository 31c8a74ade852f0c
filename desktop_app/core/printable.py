"""Which characters the PDF can show: exactly those the fonts shipped in resources/fonts have.

The PDF is set in those fonts only (documents/typst_pdf.py), so a character none of them
has cannot be shown, and a PDF/A may not hold it. The rule engine refuses such a character
at the field, as the resident types, naming it (``field.unprintable``); it never gets as far
as signing. Adding a font to resources/fonts widens what is accepted, without code changes.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.own_program import own_program

# Invisible characters that shape text rather than show a glyph; typst handles them without
# a glyph (zero width joiner in emoji sequences, direction marks, variation selectors, tag
# characters of flags such as England's). U+FEFF is the exception: PDF/A forbids it.
# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt).
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_WHITESPACE_CONTROLS = frozenset("\t\n\r")
_FORBIDDEN = frozenset("\ufeff")
# Every character up to here is in Noto Sans (tests/core/test_printable.py proves it):
# ordinary Dutch text is checked without reading the fonts.
_LATIN_END = 0x024F
# The same test for a whole text at once (the usual case: an import checks thousands of
# answers): tab, line breaks and Latin up to _LATIN_END, without the C1 controls.
_SHOWN_WITHOUT_FONTS = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u024f]*")


def fonts_dir() -> Path:
    """resources/fonts of the source tree, or its copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_resources" / "fonts", package.parent / "resources" / "fonts"):
        if (candidate / "NotoSans-Regular.ttf").is_file():
            return candidate
    return package / "_resources" / "fonts"


def font_files() -> list[Path]:
    return sorted(p for p in fonts_dir().iterdir() if p.suffix.lower() in (".ttf", ".otf"))


@dataclass(frozen=True)
class Coverage:
    """Code points as sorted, separate ranges: the fonts' ~35,000 points in a few hundred
    pairs, where a set of them held megabytes."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, points: Iterable[int]) -> Coverage:
        starts: list[int] = []
        ends: list[int] = []
        for point in sorted(set(points)):
            if ends and point == ends[-1] + 1:
                ends[-1] = point
            else:
                starts.append(point)
                ends.append(point)
        return cls(tuple(starts), tuple(ends))

    def __contains__(self, point: object) -> bool:
        if not isinstance(point, int):
            return False
        index = bisect_right(self.starts, point) - 1
        return index >= 0 and point <= self.ends[index]

    def ranges(self) -> list[list[int]]:
        return [[start, end] for start, end in zip(self.starts, self.ends, strict=True)]


_known: Coverage | None = None
COVERAGE_FLAG = "--font-coverage"  # desktop_app/__main__.py starts ``serve_coverage`` for it


def covered() -> Coverage:
    """Every code point some shipped font has a glyph for (read once, about 0.3 s)."""
    global _known
    if _known is None:
        _known = _read_fonts()
    return _known


def _read_fonts() -> Coverage:
    # Loaded only when text beyond Latin is checked.
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    points: set[int] = set()
    for path in font_files():
        if "-Bold" in path.name:  # a bold face covers what its regular face does
            continue
        points.update(TTFont(str(path), lazy=True).getBestCmap())
    return Coverage.of(points)


def covered_apart(timeout: float = 60.0) -> Coverage:
    """``covered()``, with the fonts read by a separate process: the window that asks never
    loads fontTools and the fonts, which would keep ~28 MB of it for good. Read here after
    all when that process fails."""
    global _known
    if _known is not None:
        return _known
    command, env = own_program(COVERAGE_FLAG)
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)
        ranges = json.loads(done.stdout) if done.returncode == 0 else None
        _known = _from_ranges(ranges)
    except (OSError, subprocess.TimeoutExpired, ValueError, TypeError):
        _known = _read_fonts()
    return _known


def _from_ranges(ranges: object) -> Coverage:
    """The child's answer, checked: sorted, separate [start, end] pairs of code points."""
    if not isinstance(ranges, list) or not ranges:
        raise ValueError("no ranges")
    starts, ends, last = [], [], -2
    for pair in ranges:
        start, end = pair  # ValueError/TypeError when it is no pair
        if not (isinstance(start, int) and isinstance(end, int) and last + 1 < start <= end):
            raise ValueError("ranges out of order")
        if end > 0x10FFFF:
            raise ValueError("beyond Unicode")
        starts.append(start)
        ends.append(end)
        last = end
    return Coverage(tuple(starts), tuple(ends))


def serve_coverage() -> None:  # pragma: no cover - runs in the child process
    """The separate process of ``covered_apart``: the ranges as JSON on stdout."""
    print(json.dumps(_read_fonts().ranges()))


def _invisible_but_fine(char: str) -> bool:
    if char in _FORBIDDEN:
        return False
    if char in _WHITESPACE_CONTROLS:
        return True
    if unicodedata.category(char) == "Zs":
        return True
    point = ord(char)
    return any(start <= point <= end for start, end in _IGNORABLE)


def _never_shown(char: str) -> bool:
    """Control characters (other than tab and new line), surrogates, private use characters
    and noncharacters: a font may map them, but they are no text; PDF/A-2a forbids U+0000
    and private use characters (their meaning cannot be read from the PDF)."""
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in _WHITESPACE_CONTROLS
    point = ord(char)
    return category in ("Cs", "Co") or (0xFDD0 <= point <= 0xFDEF) or (point & 0xFFFE) == 0xFFFE


def first_unprintable(text: str) -> str | None:
    """The first character of ``text`` the PDF cannot show, or None when it can show all."""
    if _SHOWN_WITHOUT_FONTS.fullmatch(text):
        return None
    points: Coverage | None = None
    for char in text:
        point = ord(char)
        if 0x20 <= point <= _LATIN_END and point not in range(0x7F, 0xA0):
            continue
        if char in _FORBIDDEN or _never_shown(char):
            return char
        if _invisible_but_fine(char):
            continue
        if points is None:
            points = covered()
        if point not in points:
            return char
    return None


def describe(char: str) -> str:
    """How a message names a character: "☃" (U+2603), or only the code for an invisible one."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category[0] in "CZ" or category in ("Mn", "Me"):
        return code
    return f"'{char}' ({code})"
