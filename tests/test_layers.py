"""Nothing outside desktop_app/ui imports Qt: the core runs headless, in the CLI and on a server."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

BLOCK_QT_AND_IMPORT_ALL = r"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
            raise ImportError(f"Qt is not allowed here: {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import desktop_app
imported = []
for module in pkgutil.walk_packages(desktop_app.__path__, "desktop_app."):
    if module.name.startswith("desktop_app.ui") or module.name == "desktop_app.__main__":
        continue
    importlib.import_module(module.name)
    imported.append(module.name)
print("\n".join(imported))
"""


def test_every_module_outside_ui_imports_without_qt() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT_ALL],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    assert {"desktop_app.cli", "desktop_app.core.engine", "desktop_app.storage.atomic"} <= imported


def test_the_block_really_blocks() -> None:
    """The check above would prove nothing if importing Qt slipped through."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    probe = BLOCK_QT_AND_IMPORT_ALL.split("import desktop_app")[0] + "import PySide6.QtCore\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert result.returncode != 0 and "Qt is not allowed here" in result.stderr
