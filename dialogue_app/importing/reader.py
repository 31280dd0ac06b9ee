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

The encodings are guessed in :mod:`.encodings`, CSV text is split in :mod:`.csvtext`,
workbooks are read in :mod:`.xlsx`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import limits as L
from dialogue_app.importing.csvtext import parse_csv_text
from dialogue_app.importing.encodings import decode_file
from dialogue_app.importing.model import RawTable
from dialogue_app.importing.xlsx import read_xlsx

#: Larger files are refused (a registration list of 100,000 people is ~20 MB); see :mod:`.limits`.
MAX_BYTES = L.DEFAULT.max_bytes
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
        return read_xlsx(path, sheet, limits)
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
