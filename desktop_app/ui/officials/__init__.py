"""The officials' window, one module per page or dialog, over desktop_app.officials.service."""

from desktop_app.ui.officials.window import OfficialsWindow, make_officials_window, run_officials

__all__ = ["OfficialsWindow", "make_officials_window", "run_officials"]
