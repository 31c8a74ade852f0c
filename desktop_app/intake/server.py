"""Start the intake service: ``klein-initiatief intake --data DIR [--host] [--port]``."""

from __future__ import annotations

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
# An idle connection between requests is closed after this many seconds (uvicorn's default,
# written down because it is part of the defence against connections held open).
KEEP_ALIVE_SECONDS = 5

if TYPE_CHECKING:
    import uvicorn


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
) -> tuple[FastAPI, IntakeStore]:
    store = IntakeStore(data_dir, load_or_create(data_dir), clock)
    extra = {"max_bytes": max_bytes} if max_bytes else {}
    app = create_app(
        store, officials_token=officials_token, submit_token=submit_token, limits=limits, **extra
    )
    return app, store


def uvicorn_config(app: FastAPI, **options: Any) -> uvicorn.Config:
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
) -> None:
    import uvicorn

    app, store = build(data_dir, officials_token=officials_token, submit_token=submit_token)
    pin = json.dumps(public_entry(store.key).model_dump(mode="json"))
    say(f"Klein Initiatief intake: http://{host}:{port}  (data: {data_dir})")
    say(f"Receipt key, to pin in the regeling under submission.receipt_keys: {pin}")
    uvicorn.Server(uvicorn_config(app, host=host, port=port)).run()
