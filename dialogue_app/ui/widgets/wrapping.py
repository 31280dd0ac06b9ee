"""Word-wrapped text that keeps the height it needs, and check boxes whose text wraps.

Qt's layouts do not always pass "height for width" up (a QFormLayout in a group box in a
stacked page): a word-wrapped label is then squeezed to one line and its text cut or drawn over
its neighbours in long languages. :func:`keep_wrapped_height` makes the label ask for the height
its text needs at its current width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


class _HeightKeeper(QObject):
    """On each resize of a word-wrapped label: its minimum height is its text's height."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(obj, QLabel) and obj.wordWrap():
            need = obj.heightForWidth(obj.width())
            if need > 0 and need != obj.minimumHeight():
                obj.setMinimumHeight(need)
        return False


def keep_wrapped_height(label: QLabel) -> QLabel:
    """Word-wrap ``label`` and keep it as high as its text needs at the width it gets."""
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    keeper = _HeightKeeper(label)
    label.installEventFilter(keeper)
    return label


def wrapping_check_box(box: QCheckBox) -> QWidget:
    """``box`` with its text moved to a word-wrapped label beside it (a check box's own text
    never wraps): the label's mnemonic and a click on it toggle the box. Returns the row."""
    text, box_text = box.text(), ""
    label = keep_wrapped_height(QLabel(text))
    label.setBuddy(box)
    label.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(box_text)
    if not box.accessibleName():
        box.setAccessibleName(text.replace("&", ""))
    label.mousePressEvent = lambda _e: box.toggle() if box.isEnabled() else None  # type: ignore[method-assign]
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    lay.addWidget(label, 1)
    return row
