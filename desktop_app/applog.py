"""The program's log file: set up once at start, for the window and the command line alike.

It lives in the user's log folder (platformdirs ``user_log_dir``), or in the folder named by
``$KLEIN_INITIATIEF_LOG_DIR`` (tests, or a helpdesk that wants it elsewhere). It rotates
(1 MB, five old files kept) and only its owner can read it (mode 0600, folder 0700). The file
is opened when the first line is written, or when the window calls ``open_log_file`` after
its first paint: the rotating handler's module (logging.handlers, with socket and pickle)
costs the start screen some 20 ms otherwise.

No personal data: an exception is written as its type and where it happened (file, line,
function), never with its message, which could hold something a person typed. The same goes
for the exceptions it was raised from. Qt-free, so the command line can use it."""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import os
import sys
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging.handlers

import platformdirs

APP_NAME = "klein-initiatief"
LOG_DIR_ENV = "KLEIN_INITIATIEF_LOG_DIR"
LOG_FILE = "klein-initiatief.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


def log_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the log file goes: ``$KLEIN_INITIATIEF_LOG_DIR``, else the user's log folder."""
    chosen = environ.get(LOG_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def describe_error(
    kind: type[BaseException], error: BaseException | None, trace: TracebackType | None
) -> str:
    """An exception as its type and its frames, without any message; also what caused it."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    current_kind: type[BaseException] = kind
    current_trace = trace
    while True:
        frames = traceback.extract_tb(current_trace) if current_trace is not None else []
        lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
        parts.append(f"{current_kind.__module__}.{current_kind.__qualname__} (message left out)")
        parts.extend(lines)
        if current is None:
            break
        seen.add(id(current))
        cause = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if cause is None or id(cause) in seen:
            break
        parts.append("which was raised while handling or from:")
        current, current_kind, current_trace = cause, type(cause), cause.__traceback__
    return "\n".join(parts)


class PrivateFormatter(logging.Formatter):
    """Log lines with time and level; exceptions without their messages."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        kind: type[BaseException] | None = ei[0]
        error: BaseException | None = ei[1]
        trace: TracebackType | None = ei[2]
        if kind is None:
            return ""
        return describe_error(kind, error, trace)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        return stack_info


def __getattr__(name: str) -> Any:
    """``PrivateRotatingFileHandler``, made on first use (see the module's docstring)."""
    if name == "PrivateRotatingFileHandler":
        return _rotating_handler_class()
    raise AttributeError(name)


@functools.cache
def _rotating_handler_class() -> type[logging.handlers.RotatingFileHandler]:
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """A rotating log file that only its owner can read, also after rotating."""

        def _open(self) -> io.TextIOWrapper:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
            descriptor = os.open(self.baseFilename, flags, 0o600)
            with contextlib.suppress(OSError):  # a file made earlier with other rights
                os.chmod(self.baseFilename, 0o600)
            return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFileHandler


class _LogFileOnFirstUse(logging.Handler):
    """Stands in for the rotating file until the first line (or ``open_log_file``)."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = target
        self._real: logging.Handler | None = None
        self._opening = threading.Lock()

    def open(self) -> logging.Handler:
        with self._opening:
            if self._real is None:
                handler: logging.Handler
                try:
                    handler = _rotating_handler_class()(
                        self.target,
                        maxBytes=MAX_BYTES,
                        backupCount=BACKUPS,
                        encoding="utf-8",
                        delay=False,
                    )
                except OSError:
                    handler = logging.NullHandler()
                handler.setFormatter(PrivateFormatter())
                started = logging.LogRecord(
                    __name__,
                    logging.INFO,
                    __file__,
                    0,
                    "%s started (Python %s)",
                    (APP_NAME, sys.version.split()[0]),
                    None,
                )
                handler.handle(started)
                self._real = handler
            return self._real

    def emit(self, record: logging.LogRecord) -> None:
        self.open().handle(record)

    def flush(self) -> None:
        if self._real is not None:
            self._real.flush()

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
        super().close()


_handler: logging.Handler | None = None
_file: Path | None = None


def setup_logging(folder: Path | None = None) -> Path | None:
    """Send the program's log to its rotating file, once per process.

    Returns the log file, or None when the folder cannot be used: the program then runs on
    without a log and still writes nothing to the terminal (no handler of last resort)."""
    global _handler, _file
    if _handler is not None:
        return _file
    root = logging.getLogger()
    target = (folder or log_folder()) / LOG_FILE
    handler: logging.Handler
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _LogFileOnFirstUse(target)
        _file = target
    except OSError:
        handler = logging.NullHandler()
        _file = None
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)  # other libraries: only what went wrong
    logging.getLogger("desktop_app").setLevel(logging.INFO)
    _handler = handler
    return _file


def open_log_file() -> None:
    """Open the log file now, at an idle moment (the window, after its first paint)."""
    if isinstance(_handler, _LogFileOnFirstUse):
        _handler.open()


def current_log_file() -> Path | None:
    """The log file set up by ``setup_logging`` (None before, or without a usable folder)."""
    return _file
