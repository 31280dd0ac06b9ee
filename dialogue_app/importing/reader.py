"""Reading a registration list (CSV or XLSX) into a :class:`RawTable`.

CSV files come from every spreadsheet and form tool there is, so the reader
guesses what it can:

* the encoding: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without
  one when the NUL bytes give it away), otherwise cp1252 (Windows Excel);
* the delimiter: ``,`` ``;`` or tab (Excel in Dutch, French and German locales
  writes ``;``), chosen by how consistently each one splits the header and the
  first rows;
* quoted fields with newlines and delimiters (the :mod:`csv` module);
* formula-safe cells written by :mod:`dialogue_app.csvsafe` are turned back
  into what they were (``'=x`` -> ``=x``).

Anything that is not a table (empty, binary, no header) raises
:class:`ImportRejected` with a translated message; nothing is ever written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from dialogue_app import csvsafe
from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import RawTable

#: Larger files are refused (a registration list of 100,000 people is ~20 MB).
MAX_BYTES = 200 * 1024 * 1024
DELIMITERS = ("\t", ";", ",")  # in order of preference when two split equally well
_SNIFF_RECORDS = 60
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_table(path: str | Path, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file: header row and data rows, every cell as text."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise UserInputError(_("{path} is a folder, not a spreadsheet.").format(path=path))
        if not path.exists():
            raise UserInputError(_("The file {path} does not exist.").format(path=path))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportRejected(_("{path} is too large to be a list of people.").format(path=path))
        with path.open("rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise UserInputError(_("You do not have permission to read {path}.").format(path=path)) from exc
    except OSError as exc:
        raise UserInputError(
            _("{path} cannot be read: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc
    if size == 0:
        raise ImportRejected(_("{path} is empty.").format(path=path))
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in _XLSX_SUFFIXES:
        return _read_xlsx(path, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            _("{path} is an old Excel (.xls) file or a password-protected workbook. Save it as .xlsx "
              "(without password) or .csv and import that.").format(path=path)
        )
    if sheet:
        raise UserInputError(_("Only spreadsheets (.xlsx) have sheets; {path} is a CSV file.").format(path=path))
    data = path.read_bytes()
    text, encoding = decode(data, path)
    return parse_csv_text(text, path, encoding)


# --------------------------------------------------------------------------- CSV


def _looks_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16 of mostly Latin text, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even = sample[0::2]
    odd = sample[1::2]
    n = len(even)
    zeros_even = even.count(0) / n
    zeros_odd = odd.count(0) / n
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _is_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    # \x7f-\x9f are C1 controls; cp1252 maps most of 0x80-0x9f to printable characters
    return controls > max(2, len(sample) // 100)


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        guess = _looks_utf16(data)
        candidates = [guess] if guess else ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _is_binary(text):
            break
        return text, enc
    else:
        # cp1252 leaves five bytes undefined; latin-1 decodes anything.
        text = data.decode("latin-1")
        if not _is_binary(text):
            return text, "cp1252"
    raise ImportRejected(
        _("{path} is not a spreadsheet or CSV file (it looks like binary data).").format(path=path)
    )


def _records(text: str, delimiter: str, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """(record number, cells) for every record; record 1 is the first line."""
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    n = 0
    try:
        for cells in reader:
            n += 1
            out.append((n, cells))
            if limit is not None and n >= limit:
                break
    except csv.Error as exc:
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


def parse_csv_text(text: str, source: Path | str = "", encoding: str = "") -> RawTable:
    """Split decoded CSV text into a :class:`RawTable` (delimiter sniffed)."""
    if not text.strip(" \t\r\n,;\"'\ufeff"):
        raise ImportRejected(_("{path} is empty.").format(path=source))
    # Excel's "sep=;" first line names the delimiter
    first, _nl, rest = text.partition("\n")
    hint = first.strip().lstrip("\ufeff")
    if len(hint) == 5 and hint.lower().startswith("sep=") and hint[4] in DELIMITERS:
        delimiter = hint[4]
        records = [(n + 1, cells) for n, cells in _records(rest, delimiter)]
    else:
        delimiter = sniff_delimiter(text)
        records = _records(text, delimiter)
    return _table(Path(source), records, encoding, delimiter, unneutralise=True)


def _table(source: Path, records: list[tuple[int, list[str]]], encoding: str, delimiter: str,
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


# --------------------------------------------------------------------------- XLSX


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRejected(
            _("{path} is not a readable Excel workbook (.xlsx).").format(path=path)
        ) from exc
    try:
        if sheet:
            if sheet not in wb.sheetnames:
                raise UserInputError(
                    _("The workbook has no sheet “{sheet}”; its sheets are: {sheets}.").format(
                        sheet=sheet, sheets=", ".join(wb.sheetnames)
                    )
                )
            ws = wb[sheet]
        else:
            if not wb.sheetnames:
                raise ImportRejected(_("{path} is empty.").format(path=path))
            ws = wb[wb.sheetnames[0]]
        records = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            records.append((n, [_cell_text(v) for v in row]))
    except zipfile.BadZipFile as exc:
        raise ImportRejected(_("{path} is not a readable Excel workbook (.xlsx).").format(path=path)) from exc
    finally:
        wb.close()
    # trailing empty cells of a row are not data
    trimmed = []
    for n, cells in records:
        while cells and not cells[-1].strip():
            cells.pop()
        trimmed.append((n, cells))
    return _table(path, trimmed, "xlsx", "", unneutralise=False)
