"""CSV that spreadsheets open correctly and never execute, whatever their locale.

* UTF-8 with BOM, so Excel decodes accents and non-Latin names;
* a cell starting with ``=``, ``+``, ``-``, ``@`` (or tab / carriage return) is
  prefixed with an apostrophe so it is shown as text, never run as a formula
  (OWASP "CSV injection");
* the same inside a cell: a spreadsheet in a Dutch or French locale opens a CSV
  with ``;`` as the separator (tab for pasted text), and a cell holding
  ``x;=2*3`` then becomes two cells, the second a formula. So after every ``,``
  ``;`` tab, carriage return or newline inside a cell, a formula character
  (after optional spaces or a quote) gets the apostrophe too: ``x;'=2*3``;
* phone numbers in international format stay readable: a cell of only a leading
  ``+``/``-`` followed by digits, spaces, parentheses and dashes (``+31 6
  12345678``, ``-5``) cannot call a function or refer to a cell, so it is
  written as is;
* header cells get the same treatment as data cells.

:func:`unneutralise` undoes it on import, so our own exports read back
unchanged (a cell that itself held ``'=`` after a separator cannot be told
apart from a neutralised one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: characters at which some spreadsheet in some locale starts a new cell or line
SEPARATORS = (",", ";", "\t", "\r", "\n")
_PHONE = re.compile(r"[+-][0-9 ()\-]*[0-9][0-9 ()\-]*")
# a separator, optional spaces or a quote, then a formula character: the apostrophe goes after the separator
_INNER = re.compile(r"([,;\t\r\n])(?=[ \"]*[=+\-@\t\r])")
_INNER_BACK = re.compile(r"([,;\t\r\n])'(?=[ \"]*[=+\-@\t\r])")


def is_safe_number(text: str) -> bool:
    """``+31 6 12345678``, ``-5``, ``+32 (0)2 123-45-67``: readable as is, nothing to execute."""
    return _PHONE.fullmatch(text) is not None


def neutralise(value: object) -> str:
    """The cell as text that no spreadsheet runs as a formula, whichever separator it splits on."""
    text = "" if value is None else str(value)
    if is_safe_number(text):
        return text
    if any(sep in text for sep in SEPARATORS):
        text = _INNER.sub(r"\1'", text)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """What :func:`neutralise` was given."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    if "'" in text:
        text = _INNER_BACK.sub(r"\1", text)
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
