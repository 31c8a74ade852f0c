"""Fixtures for sending: real bundles, a real intake service on 127.0.0.1, an outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application
from desktop_app.core.regeling import PublicKey, Regeling
from desktop_app.documents.service import make_bundle
from desktop_app.documents.signing import Signer, ephemeral_signer
from desktop_app.intake.keys import public_entry
from desktop_app.storage.outbox import Outbox
from desktop_app.submit.client import IntakeClient, Timeouts
from tests.conftest import DAY
from tests.submit.servers import LiveIntake


class MovingClock:
    """A clock the test moves forward, so a retry 'later' needs no sleeping."""

    def __init__(self) -> None:
        self.moment = dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=AMSTERDAM)

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


class _NoAttachments:
    def read(self, ref: object) -> bytes:
        raise AssertionError("the example has no attachments")


@pytest.fixture(scope="session")
def bundle_signer() -> Signer:
    return ephemeral_signer("Buurtmaaltijd Van der Pekbuurt")


@pytest.fixture
def make_bundle_bytes(amsterdam: Regeling, bundle_signer: Signer):
    """A fresh, real, signed bundle (a new bundle id every call)."""

    def make() -> bytes:
        clock = MovingClock()
        application = example_application(amsterdam, clock)
        verdicts = evaluate(amsterdam, application, DAY).verdicts
        return make_bundle(
            application, amsterdam, verdicts, _NoAttachments(), bundle_signer, None, clock=clock
        ).bundle

    return make


@pytest.fixture
def bundle(make_bundle_bytes) -> bytes:
    return make_bundle_bytes()


@pytest.fixture
def moving_clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[LiveIntake]:
    with LiveIntake(tmp_path / "intake") as live:
        yield live


@pytest.fixture
def pinned(intake: LiveIntake) -> tuple[PublicKey, ...]:
    return (public_entry(intake.store.key),)


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "app" / "outbox.sqlite")


@pytest.fixture
def client() -> IntakeClient:
    return IntakeClient(timeouts=Timeouts(connect=2, read=5))


@pytest.fixture(scope="session")
def pinned_key() -> tuple[PublicKey, ...]:
    """A receipt key for items that are never really sent."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (public_entry(Ed25519PrivateKey.generate()),)
