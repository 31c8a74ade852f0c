"""The import's checking, partly in a helper process: on two cores one process checks bundles
ahead while the import itself stores the ones checked (and checks some itself), about twice
as fast as checking and storing one after the other (issue 20).

The helper is this same program (``--import-check``, desktop_app/__main__.py), started once
per import of many bundles. It gets the regelingen, the clock and the municipality's keys
once, then bundles; for each it answers exactly what ``bundle_check.check_bundle`` answers in the
import's own process: the checked bundle with its row, or the outcome that refuses it. It
never touches the case store. Checking untrusted files in another process also means one
that crashes its parser takes only that process with it.

The helper gets at most ``LOOKAHEAD`` bundles at a time, from the front of a group's new
bundles, and only once it is ready (starting takes about a second; meanwhile the import
checks everything itself). The import checks a bundle itself whenever the helper has not got
it, and a later one rather than wait for the helper (``SharedChecks``). A helper that dies
leaves its bundles to the import. Both ends are the same program run by the same user, so
the messages are pickles over the helper's own pipes.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import itertools
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop_app.core.clock import Clock
from desktop_app.core.loader import Catalog
from desktop_app.core.own_program import own_program, read_frame, write_frame

log = logging.getLogger(__name__)

CHECK_FLAG = "--import-check"  # desktop_app/__main__.py starts ``serve`` for it
LOOKAHEAD = 4
TAKE_SECONDS = 120.0  # far longer than any bundle takes; a stuck helper is let go
_READY = b"R"
Ticket = tuple[int, int]  # a bundle sent to the helper: (its group's key, its number there)


def serve() -> None:  # pragma: no cover - runs in the child process (tests start it for real)
    """The helper: the set-up, then a checked bundle (or its refusal) for each bundle."""
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing a library prints can get mixed into an answer
    os.umask(0o077)
    from desktop_app.applog import setup_logging
    from desktop_app.officials.bundle_check import Checked, check_bundle

    setup_logging()  # what goes wrong with a bundle is in the officials' log, as before
    setup = read_frame(requests)
    if setup is None:
        return
    catalog, clock, raw_keys = pickle.loads(setup)
    keys = {name: X25519PrivateKey.from_private_bytes(raw) for name, raw in raw_keys.items()}
    answers.write(_READY)
    answers.flush()
    while (frame := read_frame(requests)) is not None:
        number, source, data, digest = pickle.loads(frame)
        result = check_bundle(data, source, catalog, clock, keys, digest)
        same = False
        if isinstance(result, Checked) and result.data is data:
            # Not sealed: the import has these very bytes, they need not go back.
            result, same = dataclasses.replace(result, data=b""), True
        write_frame(answers, pickle.dumps((number, result, same)))


class CheckHelper:
    """One helper process, for one import: ``send`` bundles, ``take`` their results."""

    def __init__(
        self,
        catalog: Catalog,
        clock: Clock,
        private_keys: Mapping[str, X25519PrivateKey] | None,
        command: Callable[[], tuple[list[str], dict[str, str]]] = lambda: own_program(CHECK_FLAG),
    ) -> None:
        self._results: dict[Ticket, Any] = {}
        self._sent: dict[Ticket, bytes] = {}  # the bundles in flight, to put back in their results
        self._in_flight = 0  # sent, not answered yet
        self._changed = threading.Condition()
        self._ready = threading.Event()
        self._gone = False
        self._outgoing: queue.Queue[bytes | None] = queue.Queue()
        command_line, env = command()
        raw = {name: key.private_bytes_raw() for name, key in (private_keys or {}).items()}
        try:
            setup = pickle.dumps((catalog, clock, raw))
            self._child: subprocess.Popen[bytes] | None = subprocess.Popen(
                command_line,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except Exception as error:  # no helper: the import checks everything itself
            log.warning("the import's checker could not start: %s", type(error).__name__)
            self._child, self._gone = None, True
            return
        self._outgoing.put(setup)
        threading.Thread(target=self._write, name="import-check-out", daemon=True).start()
        threading.Thread(target=self._read, name="import-check-in", daemon=True).start()

    def _write(self) -> None:
        assert self._child is not None and self._child.stdin is not None
        stdin = self._child.stdin
        try:
            while (frame := self._outgoing.get()) is not None:
                write_frame(stdin, frame)
        except (OSError, ValueError):
            pass  # it is gone: the reader says so
        finally:
            with contextlib.suppress(OSError):
                stdin.close()  # the end of its input: it exits

    def _read(self) -> None:
        assert self._child is not None and self._child.stdout is not None
        out = self._child.stdout
        try:
            if out.read(1) == _READY:
                self._ready.set()
                while (frame := read_frame(out)) is not None:
                    number, result, same = pickle.loads(frame)
                    with self._changed:
                        data = self._sent.pop(number)
                        if same:
                            result = dataclasses.replace(result, data=data)
                        self._results[number] = result
                        self._in_flight -= 1
                        self._changed.notify_all()
        except Exception:  # cut off or nonsense: as good as gone
            pass
        with self._changed:
            self._gone = True
            self._changed.notify_all()

    def wait_for_room(self, timeout: float) -> bool:
        """True once it is ready and has fewer than ``LOOKAHEAD`` bundles on hand; False
        when it is gone, or at the timeout."""
        if not self._ready.wait(timeout):
            return False
        with self._changed:
            self._changed.wait_for(
                lambda: self._gone or self._in_flight < LOOKAHEAD, timeout=timeout
            )
            return not self._gone and self._in_flight < LOOKAHEAD

    @property
    def gone(self) -> bool:
        return self._gone

    def send(self, number: Ticket, source: str, data: bytes, digest: str | None = None) -> None:
        """``digest``: the SHA-256 of ``data``, when known (bundle_check.verify)."""
        with self._changed:
            self._in_flight += 1
            self._sent[number] = data
        self._outgoing.put(pickle.dumps((number, source, data, digest)))

    def has_result(self, number: Ticket) -> bool:
        with self._changed:
            return number in self._results

    def take(self, number: Ticket) -> Any:
        """Bundle ``number``'s result, once there; None when the helper went first, or is
        stuck (it is stopped then, and the import checks the rest itself)."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: number in self._results or self._gone, timeout=TAKE_SECONDS
            )
            if arrived:
                return self._results.pop(number, None)
        log.warning("the import's checker took too long on one bundle: stopped")
        self.close()
        with self._changed:
            self._gone = True
        return None

    def close(self) -> None:
        """At the import's end: it holds nothing worth waiting for (every result was taken)."""
        self._outgoing.put(None)
        if self._child is None:
            return
        if self._child.poll() is None:
            self._child.kill()
        self._child.wait()
        if self._child.stdout is not None:
            with contextlib.suppress(OSError):
                self._child.stdout.close()


