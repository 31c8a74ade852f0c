"""The wizard, generated from the regeling: one page per step, an editor per question,
and a check page. Every change is saved at once; the rule engine's messages appear next
to the question when the resident leaves it, and all of them on the check page.

This module builds the pages and handles each change (save, evaluate, show the messages);
stepper.py moves between the pages, check_page.py and sign_page.py are the last two pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.core.answers import fields_in, parse_answers
from desktop_app.core.clock import Clock, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import evaluate, report_tier
from desktop_app.core.errors import UserError
from desktop_app.core.printable import covered_apart
from desktop_app.core.regeling import Regeling, Step
from desktop_app.resident.service import DraftStore, SignatureBlock
from desktop_app.ui.accessibility import announce, install_keyboard_helper
from desktop_app.ui.background import run_in_background
from desktop_app.ui.editors import make_title
from desktop_app.ui.repeated import EditorContext, editor_for
from desktop_app.ui.widgets import scrolled
from desktop_app.ui.wizard.check_page import CheckPage
from desktop_app.ui.wizard.sign_page import SignPage
from desktop_app.ui.wizard.stepper import PageStepper
from desktop_app.ui.wizard.words import WORDS


class Durable(QObject):
    """Carries the draft writer's word (on its own thread) to the wizard's thread: None when
    the snapshot is on disk, the plain-words UserError when it could not be written."""

    said = Signal(object)


class DocumentWizard(PageStepper):
    closed = Signal()
    # The document and the SignatureBlock typed and drawn on the last step.
    completed = Signal(object, object)

    def __init__(
        self,
        regeling: Regeling,
        document: Application | Report,
        store: DraftStore,
        clock: Clock,
        language: str,
        context: EditorContext,
        signer: tuple[str, str] = ("", ""),
        on_save_error: Callable[[UserError], None] | None = None,
    ) -> None:
        super().__init__()
        install_keyboard_helper()  # Enter on buttons, arrows in radio groups (once per app)
        self.regeling, self.document, self.store = regeling, document, store
        self.clock, self.language, self.context = clock, language, context
        self.on_save_error = on_save_error
        self.words = WORDS[language]
        is_report = isinstance(document, Report)
        self.tier = report_tier(regeling, document) if isinstance(document, Report) else None
        form = regeling.report if is_report else regeling.application
        self.steps = [s for s in form.steps if fields_in((s,), self.tier)]
        self.editors = {}
        self.touched = set()
        self.result = None
        self.busy = False
        # An application takes a route by its amount: only that route's questions and pages.
        self.route = None if is_report else regeling.route_for(document.answers)

        layout = QVBoxLayout(self)
        self.progress = QLabel("")
        self.progress.setProperty("role", "progress")
        layout.addWidget(self.progress)
        self.route_label = QLabel("")
        self.route_label.setProperty("role", "help")
        self.route_label.setWordWrap(True)
        self.route_label.hide()
        layout.addWidget(self.route_label)
        # After 'Volgende' on a page with open required questions: which ones (never blocks).
        self.missing_note = QLabel("")
        self.missing_note.setProperty("role", "message")
        self.missing_note.setProperty("severity", "warning")
        self.missing_note.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_note.setWordWrap(True)
        self.missing_note.hide()
        layout.addWidget(self.missing_note)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        for step in self.steps:
            self.pages.addWidget(self._page(step))
        # Every page scrolls, so the wizard fits a 1280x800 screen even at 200% font size.
        self.check = CheckPage(self.words, language)
        self.check_summary = self.check.summary
        self.check_page = scrolled(self.check)
        self.pages.addWidget(self.check_page)
        self.signing = SignPage(
            self.words, language, clock, signer, document.assisted_by or "", self._button
        )
        self.signing.assisted.textEdited.connect(self.on_assisted)
        # The fields by their old names (the window fills in the signer; tests read them).
        self.sign_name, self.sign_place = self.signing.sign_name, self.signing.sign_place
        self.assisted, self.pad = self.signing.assisted, self.signing.pad
        self.sign_message = self.signing.sign_message
        self.sign_page = scrolled(self.signing)
        self.pages.addWidget(self.sign_page)
        nav = QHBoxLayout()
        self.back = self._button(self.words["back"], self.go_back)
        self.save_close = self._button(self.words["close"], self.closed.emit)
        self.status = QLabel("")
        self.status.setProperty("role", "help")
        # Snapshots handed to the writer and not yet confirmed: "Opgeslagen" only at none.
        self.unsaved = 0
        self.durable = Durable(self)
        self.durable.said.connect(self.on_durable)
        self.next = self._button(self.words["next"], self.go_next)
        self.next.setDefault(True)
        nav.addWidget(self.back)
        nav.addWidget(self.save_close)
        nav.addStretch()
        nav.addWidget(self.status)
        nav.addWidget(self.next)
        layout.addLayout(nav)
        for field_id, editor in self.editors.items():
            editor.set_value(document.answers.get(field_id))
            editor.changed.connect(self.on_change)
            editor.left.connect(lambda fid=field_id: self.on_leave(fid))
        self.refresh()
        self.show_page(0)  # the window opens it where the resident left off (resident service)
        # Read which characters the fonts have now, off the UI thread and in a process of its
        # own (about 0.4 s; the fonts stay out of the window's memory), so the first keystroke
        # in Arabic or Chinese does not wait for it.
        run_in_background(self, covered_apart, lambda _: None, lambda _: None)

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(action)
        return button

    def _page(self, step: Step) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        title = make_title(step.title.get(self.language))
        column.addWidget(title)
        if step.intro:
            intro = QLabel(step.intro.get(self.language))
            intro.setWordWrap(True)
            column.addWidget(intro)
        for field in fields_in((step,), self.tier):
            editor = editor_for(field, self.regeling, self.language, self.context)
            self.editors[field.id] = editor
            column.addWidget(editor)
        column.addStretch()
        return scrolled(inner)

    def on_assisted(self, text: str) -> None:
        self.document.assisted_by = text.strip() or None
        self.on_change()

    def signature(self) -> SignatureBlock:
        return self.signing.signature()

    def set_busy(self, busy: bool) -> None:
        """While signing runs in the background: say so, and keep the buttons still."""
        self.busy = busy
        for button in (self.back, self.next, self.save_close):
            button.setEnabled(not busy)
        self.status.setText(self.words["working"] if busy else "")
        announce(self.status, self.status.text())

    # --- what happens on every change -------------------------------------------------

    def collect(self) -> dict:
        answers = dict(self.document.answers)
        for field_id, editor in self.editors.items():
            value = editor.value()
            if value is None:
                answers.pop(field_id, None)
            else:
                answers[field_id] = value
        return answers

    def on_change(self) -> None:
        self.document.answers = self.collect()
        self.document.touched(self.clock)
        self.unsaved += 1
        try:
            self.store.save(self.document, on_durable=self.durable.said.emit)
        except UserError as error:
            self.unsaved -= 1
            self.show_save_error(error)
        else:
            if self.unsaved and self.status.text() == self.words["saved"]:
                self.status.setText(self.words["saving"])  # true again once it is on disk
        self.refresh()

    def on_durable(self, error: UserError | None) -> None:
        """The writer's word about one snapshot (on the UI thread)."""
        self.unsaved = max(0, self.unsaved - 1)
        if error is not None:
            self.show_save_error(error)
        elif not self.unsaved and not self.busy and self.status.text() != self.words["saved"]:
            # Said aloud only when it was not just saving (first save, after an error).
            quiet = self.status.text() == self.words["saving"]
            self.status.setText(self.words["saved"])
            if not quiet:
                announce(self.status, self.status.text())

    def show_save_error(self, error: UserError) -> None:
        self.status.setText(error.message.get(self.language))
        if self.on_save_error:
            self.on_save_error(error)

    def on_leave(self, field_id: str) -> None:
        self.touched.add(field_id)
        self.refresh()

    def refresh(self) -> None:
        self.result = evaluate(self.regeling, self.document, today(self.clock))
        form_steps = tuple(self.steps)
        if not isinstance(self.document, Report):
            route = self.regeling.route_for(self.document.answers)
            if route != self.route:
                self.route = route
                self._show_progress(self.pages.currentIndex())  # the step count changes
        if self.route is not None:
            self.route_label.setText(
                self.words["route"].format(
                    label=self.route.label.get(self.language),
                    description=self.route.description.get(self.language),
                )
            )
            self.route_label.show()
        which = self.tier or (self.route.id if self.route else None)
        visible = parse_answers(self.regeling, form_steps, self.document.answers, which).visible
        for field_id, editor in self.editors.items():
            editor.setVisible(field_id in visible)
            shown = field_id in self.touched or editor.message.isVisible()
            editor.show_verdicts(self.result.for_field(field_id) if shown else ())
        if self.pages.currentWidget() is self.check_page:
            self.fill_check_page()

    def sign(self) -> None:
        if self.signing.ready():
            self.completed.emit(self.document, self.signature())


__all__ = ["DocumentWizard"]
