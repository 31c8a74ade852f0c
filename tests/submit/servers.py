"""Real servers on 127.0.0.1 for the submission tests: the reference intake service (uvicorn
in a thread), and a front that misbehaves on purpose, scripted per test, in front of it."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import uvicorn

from desktop_app.intake.server import build, uvicorn_config
from desktop_app.intake.store import IntakeStore


class LiveIntake:
    """The real FastAPI service under uvicorn, on a free loopback port."""

    def __init__(self, data_dir: Path, header_seconds: float | None = None, **options: Any) -> None:
        self.app, self.store = build(data_dir, **options)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        extra = {"header_seconds": header_seconds} if header_seconds else {}
        config = uvicorn_config(self.app, log_level="warning", lifespan="off", **extra)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> LiveIntake:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the intake service did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()

    @property
    def intake_store(self) -> IntakeStore:
        return self.store


@dataclass
class Seen:
    method: str
    path: str
    idempotency_key: str | None
    body_size: int


@dataclass
class FlakyFront:
    """An HTTP server that forwards to ``upstream`` or misbehaves, one scripted step per
    POST: ("status", code, headers) · ("reply", code, body) · "forward" · "forward_then_drop" ·
    ("forward_then_sleep", seconds) · "stall" (read a little of the upload, then hang).
    When the script is used up, it forwards."""

    upstream: str
    script: list[Any] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        front = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                front.handle_post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FlakyFront:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def next_step(self) -> Any:
        with self.lock:
            return self.script.pop(0) if self.script else "forward"

    def handle_post(self, handler: BaseHTTPRequestHandler) -> None:
        key = handler.headers.get("Idempotency-Key")
        length = int(handler.headers.get("Content-Length") or 0)
        step = self.next_step()
        if step == "stall":
            handler.rfile.read(min(length, 1024))
            self.seen.append(Seen("POST", handler.path, key, length))
            self.stalled.set()
            self.release.wait(60)
            handler.close_connection = True
            return
        body = handler.rfile.read(length)
        self.seen.append(Seen("POST", handler.path, key, len(body)))
        if isinstance(step, tuple) and step[0] == "reply":
            _, code, payload = step
            handler.send_response(code)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        if isinstance(step, tuple) and step[0] == "status":
            _, code, headers = step
            payload = b'{"code": "test", "message": {"nl": "test", "en": "test"}}'
            handler.send_response(code)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        status, headers, answer = self.forward(handler, body)
        if step == "forward_then_drop":
            # The service has stored it; the answer never arrives: reset the connection.
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.close_connection = True
            return
        if isinstance(step, tuple) and step[0] == "forward_then_sleep":
            time.sleep(step[1])
        try:
            handler.send_response(status)
            for name, value in headers:
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(answer)))
            handler.end_headers()
            handler.wfile.write(answer)
        except OSError:
            pass  # the client gave up waiting: that is the point of the slow step

    def forward(
        self, handler: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        host, port = self.upstream.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {
            name: value
            for name, value in handler.headers.items()
            if name.lower() not in ("host", "connection")
        }
        connection.request("POST", handler.path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response.status, response.getheaders(), answer

    def keys(self) -> set[str | None]:
        return {s.idempotency_key for s in self.seen}
