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

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from dialogue_app import csvsafe
from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.i18n import format_decimal, ngettext
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import limits as L
from dialogue_app.importing.model import RawTable

#: Larger files are refused (a registration list of 100,000 people is ~20 MB); see :mod:`.limits`.
MAX_BYTES = L.DEFAULT.max_bytes
DELIMITERS = ("\t", ";", ",")  # in order of preference when two split equally well
_SNIFF_RECORDS = 60
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


def read_table(path: str | Path, sheet: str | None = None, encoding: str | None = None,
               limits: L.Limits = L.DEFAULT) -> RawTable:
    """Read a CSV or XLSX file: header row and data rows, every cell as text.

    ``encoding`` forces the encoding of a CSV file (the user's choice when the
    guess was wrong); by default it is guessed (:func:`decode_file`). Files
    beyond ``limits`` (size, rows, columns, unzipped size) are refused."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise UserInputError(_("{path} is a folder, not a spreadsheet.").format(path=path))
        if not path.exists():
            raise UserInputError(_("The file {path} does not exist.").format(path=path))
        if not path.is_file():
            raise ImportRejected(_("{path} is not a regular file.").format(path=path))
        size = path.stat().st_size
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
        return _read_xlsx(path, sheet, limits)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            _("{path} is an old Excel (.xls) file or a password-protected workbook. Save it as .xlsx "
              "(without password) or .csv and import that.").format(path=path)
        )
    if sheet:
        raise UserInputError(_("Only spreadsheets (.xlsx) have sheets; {path} is a CSV file.").format(path=path))
    L.refuse_size(path, size, limits)
    data = read_bytes(path)
    decoded = decode_file(data, path, encoding)
    table = parse_csv_text(decoded.text, path, decoded.encoding, limits)
    return replace(table, encoding_guessed=decoded.guessed, encoding_candidates=decoded.candidates,
                   stray_bom=decoded.stray_bom)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with a translated message when it cannot be read."""
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise UserInputError(_("You do not have permission to read {path}.").format(path=path)) from exc
    except OSError as exc:
        raise UserInputError(
            _("{path} cannot be read: {error}").format(path=path, error=exc.strerror or exc)
        ) from exc


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
    """Many NULs or control characters: not text. (A few NULs are removed and reported.)"""
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    # \x7f-\x9f are C1 controls; cp1252 maps most of 0x80-0x9f to printable characters
    return controls > max(2, len(sample) // 100)


#: 8-bit encodings tried when a file is not UTF-8, in order of preference on a tie
EIGHT_BIT = ("cp1252", "cp1250", "cp1254", "cp1251", "mac_roman")
#: every encoding a user can choose in the wizard
ENCODINGS = ("utf-8", *EIGHT_BIT, "utf-16")

#: letters of the languages this app's participants write their names in
#: (Western European, Polish/Czech/Slovak/Croatian/Hungarian/Romanian, Turkish, Cyrillic)
_COMMON_LETTERS = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüÿœšžß"
    "ąćęłńóśźżčďěňřťůőűășțşţ"
    "ğı"
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў"
)
_COMMON = _COMMON_LETTERS | frozenset(c.upper() for c in _COMMON_LETTERS if c not in "ßı") | {"İ"}


