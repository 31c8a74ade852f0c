"""Moved to desktop_app/ui/resident/ (the window as a router, one module per page); this
name stays so older imports keep working. New code imports desktop_app.ui.resident.window."""

from desktop_app.ui.resident.window import MainWindow, load_style, run_app

__all__ = ["MainWindow", "load_style", "run_app"]
