"""The resident's service: the same use cases (queue, send, the state moves, the list) for
the window and the command line — against the real intake service on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from desktop_app.core.clock import SystemClock
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.lifecycle import MOVES, STATUSES, check_move
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.service import make_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.intake.keys import public_entry
from desktop_app.resident.service import ResidentService
from desktop_app.storage.dossiers import DossierStore, OpenDossier
from desktop_app.submit.client import IntakeClient, Timeouts
from tests.conftest import ROOT, TEST_FORMS
from tests.submit.servers import LiveIntake


class _NoAttachments:
    def read(self, ref: object) -> bytes:
        raise AssertionError("the example has no attachments")


def _forms_with_endpoint(folder: Path, intake: LiveIntake) -> Path:
    """The test regeling, pointing at the live intake with its receipt key pinned."""
    source = TEST_FORMS / "voorbeeldstad-buurtbudget" / "2026.1.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["submission"]["endpoint"] = intake.url
    data["submission"]["receipt_keys"] = [public_entry(intake.store.key).model_dump()]
    target = folder / "voorbeeldstad-buurtbudget"
    target.mkdir(parents=True)
    (target / "2026.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


@pytest.fixture
def intake(tmp_path: Path):
    with LiveIntake(tmp_path / "intake") as live:
        yield live


@pytest.fixture
def setting(tmp_path: Path, intake: LiveIntake):
    """A catalog with an intake, and the resident's home dossier holding one finished
    application (PDF and bundle made), not yet handed in."""
    forms = _forms_with_endpoint(tmp_path / "forms", intake)
    catalog = Catalog.default([forms])
    assert not catalog.problems, [p.message.en for p in catalog.problems]
    clock = SystemClock()
    regeling = catalog.current("voorbeeldstad-buurtbudget", clock.now().date())
    dossiers = DossierStore(tmp_path / "data" / "dossiers", clock)
    dossier = dossiers.open_default()
    assert dossier is not None
    application = example_application(regeling, clock)
    verdicts = evaluate(regeling, application, clock.now().date()).verdicts
    signer = ephemeral_signer("Test")
    bundle = make_bundle(application, regeling, verdicts, _NoAttachments(), signer, clock=clock)
    dossier.drafts.save(application, "final")
    client = IntakeClient(timeouts=Timeouts(connect=5.0, read=30.0))
    return catalog, clock, dossiers, dossier, application, bundle.bundle, forms, client


def test_queue_then_send_moves_the_application_to_sent(setting, intake: LiveIntake) -> None:
    catalog, clock, _, dossier, application, bundle, _, client = setting
    service = ResidentService(catalog, clock, client=client)
    item = service.queue(dossier, bundle)
    assert dossier.drafts.status(application.id) == "queued"
    [line] = service.documents(dossier)
    assert (line.title, line.label.nl) == ("Buurtpicknick", "In de wachtrij")
    [result] = service.send_due(dossier, only=item.bundle_id)
    assert result.state == "sent"
    assert intake.store.count() == 1
    assert dossier.drafts.status(application.id) == "sent"
    [line] = service.documents(dossier)
    assert line.next_step.nl.startswith("Verzonden op ")


def test_the_command_line_marks_what_it_sent_as_the_window_does(
    setting, intake: LiveIntake, tmp_path: Path
) -> None:
    catalog, clock, _, dossier, application, bundle, forms, client = setting
    ResidentService(catalog, clock, client=client).queue(dossier, bundle)
    command = [sys.executable, "-m", "desktop_app", "--lang", "en", "--forms", str(forms)]
    result = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "data"), "outbox", "--send"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert intake.store.count() == 1
    assert dossier.drafts.status(application.id) == "sent"
    assert f"({application.id}): Sent on " in result.stdout
    # The resident's list says so, as after sending from the window.
    [line] = ResidentService(catalog, clock).documents(dossier)
    assert (line.status, line.label.nl) == ("sent", "Verzonden")
    assert line.next_step.nl.startswith("Verzonden op ")


def test_a_protected_dossier_is_left_for_its_resident(
    setting, intake: LiveIntake, tmp_path: Path
) -> None:
    catalog, clock, dossiers, _, application, bundle, _, client = setting
    protected: OpenDossier = dossiers.create("Buurtgroep", "lang genoeg wachtwoord voor test")
    protected.drafts.save(application, "final")
    service = ResidentService(catalog, clock, client=client)
    service.queue(protected, bundle)
    service.send_due_everywhere(dossiers)
    assert intake.store.count() == 0
    assert protected.drafts.status(application.id) == "queued"


def test_the_lifecycle_refuses_moves_it_does_not_allow() -> None:
    assert set(MOVES) == set(STATUSES)
    with pytest.raises(UserError) as refused:
        check_move("draft", "sent")
    assert refused.value.code == "lifecycle.not_allowed"
    assert "Concept" in refused.value.message.nl
    check_move("final", "queued")  # allowed: no error
