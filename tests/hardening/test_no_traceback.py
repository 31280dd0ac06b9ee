"""Class 9 and the survey reader: the user's mistake or environment is one clear line and a
non-zero exit, never a traceback; import-survey reads files as well as import does.
Everything runs the real command line in a subprocess."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest


def _clear_failure(run, *expected: str) -> None:
    assert run.code not in (0, 70), (run.code, run.stderr)
    assert "Traceback" not in run.stderr and "unexpected error" not in run.stderr, run.stderr
    for text in expected:
        assert text in run.stderr, run.stderr


def _template_rows(cli, demo_path: Path, tmp_path: Path) -> list[list[str]]:
    out = tmp_path / "template.csv"
    assert cli("export", str(demo_path), "survey-template", "-o", str(out)).code == 0
    return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))


@pytest.mark.parametrize("encoding,delimiter", [("cp1252", "\t"), ("utf-16", ";"), ("utf-8", "\t")])
def test_import_survey_reads_encodings_and_delimiters(cli, demo_path, tmp_path, encoding, delimiter):
    """A survey file saved by a spreadsheet as tab-separated Windows-1252, UTF-16 with `;`, or UTF-8
    with tabs imports like the comma-separated original."""
    rows = _template_rows(cli, demo_path, tmp_path)
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "answers.txt"
    path.write_bytes(buf.getvalue().encode(encoding))
    run = cli("import-survey", str(demo_path), str(path))
    assert run.code == 0, run.stderr
    assert "Imported 3 survey forms." in run.stdout


def test_import_survey_reads_a_workbook(cli, demo_path, tmp_path):
    """import-survey reads the .xlsx its help promises."""
    import openpyxl

    wb = openpyxl.Workbook()
    for row in _template_rows(cli, demo_path, tmp_path):
        wb.active.append(row)
    wb.save(tmp_path / "answers.xlsx")
    run = cli("import-survey", str(demo_path), str(tmp_path / "answers.xlsx"))
    assert run.code == 0, run.stderr


def test_import_survey_refuses_binary_files(cli, demo_path, tmp_path):
    """A binary file (an image renamed .csv) is refused as binary, in one line."""
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    run = cli("import-survey", str(demo_path), str(path))
    _clear_failure(run, "looks like binary data")


def test_import_survey_oversized_field(cli, demo_path, tmp_path):
    """A cell longer than the csv module's field limit (an unclosed quote) is one clear line."""
    path = tmp_path / "long.csv"
    path.write_text("code,wave,trust\nX,\"before," + "y" * 200_000 + "\n", encoding="utf-8")
    run = cli("import-survey", str(demo_path), str(path))
    _clear_failure(run, "is longer than 131,072 characters")


def test_import_survey_does_not_echo_escape_sequences(cli, demo_path, tmp_path):
    """A cell with a terminal escape sequence is shown escaped in the problem list."""
    path = tmp_path / "esc.csv"
    path.write_text("code,wave\n,\x1b[2J\x1b]0;pwned\x07\n" + ",before\n" * 100, encoding="utf-8")
    run = cli("import-survey", str(demo_path), str(path))
    _clear_failure(run)
    assert "\x1b" not in run.stderr + run.stdout and "\\x1b[2J" in run.stderr


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc and /sys")
@pytest.mark.parametrize("out", ["/proc/dialogue-export.csv", "/sys/dialogue-export.csv"])
def test_export_to_unwritable_special_places(cli, demo_path, out):
    """An export into a place no one can write (/proc, /sys) is one clear line, exit non-zero."""
    _clear_failure(cli("export", str(demo_path), "people-csv", "-o", out), "dialogue-export.csv")


def test_export_with_a_name_too_long(cli, demo_path, tmp_path):
    """An output name longer than the file system allows is one clear line."""
    _clear_failure(cli("export", str(demo_path), "people-csv", "-o", str(tmp_path / ("x" * 300 + ".csv"))))


@pytest.mark.parametrize("how", ["option", "environment", "inside"])
def test_data_dir_that_is_a_file(cli, demo_path, tmp_path, how):
    """A --data-dir (or DIALOGUE_APP_DATA_DIR) that is a file, or lies inside a file, is one clear line."""
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    if how == "option":
        run = cli("--data-dir", str(afile), "info", str(demo_path))
    elif how == "environment":
        run = cli("info", str(demo_path), env={"DIALOGUE_APP_DATA_DIR": str(afile)})
    else:
        run = cli("--data-dir", str(afile / "sub"), "info", str(demo_path))
    _clear_failure(run, "data folder")
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1
    assert os.path.isfile(afile)
