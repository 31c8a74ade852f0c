"""GUI tests run offscreen, each with its own temporary data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY


@pytest.fixture
def window(qtbot, tmp_path, catalog):
    """The resident's window on an empty data folder, active, on a fixed day."""
    from desktop_app.ui.resident.window import MainWindow  # after QT_QPA_PLATFORM is set

    shown = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitActive(shown)  # keyboard shortcuts (Alt+N …) go to the active window
    return shown
