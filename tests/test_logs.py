"""The log file and the command line's last line of defence, as a person meets them: a plain
message instead of a traceback, details in a private, rotating log file that never holds what
the person typed."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.applog import LOG_DIR_ENV, LOG_FILE, PrivateFormatter, PrivateRotatingFileHandler
from tests.conftest import ROOT

# What a resident types and must never appear in a log line.
CANARY_NAME = "Zwaantje Kanarievogel"
CANARY_IBAN = "NL93RABO0373645291"

# The command line with one bug planted (a real unexpected error cannot be made on demand):
# the rule engine fails with an error that carries the whole application, personal data too.
BROKEN_ENGINE = """
import sys
import desktop_app.cli as cli
import desktop_app.core.engine as engine
import desktop_app.core.loader as loader

def evaluate(regeling, document, day):
    raise KeyError(f"no rule for {document.answers!r}")

engine.evaluate = evaluate
sys.exit(cli.main(sys.argv[1:]))
"""


def run(
    log_dir: Path, *args: str, code: str | None = None, lang: str = "nl"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KLEIN_INITIATIEF_LANG": lang,
        LOG_DIR_ENV: str(log_dir),
    }
    program = ["-c", code] if code else ["-m", "desktop_app"]
    return subprocess.run(
        [sys.executable, *program, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def log_lines(log_dir: Path) -> list[str]:
    return [
        line
        for path in sorted(log_dir.glob(f"{LOG_FILE}*"))
        for line in path.read_text().splitlines()
    ]


def with_canary(tmp_path: Path, log_dir: Path) -> Path:
    path = tmp_path / "aanvraag.json"
    made = run(log_dir, "example", "amsterdam-bewonersinitiatief", "-o", str(path))
    assert made.returncode == 0, made.stderr
    data = json.loads(path.read_text())
    data["answers"] |= {"contact_name": CANARY_NAME, "account_holder": CANARY_NAME}
    data["answers"] |= {"iban": CANARY_IBAN, "initiative_name": f"Feest van {CANARY_NAME}"}
    path.write_text(json.dumps(data))
    return path


def test_version_is_the_package_version(tmp_path: Path) -> None:
    result = run(tmp_path / "logs", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "klein-initiatief 0.1.0"


def test_an_unexpected_error_is_one_plain_line_and_the_details_go_to_the_log(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    application = with_canary(tmp_path, logs)
    for lang, start in (("nl", "Er ging iets mis"), ("en", "Something went wrong")):
        result = run(logs, "validate", str(application), code=BROKEN_ENGINE, lang=lang)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith(start), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr and "KeyError" not in result.stderr
        assert str(logs / LOG_FILE) in result.stderr  # where a helper finds the details
        assert CANARY_NAME not in result.stderr and CANARY_IBAN not in result.stderr
    scripted = run(logs, "validate", "--json", str(application), code=BROKEN_ENGINE)
    assert scripted.returncode == 2
    assert json.loads(scripted.stdout)["error"]["code"] == "unexpected"

    lines = log_lines(logs)
    assert any("KeyError (message left out)" in line for line in lines), lines
    assert any("in cmd_validate" in line for line in lines), lines  # where it happened
    leaks = [line for line in lines if CANARY_NAME in line or CANARY_IBAN in line]
    assert leaks == []
    assert stat.S_IMODE((logs / LOG_FILE).stat().st_mode) == 0o600


def test_validate_and_pdf_write_nothing_personal_to_the_log(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    application = with_canary(tmp_path, logs)
    checked = run(logs, "validate", str(application), "--today", "2026-03-02")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    pdf = tmp_path / "aanvraag.pdf"
    made = run(logs, "pdf", str(application), "-o", str(pdf), "--unsigned", "--today", "2026-03-02")
    assert made.returncode == 0, made.stderr
    assert pdf.stat().st_size > 0
    lines = log_lines(logs)
    assert lines, "the log file was not written"
    assert [line for line in lines if CANARY_NAME in line or CANARY_IBAN in line] == []


def test_without_a_usable_log_folder_the_command_still_works(tmp_path: Path) -> None:
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the log folder should be")
    result = run(blocked, "regelingen")
    assert result.returncode == 0, result.stderr
    assert "amsterdam-bewonersinitiatief" in result.stdout
    broken = run(
        blocked, "regelingen", code=BROKEN_ENGINE.replace("engine.evaluate =", "loader.Catalog =")
    )
    assert broken.returncode == 2
    assert broken.stderr.startswith("Er ging iets mis") and "Traceback" not in broken.stderr


def test_the_log_rotates_and_every_file_stays_private(tmp_path: Path) -> None:
    path = tmp_path / LOG_FILE
    handler = PrivateRotatingFileHandler(path, maxBytes=2_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(PrivateFormatter())
    logger = logging.getLogger("tests.rotation")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for number in range(200):
            logger.warning("line %d of the rotation test", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [LOG_FILE, f"{LOG_FILE}.1", f"{LOG_FILE}.2"]
    for file in files:
        assert file.stat().st_size <= 2_100
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


@pytest.mark.parametrize("chained", [False, True])
def test_a_logged_exception_keeps_its_type_and_place_but_not_its_message(chained: bool) -> None:
    formatter = PrivateFormatter()
    try:
        try:
            raise ValueError(CANARY_IBAN)
        except ValueError as inner:
            if not chained:
                raise
            raise RuntimeError(CANARY_NAME) from inner
    except Exception:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    text = formatter.format(record)
    assert "ValueError (message left out)" in text
    assert "test_a_logged_exception_keeps_its_type_and_place_but_not_its_message" in text
    assert ("RuntimeError (message left out)" in text) is chained
    assert CANARY_IBAN not in text and CANARY_NAME not in text
