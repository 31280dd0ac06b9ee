"""Reading survey spreadsheets: as forgiving and as safe as the people import.

The file is read by :func:`dialogue_app.importing.reader.read_table`, so a survey
file gets the same treatment as a registration list: UTF-8 with or without BOM,
UTF-16, guessed 8-bit encodings, ``,`` ``;`` or tab as separator (or Excel's
``sep=`` line), quoted cells, .xlsx workbooks, binary files refused, the size,
row and column bounds of :mod:`dialogue_app.importing.limits`, and one clear
message (never a traceback) for cells longer than the csv module allows. Blank
lines are skipped; cells made formula-safe by our own exports are read back
unchanged.
"""

from __future__ import annotations

from pathlib import Path

from dialogue_app.importing import limits as L
from dialogue_app.importing.reader import read_table


def read_rows(path: str | Path, limits: L.Limits = L.DEFAULT) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank row, header included (line 1)."""
    table = read_table(Path(path), limits=limits)  # ImportRejected / UserInputError: one clear line
    rows: list[tuple[int, list[str]]] = [(1, [h.strip() for h in table.headers])]
    for n, cells in zip(table.row_numbers, table.rows, strict=True):
        if any(c.strip() for c in cells):
            rows.append((n, [c.strip() for c in cells]))
    return rows
