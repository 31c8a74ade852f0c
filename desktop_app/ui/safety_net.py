"""The last line of defence: an error nobody foresaw never shows a traceback to a resident.

It is logged without its message (which could hold something the resident typed), and the
resident is told in plain words that what they filled in is kept: every change is already
saved when it is made."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.i18n import N_, gettext

log = logging.getLogger(__name__)

MESSAGE = N_(
    "Er ging iets mis in de app. Wat u had ingevuld is bewaard. Werkt iets niet meer? Sluit "
    "de app en start hem opnieuw."
)
START_FAILED = N_(
    "De app kan niet starten door een fout die niemand had verwacht. Er is niets verloren "
    "gegaan. Probeer het later opnieuw. Gaat het weer mis? Geef dan het logbestand aan wie u "
    "helpt."
)


def in_language(language: str, message: str) -> str:
    """The message in ``language``; the Dutch text itself if even the catalogue fails (this is
    the last line of defence: it must not fail in turn)."""
    try:
        return gettext(language, message)
    except Exception:  # anything raised here would hide the message it is to show
        log.warning("catalogue not read for the error message; Dutch is shown")
        return message


def report_start_failure(language: str) -> int:
    """Call in an ``except`` block: a window that could not be made. Logged (type and place,
    no message: see desktop_app.applog), told in plain words; returns the exit code."""
    log.exception("the window could not start")
    QMessageBox.critical(None, "Klein Initiatief", in_language(language, START_FAILED))
    return 1


def report_unexpected(
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
    parent: QWidget | None,
    language: str,
) -> None:
    # Where it happened, without the source lines or the message: either could carry text.
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(trace)
    )
    log.error("unexpected %s (message left out)\n%s", kind.__name__, frames)
    QMessageBox.critical(parent, "Klein Initiatief", in_language(language, MESSAGE))


def install(window: Callable[[], QWidget | None], language: Callable[[], str]) -> None:
    """Route uncaught exceptions (in Qt slots too) to ``report_unexpected``."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        report_unexpected(kind, error, trace, window(), language())

    sys.excepthook = hook
