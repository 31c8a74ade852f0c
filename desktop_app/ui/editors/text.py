"""A long answer: a text box with a word or character counter."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from desktop_app.core.answers import count_words
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.text import fill
from desktop_app.ui.editors.base import FieldEditor

WORDS_COUNTED = N_("{count} / {max} woorden")
CHARACTERS_COUNTED = N_("{count} / {max} tekens")


class LongTextEditor(FieldEditor):
    def build(self) -> None:
        self.text_box = QPlainTextEdit()
        self.text_box.setTabChangesFocus(True)
        self.text_box.setFixedHeight(self.text_box.fontMetrics().lineSpacing() * 6)
        self.name(self.text_box)
        self.label.setBuddy(self.text_box)
        self.counter = QLabel("")
        self.counter.setProperty("role", "help")
        self.text_box.textChanged.connect(self._count)
        self.text_box.textChanged.connect(self.changed)
        self.layout_.addWidget(self.text_box)
        self.layout_.addWidget(self.counter)
        self._count()

    def focus_widget(self) -> QWidget:
        return self.text_box

    def _count(self) -> None:
        text = self.text_box.toPlainText()
        if self.field.max_words is not None:  # a word limit: count what the limit counts
            shown = fill(
                gettext(self.language, WORDS_COUNTED),
                {"count": str(count_words(text)), "max": str(self.field.max_words)},
            )
        else:
            shown = fill(
                gettext(self.language, CHARACTERS_COUNTED),
                {"count": str(len(text)), "max": str(self.field.default_max_length)},
            )
        self.counter.setText(shown)
        self.counter.setAccessibleName(shown)

    def value(self) -> Any:
        return self.text_box.toPlainText() or None

    def set_value(self, raw: Any) -> None:
        self.text_box.setPlainText(raw if isinstance(raw, str) else "")
