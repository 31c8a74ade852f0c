"""Moving through the wizard's pages: which pages this route has, "Stap N van M" (said, and in
the window title), where focus lands on each page, Vorige/Volgende, what is still missing on
a page just left, and a check-page message's jump to its question.

``PageStepper`` is the wizard's base class; ``DocumentWizard`` builds the pages and the
parts named below, and handles every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from desktop_app.core.answers import fields_in
from desktop_app.core.engine import Result
from desktop_app.core.regeling import Route, Step
from desktop_app.ui.accessibility import announce, unique_access_keys
from desktop_app.ui.editors import FieldEditor
from desktop_app.ui.wizard.check_page import CheckPage
from desktop_app.ui.wizard.sign_page import SignPage


class PageStepper(QWidget):
    # Made by DocumentWizard before the first page is shown.
    language: str
    words: dict[str, str]
    steps: list[Step]
    editors: dict[str, FieldEditor]
    touched: set[str]
    result: Result | None
    route: Route | None
    pages: QStackedWidget
    progress: QLabel
    missing_note: QLabel
    check: CheckPage
    check_page: QScrollArea
    signing: SignPage
    back: QPushButton
    next: QPushButton

    def refresh(self) -> None:
        raise NotImplementedError  # DocumentWizard: evaluate the rules, show the messages

    def sign(self) -> None:
        raise NotImplementedError

    def active_pages(self) -> list[int]:
        """The pages of this route (a step with none of its questions is skipped), the check
        page and the sign page, as indices of the stacked pages."""
        route = self.route.id if self.route else None
        asked = [i for i, step in enumerate(self.steps) if fields_in((step,), route)]
        return [*asked, len(self.steps), len(self.steps) + 1]

    def _show_progress(self, index: int) -> str:
        active = self.active_pages()
        total = len(active)
        position = active.index(index) if index in active else 0
        titles = [s.title.get(self.language) for s in self.steps]
        title = [*titles, self.words["check"], self.words["sign_title"]][index]
        step = self.words["step"].format(n=position + 1, total=total, title=title)
        self.progress.setText(step)
        self.progress.setAccessibleName(step)
        window = self.window()
        if window is not self:
            window.setWindowTitle(f"{step} — Klein Initiatief")
        return step

    def show_page(self, index: int) -> None:
        self.missing_note.hide()  # it speaks of the page just left, only until the next move
        if (had := QApplication.focusWidget()) is not None and self.pages.isAncestorOf(had):
            had.clearFocus()  # or Qt passes focus to a button on its way to the first question
        self.pages.setCurrentIndex(index)
        step = self._show_progress(index)
        announce(self.progress, step)
        self.back.setEnabled(index > 0)
        on_check, on_sign = index == len(self.steps), index == len(self.steps) + 1
        label = "to_sign" if on_check else "sign" if on_sign else "next"
        self.next.setText(self.words[label])
        self.next.setEnabled(True)
        self.next.setAccessibleName(self.next.text().replace("&", ""))
        unique_access_keys(self)  # the check page had Alt+V for Vorige and Verder
        if on_check:
            self.fill_check_page()
            summary = self.check.summary
            announce(summary, f"{step}. {summary.text()}")
            summary.setFocus()
        elif on_sign:
            self.signing.sign_name.setFocus()
        else:
            first = next(
                (
                    e
                    for f, e in self.editors.items()
                    if e.isVisibleTo(self) and self._page_of(f) == index
                ),
                None,
            )
            if first is not None:
                first.focus_widget().setFocus()
            else:  # no question shown (an attachment list, or all hidden): its first stop
                self._focus_first_stop(self.pages.widget(index))

    def _focus_first_stop(self, page: QWidget | None) -> None:
        if page is None:
            self.next.setFocus()
            return
        stop = page.nextInFocusChain()
        while stop is not None and page.isAncestorOf(stop):
            if (
                stop.isVisible()
                and stop.isEnabled()
                and stop.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                stop.setFocus(Qt.FocusReason.TabFocusReason)
                return
            stop = stop.nextInFocusChain()
        self.next.setFocus()

    def _page_of(self, field_id: str) -> int:
        for index, step in enumerate(self.steps):
            if any(f.id == field_id for f in step.fields):
                return index
        return len(self.steps)

    def go_next(self) -> None:
        index = self.pages.currentIndex()
        if index == len(self.steps) + 1:
            self.sign()
            return
        if index == len(self.steps) and (self.result is None or not self.result.ok):
            return
        # Leaving a page shows what is still missing on it, but never blocks.
        missing: list[str] = []
        if index < len(self.steps):
            self.touched |= {f.id for f in self.steps[index].fields}
            missing = self.missing_on(index)
        self.refresh()
        self.show_page(next(i for i in self.active_pages() if i > index))
        if missing:
            title = self.steps[index].title.get(self.language)
            labels = ", ".join(f"'{label}'" for label in missing)
            text = self.words["missing"].format(step=title, labels=labels)
            self.missing_note.setText(text)
            self.missing_note.style().polish(self.missing_note)
            self.missing_note.show()
            announce(self.missing_note, text)

    def missing_on(self, index: int) -> list[str]:
        """The labels of the required questions on page ``index`` that are still empty."""
        assert self.result is not None
        on_page = {f.id for f in self.steps[index].fields}
        empty = {"field.required", "field.declaration", "field.budget_empty"}
        labels: list[str] = []
        for verdict in self.result.verdicts:
            if verdict.code not in empty or verdict.field not in on_page:
                continue
            editor = self.editors.get(verdict.field)
            if editor is None or not editor.isVisibleTo(self):
                continue
            label = editor.field.label.get(self.language)
            if label not in labels:
                labels.append(label)
        return labels

    def go_back(self) -> None:
        index = self.pages.currentIndex()
        earlier = [i for i in self.active_pages() if i < index]
        self.show_page(earlier[-1] if earlier else 0)

    def jump_to(self, field_id: str) -> None:
        self.touched.add(field_id)
        self.show_page(self._page_of(field_id))
        editor = self.editors.get(field_id)
        if editor is not None:
            widget = editor.focus_widget()
            page = self.pages.currentWidget()
            if isinstance(page, QScrollArea):  # the field on screen, not above it
                page.ensureWidgetVisible(editor)
            widget.setFocus()
            self.refresh()

    def fill_check_page(self) -> None:
        assert self.result is not None
        self.check.fill(self.result, self.jump_to)
        self.next.setEnabled(self.result.ok)
