"""Splitting decoded CSV text into a :class:`RawTable`: the delimiter sniffed, quoted
fields with newlines, limits checked as the records are read, NUL characters reported."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from dialogue_app import csvsafe
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import format_decimal, ngettext
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import limits as L
from dialogue_app.importing.model import RawTable

DELIMITERS = ("\t", ";", ",")  # in order of preference when two split equally well
_SNIFF_RECORDS = 60


def _records(text: str, delimiter: str, limit: int | None = None,
             limits: L.Limits | None = None) -> list[tuple[int, list[str]]]:
    """(record number, cells) for every record; record 1 is the first line.

    With ``limits``, more rows or columns than they allow are refused as soon as seen."""
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    n = cells_seen = 0
    try:
        for cells in reader:
            n += 1
            if limits is not None:
                cells_seen += len(cells)
                if cells_seen > limits.max_cells:
                    raise L.too_many_cells(limits)
                if len(cells) > limits.max_columns and any(c.strip() for c in cells[limits.max_columns:]):
                    raise L.too_many_columns(limits)
                if n > limits.max_rows + 1 and any(c.strip() for c in cells):
                    raise L.too_many_rows(limits)
            out.append((n, cells))
            if limit is not None and n >= limit:
                break
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ImportRejected(_("A cell near line {line} is longer than {n} characters: a quote (\") is "
                                   "probably not closed, or the file is not a table.").format(
                                       line=reader.line_num, n=format_decimal(csv.field_size_limit(), 0))) from exc
        raise ImportRejected(_("The file cannot be read as a table: {error}").format(error=exc)) from exc
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter (``,`` ``;`` or tab) that splits the first records most consistently."""
    best: tuple | None = None
    best_delim = ","
    for priority, delim in enumerate(reversed(DELIMITERS)):
        try:
            records = [cells for _n, cells in _records(text, delim, _SNIFF_RECORDS) if any(c.strip() for c in cells)]
        except ImportRejected:
            continue
        if not records:
            continue
        width = len(records[0])
        rest = records[1:]
        consistent = sum(1 for r in rest if len(r) == width) / len(rest) if rest else 1.0
        score = (width > 1, consistent >= 0.9, width, consistent, priority)
        if best is None or score > best:
            best, best_delim = score, delim
    return best_delim


def parse_csv_text(text: str, source: Path | str = "", encoding: str = "",
                   limits: L.Limits = L.DEFAULT) -> RawTable:
    """Split decoded CSV text into a :class:`RawTable` (delimiter sniffed).

    NUL characters are removed and reported in :attr:`RawTable.notices`."""
    notices: list[str] = []
    if "\x00" in text:
        lines = [i for i, line in enumerate(text.split("\n"), start=1) if "\x00" in line]
        notices.append(nul_notice(text.count("\x00"), lines))
        text = text.replace("\x00", "")
    if not text.strip(" \t\r\n,;\"'\ufeff"):
        raise ImportRejected(_("{path} is empty.").format(path=source))
    # Excel's "sep=;" first line names the delimiter
    first, _nl, rest = text.partition("\n")
    hint = first.strip().lstrip("\ufeff")
    if len(hint) == 5 and hint.lower().startswith("sep=") and hint[4] in DELIMITERS:
        delimiter = hint[4]
        records = [(n + 1, cells) for n, cells in _records(rest, delimiter, limits=limits)]
    else:
        delimiter = sniff_delimiter(text)
        records = _records(text, delimiter, limits=limits)
    table = table_from_records(Path(source), records, encoding, delimiter, unneutralise=True)
    return replace(table, notices=tuple(notices)) if notices else table


def nul_notice(count: int, lines: list[int]) -> str:
    """The warning about NUL characters removed from a file."""
    shown = ", ".join(str(n) for n in lines[:10]) + ("…" if len(lines) > 10 else "")
    return ngettext("The file contains {n} NUL character (invisible, often from a broken export); it was "
                    "removed. Lines: {lines}.",
                    "The file contains {n} NUL characters (invisible, often from a broken export); they were "
                    "removed. Lines: {lines}.", count).format(n=count, lines=shown)


def table_from_records(source: Path, records: list[tuple[int, list[str]]], encoding: str, delimiter: str,
           *, unneutralise: bool) -> RawTable:
    records = [(n, cells) for n, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise ImportRejected(_("{path} is empty.").format(path=source))
    _n, header = records[0]
    if unneutralise:
        header = [csvsafe.unneutralise(c) for c in header]
    if not any(h.strip() for h in header):
        raise ImportRejected(_("{path} has no header row with column names.").format(path=source))
    width = max(len(cells) for _n, cells in records)
    header = header + [""] * (width - len(header))
    rows: list[list[str]] = []
    numbers: list[int] = []
    for n, cells in records[1:]:
        if unneutralise:
            cells = [csvsafe.unneutralise(c) for c in cells]
        rows.append(cells + [""] * (width - len(cells)))
        numbers.append(n)
    return RawTable(source=source, headers=header, rows=rows, encoding=encoding, delimiter=delimiter,
                    row_numbers=numbers)
