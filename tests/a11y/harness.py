"""Run the app on a virtual screen with a private D-Bus session and the accessibility bus, and
read it over AT-SPI with the system Python's pyatspi (tests/a11y/atspi_probe.py).

In CI (``CI=true``) a missing tool fails the test: the proof must not silently disappear.
Elsewhere it is skipped with the reason and the packages to install."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
PACKAGES = "xvfb xauth dbus at-spi2-core python3-pyatspi (bash scripts/setup.sh test)"


def missing() -> list[str]:
    """What the harness needs and this machine lacks."""
    lacking = [tool for tool in ("xvfb-run", "dbus-run-session") if shutil.which(tool) is None]
    if not any(Path(p).exists() for p in BUS_LAUNCHERS):
        lacking.append("at-spi-bus-launcher")
    if not Path(SYSTEM_PYTHON).exists():
        lacking.append(SYSTEM_PYTHON)
    else:
        found = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, timeout=60
        )
        if found.returncode != 0:
            lacking.append("pyatspi for " + SYSTEM_PYTHON)
    return lacking


def require_harness() -> None:
    lacking = missing()
    if not lacking:
        return
    reason = f"the AT-SPI harness needs {', '.join(lacking)}; install {PACKAGES}"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def run_script(
    data: Path,
    script: list[dict[str, Any]],
    timeout: float = 300,
    app: str = "tests.a11y.a11y_app",
) -> list[dict]:
    """The app (the module ``app``: the residents' or the officials' launcher) under Xvfb, a
    private D-Bus session and the AT-SPI bus; the script's keyboard steps; per step what the
    app said and what the bus showed and told (focus events, announcements)."""
    require_harness()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a private session: dbus-run-session makes it
    env.pop("AT_SPI_BUS_ADDRESS", None)
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x1024x24",
            SYSTEM_PYTHON,
            str(ROOT / "tests" / "a11y" / "atspi_probe.py"),
            sys.executable,
            str(data),
            json.dumps(script),
            app,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"steps"')]
    assert done.returncode == 0 and lines, (
        f"the probe ended with {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return list(json.loads(lines[-1])["steps"])
