"""No personal data in the log: a resident types a name and an IBAN into the wizard of the app
started as in real use, meets an error nobody foresaw whose message carries what was typed,
and the same application goes through the command line's validate and pdf; the log file has
the error (type and place) and none of what was typed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

from desktop_app.applog import LOG_DIR_ENV, LOG_FILE
from desktop_app.core.clock import fixed_on
from desktop_app.storage.dossiers import DossierStore
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY, ROOT
from tests.test_logs import BROKEN_ENGINE, CANARY_IBAN, CANARY_NAME, log_lines, run


def test_what_a_resident_types_never_reaches_the_log(tmp_path: Path) -> None:
    logs, data = tmp_path / "logs", tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env |= {LOG_DIR_ENV: str(logs), "KLEIN_INITIATIEF_LANG": "nl"}
    app = subprocess.run(
        [sys.executable, "-m", "tests.ui.privacy_app", str(data), CANARY_NAME, CANARY_IBAN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert app.returncode == 0, app.stderr[-3000:]
    assert "safety net: Er ging iets mis in de app." in app.stdout
    assert "Traceback" not in app.stderr
    document_id = uuid.UUID(app.stdout.split("document:")[1].split()[0])

    # It was really typed and saved: the canary is in the draft …
    dossier = DossierStore(AppPaths(data).dossiers, fixed_on(DAY)).open_default()
    assert dossier is not None
    document = dossier.drafts.load(document_id)
    assert document.answers["contact_name"] == CANARY_NAME
    assert document.answers["iban"] == CANARY_IBAN
    assert document.answers["account_holder"] == CANARY_NAME

    # … and goes through the command line too, with and without an error nobody foresaw.
    application = tmp_path / "aanvraag.json"
    application.write_text(document.model_dump_json())
    # The draft is unfinished (steps left empty): validate says what is wrong, pdf refuses.
    assert run(logs, "validate", str(application), "--today", "2026-03-02").returncode in (0, 1)
    pdf = tmp_path / "aanvraag.pdf"
    made = run(logs, "pdf", str(application), "-o", str(pdf), "--unsigned", "--today", "2026-03-02")
    assert made.returncode in (0, 1), made.stderr
    assert run(logs, "validate", str(application), code=BROKEN_ENGINE).returncode == 2

    lines = log_lines(logs)
    assert any("unexpected KeyError (message left out)" in line for line in lines), lines
    assert any("in planted_bug" in line for line in lines), lines
    assert [line for line in lines if CANARY_NAME in line or CANARY_IBAN in line] == []
    for part in [*CANARY_NAME.split(), CANARY_IBAN[4:]]:  # not even a piece of it
        assert not [line for line in lines if part in line], part
    assert stat.S_IMODE((logs / LOG_FILE).stat().st_mode) == 0o600