def _plausibility(text: str) -> float:
    """How much a decoding looks like names and words people write (higher is better).

    Common letters of the app's languages score, other letters score little,
    symbols and control characters cost; a Latin word made mostly of accented
    letters ("Äìèòðèé" for "Дмитрий") or with a capital after a small letter inside
    a word ("MŸller") is mojibake, and a word mixing Latin and Cyrillic too."""
    score = 0.0
    for word in re.findall(r"[^\s,;\t\"'()\[\]|/]+", text):
        if word.isascii():
            continue
        non_ascii = [ch for ch in word if ord(ch) > 127]
        letters = sum(1 for ch in word if ch.isalpha())
        ascii_letters = sum(1 for ch in word if ch.isascii() and ch.isalpha())
        cyrillic = sum(1 for ch in non_ascii if "\u0400" <= ch <= "\u04ff")
        latin_ext = sum(1 for ch in non_ascii if ch.isalpha() and not "\u0400" <= ch <= "\u04ff")
        word_score = 0.0
        for ch in non_ascii:
            if ch in _COMMON:
                # Scandinavian letters: rarer here than the Central European letters they stand in for
                word_score += 0.5 if ch in "øØåÅ" else 1.0
            elif ch.isalpha():
                word_score += 0.2 if ch in "ýÝ" else -0.3
            elif unicodedata.category(ch)[0] in "CZ":
                word_score -= 3.0
            else:
                word_score -= 1.5  # £ ¹ » © ¿ …: rarely inside a name
        if cyrillic and (ascii_letters or latin_ext):
            word_score -= 2.0 * len(non_ascii)
        elif latin_ext > ascii_letters + 1:
            word_score = -abs(word_score) - latin_ext
        has_lower = any(ch.islower() for ch in word)
        for i, ch in enumerate(word):
            if i and has_lower and ord(ch) > 127 and ch.isupper():
                word_score -= 2.0  # "MŸller", "JosŽ"
        if letters == 0:
            word_score -= 1.0
        score += word_score
    return score


def rank_encodings(data: bytes) -> list[tuple[str, float]]:
    """The 8-bit encodings that decode ``data`` without undefined bytes, best first,
    with their plausibility score (ties keep the order of :data:`EIGHT_BIT`)."""
    sample = data[:200_000]
    ranked = []
    for order, enc in enumerate(EIGHT_BIT):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        ranked.append((enc, _plausibility(text), order))
    ranked.sort(key=lambda r: (-r[1], r[2]))
    return [(enc, score) for enc, score, _o in ranked]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _decode_mixed(data: bytes, fallback: str) -> tuple[str, bool]:
    """Each line as UTF-8 when it is valid UTF-8, otherwise as ``fallback``;
    (text, whether both kinds of line occur)."""
    parts = []
    utf8_lines = other_lines = 0
    for line in _lines(data):
        try:
            parts.append(line.decode("utf-8"))
            if not line.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            parts.append(line.decode(fallback, errors="replace"))
            other_lines += 1
    return "".join(parts), bool(utf8_lines and other_lines)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "cp1250", "utf-8+cp1252" (mixed lines)...
    #: True when the encoding had to be guessed (not UTF-8/UTF-16, or a mix)
    guessed: bool = False
    #: the encodings that were possible, best first (for the user's choice)
    candidates: tuple[str, ...] = ()
    #: a UTF-8 BOM stood in front of text that is not UTF-8
    stray_bom: bool = False


