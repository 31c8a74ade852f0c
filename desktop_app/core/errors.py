"""An error a person can read: a stable code and a message in Dutch and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import (issue 20): the message is made by whoever raises
    from desktop_app.core.text import Text


class UserError(Exception):
    """Input that cannot be used. Never shown as a traceback: show ``message``."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(f"{code}: {message.en}")
        self.code = code
        self.message = message
