"""Running a probe script (tests/ui/*_probe.py): the real entry point in its own process,
offscreen and in Dutch, whose JSON lines are what it saw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_probe(probe: Path, data: Path, *extra: str, timeout: float = 120) -> list[dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KLEIN_INITIATIEF_LANG": "nl"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, str(probe), str(data), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    return lines
