"""The app's name for the desktop: its icon in the title bar and task bar, and the desktop
file (installers/linux/*.desktop) the window belongs to, so a Wayland or GNOME desktop shows
the right icon and groups the window under the right launcher."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QIcon

from desktop_app.core.shipped import shipped

# Reverse-DNS ids; each is the name (without .desktop) of a launcher in installers/linux/.
RESIDENT_APP_ID = "nl.kleininitiatief.KleinInitiatief"
OFFICIALS_APP_ID = "nl.kleininitiatief.KleinInitiatief.Behandelaar"
ICON = ("icons", "klein-initiatief.svg")


def set_identity(app: QCoreApplication, desktop_id: str = RESIDENT_APP_ID) -> None:
    if not isinstance(app, QGuiApplication):  # a console-only Qt application has no windows
        return
    app.setDesktopFileName(desktop_id)
    icon = shipped("resources", *ICON)
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
