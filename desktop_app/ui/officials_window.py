"""Where the officials' window used to live; it is now the package desktop_app.ui.officials.
Kept so ``from desktop_app.ui.officials_window import ...`` in older callers still works."""

from desktop_app.ui.officials.decide_dialog import DecideDialog
from desktop_app.ui.officials.window import OfficialsWindow, make_officials_window, run_officials

__all__ = ["DecideDialog", "OfficialsWindow", "make_officials_window", "run_officials"]
