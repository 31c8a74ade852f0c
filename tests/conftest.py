"""Shared fixtures: the shipped regelingen, a fixed day, a fresh example application."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

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
