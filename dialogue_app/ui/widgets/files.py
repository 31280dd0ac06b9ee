"""Filters of the file dialogs (translated when asked for)."""

from __future__ import annotations

from dialogue_app.i18n import gettext as _


def event_file_filter() -> str:
    """Event files, for opening and saving an event or a table package."""
    return _("Event files (*.dialogue)")


def data_file_filter(fmt: str) -> str:
    """CSV or SQLite files, for a data export of that format."""
    return _("CSV files (*.csv)") if fmt == "csv" else _("SQLite files (*.sqlite)")
