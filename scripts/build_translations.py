"""Build the Qt translations: resources/translations/*.ts -> *.qm (next to them, not committed).

Run by scripts/setup.sh on every install. Uses pyside6-lrelease from the same environment.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"


def lrelease() -> str:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside_python) if beside_python.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        sys.exit("build_translations: pyside6-lrelease not found; install PySide6 first.")
    return found


def main() -> int:
    tool = lrelease()
    for source in sorted(FOLDER.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        subprocess.run([tool, "-silent", str(source), "-qm", str(target)], check=True)
        print(f"build_translations: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
