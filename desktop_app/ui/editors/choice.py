"""Questions answered by choosing: yes/no and a few options (radio buttons), many options (a
list), several options (check boxes), and a declaration (one check box)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import N_, gettext
from desktop_app.ui.editors.base import FieldEditor

YES_NO = (N_("Ja"), N_("Nee"))
CHOOSE = N_("— kies —")


class ChoiceEditor(FieldEditor):
    def build(self) -> None:
        options = self.regeling.options_for(self.field)
        self.options = options
        if self.field.type == "yes_no":
            self.buttons = [QRadioButton(gettext(self.language, text)) for text in YES_NO]
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
        self.combo.addItem(gettext(self.language, CHOOSE), None)
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
