"""The app as a user installs it: the wheel built from this checkout, in a fresh virtual
environment outside the checkout, with its dependencies from requirements.lock (exact versions
with hashes, as scripts/setup.sh installs them). Used by test_wheel.py and, to take
screenshots of the installed app, by hand:

    python -m tests.packaging.installed VENV_DIR      # builds the wheel, makes the venv
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_LOCK = ROOT / "requirements.lock"


def build_wheel(out: Path) -> Path:
    """``pip wheel`` of the checkout (hatchling from the running environment, no network)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(out), str(ROOT)),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = out.glob("klein_initiatief-*.whl")
    return wheel


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a user: no PYTHONPATH, no virtual environment active, own home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def make_venv(folder: Path, wheel: Path, env: dict[str, str]) -> Path:
    """A new venv (no system site-packages) with the locked dependencies and the wheel; returns
    its ``bin`` (``Scripts`` on Windows) folder."""
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(folder)
    scripts = folder / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--progress-bar", "off"]
    subprocess.run(
        [*pip, "--require-hashes", "--no-deps", "-r", str(APP_LOCK)],
        check=True,
        env=env,
        cwd=folder,
        timeout=900,
    )
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, env=env, cwd=folder, timeout=300)
    return scripts


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve()
    built = build_wheel(target / "wheel")
    print(make_venv(target / "venv", built, clean_env(target / "home")))
