"""Questions answered more than once: repeated groups (such as the neighbours who support a
plan) and attached files. Plus ``editor_for``, which picks the editor for any question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.attachment_types import JPEG, is_heif, magic_type, unrecognised
from desktop_app.core.engine import Verdict
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Words
from desktop_app.core.regeling import FieldDef, Regeling
from desktop_app.core.text import fill
from desktop_app.core.values import AttachmentRef
from desktop_app.resident.service import AttachmentStore
from desktop_app.ui.accessibility import announce, place_in_tab_order
from desktop_app.ui.editors import FieldEditor, basic_editor_for, flagged
from desktop_app.ui.widgets import named_button

_ITEM_PATH = re.compile(r"^[a-z0-9_]+\[(\d+)\]\.([a-z0-9_]+)")
_SHORT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}
WORDS = Words(
    {
        # Translators: {item} is the regeling's name for one item in lower case ("buur"); the
        # first letter of the whole text is made a capital.
        "add_item": N_("{item} toevoegen"),
        "remove": N_("{item} weghalen"),
        "no_files": N_("Nog geen bestanden."),
        "iphone": N_("{types} (ook iPhone-foto's)"),
        "allowed": N_("Toegestaan: {types}, tot {size} MB per bestand."),
        "add_file": N_("Bestand toevoegen…"),
        "files": N_("Bestanden ({patterns})"),
        "cannot_open": N_("Het bestand '{name}' kan niet worden geopend."),
        "too_large": N_(
            "Het bestand '{name}' is {size} MB. Het mag hoogstens {max} MB zijn. Maak het "
            "kleiner of kies een ander bestand."
        ),
        "wrong_kind": N_("Dit soort bestand kan niet mee: '{name}'. {allowed}"),
        "added": N_("Toegevoegd: {name}"),
        "what_kind": N_("Wat voor bestand is dit?"),
        "file": N_("{name} ({size} kB)"),
    }
)


def _ask_for_file(parent: QWidget, title: str, filter_text: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filter_text)
    return Path(chosen) if chosen else None


@dataclass
class EditorContext:
    """What editors need beyond the regeling: where attached files go, and how to ask for one."""

    attachments: AttachmentStore
    ask_for_file: Callable[[QWidget, str, str], Path | None] = _ask_for_file


class GroupEditor(FieldEditor):
    """A repeated group: one framed block per item ("Buur 1", "Buur 2"), each with the
    group's sub-questions. The frame's title is its accessible name, as a screen reader
    announces a group before the questions inside it."""

    def __init__(
        self, field: FieldDef, regeling: Regeling, language: str, context: EditorContext
    ) -> None:
        self.context = context
        super().__init__(field, regeling, language)

    def item_name(self, number: int) -> str:
        assert self.field.item_label is not None
        return f"{self.field.item_label.get(self.language)} {number}"

    def build(self) -> None:
        assert self.field.item_label is not None
        self.words = WORDS[self.language]
        item = self.field.item_label.get(self.language).lower()
        self.items_box = QVBoxLayout()
        self.layout_.addLayout(self.items_box)
        self.items: list[tuple[QGroupBox, dict[str, FieldEditor]]] = []
        add = fill(self.words["add_item"], {"item": item})
        self.add_button = named_button(add[:1].upper() + add[1:])
        self.add_button.clicked.connect(self._add_clicked)
        self.layout_.addWidget(self.add_button)

    def _add_clicked(self) -> None:
        self._add_item({})
        self.changed.emit()
        editors = self.items[-1][1]
        next(iter(editors.values())).focus_widget().setFocus()

    def _add_item(self, values: dict[str, Any]) -> None:
        number = len(self.items) + 1
        box = QGroupBox(self.item_name(number))
        box.setAccessibleName(box.title())
        inner = QVBoxLayout(box)
        editors: dict[str, FieldEditor] = {}
        for sub in self.field.fields or ():
            editor = basic_editor_for(sub, self.regeling, self.language)
            editor.set_value(values.get(sub.id))
            focus = editor.focus_widget()
            if isinstance(focus, QLineEdit | QPlainTextEdit | QComboBox):
                # Named with its item ("Naam, buur 2"): two items do not sound the same. (A
                # check box or option is named by its own text, inside the named group box.)
                focus.setAccessibleName(f"{sub.label.get(self.language)}, {box.title().lower()}")
            focus.setAccessibleDescription(f"{box.title()}. {sub.help.get(self.language)}")
            editor.changed.connect(self.changed)
            editor.left.connect(self.left)
            editors[sub.id] = editor
            inner.addWidget(editor)
        remove = named_button(fill(self.words["remove"], {"item": box.title()}))
        remove.clicked.connect(lambda: self._remove(number - 1))
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(remove)
        inner.addLayout(row)
        self.items_box.addWidget(box)
        box.show()  # a child added to a visible editor is not shown by itself
        # In the Tab order where it is drawn: above the add button, not after the wizard's own.
        place_in_tab_order(_focusable(box), self.add_button)
        self.items.append((box, editors))
        full = self.field.max_items is not None and len(self.items) >= self.field.max_items
        self.add_button.setEnabled(not full)

    def _remove(self, index: int) -> None:
        values = self.value() or []
        del values[index]
        self._set_items(values)
        self.changed.emit()
        self.focus_widget().setFocus()

    def _set_items(self, values: list[dict[str, Any]]) -> None:
        for box, _ in self.items:
            box.hide()  # gone at once, not only when Qt gets round to deleting it
            box.deleteLater()
        self.items = []
        self.add_button.setEnabled(True)
        for item in values:
            self._add_item(item)

    def focus_widget(self) -> QWidget:
        if self.items:
            return next(iter(self.items[0][1].values())).focus_widget()
        return self.add_button

    def value(self) -> Any:
        items = []
        for _, editors in self.items:
            item = {}
            for sub_id, editor in editors.items():
                sub_value = editor.value()
                if sub_value is not None:
                    item[sub_id] = sub_value
            items.append(item)
        return items or None

    def set_value(self, raw: Any) -> None:
        items = raw if isinstance(raw, list) else []
        self._set_items([item for item in items if isinstance(item, dict)])

    def show_verdicts(self, verdicts: tuple[Verdict, ...]) -> None:
        """A message about one neighbour's answer appears beside that answer."""
        per_editor: dict[FieldEditor, list[Verdict]] = {}
        rest = []
        for verdict in verdicts:
            target = None
            for path in verdict.fields:
                match = _ITEM_PATH.match(path)
                if match and int(match[1]) < len(self.items):
                    target = self.items[int(match[1])][1].get(match[2])
                    break
            if target is None:
                rest.append(verdict)
            else:
                per_editor.setdefault(target, []).append(verdict)
        for _, editors in self.items:
            for editor in editors.values():
                editor.show_verdicts(tuple(per_editor.get(editor, ())))
        super().show_verdicts(tuple(rest))


