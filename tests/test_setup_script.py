"""The two-command set-up (scripts/setup.sh) and the CI entry point (.ci/run).

These tests never install anything: they check the script's syntax, the paths that stop
before the install steps, and that CI runs exactly the test command the README gives.
"""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = ROOT / "scripts" / "setup.sh"
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"


def _fenced_lines(markdown: str) -> list[str]:
    """Lines inside fenced code blocks (``` or ~~~), stripped, without a shell prompt."""
    lines, fence = [], None
    for raw in markdown.splitlines():
        stripped = raw.strip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker and (fence is None or marker.group(1).startswith(fence)):
            fence = None if fence else marker.group(1)[:3]
            continue
        if fence and stripped:
            lines.append(re.sub(r"^[$>]\s+", "", stripped))
    return lines


def _readme_command(mode: str) -> str:
    commands = {
        line
        for line in _fenced_lines(README.read_text(encoding="utf-8"))
        if re.search(rf"scripts/setup\.sh\s+{mode}\b", line)
    }
    assert len(commands) == 1, f"README.md should show one `setup.sh {mode}` command: {commands}"
    return commands.pop()


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_setup_script_has_valid_bash_syntax():
    result = _run("-n", str(SETUP))
    assert result.returncode == 0, result.stderr


def test_ci_run_is_executable_and_runs_the_readme_test_command():
    assert os.access(CI_RUN, os.X_OK), ".ci/run must be executable"
    exec_lines = [
        line.strip().removeprefix("exec").strip()
        for line in CI_RUN.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("exec ")
    ]
    assert exec_lines == [_readme_command("test")]


def test_readme_shows_the_app_command():
    assert _readme_command("app") == "bash scripts/setup.sh app"


def test_unknown_mode_prints_usage_and_exits_2():
    result = _run(str(SETUP), "bogus")
    assert result.returncode == 2
    assert "Usage: bash scripts/setup.sh app|test" in result.stderr


def test_app_mode_without_a_display_explains_how_to_try_it_anyway():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = _run(str(SETUP), "app", env=env)
    message = " ".join(result.stderr.split())  # the text is wrapped; compare words, not lines
    assert result.returncode == 1
    assert "needs a graphical desktop" in message
    assert "geen beeldscherm gevonden" in message
    assert "xvfb-run -a bash scripts/setup.sh app" in message
