"""The start screen: my applications and reports (as the resident service lists them), what
to do next with each, and the dossier's own actions. The window connects its buttons."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import available_languages, native_name
from desktop_app.core.language import Language
from desktop_app.resident.service import (
    DEFAULT_DRAFT_DAYS,
    DocumentLine,
    TidyOffer,
    UnreadableDraft,
)
from desktop_app.ui.resident.words import WORDS
from desktop_app.ui.widgets import USER_ROLE, make_title, named_button

# On a row this computer cannot open: (kind, file path, why), else None.
PROBLEM_ROLE = USER_ROLE + 1


class StartPage(QWidget):
    def __init__(self, language: Language) -> None:
        super().__init__()
        self.language = language
        self.words = w = WORDS[language]
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(make_title(w["heading"], 1.8), 1)
        # One click between Dutch and English; the menu beside it lists every language that
        # has a catalogue, each by its own name.
        self.language_button = named_button(w["language"])
        top.addWidget(self.language_button)
        self.languages_button = named_button(w["languages"])
        self.language_menu = QMenu(self.languages_button)
        group = QActionGroup(self.language_menu)
        for code in available_languages():
            action = QAction(native_name(code), group, checkable=True)
            action.setData(code)
            action.setChecked(code == language)
            self.language_menu.addAction(action)
        self.languages_button.setMenu(self.language_menu)
        top.addWidget(self.languages_button)
        layout.addLayout(top)
        self.dossier_line = QLabel("")
        layout.addWidget(self.dossier_line)
        label = QLabel(w["mine"])
        self.documents = QListWidget()
        self.documents.setAccessibleName(w["mine"])
        label.setBuddy(self.documents)
        self.empty = QLabel(w["none"])
        layout.addWidget(label)
        layout.addWidget(self.empty)
        layout.addWidget(self.documents, 1)
        self.new_button = named_button(w["new"])
        self.open_button = named_button(w["open"])
        self.delete_button = named_button(w["delete"])
        self.decision_button = named_button(w["decision"])
        buttons = (self.new_button, self.open_button, self.delete_button, self.decision_button)
        layout.addLayout(_row(*buttons, stretch_after=True))
        self.tidy_note = QLabel("")
        self.tidy_note.setWordWrap(True)
        self.tidy_button = named_button(w["tidy"])
        layout.addLayout(_note_row(self.tidy_note, self.tidy_button))
        # Drafts this computer cannot open (unknown regeling, damaged): save or remove them.
        self.problem_note = QLabel(w["problem_note"])
        self.problem_note.setWordWrap(True)
        self.export_button = named_button(w["export"])
        layout.addLayout(_note_row(self.problem_note, self.export_button))
        self.other_button = named_button(w["other_dossier"])
        self.handover_button = named_button(w["handover_out"])
        self.wipe_button = named_button(w["wipe"])
        dossier_buttons = (self.other_button, self.handover_button, self.wipe_button)
        layout.addLayout(_row(*dossier_buttons, stretch_after=True))

    def fill(
        self,
        dossier_label: str,
        lines: list[DocumentLine],
        unreadable: list[UnreadableDraft],
        offers: list[TidyOffer],
        known: set[tuple[str, str]],
        path_of: Callable[[uuid.UUID], Path],
    ) -> None:
        """``known``: the regelingen this computer has; ``path_of``: draft file per id."""
        w, language = self.words, self.language
        self.dossier_line.setText(w["dossier"].format(label=dossier_label or w["my_dossier"]))
        self.documents.clear()
        problems = 0
        for line in lines:
            summary = line.summary
            title = line.title or w["unnamed"]
            if line.is_report:
                title = w["report_of"].format(title=title)
            if line.regeling is None:  # from --forms, a removed version, or a newer computer
                problems += 1
                why = w["unknown"].format(id=summary.regeling_id, version=summary.regeling_version)
                item = QListWidgetItem(f"{title}\n{why}")
                item.setData(USER_ROLE, summary.id)
                item.setData(PROBLEM_ROLE, ("unknown", str(path_of(summary.id)), why))
            else:
                status, hint = line.label.get(language), line.next_step.get(language)
                name = line.regeling.name.get(language)
                item = QListWidgetItem(f"{title} — {name} — {status}\n{hint}")
                item.setData(USER_ROLE, summary.id)
            self.documents.addItem(item)
        for bad in unreadable:
            problems += 1
            if bad.regeling is not None and bad.regeling not in known:
                why = w["unknown"].format(id=bad.regeling[0], version=bad.regeling[1])
            else:
                why = w["damaged"].format(name=bad.path.name)
            item = QListWidgetItem(f"{w['unnamed']}\n{why}")
            item.setData(PROBLEM_ROLE, ("damaged", str(bad.path), why))
            self.documents.addItem(item)
        self.problem_note.setVisible(problems > 0)
        self.export_button.setVisible(problems > 0)
        has_any = self.documents.count() > 0
        self.empty.setVisible(not has_any)
        note = w["tidy_note"].format(n=len(offers), days=DEFAULT_DRAFT_DAYS) if offers else ""
        self.tidy_note.setText(note)
        self.tidy_note.setVisible(bool(offers))
        self.tidy_button.setVisible(bool(offers))
        self.open_button.setEnabled(has_any)
        self.delete_button.setEnabled(has_any)
        if has_any:
            self.documents.setCurrentRow(0)

    def focus_first(self) -> None:
        (self.documents if self.documents.count() else self.new_button).setFocus()

    def tidy_lines(self, offers: list[TidyOffer]) -> str:
        """What Opruimen removes, one line each, with why."""
        from desktop_app.core.messages import format_value

        lines = []
        for offer in offers:
            if offer.unused_since is not None:
                date = format_value(offer.unused_since, self.language)
                why = self.words["tidy_stale"].format(date=date)
            else:
                why = self.words["tidy_done"]
            lines.append(f"- {offer.summary.title or self.words['unnamed']} ({why})")
        return "\n".join(lines)


def _row(*widgets: QWidget, stretch_after: bool) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    if stretch_after:
        row.addStretch()
    return row


def _note_row(note: QLabel, button: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(note, 1)
    row.addWidget(button)
    return row