def decode_file(data: bytes, path: Path | str = "", encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes, guessing the encoding unless ``encoding`` is given.

    UTF-16 and UTF-8 are recognised by their BOM or validity. Anything else is an
    8-bit encoding chosen by :func:`rank_encodings`; lines that are valid UTF-8
    stay UTF-8 (files pasted together from two sources). A UTF-8 BOM in front of
    text that is not UTF-8 is dropped."""
    stray_bom = False
    if encoding:
        enc = encoding.lower().replace("_", "-")
        if enc.startswith("utf-16"):
            text = data.decode("utf-16", errors="replace")
        elif enc in ("utf-8", "utf-8-sig"):
            text = data.decode("utf-8-sig", errors="replace")
        else:
            body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
            text, mixed = _decode_mixed(body, encoding)
            encoding = f"utf-8+{encoding}" if mixed else encoding
        return _checked(Decoded(text, encoding, False, ENCODINGS), path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(Decoded(data.decode("utf-16"), "utf-16"), path)
        except UnicodeDecodeError:
            pass
    guess = _looks_utf16(data)
    if guess:
        try:
            return _checked(Decoded(data.decode(guess), guess), path)
        except UnicodeDecodeError:
            pass
    body = data
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(Decoded(data.decode("utf-8-sig"), "utf-8-sig"), path)
        except UnicodeDecodeError:
            body, stray_bom = data[3:], True
    else:
        try:
            return _checked(Decoded(data.decode("utf-8"), "utf-8"), path)
        except UnicodeDecodeError:
            pass
    # not UTF-8 as a whole: score the lines that are not UTF-8 under each 8-bit encoding
    foreign = b"".join(line for line in _lines(body) if not _is_utf8(line))
    ranked = rank_encodings(foreign)
    if not ranked:
        text = body.decode("latin-1")
        return _checked(Decoded(text, "cp1252", True, ENCODINGS, stray_bom), path)
    best = ranked[0][0]
    text, mixed = _decode_mixed(body, best)
    candidates = tuple([enc for enc, _s in ranked] + [e for e in ENCODINGS if e not in dict(ranked)])
    return _checked(Decoded(text, f"utf-8+{best}" if mixed else best, True, candidates, stray_bom), path)


def encoding_label(encoding: str) -> str:
    """What the user sees for an encoding: "Turkish (Windows-1254)"."""
    if encoding.startswith("utf-8+"):
        return _("mixed: UTF-8 and {other}").format(other=encoding_label(encoding[6:]))
    labels = {
        "utf-8": _("Unicode (UTF-8)"),
        "utf-8-sig": _("Unicode (UTF-8)"),
        "utf-16": _("Unicode (UTF-16)"),
        "utf-16-le": _("Unicode (UTF-16)"),
        "utf-16-be": _("Unicode (UTF-16)"),
        "cp1252": _("Western European (Windows-1252)"),
        "cp1250": _("Central European: Polish, Czech… (Windows-1250)"),
        "cp1251": _("Cyrillic (Windows-1251)"),
        "cp1254": _("Turkish (Windows-1254)"),
        "mac_roman": _("Western European, old Mac (Mac Roman)"),
        "xlsx": _("Excel workbook"),
    }
    return labels.get(encoding, encoding)


def non_ascii_samples(table: RawTable, columns: list[int] | None = None, limit: int = 8) -> list[str]:
    """Cells with letters outside ASCII (names first when ``columns`` are given), each once:
    what to look at to see whether the encoding is right."""
    cols = columns if columns else list(range(len(table.headers)))
    out: list[str] = []
    for row in table.rows[:2000]:
        for c in cols:
            cell = row[c].strip() if c < len(row) else ""
            if cell and not cell.isascii() and cell not in out:
                out.append(cell)
                if len(out) >= limit:
                    return out
    return out


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked(decoded: Decoded, path: Path | str) -> Decoded:
    if _is_binary(decoded.text):
        raise ImportRejected(
            _("{path} is not a spreadsheet or CSV file (it looks like binary data).").format(path=path)
        )
    return decoded


def decode(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode a text file's bytes; returns (text, encoding name)."""
    d = decode_file(data, path)
    return d.text, d.encoding


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
    table = _table(Path(source), records, encoding, delimiter, unneutralise=True)
    return replace(table, notices=tuple(notices)) if notices else table


def nul_notice(count: int, lines: list[int]) -> str:
    """The warning about NUL characters removed from a file."""
    shown = ", ".join(str(n) for n in lines[:10]) + ("…" if len(lines) > 10 else "")
    return ngettext("The file contains {n} NUL character (invisible, often from a broken export); it was "
                    "removed. Lines: {lines}.",
                    "The file contains {n} NUL characters (invisible, often from a broken export); they were "
                    "removed. Lines: {lines}.", count).format(n=count, lines=shown)


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


def _read_xlsx(path: Path, sheet: str | None, limits: L.Limits = L.DEFAULT) -> RawTable:
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    L.check_zip(path, limits)  # before openpyxl expands anything
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError,
            SyntaxError, IndexError, AttributeError) as exc:  # ElementTree.ParseError is a SyntaxError
        raise ImportRejected(
            _("{path} is not a readable Excel workbook (.xlsx).").format(path=path)
        ) from exc
    notices: list[str] = []
    try:
        hidden = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") != "visible"]
        if sheet:
            if sheet not in wb.sheetnames:
                raise UserInputError(
                    _("The workbook has no sheet “{sheet}”; its sheets are: {sheets}.").format(
                        sheet=sheet, sheets=", ".join(wb.sheetnames)
                    )
                )
            ws = wb[sheet]
        else:
            visible = [n for n in wb.sheetnames if n not in hidden]
            if not visible:
                raise ImportRejected(_("{path} is empty.").format(path=path))
            ws = wb[visible[0]]
        if hidden:
            notices.append(_("The workbook has hidden sheets that Excel does not show: {sheets}. Only the sheet "
                             "“{sheet}” was read.").format(sheets=", ".join(hidden), sheet=ws.title))
        claimed_rows, claimed_cols = ws.max_row or 0, ws.max_column or 0  # the <dimension>: may lie
        records = []
        cells_seen = 0
        width = limits.max_columns
        # rows as wide as their last cell, not as wide as the <dimension> claims; never past the row cap
        ws.reset_dimensions()
        for n, row in enumerate(ws.iter_rows(max_row=limits.max_rows + 2, values_only=True), start=1):
            if len(row) > width:
                tail = row[width:]
                if tail.count(None) != len(tail):
                    raise L.too_many_columns(limits)
                row = row[:width]
            if row.count(None) == len(row):
                continue  # empty rows (also those openpyxl fills in up to the cap) cost nothing
            if n > limits.max_rows + 1:
                raise L.too_many_rows(limits)
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            cells_seen += len(cells)
            if cells_seen > limits.max_cells:
                raise L.too_many_cells(limits)
            records.append((n, cells))
        if claimed_rows > limits.max_rows + 1 or claimed_cols > width:
            notices.append(_("The sheet says it reaches cell {cell}; only the first {rows} rows and {columns} "
                             "columns were read, anything beyond them was ignored.").format(
                                 cell=f"{get_column_letter(min(max(claimed_cols, 1), 16384))}{claimed_rows}",
                                 rows=format_decimal(limits.max_rows + 1, 0), columns=width))
        formulas = _formulas_without_value(wb, ws)
        if formulas:
            notices.append(ngettext(
                "{n} cell holds a formula without a saved result (for example {cells}); it was read as empty. "
                "Open the file in your spreadsheet program, save it, and import again.",
                "{n} cells hold a formula without a saved result (for example {cells}); they were read as empty. "
                "Open the file in your spreadsheet program, save it, and import again.", len(formulas)).format(
                    n=len(formulas), cells=", ".join(formulas[:5])))
    except (zipfile.BadZipFile, SyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ImportRejected(_("{path} is not a readable Excel workbook (.xlsx).").format(path=path)) from exc
    finally:
        wb.close()
    # trailing empty cells of a row are not data
    trimmed = []
    for n, cells in records:
        while cells and not cells[-1].strip():
            cells.pop()
        if any("\x00" in c for c in cells):
            cells = [c.replace("\x00", "") for c in cells]
            notices.append(nul_notice(1, [n]))
        trimmed.append((n, cells))
    table = _table(path, trimmed, "xlsx", "", unneutralise=False)
    return replace(table, notices=tuple(notices))


def _formulas_without_value(wb: object, ws: object, limit: int = 10_000) -> list[str]:
    """References of formula cells with no cached result in the sheet's XML ("B7").

    A quick byte scan first: most sheets hold no formula at all and are not parsed twice."""
    from xml.etree.ElementTree import iterparse

    archive = getattr(wb, "_archive", None)
    member = getattr(ws, "_worksheet_path", None)
    if archive is None or not member:
        return []
    found = False
    with archive.open(member) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if re.search(rb"<(?:\w+:)?f[ >/]", tail + chunk):
                found = True
                break
            tail = chunk[-8:]
    if not found:
        return []
    out: list[str] = []
    with archive.open(member) as fh:
        for _event, el in iterparse(fh):
            if el.tag.endswith("}c") or el.tag == "c":
                tags = {child.tag.rsplit("}", 1)[-1]: child for child in el}
                v = tags.get("v")
                if "f" in tags and (v is None or not (v.text or "").strip()):
                    out.append(el.get("r", "?"))
                    if len(out) >= limit:
                        break
                el.clear()
            elif el.tag.endswith("}row"):
                el.clear()
    return out
