"""Small pictograms for the areas of the navigation, drawn with QPainter in the text colour (so
they follow the palette, light or dark, and need no image files): a calendar for the event,
people, a round table, a timer, a hand-written line, a bar chart, a printer, a book, a lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 48  # drawn at 48 px, shown at 20–24


def _event(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(7, 11, 34, 30), 3, 3)
    p.drawLine(7, 20, 41, 20)
    for x in (15, 33):
        p.drawLine(x, 6, x, 14)
    for x, y in ((15, 28), (24, 28), (33, 28), (15, 35), (24, 35)):
        p.drawPoint(x, y)


def _person(p: QPainter, cx: float, cy: float, r: float) -> None:
    p.drawEllipse(QPointF(cx, cy - r * 1.2), r * 0.7, r * 0.7)
    path = QPainterPath()
    path.moveTo(cx - r * 1.3, cy + r * 1.9)
    path.cubicTo(cx - r * 1.3, cy, cx + r * 1.3, cy, cx + r * 1.3, cy + r * 1.9)
    p.drawPath(path)


def _people(p: QPainter) -> None:
    _person(p, 17, 22, 7)
    _person(p, 32, 22, 7)


def _tables(p: QPainter) -> None:
    p.drawEllipse(QPointF(24, 24), 10, 10)
    for x, y in ((24, 6), (24, 42), (6, 24), (42, 24), (11, 11), (37, 11), (11, 37), (37, 37)):
        p.drawEllipse(QPointF(x, y), 2.2, 2.2)


def _facilitation(p: QPainter) -> None:
    p.drawEllipse(QPointF(24, 27), 15, 15)
    p.drawLine(24, 27, 24, 17)
    p.drawLine(24, 27, 31, 31)
    p.drawLine(20, 6, 28, 6)
    p.drawLine(24, 6, 24, 12)


def _commitments(p: QPainter) -> None:
    p.drawRect(QRectF(9, 7, 26, 34))
    for y in (15, 22, 29):
        p.drawLine(14, y, 30, y)
    p.drawLine(30, 42, 42, 24)


def _surveys(p: QPainter) -> None:
    p.drawLine(6, 42, 42, 42)
    for x, h in ((10, 14), (20, 26), (30, 20)):
        p.drawRect(QRectF(x, 42 - h, 7, h))


def _reports(p: QPainter) -> None:
    p.drawRect(QRectF(14, 6, 20, 12))
    p.drawRoundedRect(QRectF(6, 18, 36, 16), 3, 3)
    p.drawRect(QRectF(14, 28, 20, 14))


def _training(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(24, 12)
    path.lineTo(44, 20)
    path.lineTo(24, 28)
    path.lineTo(4, 20)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(12, 24, 12, 34)
    p.drawLine(36, 24, 36, 34)
    p.drawArc(QRectF(12, 26, 24, 14), 180 * 16, 180 * 16)


def _privacy(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(10, 22, 28, 20), 3, 3)
    p.drawArc(QRectF(15, 8, 18, 26), 0, 180 * 16)
    p.drawLine(15, 21, 15, 22)
    p.drawLine(33, 21, 33, 22)
    p.drawLine(24, 30, 24, 35)


DRAW: dict[str, Callable[[QPainter], None]] = {
    "event": _event, "people": _people, "tables": _tables, "facilitation": _facilitation,
    "commitments": _commitments, "surveys": _surveys, "reports": _reports, "training": _training,
    "privacy": _privacy,
}


def area_icon(key: str, colour: QColor, selected: QColor | None = None) -> QIcon:
    """The pictogram of an area in ``colour`` (and ``selected`` for the selected item), or an
    empty icon for an area without one."""
    draw = DRAW.get(key)
    icon = QIcon()
    if draw is None:
        return icon
    for c, mode in ((colour, QIcon.Mode.Normal), (selected or colour, QIcon.Mode.Selected)):
        pm = QPixmap(SIZE, SIZE)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(c, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        draw(p)
        p.end()
        icon.addPixmap(pm, mode)
    return icon
