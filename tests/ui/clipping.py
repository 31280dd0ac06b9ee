"""Finding clipped and overlapping text on a shown screen (for tests/ui/test_clipping.py).

For each visible text widget (QLabel, QAbstractButton incl. check boxes, QGroupBox title,
QTabBar tab, a table's column heading) the text's needed size (font metrics; height for width
for word-wrapped labels) is compared with the widget's actual size; a widget may not stick out
of its visible parent, and two sibling text widgets may not overlap. Each problem is one
readable line. Not checked: text inside line edits, spin boxes, combo boxes and table cells
(they scroll or elide by design).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionGroupBox,
    QTabBar,
    QToolButton,
    QWidget,
)

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
TOLERANCE = 2  # pixels: rounding in font metrics and layouts


def _name(w: QWidget) -> str:
    name = w.accessibleName() or w.objectName()
    return f"{type(w).__name__}({name!r})" if name else type(w).__name__


def _plain(label: QLabel) -> str:
    text = label.text()
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and _TAG.search(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    if label.buddy() is not None:  # "&Name:" shows as "Name:" with N underlined
        text = re.sub(r"&(.)", r"\1", text)
    return text


def _visible_text_widgets(root: QWidget) -> list[QWidget]:
    kinds = (QLabel, QAbstractButton, QGroupBox, QTabBar)
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisible() and w.width() > 0 and w.height() > 0]


def _in_scroll_content(w: QWidget) -> bool:
    """True when ``w`` is (inside) the content of a scroll area: sticking out is scrolled to."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():
            return True
        p = p.parentWidget()
    return False


def _label_problem(lab: QLabel) -> str | None:
    if lab.pixmap() is not None and not lab.pixmap().isNull():
        return None
    text = _plain(lab)
    if not text.strip():
        return None
    cr = lab.contentsRect()
    m = lab.margin() * 2 + max(0, lab.indent()) if lab.indent() > 0 else lab.margin() * 2
    if lab.wordWrap():
        need_h = lab.heightForWidth(lab.width())
        if need_h > lab.height() + TOLERANCE:
            return f"word-wrapped text needs {need_h}px of height at width {lab.width()}, has {lab.height()}"
        return None
    fm = lab.fontMetrics()
    lines = text.split("\n")
    need_w = max(fm.horizontalAdvance(line) for line in lines) + m
    need_h = fm.height() * len(lines) + lab.margin() * 2
    if need_w > cr.width() + TOLERANCE:
        return f"text needs {need_w}px of width, has {cr.width()}"
    if need_h > cr.height() + TOLERANCE + 1:
        return f"text needs {need_h}px of height, has {cr.height()}"
    return None


def _button_problem(b: QAbstractButton) -> str | None:
    if not b.text().strip():
        return None
    hint = b.sizeHint()
    if isinstance(b, QToolButton) and b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    if isinstance(b, (QCheckBox, QRadioButton, QPushButton, QToolButton)):
        if hint.width() > b.width() + TOLERANCE:
            return f"clipped or elided: needs {hint.width()}px of width, has {b.width()}"
        if hint.height() > b.height() + TOLERANCE + 4:
            return f"needs {hint.height()}px of height, has {b.height()}"
    return None


def _group_problem(g: QGroupBox) -> str | None:
    if not g.title().strip():
        return None
    opt = QStyleOptionGroupBox()
    g.initStyleOption(opt)
    title = g.style().subControlRect(QStyle.ComplexControl.CC_GroupBox, opt,
                                     QStyle.SubControl.SC_GroupBoxLabel, g)
    need = g.fontMetrics().horizontalAdvance(re.sub(r"&(.)", r"\1", g.title()))
    if title.right() > g.width() + TOLERANCE or need > g.width():
        return f"title needs {need}px of width, has {g.width()}"
    return None


