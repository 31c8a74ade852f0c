"""An error a person can read: a stable code and a message in Dutch and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # light to import (issue 20): the message is made by whoever raises
    from desktop_app.core.text import Text


class UserError(Exception):
    """Input that cannot be used. Never shown as a traceback: show ``message``.

    ``message`` may be a catalogued Dutch text (``N_``): it is translated when first read,
    so an error made when a module is imported does not load the catalogues then.
    """

    def __init__(self, code: str, message: Text | str) -> None:
        super().__init__(code)
        self.code = code
        self._message = message

    @property
    def message(self) -> Text:
        if isinstance(self._message, str):
            from desktop_app.core.i18n import text  # i18n reads Text from core.text

            self._message = text(self._message)
        return self._message

    def __str__(self) -> str:
        return f"{self.code}: {self.message.en}"
