"""Wheel build step: compile the translation catalogues (desktop_app/locale/*.po -> .mo).

The .mo files are never committed; the wheel gets them from here, a checkout from
`scripts/setup.sh` (scripts/translations.py compile), the frozen app from its spec.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        from desktop_app.core.i18n import compile_po

        self._out = tempfile.TemporaryDirectory(prefix="ki-mo-")
        out = Path(self._out.name)
        for po in sorted((root / "desktop_app" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(compile_po(po.read_bytes()))
            build_data["force_include"][str(target)] = str(relative)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        self._out.cleanup()
