"""Command line: the schedule of a table, commitment counts and the commitments CSV export."""

from __future__ import annotations

import json

from dialogue_app.cli import main


def test_schedule_and_commitments_commands(demo_path, tmp_path, capsys):
    """`schedule` prints the planned phases with the theme filled in; `commitments --json`
    gives counts that add up; `export commitments-csv` writes them; a bad table exits non-zero."""
    assert main(["schedule", str(demo_path), "--table", "2"]) == 0
    out = capsys.readouterr().out
    assert "Table 2" in out and "120 minutes in all" in out and "{theme}" not in out
    assert main(["schedule", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table_number"] == 1 and len(data["phases"]) == 6 and len(data["ground_rules"]) == 8
    assert main(["commitments", str(demo_path), "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["total"] == sum(counts["by_kind"].values()) == sum(counts["by_status"].values()) > 0
    out_csv = tmp_path / "c.csv"
    assert main(["export", str(demo_path), "commitments-csv", "-o", str(out_csv)]) == 0
    assert len(out_csv.read_text(encoding="utf-8-sig").splitlines()) == counts["total"] + 1
    assert main(["schedule", str(demo_path), "--table", "99"]) != 0
    assert "Table 99 does not exist" in capsys.readouterr().err
