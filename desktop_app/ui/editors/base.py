"""The editor every question starts from: a line of text (also amounts, dates, numbers).

An editor shows the question (label), its help, and the engine's message for it as
text ("Fout: …" / "Let op: …"), and reports every change. Values are kept as the
resident typed them when they cannot be read, so nothing typed is ever lost; the
rule engine then says what is wrong.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.core.engine import Verdict
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.regeling import FieldDef, Regeling
from desktop_app.core.text import fill
from desktop_app.ui.accessibility import REQUIRED, announce, describe
from desktop_app.ui.editors.values import date_text, date_value, money_text, money_value

DATE_FORMAT = N_("Schrijf de datum als dd-mm-jjjj.")
DATE_PLACEHOLDER = N_("dd-mm-jjjj")
# A message of the checks as it is shown: how bad it is, then the message itself.
PREFIX = {
    "blocking": N_("Fout: {message}"),
    "warning": N_("Let op: {message}"),
}


def flagged(severity: str, message: str, language: str) -> str:
    """ "Fout: …" / "Let op: …" in ``language`` (``fill``: a message may hold braces)."""
    return fill(gettext(language, PREFIX[severity]), {"message": message})


class FieldEditor(QFrame):
    """Label, help, input and message for one question."""

    changed = Signal()
    left = Signal()

    def __init__(self, field: FieldDef, regeling: Regeling, language: str) -> None:
        super().__init__()
        self.field, self.regeling, self.language = field, regeling, language
        self.setObjectName(f"field-{field.id}")
        # A named group: radio and check-box questions are read with their question.
        self.setAccessibleName(field.label.get(language))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 6, 0, 6)
        self.label = QLabel(field.label.get(language))
        self.label.setWordWrap(True)
        self.label.setProperty("role", "question")
        self.help = QLabel(field.help.get(language))
        self.help.setWordWrap(True)
        self.help.setProperty("role", "help")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "message")
        self.message.hide()
        if field.type != "declaration":
            self.layout_.addWidget(self.label)
        self.layout_.addWidget(self.help)
        self.build()
        self.layout_.addWidget(self.message)

    def name(self, widget: QWidget, text: str | None = None) -> None:
        """Accessible name = the visible question; description = its help."""
        widget.setAccessibleName(text or self.field.label.get(self.language))
        widget.setAccessibleDescription(self._help_text())

    def _help_text(self) -> str:
        """Help, the date format (visible too, not only a placeholder) and 'verplicht'."""
        parts = [self.field.help.get(self.language)]
        if self.field.type == "date":
            parts.append(gettext(self.language, DATE_FORMAT))
        if self.field.required and self.field.type != "declaration":
            parts.append(gettext(self.language, REQUIRED))
        return " ".join(p for p in parts if p)

    def build(self) -> None:
        self.input = QLineEdit()
        self.name(self.input)
        self.label.setBuddy(self.input)
        self.input.textEdited.connect(self.changed)
        self.input.editingFinished.connect(self.left)
        if self.field.type == "date":
            self.input.setPlaceholderText(gettext(self.language, DATE_PLACEHOLDER))
            date_format = gettext(self.language, DATE_FORMAT)
            self.help.setText(" ".join(filter(None, (self.help.text(), date_format))))
        self.layout_.addWidget(self.input)

    def focus_widget(self) -> QWidget:
        return self.input

    def value(self) -> Any:
        text = self.input.text()
        if self.field.type == "money":
            return money_value(text, self.language) if text.strip() else None
        if self.field.type == "date":
            return date_value(text) if text.strip() else None
        if self.field.type == "integer":
            return int(text) if text.strip().isdigit() else (text.strip() or None)
        return text or None

    def set_value(self, raw: Any) -> None:
        if self.field.type == "money":
            self.input.setText(money_text(raw, self.language))
        elif self.field.type == "date":
            self.input.setText(date_text(raw))
        else:
            self.input.setText("" if raw is None else str(raw))

    def show_verdicts(self, verdicts: tuple[Verdict, ...]) -> None:
        """Show the messages beside the field and make them part of its description; a new
        message for the field that has focus is announced."""
        target = self.focus_widget()
        if not verdicts:
            self.message.hide()
            self.message.setText("")
            target.setProperty("invalid", False)
            describe(target, self._help_text())
            return
        lines = [flagged(v.severity, v.message.get(self.language), self.language) for v in verdicts]
        text = "\n".join(lines)
        before = self.message.text() if self.message.isVisible() else ""
        self.message.setText(text)
        self.message.setProperty("severity", verdicts[0].severity)
        self.message.style().polish(self.message)
        self.message.show()
        target.setProperty("invalid", any(v.severity == "blocking" for v in verdicts))
        describe(target, self._help_text(), text)
        if text != before and target.hasFocus():
            announce(target, text)
