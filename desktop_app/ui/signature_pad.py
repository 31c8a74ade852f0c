"""A place to draw a signature with mouse, pen or finger. Optional: the typed name is
enough, so a keyboard or screen-reader user is never stuck here."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.core.i18n import N_, Words
from desktop_app.ui.accessibility import announce, describe

INK = QColor("#0b1f3a")
# What a screen reader hears about the pad besides its name: whether something is drawn.
STATE = Words({"empty": N_("Leeg."), "drawn": N_("Getekend.")})


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, accessible_name: str, description: str, language: str = "nl") -> None:
        super().__init__()
        self.help_text, self.words = description, STATE[language]
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setProperty("role", "signature")
        self.strokes: list[QPainterPath] = []
        self.changed.connect(self._say_state)
        self._say_state()

    def state_text(self) -> str:
        return self.words["empty" if self.is_empty() else "drawn"]

    def _say_state(self) -> None:
        """'Leeg' or 'Getekend' in the description; a change is said (without moving focus)."""
        before = self.accessibleDescription()
        describe(self, self.state_text(), self.help_text)
        if before and before != self.accessibleDescription():
            announce(self, self.state_text())

    def is_empty(self) -> bool:
        return not self.strokes

    def clear(self) -> None:
        self.strokes = []
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        path = QPainterPath(event.position())
        path.lineTo(event.position() + QPointF(0.1, 0.1))  # a dot is a stroke too
        self.strokes.append(path)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self.strokes[-1].lineTo(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.changed.emit()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(INK, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            painter.drawPath(stroke)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        frame = QColor("#000000") if self.hasFocus() else QColor("#696969")
        painter.setPen(QPen(frame, 3 if self.hasFocus() else 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        baseline = self.height() - 28
        painter.setPen(QPen(QColor("#b4b4b4"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        self._paint(painter)
        painter.end()

    def to_png(self) -> bytes | None:
        """The drawing on white, for the PDF; None when nothing is drawn."""
        if self.is_empty():
            return None
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._paint(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stubs say bytes, but at run time only a str is accepted as the format.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())
