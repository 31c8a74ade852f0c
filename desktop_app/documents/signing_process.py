"""Signing in a worker process of its own, so that the window never holds the PDF stack.

pyHanko, pikepdf, typst, lxml and the fonts add some 80 MB to the process that imports them,
and Python does not give that memory back. So the window has the files made elsewhere: at an
idle moment it starts a worker (``SigningProcess.warm``), a child process of this same program
(``--sign-worker``, desktop_app/__main__.py) that imports that stack and rehearses one signing
in memory (documents/warm.py), says it is ready, and then makes the signed PDF and bundle of
each job (documents/finish.py's ``FilesJob``) it is sent. When the resident opens the sign
page, the worker is told which key will sign, so it unlocks that key while they type.

The worker lives while it is used: after ``IDLE_SECONDS`` without a job, when a dossier's keys
are wiped and when the window closes, it is stopped (and its unlocked keys with it); the next
check page starts a new one.

Only the files are made there: marking the document final stays with the caller's draft store,
whose autosave writer keeps the snapshots in order. A worker that cannot start, dies or breaks
is not the resident's problem: the job is then done in this process instead, as before.

Both ends are the same program, run by the same user, so a job and its answer are pickles over
the child's own pipes (a protected dossier's job holds the dossier's key: it never touches disk).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_
from desktop_app.core.own_program import own_program, read_frame, write_frame
from desktop_app.documents.finish import FilesJob, MadeFiles, make_files
from desktop_app.storage.crypto import Codec

log = logging.getLogger(__name__)

WORKER_FLAG = "--sign-worker"  # desktop_app/__main__.py starts ``serve`` for it
_READY = b"R"
IDLE_SECONDS = 600.0
STOPPED = N_(
    "Het ondertekenen is gestopt, omdat het programma sluit. Open het programma opnieuw en"
    " onderteken dan nog een keer."
)
# --- the worker's side -----------------------------------------------------------------------


def _unlock(keys_folder: Path, codec: Codec, key_id: uuid.UUID) -> None:
    """The key that will sign, unlocked now (kept in this process, documents/signing.py), so
    the job need not wait for the keyring and the passphrase's key derivation (~0.2 s)."""
    import keyring

    from desktop_app.documents.signing import SigningKeys

    try:
        SigningKeys(keys_folder, keyring.get_keyring(), codec=codec).unlock(key_id)
    except Exception as error:  # the job meets it again, and says what it is
        log.warning("unlocking ahead failed: %s", type(error).__name__)


def serve() -> None:  # pragma: no cover - runs in the child process (tests start it for real)
    """The worker: warm the PDF stack, say so, then unlock and make what it is asked."""
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints can get mixed into an answer
    os.umask(0o077)  # what it writes is for this user only, as everything the window writes
    from desktop_app.documents.warm import warm

    warm()
    answers.write(_READY)
    answers.flush()
    while (frame := read_frame(requests)) is not None:  # none: the window let it go
        kind, *args = pickle.loads(frame)
        if kind == "unlock":
            _unlock(*args)
            continue
        answer: tuple[str, Any]
        try:
            answer = ("made", make_files(args[0]))
        except UserError as error:
            answer = ("user_error", (error.code, error.message))
        except Exception as error:  # the window does the job itself, and reports what it meets
            answer = ("failed", type(error).__name__)
        write_frame(answers, pickle.dumps(answer))


# --- the window's side -----------------------------------------------------------------------


