"""The intake API against its OpenAPI document (docs/intake-openapi.yaml), with schemathesis
generating requests for the live service: no 5xx, and every answer matches the document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from desktop_app.intake.app import openapi_path
from tests.submit.servers import LiveIntake

TOKEN = "schemathesis-officials-token"
# A bundle is bytes on the wire: send generated bodies as they are, like octet-streams.
schemathesis.serializer.alias("application/zip", "application/octet-stream")
schema = schemathesis.openapi.from_path(openapi_path())


@schema.auth()
class OfficialsToken:
    """The officials' token, known to schemathesis as auth (so it can also test without)."""

    def get(self, case, context) -> str:
        return TOKEN

    def set(self, case, data: str, context) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveIntake]:
    folder: Path = tmp_path_factory.mktemp("schemathesis-intake")
    with LiveIntake(folder, officials_token=TOKEN) as service:
        yield service


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_intake_api_matches_its_document(case, live: LiveIntake) -> None:
    # "Schema-valid data must be accepted" cannot hold here: any bytes fit `format: binary`,
    # but only a real, intact bundle is accepted (422 otherwise, which the document says).
    # Real bundles are sent in test_intake_service.py and test_flaky_server.py.
    case.call_and_validate(base_url=live.url, excluded_checks=[positive_data_acceptance])
