"""Peak memory of the intake service while large uploads arrive in parallel.

Starts the real service (``python -m desktop_app intake``) on a free loopback port, sends
UPLOADS bodies of SIZE_MB each at the same time, and prints the server's peak resident
memory (VmHWM, Linux). The bodies start like a zip, so each one goes all the way through to
the hardened reader (which refuses it). Run: .venv/bin/python benchmarks/intake_memory.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
UPLOADS = 4
SIZE_MB = 200


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _body(size: int):  # a generator: the client does not hold the body either
    yield b"PK\x03\x04"
    piece = b"\0" * (1024 * 1024)
    sent = 4
    while sent < size:
        chunk = piece[: min(len(piece), size - sent)]
        sent += len(chunk)
        yield chunk


def main() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "intake", "--data", data, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            for _ in range(200):
                try:
                    requests.get(f"{url}/key", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            idle = _peak_kib(server.pid)
            answers: list[int] = []

            def upload() -> None:
                size = SIZE_MB * 1024 * 1024
                answer = requests.post(
                    f"{url}/submissions",
                    data=_body(size),
                    headers={
                        "Idempotency-Key": str(uuid.uuid4()),
                        "Content-Type": "application/zip",
                    },
                    timeout=600,
                )
                answers.append(answer.status_code)

            started = time.monotonic()
            threads = [threading.Thread(target=upload) for _ in range(UPLOADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            took = time.monotonic() - started
            peak = _peak_kib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{UPLOADS} parallel uploads of {SIZE_MB} MB: answers {sorted(answers)}, {took:.1f} s")
    print(f"server peak resident memory: {peak / 1024:.0f} MiB (idle {idle / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
