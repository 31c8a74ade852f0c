"""The one way long work (signing, PDFs, network, batch import) leaves the UI thread.

The work runs on Qt's global thread pool; its result or its UserError comes back on the
UI thread through a queued signal, so a window never freezes and never sees a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop_app.core.errors import UserError

log = logging.getLogger(__name__)


def unexpected() -> UserError:
    """What a job that failed unforeseen says (made when it fails: this module loads before
    the start screen is painted, issue 20)."""
    from desktop_app.core.i18n import N_

    return UserError(
        "unexpected",
        N_(
            "Er ging iets mis dat de app niet verwachtte. Er is niets verloren gegaan. "
            "Probeer het opnieuw."
        ),
    )


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except UserError as error:
            self._report(self.relay.failed, error)
        except Exception as exc:  # the UI must hear of it, in words, not as a dead thread
            # Only the type goes to the log: messages may carry personal data.
            log.error("background work failed: %s", type(exc).__name__)
            self._report(self.relay.failed, unexpected())
        else:
            self._report(self.relay.done, result)

    @staticmethod
    def _report(signal: Any, value: Any) -> None:
        # RuntimeError: the window that asked was closed meanwhile; nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


_running: set[_Relay] = set()


def run_in_background(
    owner: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[UserError], None],
) -> None:
    """Run ``work`` off the UI thread; call ``on_done(result)`` or ``on_error(error)`` on it.

    The answer goes through a child of ``owner``: when the owner is closed before the work
    ends, the answer is dropped instead of reaching a window that is gone."""
    relay = _Relay(owner)
    _running.add(relay)  # keep the Python side alive until the job reports

    def finished(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finished(on_done, value))
    relay.failed.connect(lambda error: finished(on_error, error))
    QThreadPool.globalInstance().start(_Job(work, relay))


def wait_for_background(timeout_ms: int = 60_000) -> bool:
    """For closing the app and for tests: wait until no job is running."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
