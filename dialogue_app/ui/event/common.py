"""What the Event area's parts share: dates without a value, a one-line question, problem lines."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _

NO_DATE = QDate(2000, 1, 1)
NO_TIME = QTime(0, 0)


def _qdate(value: dt.date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def _pydate(q: QDate) -> dt.date | None:
    return None if q == NO_DATE else dt.date(q.year(), q.month(), q.day())


def _ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A one-line question (tests replace ASK_TEXT)."""
    if ASK_TEXT is not None:
        return ASK_TEXT.pop(0) if isinstance(ASK_TEXT, list) else ASK_TEXT
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


#: Tests set this to a list of answers for the text questions.
ASK_TEXT: list[str] | str | None = None


def _list_key(widget: QWidget, key, slot) -> None:
    """``key`` runs ``slot`` while ``widget`` has the focus."""
    act = QAction(widget)
    act.setShortcut(QKeySequence(key))
    act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    act.triggered.connect(slot)
    widget.addAction(act)


def _problem_label() -> QLabel:
    """A hidden line for a problem found when saving."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(_("Problem"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show_problem(label: QLabel, exc: DialogueError | None) -> None:
    """Show why a change was not saved on ``label`` (None: hide it)."""
    if exc is None:
        label.clear()
        label.hide()
    else:
        label.setText("⚠ " + _("Not saved:") + " " + exc.message)
        label.show()