class AttachmentsEditor(FieldEditor):
    """Attached files: add with a file dialog, choose what each file is, remove.

    A file of the wrong type or too large is refused at once, with the reason; an accepted
    file is copied into the attachment store, so moving the original later loses nothing."""

    def __init__(
        self, field: FieldDef, regeling: Regeling, language: str, context: EditorContext
    ) -> None:
        self.context = context
        self.refs: list[AttachmentRef] = []
        super().__init__(field, regeling, language)

    def build(self) -> None:
        self.words = words = WORDS[self.language]
        self.rows_box = QGridLayout()
        self.layout_.addLayout(self.rows_box)
        self.row_widgets: list[QWidget] = []
        self.none_label = QLabel(words["no_files"])
        self.none_label.setProperty("role", "help")
        self.layout_.addWidget(self.none_label)
        types = ", ".join(_SHORT_TYPES.get(t, t) for t in self.field.accept)
        if "image/jpeg" in self.field.accept:  # a HEIC photo is turned into a JPG when added
            types = fill(words["iphone"], {"types": types})
        self.limits = QLabel(
            fill(words["allowed"], {"types": types, "size": str(self.field.max_size_mb)})
        )
        self.limits.setProperty("role", "help")
        self.layout_.addWidget(self.limits)
        self.add_button = named_button(words["add_file"])
        self.add_button.setAccessibleDescription(
            f"{self.field.label.get(self.language)}. {self.limits.text()}"
        )
        self.add_button.clicked.connect(self.choose_file)
        self.layout_.addWidget(self.add_button)
        self.refusal = QLabel("")
        self.refusal.setProperty("role", "message")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.layout_.addWidget(self.refusal)

    def _filter(self) -> str:
        patterns = {
            "application/pdf": "*.pdf *.PDF",
            "image/jpeg": "*.jpg *.jpeg *.JPG *.JPEG *.heic *.HEIC *.heif *.HEIF",
            "image/png": "*.png *.PNG",
        }
        wanted = " ".join(patterns.get(t, "*") for t in self.field.accept)
        return fill(self.words["files"], {"patterns": wanted})

    def choose_file(self) -> None:
        title = self.field.label.get(self.language)
        path = self.context.ask_for_file(self, title, self._filter())
        if path is not None:
            self.add_path(path)
        self.add_button.setFocus()

    def _refuse(self, message: str) -> None:
        self.refusal.setText(flagged("blocking", message, self.language))
        self.refusal.show()

    def add_path(self, path: Path) -> None:
        """Check the file first; store it only when it can be used."""
        self.refusal.hide()
        limit = self.field.max_size_mb * 1024 * 1024
        try:
            size = path.stat().st_size
            with path.open("rb") as file:
                head = file.read(16)
        except OSError:
            self._refuse(fill(self.words["cannot_open"], {"name": path.name}))
            return
        if size > limit:
            shown = f"{size / (1024 * 1024):.1f}"  # a decimal comma, but in English
            shown = shown if self.language == "en" else shown.replace(".", ",")
            values = {"name": path.name, "size": shown, "max": str(self.field.max_size_mb)}
            self._refuse(fill(self.words["too_large"], values))
            return
        claimed = magic_type(head) or (JPEG if is_heif(head) else None)  # HEIC becomes JPEG
        if claimed is None:  # the full check follows in add_file
            refused = unrecognised(path.name)
            self._refuse(refused.message.get(self.language))
            return
        if claimed.media_type not in self.field.accept:
            values = {"name": path.name, "allowed": self.limits.text()}
            self._refuse(fill(self.words["wrong_kind"], values))
            return
        kind = (self.field.kinds or ())[0].id
        try:
            ref = self.context.attachments.add_file(path, kind)
        except UserError as error:
            self._refuse(error.message.get(self.language))
            return
        if any(r.sha256 == ref.sha256 for r in self.refs):
            return  # the same file twice is one attachment
        self.refs.append(ref)
        self._show_rows()
        self.changed.emit()
        announce(self.add_button, fill(self.words["added"], {"name": ref.file_name}))

    def _show_rows(self) -> None:
        for widget in self.row_widgets:
            widget.hide()
            widget.deleteLater()
        self.row_widgets = []
        kinds = self.field.kinds or ()
        for row, ref in enumerate(self.refs):
            size = str(max(ref.size // 1024, 1))
            name = QLabel(fill(self.words["file"], {"name": ref.file_name, "size": size}))
            kind = QComboBox()
            for option in kinds:
                kind.addItem(option.label.get(self.language), option.id)
            kind.setCurrentIndex(max(kind.findData(ref.kind), 0))
            # The file's name is the visible label of its "what is this" choice.
            name.setBuddy(kind)
            kind.setAccessibleName(name.text())
            kind.setAccessibleDescription(self.words["what_kind"])
            kind.setVisible(len(kinds) > 1)
            kind.currentIndexChanged.connect(lambda _=0, r=row, box=kind: self._set_kind(r, box))
            remove = named_button(fill(self.words["remove"], {"item": ref.file_name}))
            remove.clicked.connect(lambda _=False, r=row: self._remove(r))
            for column, widget in enumerate((name, kind, remove)):
                self.rows_box.addWidget(widget, row, column)
                widget.setVisible(widget is not kind or len(kinds) > 1)
                self.row_widgets.append(widget)
        self.none_label.setVisible(not self.refs)
        place_in_tab_order(
            [w for w in self.row_widgets if not isinstance(w, QLabel)], self.add_button
        )

    def _set_kind(self, row: int, box: QComboBox) -> None:
        self.refs[row] = self.refs[row].model_copy(update={"kind": box.currentData()})
        self.changed.emit()

    def _remove(self, row: int) -> None:
        # The stored bytes stay: another document may use the same file; retention cleans up.
        del self.refs[row]
        self._show_rows()
        self.changed.emit()
        self.add_button.setFocus()

    def focus_widget(self) -> QWidget:
        return self.add_button

    def value(self) -> Any:
        return [ref.model_dump() for ref in self.refs] or None

    def set_value(self, raw: Any) -> None:
        self.refs = []
        for item in raw if isinstance(raw, list) else []:
            try:
                self.refs.append(AttachmentRef.model_validate(item))
            except ValueError:
                continue  # the engine names an unreadable entry; the editor shows the rest
        self._show_rows()


def _focusable(root: QWidget) -> list[QWidget]:
    """The widgets in ``root`` a Tab reaches, top to bottom and left to right as drawn."""
    found = [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.isHidden()
    ]
    return sorted(
        found,
        key=lambda w: (
            w.mapTo(root, w.rect().topLeft()).y(),
            w.mapTo(root, w.rect().topLeft()).x(),
        ),
    )


def editor_for(
    field: FieldDef, regeling: Regeling, language: str, context: EditorContext
) -> FieldEditor:
    """The editor for any question of the regeling."""
    if field.type == "group":
        return GroupEditor(field, regeling, language, context)
    if field.type == "attachments":
        return AttachmentsEditor(field, regeling, language, context)
    return basic_editor_for(field, regeling, language)
