"""What the Event area's parts share: dates without a value, a one-line question, problem lines."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.ui import dialogs as dialog_service

NO_DATE = QDate(2000, 1, 1)
NO_TIME = QTime(0, 0)


def _qdate(value: dt.date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def _pydate(q: QDate) -> dt.date | None:
    return None if q == NO_DATE else dt.date(q.year(), q.month(), q.day())


def _ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A one-line question through the dialog service (tests answer ASK_KEY)."""
    return dialog_service.current().ask_text(parent, title, label, text, key=ASK_KEY)


#: The key of the Event screen's one-line questions (tests answer it in ``Unattended.answers``).
ASK_KEY = "event.ask_text"


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
