"""Importing registration lists (CSV and XLSX) into an event.

The contract used by the command line and the import wizard:

1. :func:`read_table` reads a file into a :class:`RawTable` (CSV: UTF-8 with or
   without BOM, UTF-16, cp1252; ``,`` ``;`` and tab delimiters; quoted fields
   with newlines. XLSX: the first sheet, or the one named).
2. :func:`guess_mapping` maps columns to fields from their headers in English,
   Dutch, French and Portuguese; the wizard lets the user change it.
3. :func:`dialogue_app.services.importing.validate` builds an :class:`ImportPreview` without writing anything:
   the normalised people, every problem (row, column, message), unmapped
   columns, new categories of open dimensions, likely duplicates.
4. :func:`dialogue_app.services.importing.apply` writes the preview in one transaction: all-or-nothing unless
   ``valid_only``; people already in the event (same identity) are not duplicated.

Long steps take ``progress(fraction)`` and ``should_stop()`` callbacks.
"""

from __future__ import annotations

from dialogue_app.importing.model import (
    FIELD_KEYS,
    ImportIssue,
    ImportPreview,
    ImportResult,
    ParsedPerson,
    RawTable,
    field_label,
)

__all__ = [
    "FIELD_KEYS",
    "ImportIssue",
    "ImportPreview",
    "ImportResult",
    "ParsedPerson",
    "RawTable",
    "field_label",
    "guess_mapping",
    "read_table",
]


def __getattr__(name: str):  # the functions live in submodules written by the import work
    if name == "read_table":
        from dialogue_app.importing.reader import read_table

        return read_table
    if name == "guess_mapping":
        from dialogue_app.importing.mapping import guess_mapping

        return guess_mapping
    raise AttributeError(name)
