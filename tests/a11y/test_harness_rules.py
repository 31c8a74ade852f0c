"""The harness's own rule: without its tools it fails in CI and is skipped elsewhere, with
the reason — the proof never disappears silently from a CI run."""

from __future__ import annotations

import pytest

from tests.a11y import harness


def test_missing_tools_fail_in_ci_and_skip_elsewhere(monkeypatch) -> None:
    monkeypatch.setattr(harness, "missing", lambda: ["pyatspi for /usr/bin/python3"])
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="pyatspi for /usr/bin/python3"):
        harness.require_harness()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="python3-pyatspi"):
        harness.require_harness()
