"""The small questions the window asks: Ja/Nee (Nee the default for anything that removes),
a secret typed once, a plain message."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.language import Language

TITLE = "Klein Initiatief"


def confirm(parent: QWidget, text: str, default_yes: bool = False) -> bool:
    """Ja/Nee; Nee is the default (Enter), so a destructive step needs a deliberate Ja."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, TITLE, text, buttons, default)
    return answer == QMessageBox.StandardButton.Yes


def ask_secret(parent: QWidget, prompt: str) -> str | None:
    text, ok = QInputDialog.getText(parent, TITLE, prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def inform(parent: QWidget, text: str) -> None:
    QMessageBox.information(parent, TITLE, text)


def warn(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, TITLE, text)


def warn_error(parent: QWidget, error: UserError, language: Language) -> None:
    warn(parent, error.message.get(language))
