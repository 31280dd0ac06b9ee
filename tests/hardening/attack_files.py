"""Attack files written for real: a cell at XFD1048576, a shared-string bomb, a huge CSV."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

HEADER = ["First name", "Last name", "E-mail"]


def far_cell_xlsx(path: Path) -> Path:
    """A real workbook with two rows of names and one cell at XFD1048576 (the last cell Excel has):
    its <dimension> claims 16,384 columns x 1,048,576 rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["Ann", "Lee", "ann.lee@example.org"])
    ws["XFD1048576"] = "far away"
    wb.save(path)
    return path


def shared_string_bomb(path: Path, megabytes: int = 40) -> Path:
    """A valid workbook whose sharedStrings.xml expands from a few kB to ``megabytes`` MB."""
    plain = path.with_name("plain-" + path.name)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["Ann", "Lee", "ann.lee@example.org"])
    wb.save(plain)
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
           + b"A" * (megabytes * 1024 * 1024) + b"</t></si></sst>")
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info.filename, data)
        if "xl/sharedStrings.xml" not in src.namelist():
            dst.writestr("xl/sharedStrings.xml", sst)
    plain.unlink()
    return path


def big_csv(path: Path, megabytes: int) -> Path:
    """A registration list of ``megabytes`` MB made of one repeated line (written in a blink)."""
    line = b"Ann,Lee,ann.lee@example.org,0612345678,Utrecht,notes notes notes notes notes\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as fh:
        fh.write(b"First name,Last name,E-mail,Phone,City,Notes\n")
        for _ in range(megabytes):
            fh.write(block[: 1024 * 1024])
    return path
