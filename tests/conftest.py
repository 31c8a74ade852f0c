"""Shared fixtures: the shipped regelingen, a fixed day, a fresh example application."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Application
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import Regeling

# pg_server: a throw-away PostgreSQL server for the store tests (tests/postgres.py)
pytest_plugins = ["tests.postgres"]

ROOT = Path(__file__).resolve().parent.parent
TEST_FORMS = ROOT / "tests" / "data" / "forms"
# A fixed Monday inside every shipped regeling's validity, so tests never drift with the date.
DAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="session", autouse=True)
def log_folder(tmp_path_factory: pytest.TempPathFactory):
    """The program's log file goes to a temporary folder, never to the user's own; the
    processes tests start inherit it."""
    folder = tmp_path_factory.mktemp("logs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KLEIN_INITIATIEF_LOG_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    found = Catalog.default([TEST_FORMS])
    assert not found.problems, [p.message.en for p in found.problems]
    return found


@pytest.fixture(scope="session")
def amsterdam(catalog: Catalog) -> Regeling:
    return catalog.current("amsterdam-bewonersinitiatief", DAY)


@pytest.fixture
def clock():
    return fixed_on(DAY)


@pytest.fixture
def amsterdam_application(amsterdam: Regeling, clock) -> Application:
    application = example_application(amsterdam, clock)
    application.answers = copy.deepcopy(application.answers)
    return application


@pytest.fixture
def real_keyring() -> KeyringBackend:
    """The system's keyring: a real Secret Service under scripts/setup.sh test (and in CI).

    Skips, loudly, only when there is no real backend; in CI that is a failure instead.
    """
    backend = keyring.get_keyring()
    from desktop_app.documents.signing import KEYRING_SERVICE, keyring_usable

    reason = None
    if not keyring_usable(backend):
        reason = f"no usable keyring backend ({type(backend).__module__})"
    else:
        probe = f"probe-{os.getpid()}"
        try:
            backend.set_password(KEYRING_SERVICE, probe, "x")
            ok = backend.get_password(KEYRING_SERVICE, probe) == "x"
            backend.delete_password(KEYRING_SERVICE, probe)
        except Exception as exc:  # locked, no D-Bus session, ...
            ok, reason = False, f"the keyring does not work: {type(exc).__name__}: {exc}"
        if not ok and reason is None:
            reason = "the keyring does not keep what is stored"
    if reason:
        message = (
            f"!!! REAL KEYRING TESTS NOT RUN: {reason}. Run the tests with "
            "'bash scripts/setup.sh test' (a private D-Bus session with gnome-keyring). !!!"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return backend