def _tab_problems(bar: QTabBar) -> list[str]:
    out = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        rect, hint = bar.tabRect(i), bar.tabSizeHint(i)
        horizontal = bar.shape() in (QTabBar.Shape.RoundedNorth, QTabBar.Shape.RoundedSouth,
                                     QTabBar.Shape.TriangularNorth, QTabBar.Shape.TriangularSouth)
        if horizontal and rect.width() + TOLERANCE < hint.width():
            out.append(f"tab {bar.tabText(i)!r} elided: needs {hint.width()}px, has {rect.width()}")
        elif not bar.rect().contains(rect):
            out.append(f"tab {bar.tabText(i)!r} hidden behind the scroll buttons ({rect} outside {bar.rect()})")
    return out


def _text_of(w: QWidget) -> str:
    if isinstance(w, QLabel):
        return _plain(w)
    if isinstance(w, QAbstractButton):
        return w.text()
    if isinstance(w, QGroupBox):
        return w.title()
    if isinstance(w, QTabBar):
        return " | ".join(w.tabText(i) for i in range(w.count()))
    return ""


def _own_problems(w: QWidget) -> list[str]:
    """What is wrong with one text widget itself (its text against its size, its place)."""
    if isinstance(w, QLabel):
        found = [_label_problem(w)]
    elif isinstance(w, QAbstractButton):
        found = [_button_problem(w)]
    elif isinstance(w, QGroupBox):
        found = [_group_problem(w)]
    else:
        found = list(_tab_problems(w))
    parent = w.parentWidget()
    if parent is not None and not w.isWindow() and not _in_scroll_content(w):
        inside = parent.rect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
        if not inside.contains(w.geometry()):
            found.append(f"sticks out of its parent {_name(parent)} ({_rect(w.geometry())} "
                         f"outside {_rect(parent.rect())})")
    return [p for p in found if p]


def _overlaps(widgets: list[QWidget]) -> list[tuple[QWidget, str]]:
    """Pairs of sibling text widgets whose rectangles overlap."""
    by_parent: dict[int, list[QWidget]] = {}
    for w in widgets:
        if w.parentWidget() is not None and not isinstance(w, QTabBar):
            by_parent.setdefault(id(w.parentWidget()), []).append(w)
    out = []
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                inter = a.geometry().intersected(b.geometry())
                if inter.width() > TOLERANCE and inter.height() > TOLERANCE:
                    out.append((a, f"overlaps {_name(b)} {_text_of(b)[:40]!r} "
                                   f"({_rect(a.geometry())} and {_rect(b.geometry())})"))
    return out


def _header_problems(screen: str, root: QWidget) -> list[str]:
    """Column headings of the visible tables narrower than their text (cut with "…")."""
    out = []
    for h in root.findChildren(QHeaderView):
        if not h.isVisible() or h.orientation() != Qt.Orientation.Horizontal or h.model() is None:
            continue
        margin = 2 * h.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, h)
        for i in range(h.count()):
            text = str(h.model().headerData(i, Qt.Orientation.Horizontal) or "")
            if h.isSectionHidden(i) or not text:
                continue
            need = max(h.fontMetrics().horizontalAdvance(t) for t in text.split("\n")) + margin
            if need > h.sectionSize(i) + TOLERANCE:
                name = _name(h.parentWidget()) if h.parentWidget() else "QHeaderView"
                out.append(f"{screen}: column heading {text!r} of {name}: needs {need}px of width, "
                           f"has {h.sectionSize(i)}")
    return out


def clipping_problems(screen: str, root: QWidget) -> list[str]:
    """Every clipped, elided, sticking-out or overlapping text widget under ``root`` (shown),
    one line each: "screen: Class('accessible name') 'text': what (size w×h)"."""
    problems: list[str] = []

    def report(w: QWidget, what: str) -> None:
        text = _text_of(w).replace("\n", " ")
        if len(text) > 70:
            text = text[:67] + "…"
        problems.append(f"{screen}: {_name(w)} {text!r}: {what} (size {w.width()}×{w.height()})")

    widgets = _visible_text_widgets(root)
    for w in widgets:
        for what in _own_problems(w):
            report(w, what)
    for w, what in _overlaps(widgets):
        report(w, what)
    return problems + _header_problems(screen, root)


def _rect(r: QRect) -> str:
    return f"{r.width()}×{r.height()}+{r.x()}+{r.y()}"
