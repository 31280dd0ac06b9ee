"""Reading the first sheet (or the one named) of an Excel workbook into a :class:`RawTable`,
every cell as text; the workbook's zip is checked against the limits first."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from dialogue_app.errors import ImportRejected, UserInputError
from dialogue_app.i18n import format_decimal, ngettext
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import limits as L
from dialogue_app.importing.csvtext import nul_notice, table_from_records
from dialogue_app.importing.model import RawTable


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


def read_xlsx(path: Path, sheet: str | None, limits: L.Limits = L.DEFAULT) -> RawTable:
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
        ws = _sheet(wb, sheet, path, notices)
        claimed_rows, claimed_cols = ws.max_row or 0, ws.max_column or 0  # the <dimension>: may lie
        width = limits.max_columns
        records = _sheet_records(ws, limits)
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
    table = table_from_records(path, _trimmed(records, notices), "xlsx", "", unneutralise=False)
    return replace(table, notices=tuple(notices))


def _sheet(wb, sheet: str | None, path: Path, notices: list[str]):
    """The sheet named, or the first visible one (hidden sheets are said in ``notices``)."""
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
    return ws


def _sheet_records(ws, limits: L.Limits) -> list[tuple[int, list[str]]]:
    """(row number, cells as text) of the rows with something in them, within the limits."""
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
    return records


def _trimmed(records: list[tuple[int, list[str]]], notices: list[str]) -> list[tuple[int, list[str]]]:
    """Trailing empty cells of a row are not data; NUL characters are removed and said."""
    trimmed = []
    for n, cells in records:
        while cells and not cells[-1].strip():
            cells.pop()
        if any("\x00" in c for c in cells):
            cells = [c.replace("\x00", "") for c in cells]
            notices.append(nul_notice(1, [n]))
        trimmed.append((n, cells))
    return trimmed


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
