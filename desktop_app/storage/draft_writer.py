"""One background writer for autosaves: the UI thread hands over a snapshot (bytes, already
encoded: ~0.1 ms), a single worker thread writes and fsyncs every snapshot in the order given
(storage/atomic.py: temp file, fsync, rename, fsync the folder). A key press then never waits
for the disk, however slow its fsync.

- `flush()` waits until every snapshot handed over is durable; readers of the same files
  (DraftStore's loads and listings) flush first, so they always see the newest snapshot.
- `close()` flushes and stops the worker; it also runs at interpreter exit.
- `submit(..., done=callback)`: the callback runs on the worker thread once that snapshot is
  on disk (`done(None)`) or its write failed (`done(error)`), so the UI can say "Opgeslagen"
  only when it is true (the UI carries it to its own thread, e.g. with a Qt signal).
- A write that fails (disk full, folder gone) goes to its `done` callback; without one it is
  kept and raised, as OSError, by the next `submit()` or `flush()`: the caller says so to the
  person, as it did for a direct write.
- `shared_writer()`: the one writer of this process (the residents' window uses it).

What a SIGKILL can take: the snapshots handed over in the last few milliseconds, not yet on
disk. Every file is always one complete snapshot (never a torn one), and whatever `flush()`
returned for is on disk.
"""

from __future__ import annotations

import atexit
import collections
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.storage.atomic import write_atomic

log = logging.getLogger(__name__)

Write = Callable[[Path, bytes], None]
Done = Callable[[OSError | None], None]


class DraftWriter:
    def __init__(self, write: Write = write_atomic, name: str = "draft-writer") -> None:
        self._write = write
        self._queue: collections.deque[tuple[Path, bytes, Done | None]] = collections.deque()
        self._busy = False  # a snapshot taken from the queue is being written
        self._failed: OSError | None = None
        self._closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def submit(self, path: Path, data: bytes, done: Done | None = None) -> None:
        """Hand over one snapshot of `path`; returns at once. `done` (on the worker thread):
        None once the snapshot is on disk, the OSError when writing it failed."""
        with self._changed:
            self._raise_failure()
            if self._closed:
                raise RuntimeError("the draft writer is closed")
            self._queue.append((path, data, done))
            self._changed.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every snapshot handed over is written (False if `timeout` ran out)."""
        if threading.current_thread() is self._thread:
            return True
        with self._changed:
            done = self._changed.wait_for(lambda: not self._queue and not self._busy, timeout)
            self._raise_failure()
            return done

    def close(self) -> None:
        with self._changed:
            if self._closed:
                return
            self._closed = True
            self._changed.notify_all()
        self._thread.join()
        atexit.unregister(self.close)
        with self._changed:
            self._raise_failure()

    @property
    def pending(self) -> int:
        with self._changed:
            return len(self._queue) + (1 if self._busy else 0)

    def _raise_failure(self) -> None:
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._queue or self._closed)
                if not self._queue:  # closed and nothing left
                    return
                path, data, done = self._queue.popleft()
                self._busy = True
            try:
                failure: OSError | None = None
                try:
                    self._write(path, data)
                except OSError as exc:
                    log.warning("autosave failed: errno %s", exc.errno)
                    failure = exc
                    if done is None:  # nobody is told now: the next submit() or flush() says it
                        with self._changed:
                            self._failed = exc
                if done is not None:  # before flush() returns: what it waited for is told
                    try:
                        done(failure)
                    except Exception as exc:  # e.g. its window is gone; the writer goes on
                        log.warning("an autosave callback failed: %s", type(exc).__name__)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()


_shared: DraftWriter | None = None
_shared_lock = threading.Lock()


def shared_writer() -> DraftWriter:
    """The one background writer of this process, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = DraftWriter()
        return _shared