_groups = itertools.count()  # a key per group: its bundles' numbers start at 0 in each


class SharedChecks:
    """The new bundles of one group, each checked by whoever claims it first: the helper,
    fed from the front by a thread of its own (so it keeps going while the import stores),
    or the import itself, which checks the bundle it has reached when the helper has not got
    it, and, rather than wait for the helper, a later one from the back. The next group's
    may share the helper before this one is done (``nearly_claimed``)."""

    def __init__(self, helper: CheckHelper, numbers: list[int], bundle: Callable[[int], Any]):
        self._helper, self._bundle = helper, bundle
        self._group = next(_groups)
        self._lock = threading.Lock()
        self._unclaimed = collections.deque(numbers)
        self._ours: dict[int, Any] = {}
        self._stopped = threading.Event()
        self._feeder = threading.Thread(target=self._feed, name="import-check-feed", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        while not self._stopped.is_set():
            if not self._helper.wait_for_room(0.05):
                if self._helper.gone:
                    return
                continue
            with self._lock:
                if not self._unclaimed:
                    return
                number = self._unclaimed.popleft()
            source, data, digest = self._bundle(number)
            self._helper.send((self._group, number), source, data, digest)

    def result(self, number: int, check: Callable[[int], Any]) -> Any:
        """Bundle ``number``'s result (``check`` makes one here)."""
        while True:
            with self._lock:
                if number in self._ours:
                    return self._ours.pop(number)
                if number in self._unclaimed:
                    self._unclaimed.remove(number)
                    mine: int | None = number
                elif self._unclaimed and not self._helper.has_result((self._group, number)):
                    mine = self._unclaimed.pop()  # while the helper works on ``number``
                else:
                    mine = None
            if mine == number:
                return check(number)
            if mine is None:
                answer = self._helper.take((self._group, number))
                return check(number) if answer is None else answer  # None: the helper died
            self._ours[mine] = check(mine)

    def nearly_claimed(self) -> bool:
        """So few left for the helper that it will soon stand idle without the next group."""
        with self._lock:
            return len(self._unclaimed) <= LOOKAHEAD

    def close(self) -> None:
        self._stopped.set()
        self._feeder.join()
