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
)

_started: threading.Thread | None = None


def warm(modules: tuple[str, ...] = MODULES) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the first signing will meet (and report) the same problem
            log.warning("warming %s failed", name, exc_info=True)
            return


def warm_in_background() -> threading.Thread:
    """Start importing the PDF stack in a background thread (once per process)."""
    global _started
    if _started is None:
        _started = threading.Thread(target=warm, name="warm-pdf-stack", daemon=True)
        _started.start()
    return _started
