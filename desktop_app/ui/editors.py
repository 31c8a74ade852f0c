"""One editor widget per field type, generated from the regeling's field definitions.

An editor shows the question (label), its help, and the engine's message for it as
text ("Fout: …" / "Let op: …"), and reports every change. Values are kept as the
resident typed them when they cannot be read, so nothing typed is ever lost; the
rule engine then says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.answers import count_words
from desktop_app.core.engine import Verdict
from desktop_app.core.money import (
    MoneyError,
    coerce_money,
    format_money,
    parse_money,
    stored_money,
)
from desktop_app.core.regeling import FieldDef, Regeling
from desktop_app.ui.accessibility import (
    REQUIRED,
    announce,
    describe,
    place_in_tab_order,
)
from desktop_app.ui.widgets import make_title  # noqa: F401 (where it always was)

DATE_FORMAT = {"nl": "Schrijf de datum als dd-mm-jjjj.", "en": "Write the date as dd-mm-yyyy."}
YES_NO = {"nl": ("Ja", "Nee"), "en": ("Yes", "No")}
PREFIX = {
    "blocking": {"nl": "Fout: ", "en": "Error: "},
    "warning": {"nl": "Let op: ", "en": "Note: "},
}


def _money_text(raw: Any, language: str) -> str:
    if isinstance(raw, str):
        try:
            return format_money(
                parse_money(raw, "en") if "." in raw else parse_money(raw), language
            )
        except MoneyError:
            return raw
    return ""


def money_value(text: str, language: str) -> str:
    """What is stored: "1234.56" when readable, else the text as typed (the engine explains)."""
    return stored_money(text, language)


def date_value(text: str) -> str:
    text = text.strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text


def date_text(raw: Any) -> str:
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw).strftime("%d-%m-%Y")
        except ValueError:
            return raw
    return ""


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
            parts.append(DATE_FORMAT[self.language])
        if self.field.required and self.field.type != "declaration":
            parts.append(REQUIRED[self.language] + ".")
        return " ".join(p for p in parts if p)

    def build(self) -> None:
        self.input = QLineEdit()
        self.name(self.input)
        self.label.setBuddy(self.input)
        self.input.textEdited.connect(self.changed)
        self.input.editingFinished.connect(self.left)
        if self.field.type == "date":
            self.input.setPlaceholderText("dd-mm-jjjj" if self.language == "nl" else "dd-mm-yyyy")
            self.help.setText(
                " ".join(filter(None, (self.help.text(), DATE_FORMAT[self.language])))
            )
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
            self.input.setText(_money_text(raw, self.language))
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
        lines = [PREFIX[v.severity][self.language] + v.message.get(self.language) for v in verdicts]
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
            words = "woorden" if self.language == "nl" else "words"
            shown = f"{count_words(text)} / {self.field.max_words} {words}"
        else:
            words = "tekens" if self.language == "nl" else "characters"
            shown = f"{len(text)} / {self.field.default_max_length} {words}"
        self.counter.setText(shown)
        self.counter.setAccessibleName(shown)

    def value(self) -> Any:
        return self.text_box.toPlainText() or None

    def set_value(self, raw: Any) -> None:
        self.text_box.setPlainText(raw if isinstance(raw, str) else "")


class ChoiceEditor(FieldEditor):
    def build(self) -> None:
        options = self.regeling.options_for(self.field)
        self.options = options
        if self.field.type == "yes_no":
            self.buttons = [QRadioButton(text) for text in YES_NO[self.language]]
            self.values: list[Any] = [True, False]
        else:
            self.buttons = [QRadioButton(o.label.get(self.language)) for o in options]
            self.values = [o.id for o in options]
        group = QButtonGroup(self)
        box = QVBoxLayout() if len(self.buttons) > 2 else QHBoxLayout()
        for radio in self.buttons:
            group.addButton(radio)
            radio.setAccessibleName(radio.text())
            radio.setAccessibleDescription(self.field.label.get(self.language))
            radio.toggled.connect(self._toggled)
            box.addWidget(radio)
        # Each option is named by its own text and described by the question.
        self.layout_.addLayout(box)

    def _toggled(self, on: bool) -> None:
        if on:  # one option chosen is one change, not two (the other one went off)
            self.changed.emit()

    def focus_widget(self) -> QWidget:
        return next((b for b in self.buttons if b.isChecked()), self.buttons[0])

    def value(self) -> Any:
        for radio, value in zip(self.buttons, self.values, strict=True):
            if radio.isChecked():
                return value
        return None

    def set_value(self, raw: Any) -> None:
        for radio, value in zip(self.buttons, self.values, strict=True):
            radio.setChecked(raw is not None and value == raw)


class ComboEditor(FieldEditor):
    def build(self) -> None:
        self.combo = QComboBox()
        self.combo.addItem("— kies —" if self.language == "nl" else "— choose —", None)
        for option in self.regeling.options_for(self.field):
            self.combo.addItem(option.label.get(self.language), option.id)
        self.name(self.combo)
        self.label.setBuddy(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)
        self.layout_.addWidget(self.combo)

    def focus_widget(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, raw: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(raw), 0))


class MultiChoiceEditor(FieldEditor):
    def build(self) -> None:
        self.boxes = []
        for option in self.regeling.options_for(self.field):
            box = QCheckBox(option.label.get(self.language))
            box.setAccessibleName(box.text())
            box.setAccessibleDescription(self.field.label.get(self.language))
            box.setProperty("option", option.id)
            box.toggled.connect(self.changed)
            self.boxes.append(box)
            self.layout_.addWidget(box)

    def focus_widget(self) -> QWidget:
        return self.boxes[0]

    def value(self) -> Any:
        return [b.property("option") for b in self.boxes if b.isChecked()] or None

    def set_value(self, raw: Any) -> None:
        chosen = set(raw) if isinstance(raw, list) else set()
        for box in self.boxes:
            box.setChecked(box.property("option") in chosen)


class DeclarationEditor(FieldEditor):
    def build(self) -> None:
        self.checkbox = QCheckBox(self.field.label.get(self.language))
        self.name(self.checkbox)
        self.checkbox.toggled.connect(self.changed)
        self.layout_.addWidget(self.checkbox)

    def focus_widget(self) -> QWidget:
        return self.checkbox

    def value(self) -> Any:
        return True if self.checkbox.isChecked() else None

    def set_value(self, raw: Any) -> None:
        self.checkbox.setChecked(raw is True)


class BudgetEditor(FieldEditor):
    """Cost lines with category, description and amount; totals; how it is paid."""

    def build(self) -> None:
        nl = self.language == "nl"
        self.lines_box = QGridLayout()
        # The description gets the most room; the category list may shrink (and elide) so a
        # line still fits at 200% font size.
        for column, stretch in enumerate((3, 4, 2, 0)):
            self.lines_box.setColumnStretch(column, stretch)
        self.headers = [
            QLabel(text)
            for text in (
                ("Soort kosten", "Omschrijving", "Bedrag")
                if nl
                else ("Kind of cost", "Description", "Amount")
            )
        ]
        for column, header in enumerate(self.headers):
            header.setProperty("role", "column")
            # A column header (PySide6 cannot give a label that role): said as such.
            header.setAccessibleDescription("kolomkop" if nl else "column header")
            self.lines_box.addWidget(header, 0, column)
            header.hide()
        self.layout_.addLayout(self.lines_box)
        self.rows: list[tuple[QComboBox, QLineEdit, QLineEdit, QPushButton]] = []
        self.line_messages: list[QLabel] = []
        self.add_line = QPushButton("Kostenregel toevoegen" if nl else "Add a cost line")
        self.add_line.setAccessibleName(self.add_line.text())
        self.add_line.clicked.connect(self._add_line_clicked)
        self.layout_.addWidget(self.add_line)
        self.totals = QLabel("")
        self.totals.setProperty("role", "total")
        self.layout_.addWidget(self.totals)
        self.extra: dict[str, QLineEdit] = {}
        parts = [
            ("own_contribution", "Eigen bijdrage", "Own contribution"),
            ("other_funding", "Ander geld (fondsen, sponsors)", "Other funding (funds, sponsors)"),
        ]
        if self.field.budget_mode == "plan":
            parts.append(("requested", "Gevraagd bedrag", "Amount requested"))
        form = QGridLayout()
        for row, (key, label_nl, label_en) in enumerate(parts):
            text = label_nl if nl else label_en
            label = QLabel(text)
            edit = QLineEdit()
            edit.setAccessibleName(text)
            label.setBuddy(edit)
            edit.textEdited.connect(self.changed)
            edit.editingFinished.connect(self.left)
            form.addWidget(label, row, 0)
            form.addWidget(edit, row, 1)
            self.extra[key] = edit
        self.layout_.addLayout(form)

    def _add_line_clicked(self) -> None:
        self._add_row()
        self.changed.emit()
        self.rows[-1][0].setFocus()  # the new line, announced by its name "Soort kosten, regel N"

    def _add_row(self, line: dict | None = None) -> None:
        nl = self.language == "nl"
        number = len(self.rows) + 1
        category = QComboBox()
        category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        category.setMinimumContentsLength(10)
        category.addItem("— soort kosten —" if nl else "— kind of cost —", None)
        for c in self.regeling.cost_categories:
            category.addItem(c.label.get(self.language), c.id)
        description = QLineEdit()
        amount = QLineEdit()
        remove = QPushButton("Weg" if nl else "Remove")
        for widget, text in (
            (
                category,
                f"{'Soort kosten' if nl else 'Kind of cost'}, {'regel' if nl else 'line'} {number}",
            ),
            (
                description,
                f"{'Omschrijving' if nl else 'Description'}, {'regel' if nl else 'line'} {number}",
            ),
            (amount, f"{'Bedrag' if nl else 'Amount'}, {'regel' if nl else 'line'} {number}"),
            (remove, f"{'Regel' if nl else 'Line'} {number} {'weghalen' if nl else 'remove'}"),
        ):
            widget.setAccessibleName(text)
        self._describe_cells((category, description, amount), number, "")
        if line:
            category.setCurrentIndex(max(category.findData(line.get("category")), 0))
            description.setText(str(line.get("description", "")))
            description.setCursorPosition(0)  # show the start of a long description, not its end
            amount.setText(_money_text(line.get("amount"), self.language))
        category.currentIndexChanged.connect(self.changed)
        description.textEdited.connect(self.changed)
        amount.textEdited.connect(self.changed)
        amount.editingFinished.connect(self.left)
        row = len(self.rows)
        remove.clicked.connect(lambda: self._remove_row(row))
        for column, cell in enumerate((category, description, amount, remove)):
            self.lines_box.addWidget(cell, 1 + 2 * row, column)
            cell.show()  # a child added to a visible editor is not shown by itself
        message = QLabel("")
        message.setWordWrap(True)
        message.setProperty("role", "message")
        self.lines_box.addWidget(message, 2 + 2 * row, 0, 1, 4)
        message.hide()
        place_in_tab_order([category, description, amount, remove], self.add_line)
        self.rows.append((category, description, amount, remove))
        self.line_messages.append(message)
        for header in self.headers:
            header.show()

    def _remove_row(self, row: int) -> None:
        lines = self.value_lines()
        del lines[row]
        self._set_lines(lines)
        self.changed.emit()

    def _set_lines(self, lines: list[dict]) -> None:
        for widget in [w for row in self.rows for w in row] + self.line_messages:
            widget.hide()  # gone at once, not only when Qt gets round to deleting it
            widget.deleteLater()
        self.rows, self.line_messages = [], []
        for header in self.headers:
            header.hide()
        for line in lines:
            self._add_row(line)

    def show_verdicts(self, verdicts: tuple[Verdict, ...]) -> None:
        """A message about one cost line (a category that is not paid for, a cap) appears under
        that line and is read out with its amount; the rest under the whole budget."""
        per_line: dict[int, list[Verdict]] = {}
        rest = []
        pattern = re.compile(rf"^{re.escape(self.field.id)}\.lines\[(\d+)\]")
        for verdict in verdicts:
            numbers = {int(m.group(1)) for f in verdict.fields if (m := pattern.match(f))}
            for number in numbers:
                per_line.setdefault(number, []).append(verdict)
            if not numbers:
                rest.append(verdict)
        super().show_verdicts(tuple(rest))
        nl = self.language == "nl"
        for index, (message, widgets) in enumerate(zip(self.line_messages, self.rows, strict=True)):
            found = per_line.get(index, [])
            text = "\n".join(
                f"{'Regel' if nl else 'Line'} {index + 1} — "
                f"{PREFIX[v.severity][self.language]}{v.message.get(self.language)}"
                for v in found
            )
            message.setText(text)
            message.setVisible(bool(found))
            if found:
                message.setProperty("severity", found[0].severity)
                message.style().polish(message)
            self._describe_cells(widgets[:3], index + 1, text)

    def _describe_cells(self, cells: tuple | list, number: int, message: str) -> None:
        """Each cell of a cost line is described as a table cell is read: its column header
        and its line ("Kolom Soort kosten, regel 2"), then the line's message. (A list is read
        by its value, so the description is what names its column.)"""
        nl = self.language == "nl"
        for header, cell in zip(self.headers, cells, strict=True):
            row = f"{'regel' if nl else 'line'} {number}"
            where = f"{'Kolom' if nl else 'Column'} {header.text()}, {row}."
            describe(cell, where, message)

    def focus_widget(self) -> QWidget:
        return self.rows[0][0] if self.rows else self.add_line

    def value_lines(self) -> list[dict]:
        return [
            {
                "category": category.currentData() or "",
                "description": description.text(),
                "amount": money_value(amount.text(), self.language)
                if amount.text().strip()
                else "0.00",
            }
            for category, description, amount, _ in self.rows
        ]

    def value(self) -> Any:
        budget: dict[str, Any] = {"lines": self.value_lines()}
        for key, edit in self.extra.items():
            if edit.text().strip():
                budget[key] = money_value(edit.text(), self.language)
            elif key != "requested":
                budget[key] = "0.00"
        self._show_totals(budget)
        return budget

    def _show_totals(self, budget: dict) -> None:
        before = self.totals.text()
        try:
            total = sum((coerce_money(line["amount"]) for line in budget["lines"]), Decimal("0.00"))
            self.totals.setText(
                ("Totale kosten: " if self.language == "nl" else "Total costs: ")
                + format_money(total, self.language)
            )
        except MoneyError:
            self.totals.setText("")
        focus = QApplication.focusWidget()
        if (
            self.totals.text() not in ("", before)
            and focus is not None
            and self.isAncestorOf(focus)
        ):
            announce(self.totals, self.totals.text())  # said while typing; focus stays put

    def set_value(self, raw: Any) -> None:
        budget = raw if isinstance(raw, dict) else {}
        self._set_lines([line for line in budget.get("lines", []) if isinstance(line, dict)])
        for key, edit in self.extra.items():
            edit.setText(_money_text(budget.get(key), self.language) if budget.get(key) else "")
        self.value()  # shows the totals


EDITORS: dict[str, type[FieldEditor]] = {
    "long_text": LongTextEditor,
    "yes_no": ChoiceEditor,
    "multi_choice": MultiChoiceEditor,
    "declaration": DeclarationEditor,
    "budget": BudgetEditor,
}


def basic_editor_for(field: FieldDef, regeling: Regeling, language: str) -> FieldEditor:
    """The editor for a field that is not a group or attachments (those live in repeated.py)."""
    if field.type == "choice":
        small = len(regeling.options_for(field)) <= 5
        return (ChoiceEditor if small else ComboEditor)(field, regeling, language)
    return EDITORS.get(field.type, FieldEditor)(field, regeling, language)
