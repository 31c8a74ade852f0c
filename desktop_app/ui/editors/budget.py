"""The budget: cost lines (kind of cost, description, amount) read as a table, the totals,
and how the plan is paid (own contribution, other funding, the amount requested)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.core.engine import Verdict
from desktop_app.core.i18n import N_, Words, gettext
from desktop_app.core.money import MoneyError, coerce_money, format_money
from desktop_app.core.text import fill
from desktop_app.ui.accessibility import announce, describe, place_in_tab_order
from desktop_app.ui.editors.base import FieldEditor, flagged
from desktop_app.ui.editors.values import money_text, money_value

COLUMNS = (N_("Soort kosten"), N_("Omschrijving"), N_("Bedrag"))
WORDS = Words(
    {
        "column_header": N_("kolomkop"),
        "add": N_("Kostenregel toevoegen"),
        "own_contribution": N_("Eigen bijdrage"),
        "other_funding": N_("Ander geld (fondsen, sponsors)"),
        "requested": N_("Gevraagd bedrag"),
        "no_category": N_("— soort kosten —"),
        "remove": N_("Weg"),
        "cell": N_("{column}, regel {number}"),
        "remove_line": N_("Regel {number} weghalen"),
        "line_message": N_("Regel {number} — {message}"),
        "where": N_("Kolom {column}, regel {number}."),
        "total": N_("Totale kosten: {amount}"),
    }
)


class BudgetEditor(FieldEditor):
    """Cost lines with category, description and amount; totals; how it is paid."""

    def build(self) -> None:
        self.words = words = WORDS[self.language]
        self.lines_box = QGridLayout()
        # The description gets the most room; the category list may shrink (and elide) so a
        # line still fits at 200% font size.
        for column, stretch in enumerate((3, 4, 2, 0)):
            self.lines_box.setColumnStretch(column, stretch)
        self.headers = [QLabel(gettext(self.language, text)) for text in COLUMNS]
        for column, header in enumerate(self.headers):
            header.setProperty("role", "column")
            # A column header (PySide6 cannot give a label that role): said as such.
            header.setAccessibleDescription(words["column_header"])
            self.lines_box.addWidget(header, 0, column)
            header.hide()
        self.layout_.addLayout(self.lines_box)
        self.rows: list[tuple[QComboBox, QLineEdit, QLineEdit, QPushButton]] = []
        self.line_messages: list[QLabel] = []
        self.add_line = QPushButton(words["add"])
        self.add_line.setAccessibleName(self.add_line.text())
        self.add_line.clicked.connect(self._add_line_clicked)
        self.layout_.addWidget(self.add_line)
        self.totals = QLabel("")
        self.totals.setProperty("role", "total")
        self.layout_.addWidget(self.totals)
        self.extra: dict[str, QLineEdit] = {}
        parts = ["own_contribution", "other_funding"]
        if self.field.budget_mode == "plan":
            parts.append("requested")
        form = QGridLayout()
        for row, key in enumerate(parts):
            text = words[key]
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
        words = self.words
        number = len(self.rows) + 1
        category = QComboBox()
        category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        category.setMinimumContentsLength(10)
        category.addItem(words["no_category"], None)
        for c in self.regeling.cost_categories:
            category.addItem(c.label.get(self.language), c.id)
        description = QLineEdit()
        amount = QLineEdit()
        remove = QPushButton(words["remove"])
        for cell, header in zip((category, description, amount), self.headers, strict=True):
            cell.setAccessibleName(
                fill(words["cell"], {"column": header.text(), "number": str(number)})
            )
        remove.setAccessibleName(fill(words["remove_line"], {"number": str(number)}))
        self._describe_cells((category, description, amount), number, "")
        if line:
            category.setCurrentIndex(max(category.findData(line.get("category")), 0))
            description.setText(str(line.get("description", "")))
            description.setCursorPosition(0)  # show the start of a long description, not its end
            amount.setText(money_text(line.get("amount"), self.language))
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
        for index, (message, widgets) in enumerate(zip(self.line_messages, self.rows, strict=True)):
            found = per_line.get(index, [])
            text = "\n".join(
                fill(
                    self.words["line_message"],
                    {
                        "number": str(index + 1),
                        "message": flagged(v.severity, v.message.get(self.language), self.language),
                    },
                )
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
        for header, cell in zip(self.headers, cells, strict=True):
            where = fill(self.words["where"], {"column": header.text(), "number": str(number)})
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
            amount = format_money(total, self.language)
            self.totals.setText(fill(self.words["total"], {"amount": amount}))
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
            edit.setText(money_text(budget.get(key), self.language) if budget.get(key) else "")
        self.value()  # shows the totals
