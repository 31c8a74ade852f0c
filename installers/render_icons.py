"""Render resources/icons/klein-initiatief.svg to PNG files of the usual icon sizes:

    python installers/render_icons.py OUT_DIR        # writes OUT_DIR/16.png … OUT_DIR/512.png

The SVG is the only committed icon; the PNGs (Linux hicolor theme, Windows .ico and macOS
.icns via PyInstaller) are made from it at build time with Qt's own SVG renderer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "klein-initiatief.svg"


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A full QApplication, not a QGuiApplication: in a process that later shows windows (the
    # test suite) a QGuiApplication would make every later widget abort the process.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: cannot read {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"{size}.png"
        if not image.save(str(target)):
            raise SystemExit(f"render_icons: cannot write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("Usage: python installers/render_icons.py OUT_DIR")
    for path in render(Path(sys.argv[1])):
        print(path)