class _Worker:
    """One started worker. A thread writes what it is sent, in order, and one reads its
    answers: sending never waits (the window's thread may send while the worker still warms
    up, or while a large job is on its way), and waiting for an answer never blocks a pipe."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        self.child = child
        self.ready = threading.Event()
        self._answers: queue.Queue[bytes | None] = queue.Queue()
        self._outgoing: queue.Queue[bytes | None] = queue.Queue()
        threading.Thread(target=self._read, name="signing-worker-in", daemon=True).start()
        threading.Thread(target=self._write, name="signing-worker-out", daemon=True).start()

    def _read(self) -> None:
        assert self.child.stdout is not None
        try:
            if self.child.stdout.read(1) == _READY:
                self.ready.set()
                while (frame := read_frame(self.child.stdout)) is not None:
                    self._answers.put(frame)
        except (OSError, ValueError):
            pass  # stopped
        self._answers.put(None)

    def _write(self) -> None:
        assert self.child.stdin is not None
        while (frame := self._outgoing.get()) is not None:
            try:
                write_frame(self.child.stdin, frame)
            except (OSError, ValueError):
                return  # it is gone: the reader says so (no answer)

    @property
    def alive(self) -> bool:
        return self.child.poll() is None

    def send(self, message: tuple[Any, ...]) -> None:
        """Pickled here, so that what cannot be sent raises here (PicklingError, TypeError)."""
        self._outgoing.put(pickle.dumps(message))

    def ask(self, job: FilesJob) -> tuple[str, Any] | None:
        """The worker's answer to ``job``; None when it is gone before answering."""
        try:
            self.send(("job", job))
        except Exception as error:  # e.g. a clock that cannot be pickled: made here instead
            return ("failed", type(error).__name__)
        data = self._answers.get()
        if data is None:
            return None
        try:
            answer: tuple[str, Any] = pickle.loads(data)
        except Exception:  # cut off halfway: as good as gone
            return None
        return answer

    def stop(self) -> None:
        self._outgoing.put(None)
        if self.alive:
            self.child.kill()
        self.child.wait()
        for pipe in (self.child.stdin, self.child.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


def _worker_command() -> tuple[list[str], dict[str, str]]:
    return own_program(WORKER_FLAG)


class SigningProcess:
    """The window's signing worker: started ahead, used for each signing, let go when idle."""

    def __init__(
        self,
        command: Callable[[], tuple[list[str], dict[str, str]]] = _worker_command,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self._command, self._idle_seconds = command, idle_seconds
        self._lock = threading.Lock()  # guards the fields below
        self._working = threading.Lock()  # one job at a time
        self._worker: _Worker | None = None
        self._idle: threading.Timer | None = None
        self._closed = False

    def _start(self) -> _Worker | None:
        command, env = self._command()
        try:
            child = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # no trace of a document in a terminal either
                env=env,
            )
        except OSError as error:
            log.warning("the signing worker could not start: %s", type(error).__name__)
            return None
        return _Worker(child)

    def _live_worker(self) -> _Worker | None:
        """The worker, started when there is none (or it died); held under ``_lock``."""
        if self._worker is None or not self._worker.alive:
            if self._worker is not None:
                self._worker.stop()
            self._worker = None if self._closed else self._start()
        return self._worker

    def _idle_from_now(self) -> None:
        """Held under ``_lock``: the worker stops after a while without a job."""
        if self._idle is not None:
            self._idle.cancel()
        self._idle = threading.Timer(self._idle_seconds, self._stop_when_idle)
        self._idle.daemon = True
        self._idle.start()

    def _stop_when_idle(self) -> None:
        if self._working.acquire(blocking=False):  # a job running now is not idle
            try:
                self.retire()
            finally:
                self._working.release()

    def warm(self) -> None:
        """Have a worker ready for the next signing (it never raises)."""
        with self._lock:
            if self._live_worker() is not None:
                self._idle_from_now()

    def unlock_ahead(self, keys_folder: Path, codec: Codec, key_id: uuid.UUID) -> None:
        """The resident is about to sign with this key: the worker unlocks it now."""
        with self._lock:
            worker = self._live_worker()
        if worker is not None:
            with contextlib.suppress(Exception):  # only a head start: the job unlocks anyway
                worker.send(("unlock", keys_folder, codec, key_id))

    def wait_ready(self, timeout: float) -> bool:
        """True once the worker has its PDF stack loaded (benchmarks and tests)."""
        worker, end = self._worker, time.monotonic() + timeout
        while worker is not None and worker.alive:
            if worker.ready.wait(min(0.1, max(0.0, end - time.monotonic()))):
                return True
            if time.monotonic() >= end:
                break
        return worker is not None and worker.ready.is_set()

    def make_files(self, job: FilesJob) -> MadeFiles:
        """``job``'s files, made by the worker (a new one if none is running, or if it dies
        on the job); made here when no worker can. UserError as making them here would."""
        answer = None
        with self._working:
            for _ in range(2):  # a worker that died (killed, out of memory): once more, anew
                with self._lock:
                    worker = self._live_worker()
                if worker is None:
                    break
                answer = worker.ask(job)
                with self._lock:
                    if answer is not None:
                        self._idle_from_now()
                        break
                    worker.stop()
                    if self._worker is worker:
                        self._worker = None
        if answer is not None and answer[0] == "made":
            made: MadeFiles = answer[1]
            return made
        if answer is not None and answer[0] == "user_error":
            code, message = answer[1]
            raise UserError(code, message)
        if self._closed:
            raise UserError("signing.stopped", STOPPED)  # the window closes: not here either
        log.warning(
            "the signing worker did not finish (%s): signing in the window itself",
            "gone" if answer is None else answer[1],
        )
        return make_files(job)

    def retire(self) -> None:
        """Stop the worker, with the keys it unlocked (a later warm starts a new one)."""
        with self._lock:
            worker, self._worker = self._worker, None
            if self._idle is not None:
                self._idle.cancel()
                self._idle = None
        if worker is not None:
            worker.stop()

    def close(self) -> None:
        """At closing: no worker stays behind (one that is working is stopped too)."""
        self._closed = True
        self.retire()
