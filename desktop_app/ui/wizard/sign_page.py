"""The sign page: name, place, date, who helped (optional) and the signature pad; and the
checks before signing (a name, and only characters the PDF can show)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.clock import Clock, today
from desktop_app.core.messages import format_value
from desktop_app.core.printable import describe as describe_char
from desktop_app.core.printable import first_unprintable
from desktop_app.resident.service import SignatureBlock
from desktop_app.ui.accessibility import announce, describe
from desktop_app.ui.editors import make_title
from desktop_app.ui.signature_pad import SignaturePad


class SignPage(QWidget):
    def __init__(
        self,
        words: dict[str, str],
        language: str,
        clock: Clock,
        signer: tuple[str, str],
        assisted_by: str,
        button: Callable[[str, Callable[[], object]], QPushButton],
    ) -> None:
        super().__init__()
        self.words, self.language, self.clock = words, language, clock
        name, place = signer
        self.sign_help: dict[QLineEdit, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(make_title(words["sign_title"]))
        intro = QLabel(words["sign_intro"])
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.sign_name = self._line(layout, words["sign_name"], name)
        self.sign_place = self._line(layout, words["sign_place"], place)
        day = format_value(today(clock), language)
        layout.addWidget(QLabel(words["sign_date"].format(date=day)))
        # Helper mode: a community worker notes their organisation; it goes on the PDF.
        self.assisted = self._line(layout, words["assisted"], assisted_by, words["assisted_help"])
        pad_label = QLabel(words["pad"])
        pad_label.setProperty("role", "question")
        pad_help = QLabel(words["pad_help"])
        pad_help.setProperty("role", "help")
        pad_help.setWordWrap(True)
        self.pad = SignaturePad(words["pad"], words["pad_help"], language)
        pad_label.setBuddy(self.pad)
        clear = button(words["clear_pad"], self.pad.clear)
        for widget in (pad_label, pad_help, self.pad):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addStretch()
        layout.addLayout(row)
        self.sign_message = QLabel("")
        self.sign_message.setProperty("role", "message")
        self.sign_message.setWordWrap(True)
        self.sign_message.hide()
        layout.addWidget(self.sign_message)
        for edit in (self.sign_name, self.sign_place, self.assisted):
            edit.textEdited.connect(self.check_printable)
        layout.addStretch()

    def _line(self, layout: QVBoxLayout, text: str, value: str, help_text: str = "") -> QLineEdit:
        """Question, help (as on the other pages: between question and field), field."""
        label = QLabel(text)
        label.setProperty("role", "question")
        edit = QLineEdit(value)
        edit.setAccessibleName(text)
        edit.setMaxLength(100)
        self.sign_help[edit] = help_text
        label.setBuddy(edit)
        layout.addWidget(label)
        if help_text:
            help_label = QLabel(help_text)
            help_label.setProperty("role", "help")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
            edit.setAccessibleDescription(help_text)
        layout.addWidget(edit)
        return edit

    def signature(self) -> SignatureBlock:
        return SignatureBlock(
            name=self.sign_name.text().strip(),
            place=self.sign_place.text().strip(),
            date=today(self.clock),
            drawing_png=self.pad.to_png(),
        )

    def check_printable(self) -> bool:
        """As the resident types: a character the PDF cannot show is named at once."""
        for edit in (self.sign_name, self.sign_place, self.assisted):
            char = first_unprintable(edit.text())
            if char is not None:
                text = self.words["unprintable"]
                text = text.replace("{field}", edit.accessibleName())
                self.show_error(edit, text.replace("{character}", describe_char(char)))
                return False
        self.show_error(None, "")
        return True

    def ready(self) -> bool:
        """Whether the page can be signed; if not, the message says why and focus goes there."""
        if not self.check_printable():
            return False
        if not self.sign_name.text().strip():
            self.show_error(self.sign_name, self.words["name_needed"])
            self.sign_name.setFocus()
            return False
        self.show_error(None, "")
        return True

    def show_error(self, edit: QLineEdit | None, text: str) -> None:
        """The sign page's message: beside the fields, in the field's description, and said."""
        for field, help_text in self.sign_help.items():
            describe(field, help_text, text if field is edit else "")
        self.sign_message.setText(text)
        self.sign_message.setVisible(bool(text))
        if text:
            announce(edit or self.sign_message, text, assertive=True)
