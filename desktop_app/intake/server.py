"""Start the intake service: ``klein-initiatief intake --data DIR [--host] [--port]``."""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from desktop_app.core.clock import Clock
from desktop_app.intake.app import create_app
from desktop_app.intake.keys import load_or_create, public_entry
from desktop_app.intake.store import IntakeStore

OFFICIALS_TOKEN_ENV = "KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN"
SUBMIT_TOKEN_ENV = "KLEIN_INITIATIEF_INTAKE_SUBMIT_TOKEN"


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
) -> tuple[FastAPI, IntakeStore]:
    store = IntakeStore(data_dir, load_or_create(data_dir), clock)
    extra = {"max_bytes": max_bytes} if max_bytes else {}
    app = create_app(store, officials_token=officials_token, submit_token=submit_token, **extra)
    return app, store


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
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
