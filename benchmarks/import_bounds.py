"""Benchmark: the memory and time bound of importing any file (issue 28, class 7).

    .venv/bin/python benchmarks/import_bounds.py [--full]

Writes the attack files for real in a temporary folder and reads each one in a
fresh child process (``read_table``, the reader behind ``import``, ``import-survey``
and the wizard), reporting the child's peak memory (VmHWM from /proc, else
``resource.getrusage``) and wall time:

* ``csv-150mb``: a 150 MB CSV (refused at once by its size);
* ``csv-at-bound``: 100,000 rows of 14 columns just under 32 MB (the largest accepted CSV);
* ``csv-2.9m-cells`` / ``csv-31mb-long-cells``: just under the cell bound and the byte bound;
* ``xlsx-xfd1048576``: a real workbook with one cell at XFD1048576;
* ``xlsx-bomb-1gb``: a workbook whose sharedStrings.xml expands from ~1 MB to 1 GB (refused unopened);
* ``xlsx-at-bound``: 100,000 rows of 14 columns (the largest accepted workbook).

With ``--full`` the ``csv-at-bound`` file is also checked by ``dialogue-app import --dry-run``
into a new event (reading + mapping + validation of 100,000 rows). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["First name", "Last name", "E-mail", "Phone", "Age", "Gender", "Origin", "Religion", "Education",
          "Neighbourhood", "Organisation", "Role", "Languages", "Notes"]
ROW = ["Anna", "Peeters", "anna.peeters{i}@example.org", "+32 470 12 34 56", "34", "female", "Belgian",
       "none", "master", "Noord", "Buurthuis De Brug", "participant", "nl;fr", "vegetarian"]

_CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 ** 3, 4 * 1024 ** 3))
t = time.perf_counter()
outcome = "read"
if sys.argv[1] == "cli":
    from dialogue_app.cli import main
    code = main(sys.argv[2:])
    outcome = f"exit {code}"
else:
    from dialogue_app.errors import DialogueError
    from dialogue_app.importing.reader import read_table
    try:
        table = read_table(sys.argv[1])
        outcome = f"read {len(table.rows)} rows, {len(table.notices)} notices"
    except DialogueError as exc:
        outcome = "refused: " + exc.message
seconds = time.perf_counter() - t
try:
    peak = int([ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0].split()[1]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("@@" + json.dumps({"outcome": outcome, "peak_mb": round(peak), "seconds": round(seconds, 2)}))
"""


def measure(*args: str, data_dir: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIALOGUE_APP_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env,
                          timeout=1800)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@")]
    if not line:
        return {"outcome": "crashed", "stderr": proc.stderr[-500:]}
    return json.loads(line[-1][2:])


def big_csv(path: Path, megabytes: int) -> None:
    line = (",".join(ROW).format(i=0) + "\n").encode()
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as fh:
        fh.write((",".join(HEADER) + "\n").encode())
        for _ in range(megabytes):
            fh.write(block[: 1024 * 1024])


def csv_at_bound(path: Path, rows: int = 100_000) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        for i in range(rows):
            fh.write(",".join(ROW).format(i=i) + "\n")


def csv_many_cells(path: Path, rows: int = 100_000, columns: int = 29) -> None:
    """Just under the cell bound: 100,000 rows of 29 two-letter cells (the most Python objects)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(f"c{i}" for i in range(columns)) + "\n")
        line = ",".join(["ab"] * columns) + "\n"
        fh.write(line * rows)


def csv_long_cells(path: Path, rows: int = 100_000) -> None:
    """Just under the byte bound: 100,000 rows with long notes (~31 MB)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        for i in range(rows):
            fh.write(",".join(ROW).format(i=i) + " " + "x" * 190 + "\n")


def xlsx_at_bound(path: Path, rows: int = 100_000) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for i in range(rows):
        ws.append([c.format(i=i) for c in ROW])
    wb.save(path)


def far_cell(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active.append([c.format(i=0) for c in ROW])
    wb.active["XFD1048576"] = "far away"
    wb.save(path)


def bomb(path: Path, megabytes: int = 1024) -> None:
    """A workbook whose shared strings expand to ``megabytes`` MB, written in streaming fashion."""
    far = path.with_name("plain.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(HEADER[:3])
    wb.save(far)
    with zipfile.ZipFile(far) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info.filename, data)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    far.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also run import --dry-run on the 100,000-row CSV")
    args = ap.parse_args()
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        makers = [("csv-150mb", "big.csv", lambda p: big_csv(p, 150)), ("csv-at-bound", "bound.csv", csv_at_bound),
                  ("csv-2.9m-cells", "cells.csv", csv_many_cells), ("csv-31mb-long-cells", "long.csv", csv_long_cells),
                  ("xlsx-xfd1048576", "far.xlsx", far_cell), ("xlsx-bomb-1gb", "bomb.xlsx", bomb),
                  ("xlsx-at-bound", "bound.xlsx", xlsx_at_bound)]
        for name, file, make in makers:
            path = d / file
            make(path)
            out[name] = {"file_mb": round(path.stat().st_size / 2**20, 1), **measure(str(path), data_dir=d / "data")}
            print(name, out[name], file=sys.stderr)
        if args.full:
            event = d / "bench.dialogue"
            subprocess.run([sys.executable, "-m", "dialogue_app", "new", str(event), "--title", "Bench"], check=True, capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "DIALOGUE_APP_DATA_DIR": str(d / "data")})
            out["cli-import-dry-run-100k"] = measure("cli", "import", str(event), str(d / "bound.csv"), "--dry-run",
                                                     "--json", data_dir=d / "data")
            print("cli", out["cli-import-dry-run-100k"], file=sys.stderr)
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
