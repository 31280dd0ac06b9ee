"""CSV that spreadsheets open correctly and never execute.

* UTF-8 with BOM, so Excel decodes accents and non-Latin names;
* a cell starting with ``=``, ``+``, ``-``, ``@`` (or tab / carriage return) is
  prefixed with an apostrophe so it is shown as text, never run as a formula
  (OWASP "CSV injection"). :func:`unneutralise` undoes it on import, so our own
  exports read back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a formula-safe UTF-8-with-BOM CSV atomically; returns the number of data rows."""
    from dialogue_app import outputs

    n = 0
    with outputs.atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow([neutralise(h) for h in header])
        for row in rows:
            w.writerow([neutralise(v) for v in row])
            n += 1
    return n


def to_string(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([neutralise(h) for h in header])
    for row in rows:
        w.writerow([neutralise(v) for v in row])
    return buf.getvalue()
