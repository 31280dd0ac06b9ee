"""Labels: selectable text, and names that keep their direction inside other text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def label(text: str = "", *, wrap: bool = True, style: str = "") -> QLabel:
    """A label whose text can be selected (and copied) with the mouse."""
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        lab.setStyleSheet(style)
    return lab


def isolate(text: str) -> str:
    """Wrap a name in Unicode first-strong isolates so an Arabic name does not reorder
    the text around it ("7. يوسف — 0 turns")."""
    return "\u2068" + text + "\u2069"
