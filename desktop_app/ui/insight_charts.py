"""The Inzicht tab's charts, drawn with QPainter (PySide6-Essentials has no QtCharts).

Each chart takes the keyboard focus and carries its numbers in its accessible description,
so a screen reader reads the figures, not a picture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.i18n import N_, gettext
from desktop_app.core.money import format_money
from desktop_app.core.text import fill

BAR = QColor("#1d3f66")
CEILING = QColor("#b3261e")


class BarChart(QWidget):
    """Horizontal bars, one per label; a suppressed group has no bar and says "< 5"."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.bars: list[tuple[str, float | None, str]] = []
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, float | None, str]]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {text}" for label, _, text in bars))
        self.setMinimumHeight(24 * max(len(bars), 1) + 8)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        top = max((v for _, v, _ in self.bars if v), default=1.0)
        label_width = 170.0
        width = max(self.width() - label_width - 90, 10)
        for index, (label, value, text) in enumerate(self.bars):
            y = 4 + index * 24
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y, label_width - 8, 20), Qt.AlignmentFlag.AlignRight, label)
            length = width * (value or 0) / top
            painter.fillRect(QRectF(label_width, y + 2, length, 16), BAR)
            painter.drawText(QRectF(label_width + length + 6, y, 90, 20), 0, text)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()


class TimelineChart(QWidget):
    """The budget used (granted, cumulative by decision day) as a step line, against the
    ceiling as a dashed line."""

    def __init__(self, name: str, language: str = "nl") -> None:
        super().__init__()
        self.language = language
        self.points: list[tuple[dt.date, Decimal]] = []
        self.ceiling: Decimal | None = None
        self.note = ""
        self.period: tuple[dt.date, dt.date] | None = None
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(180)

    def set_line(
        self,
        points: list[tuple[dt.date, Decimal]],
        ceiling: Decimal | None,
        what: str,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        """``period``: the days the x axis spans at least (decisions may come before it)."""
        self.points, self.ceiling, self.note = points, ceiling, ""
        self.period = period
        self.setAccessibleDescription(self.describe(what))
        self.update()

    def set_note(self, note: str) -> None:
        """No line to draw (too few applications to show, or none): say why instead."""
        self.points, self.ceiling, self.note = [], None, note
        self.setAccessibleDescription(note)
        self.update()

    def describe(self, what: str) -> str:
        nl = self.language == "nl"

        def money(value: Decimal) -> str:
            return format_money(value, self.language)

        def say(dutch: str, **values: str) -> str:
            return fill(gettext(self.language, dutch), values)

        parts = [what + "."]
        if self.ceiling is not None:
            parts.append(say(N_("Plafond {amount}."), amount=money(self.ceiling)))
        if not self.points:
            parts.append(say(N_("Nog niets toegekend.")))
            return " ".join(parts)
        for day, used in self.points:
            shown = f"{day:%d-%m-%Y}" if nl else f"{day:%Y-%m-%d}"
            parts.append(say(N_("{day}: {amount} toegekend."), day=shown, amount=money(used)))
        last = self.points[-1][1]
        if self.ceiling:
            share = f"{last * 100 / self.ceiling:.1f}"
            parts.append(
                say(
                    N_("Samen {amount}: {share}% van het plafond."),
                    amount=money(last),
                    share=share.replace(".", ",") if nl else share,
                )
            )
        return " ".join(parts)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        left, right, top, bottom = 110.0, 16.0, 14.0, 28.0
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        painter.setPen(text)
        if self.note:
            painter.drawText(
                plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.note
            )
            painter.end()
            return
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        used = [float(v) for _, v in self.points]
        high = max([*used, float(self.ceiling or 0), 1.0]) * 1.05

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / high

        for value in (0.0, float(self.ceiling or 0) or high / 1.05):
            painter.drawText(
                QRectF(0, y_of(value) - 10, left - 8, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                format_money(Decimal(str(round(value, 2))), self.language),
            )
        if self.ceiling is not None:
            painter.setPen(QPen(CEILING, 2, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(plot.left(), y_of(float(self.ceiling))),
                QPointF(plot.right(), y_of(float(self.ceiling))),
            )
        if self.ceiling is not None:
            painter.setPen(CEILING)
            painter.drawText(
                QRectF(plot.left() + 6, y_of(float(self.ceiling)) + 2, 300, 20),
                0,
                gettext(self.language, N_("Plafond")),
            )
        if self.points:
            days = [day for day, _ in self.points] + list(self.period or ())
            first, last = min(days), max(days)
            span = max((last - first).days, 1)

            def x_of(day: dt.date) -> float:
                return plot.left() + plot.width() * (day - first).days / span

            painter.setPen(QPen(BAR, 3))
            previous = QPointF(plot.left(), plot.bottom())
            for day, so_far in self.points:
                corner = QPointF(x_of(day), previous.y())
                point = QPointF(x_of(day), y_of(float(so_far)))
                painter.drawLine(previous, corner)
                painter.drawLine(corner, point)
                previous = point
            painter.drawLine(previous, QPointF(plot.right(), previous.y()))
            painter.setPen(text)
            painter.drawText(
                QRectF(plot.right() - 300, previous.y() - 22, 296, 20),
                Qt.AlignmentFlag.AlignRight,
                fill(
                    gettext(self.language, N_("Toegekend {amount}")),
                    {"amount": format_money(self.points[-1][1], self.language)},
                ),
            )
            below = plot.bottom() + 4
            painter.drawText(QRectF(plot.left(), below, 100, 20), 0, f"{first:%d-%m-%Y}")
            if last != first:
                painter.drawText(
                    QRectF(plot.right() - 100, below, 100, 20),
                    Qt.AlignmentFlag.AlignRight,
                    f"{last:%d-%m-%Y}",
                )
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
