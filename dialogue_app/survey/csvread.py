"""A small, forgiving CSV reader for survey spreadsheets.

UTF-8 with or without BOM (falling back to Windows-1252 for old Excel files),
``;`` or ``,`` as separator (whichever the header row uses more of), quoted
cells, blank lines skipped; cells made formula-safe by our own exports are
read back unchanged.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dialogue_app.csvsafe import unneutralise
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _


def read_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank row, header included (line 1)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserInputError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) \
            from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        rows.append((reader.line_num, [unneutralise(c.strip()) for c in cells]))
    return rows
