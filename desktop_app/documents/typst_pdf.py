"""typst, the PDF engine: tagged PDF/A-2a and PDF/UA-1 in one pass, text shaped in every script.

Why typst and not reportlab: reportlab writes no structure tree (so no PDF/UA, no PDF/A-2a)
and does not shape Arabic, Devanagari or Thai. typst (the PyPI wheel: a self-contained
compiler) tags headings, paragraphs, lists, tables with header cells, images with alternative
text, marks page furniture as artifacts, sets the document language, and writes PDF 1.7.

Resident text is untrusted. It only ever enters the markup as a typst *string literal* made
by :func:`lit` (every backslash, quote and control character escaped), and strings are shown
as plain text: it can never become markup or code. Fonts come only from resources/fonts;
the computer's own fonts are ignored, so every PDF looks the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import cache
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_
from desktop_app.core.printable import fonts_dir

log = logging.getLogger(__name__)

PDF_STANDARDS = ["a-2a", "ua-1"]
PDFA_PART, PDFA_CONFORMANCE = "2", "A"
# In this order: typst takes each character from the first family that has it.
FONT_FAMILIES = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Ethiopic",
    "Noto Sans Devanagari",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans CJK SC",
    "Noto Sans Symbols2",
    "Noto Sans Symbols",
    "Noto Emoji",
    "DejaVu Sans",
)

# Colours and the small set of styles every PDF of the app shares (trusted, fixed markup).
PREAMBLE = """
#let ink = rgb("#1f2933")
#let muted = rgb("#52606d")
#let rule = rgb("#9aa5b1")
#let headcolor = rgb("#1d3f66")
#let shade = rgb("#eef2f6")
#let stripe = rgb("#f7f9fb")
#let warnbg = rgb("#fff4e5")
#let warnline = rgb("#b35c00")
#set text(font: FONTS, fallback: false, size: 10pt, fill: ink, lang: LANG, region: REGION)
#set text(top-edge: "ascender", bottom-edge: "descender")
#set par(leading: 0.3em, spacing: 0.75em)
#show heading: set text(fill: headcolor, weight: "bold")
#show heading: set text(top-edge: "cap-height", bottom-edge: "baseline")
#show heading: set par(leading: 0.45em)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 1): set block(above: 6pt, below: 10pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 2): set block(above: 16pt, below: 8pt)
#let kicker(body) = text(fill: muted, body)
#let label(body) = block(above: 10pt, below: 4pt, sticky: true,
  text(size: 9pt, weight: "bold", fill: muted, body))
#let answer(body) = block(above: 2pt, below: 2pt, body)
#let missing(body) = block(above: 2pt, below: 2pt, text(fill: muted, body))
#let small(body) = block(above: 3pt, below: 6pt, text(size: 8pt, fill: muted, body))
#let hash(body) = block(above: 2pt, below: 6pt, text(size: 7.5pt, fill: muted, body))
#let itemtitle(body) = block(above: 8pt, below: 3pt, sticky: true, strong(body))
#let notice(title, body) = block(fill: warnbg, stroke: 1pt + warnline, inset: 8pt,
  width: 100%, above: 8pt, below: 8pt, [#strong(title) #parbreak() #body])
#let facts(..pairs) = grid(columns: (5.6cm, 1fr), row-gutter: 4pt, ..pairs)
"""


def lit(text: str) -> str:
    """``text`` as a typst string literal, exactly: resident text never becomes markup/code."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char.isprintable() and char != "\u2028" and char != "\u2029":
            out.append(char)
        else:
            out.append(f"\\u{{{ord(char):x}}}")
    out.append('"')
    return "".join(out)


def call(name: str, *args: str, **named: str) -> str:
    """``#name(args…)`` with arguments that are already typst expressions (e.g. lit(...))."""
    parts = [*args, *(f"{key}: {value}" for key, value in named.items())]
    return f"#{name}({', '.join(parts)})"


def content(*pieces: str) -> str:
    """A content block ``[…]`` of already made pieces."""
    return "[" + " ".join(pieces) + "]"


def image_bytes(data: bytes) -> str:
    """Bytes as a typst expression, so an image needs no file on disk."""
    return "bytes((" + ",".join(str(b) for b in data) + ",))"


def page_words(template: str) -> str:
    """ "Pagina {n} van {total}" as a typst expression, inside a ``context`` block."""
    before, _, rest = template.partition("{n}")
    middle, _, after = rest.partition("{total}")
    return (
        f"{lit(before)} + str(counter(page).get().first()) + {lit(middle)} + "
        f"str(counter(page).final().first()) + {lit(after)}"
    )


def document(
    *,
    title: str,
    author: str,
    description: str,
    language: str,
    footer: str,
    body: Iterable[str],
    margin: str = "(x: 2cm, top: 2cm, bottom: 2.2cm)",
) -> str:
    """The whole markup: metadata, page, preamble, then ``body`` (already made pieces)."""
    region = "NL" if language == "nl" else "GB"
    preamble = (
        PREAMBLE.replace("FONTS", "(" + ", ".join(lit(f) for f in FONT_FAMILIES) + ")")
        .replace("LANG", lit(language))
        .replace("REGION", lit(region))
    )
    head = (
        f"#set document(title: {lit(title)}, author: {lit(author)}, "
        f"description: {lit(description)})\n"
    )
    page = f'#set page(paper: "a4", margin: {margin}, footer: {footer})\n\n'
    return head + preamble + page + "\n\n".join(body) + "\n"


@cache
def _compiler() -> Any:
    import typst

    # Only the shipped fonts: never the computer's own.
    return typst.Compiler(font_paths=[str(fonts_dir())], ignore_system_fonts=True)


RENDER_FAILED = N_(
    "De PDF kon niet worden gemaakt. Er is niets opgeslagen. Probeer het opnieuw of meld "
    "dit probleem."
)


def compile_pdf(markup: str, made_at: dt.datetime) -> bytes:
    """Tagged PDF/A-2a + PDF/UA-1 bytes, ending in an end-of-line.

    The end-of-line matters: pyHanko appends its signature as an incremental update right
    after the last byte, and PDF/A wants every object to start on a line of its own.
    """
    import typst

    try:
        pdf = _compiler().compile(
            input=markup.encode("utf-8"),
            format="pdf",
            pdf_standards=PDF_STANDARDS,
            timestamp=int(made_at.timestamp()),
        )
    except typst.TypstError as exc:
        # typst's message may quote resident text: log only that it failed.
        log.error("typst could not make the PDF (%s)", type(exc).__name__)
        raise UserError("pdf.render_failed", RENDER_FAILED) from exc
    assert isinstance(pdf, bytes)
    return pdf if pdf.endswith(b"\n") else pdf + b"\n"
