"""The bounds every imported file is read within (memory and time).

A registration list of 100,000 people is about 20 MB of CSV; anything larger,
wider or longer than these bounds is refused with one clear, translated line
before it can fill memory. Workbooks (.xlsx) are zip files whose members can
expand a thousandfold ("zip bombs", shared-string bombs): their uncompressed
sizes are checked before openpyxl opens them, and a sheet is read only up to
the row and column caps however large its ``<dimension>`` claims to be.

Tests pass smaller :class:`Limits` to exercise the bounds quickly; the measured
peak memory and time of the attack files are in ``docs/notes/importing.md``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import format_decimal
from dialogue_app.i18n import gettext as _

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds of one import."""

    #: size of a CSV file on disk
    max_bytes: int = 32 * MB
    #: data rows (the header not counted)
    max_rows: int = 100_000
    #: columns of the header or any row
    max_columns: int = 200
    #: cells in all (a 32 MB file of two-letter cells would be 10 million Python strings)
    max_cells: int = 3_000_000
    #: total uncompressed size of a workbook's members
    max_unzipped: int = 160 * MB
    #: uncompressed / compressed size of one member larger than 1 MB (real sheets: 5-30)
    max_ratio: int = 200


DEFAULT = Limits()


def _mb(n: int) -> str:
    return format_decimal(n / MB, 0 if n >= 10 * MB else 1)


def refuse_size(path: Path, size: int, limits: Limits) -> None:
    """Refuse a file larger than ``limits.max_bytes``."""
    if size > limits.max_bytes:
        raise ImportRejected(too_large_message(size, limits))


def too_large_message(size: int, limits: Limits) -> str:
    """"The file is 150 MB; imports are limited to 32 MB / 100,000 rows."."""
    return _("The file is {size} MB; imports are limited to {max} MB / {rows} rows.").format(
        size=_mb(size), max=_mb(limits.max_bytes), rows=format_decimal(limits.max_rows, 0))


def too_many_rows(limits: Limits) -> ImportRejected:
    return ImportRejected(_("The file has more than {rows} rows; imports are limited to {max} MB / {rows} rows. "
                            "Split it into smaller files.").format(rows=format_decimal(limits.max_rows, 0),
                                                                  max=_mb(limits.max_bytes)))


def too_many_columns(limits: Limits) -> ImportRejected:
    return ImportRejected(_("The file has more than {columns} columns; imports are limited to {columns} "
                            "columns.").format(columns=format_decimal(limits.max_columns, 0)))


def too_many_cells(limits: Limits) -> ImportRejected:
    return ImportRejected(_("The file has more than {cells} cells; imports are limited to {cells} cells "
                            "({rows} rows). Remove the columns you do not need, or split the file.").format(
                                cells=format_decimal(limits.max_cells, 0), rows=format_decimal(limits.max_rows, 0)))


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose members would expand beyond the bound (a zip bomb),
    reading only the zip's directory (declared sizes: Python's zipfile never
    returns more bytes than a member declares)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected(_("{path} is not a readable Excel workbook (.xlsx).").format(path=path)) from exc
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > limits.max_ratio:
            raise ImportRejected(_(
                "{path} expands to {size} MB when opened ({ratio} times its size): it is refused as a "
                "possible “zip bomb”. Save the list again from your spreadsheet program.").format(
                    path=path, size=_mb(info.file_size), ratio=format_decimal(int(ratio), 0)))
    if total > limits.max_unzipped:
        raise ImportRejected(_(
            "{path} expands to {size} MB when opened; workbooks are limited to {max} MB. Save the list as CSV "
            "or split it.").format(path=path, size=_mb(total), max=_mb(limits.max_unzipped)))
