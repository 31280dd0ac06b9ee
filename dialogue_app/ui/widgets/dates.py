"""Dates in widgets: a QDateEdit whose lowest date means "no date", and conversions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _

#: The date a date editor shows as "No date" (its minimum).
NO_DATE = QDate(2000, 1, 1)


def to_date(q: QDate) -> dt.date | None:
    """The date of an editor's value; None for :data:`NO_DATE`."""
    return None if q == NO_DATE else dt.date(q.year(), q.month(), q.day())


def to_qdate(value: dt.date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def date_edit(value: dt.date | None, name: str) -> QDateEdit:
    """A date editor with a calendar, the language's date format and "No date" at its minimum."""
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat(i18n.qt_date_format())
    w.setMinimumDate(NO_DATE)
    w.setSpecialValueText(_("No date"))
    w.setDate(to_qdate(value))
    w.setAccessibleName(name)
    return w


def format_time(value: dt.datetime | None) -> str:
    """The time of day in the language's format; "" for None."""
    return i18n.format_time(value) if value is not None else ""
