"""A throw-away PostgreSQL server for the store tests: Debian's binaries, a private data
folder and socket in a temp folder, a free port on 127.0.0.1, stopped afterwards.

PostgreSQL refuses to run as root (CI runs as root in a fresh container): then the server
runs as ``nobody``, in a temp folder that belongs to ``nobody`` alone (0700).

Without the binaries the PostgreSQL half of a store test is skipped on a developer's machine,
but fails where the server must be there: in CI (``CI=true``) and under ``setup.sh test``
(``KI_POSTGRES=required``), so a missing server never turns into a quiet skip.

Fixtures (a plugin of tests/conftest.py): ``pg_server`` (one server per test session)
and ``new_database(pg_server)`` for a new, empty database on it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

REQUIRED_SETTING = "KI_POSTGRES"


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def required() -> bool:
    """CI and ``setup.sh test`` must run the PostgreSQL tests, never skip them."""
    ci = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
    return ci or os.environ.get(REQUIRED_SETTING, "").strip().lower() == "required"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Start a server and yield a URL to a fresh database in it."""
    bin_dir = binaries()
    assert bin_dir is not None
    root = Path(tempfile.mkdtemp(prefix="ki-pg-"))
    as_user: list[str] = []
    user = "postgres_test"
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
        user = "nobody"
        os.chown(root, nobody.pw_uid, nobody.pw_gid)  # mkdtemp made it 0700: nobody's alone
    data, sock, log = root / "data", root / "sock", root / "log"
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"{Path(args[0]).name} failed ({done.returncode}):\n{done.stdout}\n"
                f"{done.stderr}\n{server_log[-4000:]}"
            )

    run("mkdir", "-m", "700", str(sock))
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8")
    options = f"-k {sock} -p {port} -h 127.0.0.1 -F"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(log), "start")
    try:
        run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, "cases")
        yield f"postgresql://{user}@127.0.0.1:{port}/cases"
    finally:
        try:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(root, ignore_errors=True)


def new_database(server_url: str) -> str:
    """A new, empty database on the server: its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    if binaries() is None:
        message = "PostgreSQL binaries missing (install Debian's postgresql package)"
        if required():
            pytest.fail(f"{message}; CI and setup.sh test need them", pytrace=False)
        pytest.skip(message)
    with throwaway_server() as url:
        yield url
