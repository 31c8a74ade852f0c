"""Warm the PDF and signing stack at an idle moment, so the first signature does not wait.

pyHanko, pikepdf, typst and the bundle writer take about half a second to import on a small
machine. The window starts without them (the start screen does not need them) and calls
`warm_in_background()` once the start screen is painted: a daemon thread imports them while
the resident reads the screen. Nothing is made or signed; a failure here only means the first
signing imports them itself.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

# What making the signed PDF and the bundle imports (documents.service and what it loads late).
MODULES = (
    "desktop_app.documents.service",
    "desktop_app.documents.signing",
    "desktop_app.documents.pdf_render",
    "desktop_app.documents.typst_pdf",
    "desktop_app.documents.pdfa",
    "desktop_app.documents.bundle_write",
    "desktop_app.documents.bundle_read",
    "keyring",
    "typst",
    "lxml.etree",  # pyHanko's XMP metadata, when it signs
    "pyhanko.pdf_utils.metadata.xmp_xml",
    "pyhanko.pdf_utils.filters",
)


def _ready_made() -> None:
    """What the first signing would otherwise build: the keyring backend (found once per
    process), the code points the shipped fonts cover (core.printable, ~0.3 s), typst's
    compiler with its fonts and Babel's nl/en number data (the PDF's amounts). Nothing is
    compiled or signed (typst's compiler is not shared between threads while it works)."""
    from decimal import Decimal

    import keyring

    from desktop_app.core.money import format_money
    from desktop_app.core.printable import covered
    from desktop_app.documents.typst_pdf import _compiler

    keyring.get_keyring()
    covered()
    _compiler()
    for language in ("nl", "en"):  # Babel reads a locale's data on first use (~0.1 s each)
        format_money(Decimal("1234.56"), language)


_started: threading.Thread | None = None


def warm(modules: tuple[str, ...] = MODULES) -> None:
    try:
        for name in modules:
            importlib.import_module(name)
        _ready_made()
    except Exception:  # the first signing will meet (and report) the same problem
        log.warning("warming the PDF stack failed", exc_info=True)


def warm_in_background() -> threading.Thread:
    """Start importing the PDF stack in a background thread (once per process)."""
    global _started
    if _started is None:
        _started = threading.Thread(target=warm, name="warm-pdf-stack", daemon=True)
        _started.start()
    return _started
