"""Start the intake service: ``klein-initiatief intake --data DIR [--host] [--port]``."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from desktop_app.core.clock import Clock
from desktop_app.intake.app import UploadLimits, create_app
from desktop_app.intake.keys import load_or_create, public_entry
from desktop_app.intake.store import IntakeStore

OFFICIALS_TOKEN_ENV = "KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN"
SUBMIT_TOKEN_ENV = "KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN"
STORE_ENV = "KLEIN_INITIATIEF_INTAKE_STORE"
"""A postgresql:// URL for the submissions (else SQLite in the data folder). A password
belongs in ~/.pgpass or $PGPASSFILE, not in the URL (docs/intake.md)."""
# An idle connection between requests is closed after this many seconds (uvicorn's default,
# written down because it is part of the defence against connections held open).
KEEP_ALIVE_SECONDS = 5
# The request line and headers must be complete this many seconds after the connection is
# made (or the previous answer sent); uvicorn itself has no such limit.
HEADER_SECONDS = 10.0

if TYPE_CHECKING:
    import uvicorn


class StoreUnavailableError(Exception):
    """The data folder or the database cannot be opened (the cause is chained)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(file: Path | None, env_name: str) -> str | None:
    """A token from a file (first line) or the environment; never from the command line,
    where every user of the server could read it in the process list."""
    if file is not None:
        return file.read_text(encoding="utf-8").strip() or None
    return os.environ.get(env_name, "").strip() or None


def build(
    data_dir: Path,
    *,
    officials_token: str | None = None,
    submit_token: str | None = None,
    max_bytes: int | None = None,
    clock: Clock | None = None,
    limits: UploadLimits | None = None,
    store_url: str | None = None,
) -> tuple[FastAPI, IntakeStore]:
    store = IntakeStore(data_dir, load_or_create(data_dir), clock, url=store_url)
    extra = {"max_bytes": max_bytes} if max_bytes else {}
    app = create_app(
        store, officials_token=officials_token, submit_token=submit_token, limits=limits, **extra
    )
    return app, store


def _raw_answer(status: bytes, code: str, nl: str, en: str) -> bytes:
    """A whole HTTP answer with the contract's JSON error body, for the protocol level."""
    body = json.dumps({"code": code, "message": {"nl": nl, "en": en}}).encode()
    return (
        b"HTTP/1.1 %s\r\ncontent-type: application/json\r\nconnection: close\r\n"
        b"content-length: %d\r\n\r\n%s" % (status, len(body), body)
    )


def _header_deadline_protocol(seconds: float) -> type:
    """uvicorn's h11 protocol with a deadline for the headers: a connection that trickles
    them (slowloris) gets a JSON 408 and is closed; a malformed request gets a JSON 400
    instead of uvicorn's plain text. Built on uvicorn's own hooks (connection_made,
    handle_events, on_response_complete, send_400_response), so everything else is its."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    timeout_response = _raw_answer(
        b"408 Request Timeout",
        "intake.too_slow",
        "Het verzoek kwam te langzaam binnen. Probeer het opnieuw.",
        "The request arrived too slowly. Please try again.",
    )
    malformed_response = _raw_answer(
        b"400 Bad Request",
        "intake.bad_request",
        "Het verzoek klopt niet.",
        "The request is invalid.",
    )

    class HeaderDeadlineProtocol(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _waiting_since: object = None

        def _arm(self) -> None:
            self._disarm()
            self._waiting_since = self.cycle  # a new request makes a new cycle
            self._timer = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _too_slow(self) -> None:
            self._timer = None
            if self.cycle is self._waiting_since and not self.transport.is_closing():
                self.transport.write(timeout_response)
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not self._waiting_since:
                self._disarm()  # the headers are in: from here the app's body limits hold

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self._disarm()
            self.transport.write(malformed_response)
            self.transport.close()

    return HeaderDeadlineProtocol


def uvicorn_config(
    app: FastAPI, header_seconds: float = HEADER_SECONDS, **options: Any
) -> uvicorn.Config:
    """The server settings the service runs with (the tests use the same)."""
    import copy

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    # The service's own lines (a broken-off upload, a full disk) in uvicorn's format.
    logging_config = copy.deepcopy(LOGGING_CONFIG)
    logging_config["loggers"]["desktop_app.intake"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    settings: dict[str, Any] = {
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "http": _header_deadline_protocol(header_seconds),
        "server_header": False,
        "log_level": "info",
        "log_config": logging_config,
        **options,
    }
    return uvicorn.Config(app, **settings)


def serve(
    data_dir: Path,
    host: str,
    port: int,
    officials_token: str | None,
    submit_token: str | None,
    say: Callable[[str], None],
    store_url: str | None = None,
) -> None:
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.storage.sql import shown_location

    try:
        app, store = build(
            data_dir,
            officials_token=officials_token,
            submit_token=submit_token,
            store_url=store_url,
        )
    except (OSError, SQLAlchemyError) as exc:
        raise StoreUnavailableError(str(data_dir)) from exc
    pin = json.dumps(public_entry(store.key).model_dump(mode="json"))
    where = f"data: {data_dir}" + (f", store: {shown_location(store_url)}" if store_url else "")
    say(f"Klein Initiatief intake: http://{host}:{port}  ({where})")
    say(f"Receipt key, to pin in the regeling under submission.receipt_keys: {pin}")
    uvicorn.Server(uvicorn_config(app, host=host, port=port)).run()
