"""``dialogue-app import``: report, --json, --dry-run, --valid-only, exit codes."""

from __future__ import annotations

import json

import pytest

from dialogue_app.cli import main

GOOD = [["Voornaam", "Achternaam", "Leeftijd", "Geslacht", "Wijk", "Schoenmaat"],
        ["Ana", "Silva", "34", "vrouw", "Noord", "38"],
        ["Bo", "Berg", "71", "m", "Zuid", "44"]]
BAD = [*GOOD, ["Cor", "de Wit", "150", "kat", "Zuid", ""]]


@pytest.fixture
def event_file(tmp_path, capsys):
    path = tmp_path / "city.dialogue"
    assert main(["new", str(path), "--title", "Stad"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_prints_report_and_writes(event_file, write_csv, capsys):
    """A good list: exit 0, counts, unmapped columns and new categories in the report."""
    path = write_csv(GOOD)
    code, out, err = run(capsys, "import", event_file, path)
    assert code == 0, err
    assert "2 rows read" in out
    assert "Schoenmaat" in out and "Noord" in out
    assert "Imported: 2 new" in out
    code, out, _e = run(capsys, "info", event_file, "--json")
    assert json.loads(out)["people"]["total"] == 2


def test_json_report(event_file, write_csv, capsys):
    """--json gives one object with counts, issues, unmapped columns, new categories, written."""
    path = write_csv(GOOD)
    code, out, _e = run(capsys, "import", event_file, path, "--json")
    assert code == 0
    d = json.loads(out)
    assert (d["rows"], d["valid_rows"], d["created"], d["updated"], d["written"]) == (2, 2, 2, 0, True)
    assert d["unmapped_columns"] == ["Schoenmaat"]
    assert d["new_categories"] == {"Neighbourhood": ["Noord", "Zuid"]}
    assert d["issues"] == []
    code, out, _e = run(capsys, "import", event_file, path, "--json")
    d = json.loads(out)
    assert (d["created"], d["updated"], d["unchanged"]) == (0, 0, 2)
    assert {i["severity"] for i in d["issues"]} == {"warning"}


def test_errors_exit_1_and_leave_file_unchanged(event_file, write_csv, capsys):
    """Errors without --valid-only: exit 1, issues with row/column, event file bytes unchanged."""
    before = event_file.read_bytes()
    code, out, _e = run(capsys, "import", event_file, write_csv(BAD), "--json")
    assert code == 1
    d = json.loads(out)
    assert d["written"] is False and d["created"] == 0
    errors = [(i["row"], i["column"]) for i in d["issues"] if i["severity"] == "error"]
    assert errors == [(4, "Leeftijd"), (4, "Geslacht")]
    code, out, _e = run(capsys, "import", event_file, write_csv(BAD))
    assert code == 1
    assert "Row 4, Geslacht" in out and "kat" in out and "--valid-only" in out
    assert event_file.read_bytes() == before


def test_valid_only(event_file, write_csv, capsys):
    """--valid-only imports the good rows and exits 0."""
    code, out, _e = run(capsys, "import", event_file, write_csv(BAD), "--valid-only", "--json")
    d = json.loads(out)
    assert code == 0 and d["created"] == 2 and d["written"] is True


def test_dry_run_writes_nothing(event_file, write_csv, capsys):
    """--dry-run reports what would happen, exits 0, and leaves the file alone."""
    before = event_file.read_bytes()
    code, out, _e = run(capsys, "import", event_file, write_csv(GOOD), "--dry-run", "--json")
    d = json.loads(out)
    assert code == 0 and d["written"] is False and d["valid_rows"] == 2 and d["would_create"] == 2
    code, out, _e = run(capsys, "import", event_file, write_csv(GOOD), "--dry-run")
    assert code == 0 and "Dry run" in out
    assert event_file.read_bytes() == before


def test_bad_file_is_one_line(event_file, tmp_path, capsys):
    """Binary garbage or an empty file: one clear line on stderr, non-zero exit, file unchanged."""
    before = event_file.read_bytes()
    garbage = tmp_path / "x.csv"
    garbage.write_bytes(bytes(range(256)) * 10)
    code, _out, err = run(capsys, "import", event_file, garbage)
    assert code != 0 and "binary" in err and "Traceback" not in err
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _out, err = run(capsys, "import", event_file, empty)
    assert code != 0 and "empty" in err
    assert event_file.read_bytes() == before


def test_sheet_option(event_file, tmp_path, capsys):
    """--sheet picks a sheet of a workbook."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Notes"])
    ws = wb.create_sheet("Deelnemers")
    ws.append(["Naam", "Leeftijd"])
    ws.append(["Ana Silva", 34])
    path = tmp_path / "l.xlsx"
    wb.save(path)
    code, out, _e = run(capsys, "import", event_file, path, "--sheet", "Deelnemers", "--json")
    assert code == 0 and json.loads(out)["created"] == 1
