"""A package can only change what it was made for (issue 28, class 5).

Every test makes a real table package with ``dialogue-app package``, tampers with the file the way
somebody with a SQLite tool could, and merges it back with ``dialogue-app merge`` in a subprocess. It
then checks what the user sees (one clear line, or the list of ignored records) and what the event
holds (exports before and after)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANGUAGE=lang, LANG="C.UTF-8")
    return subprocess.run([sys.executable, "-m", "dialogue_app", "--lang", lang, *args], capture_output=True,
                          text=True, env=env, timeout=300)


def snapshot(event: Path, tmp_path: Path) -> dict[str, bytes]:
    """The people list, the seating and the commitments as exported through the command line."""
    out = {}
    for kind in ("people-csv", "seating-csv"):
        target = tmp_path / f"snap-{len(list(tmp_path.glob('snap-*')))}-{kind}.csv"
        done = run("export", str(event), kind, "-o", str(target))
        assert done.returncode == 0, done.stderr
        out[kind] = target.read_bytes()
    return out


@pytest.fixture
def made(demo_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The organiser's event and a package of its table 1, made through the command line."""
    pkg = tmp_path / "table1.dialogue"
    done = run("package", str(demo_path), "--table", "1", "-o", str(pkg))
    assert done.returncode == 0, done.stderr
    return demo_path, pkg


def sql(path: Path, *statements: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        rows: list[tuple] = []
        for st in statements:
            rows = conn.execute(st, params).fetchall() if params and "?" in st else conn.execute(st).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def seated_at(event: Path, number: int) -> list[str]:
    """Hex ids of the people seated at table ``number`` in round 1."""
    return [r[0] for r in sql(event, "SELECT a.person_id FROM assignment a JOIN dialogue_table t ON t.id = a.table_id "
                                     f"WHERE t.number = {number} AND a.round = 1 ORDER BY a.person_id")]


def first_name(event: Path, pid: str) -> str:
    return sql(event, f"SELECT first_name FROM person WHERE id = '{pid}'")[0][0]


@pytest.mark.parametrize("extra", [
    "CREATE TRIGGER spy AFTER UPDATE ON person BEGIN UPDATE event SET title = 'x'; END",
    "CREATE VIEW everyone AS SELECT * FROM person",
])
def test_a_package_with_a_trigger_or_view_is_refused_and_changes_nothing(made, tmp_path, extra):
    """Views and triggers are never in a package the app makes: merging one is refused in one line."""
    event, pkg = made
    sql(pkg, extra, f"UPDATE person SET first_name = 'Changed' WHERE id = '{seated_at(event, 1)[0]}'")
    before = snapshot(event, tmp_path)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "table1.dialogue" in lines[0] and "view or trigger" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(event, tmp_path) == before


def test_the_refusal_is_in_the_users_language(made, tmp_path):
    """The same refusal in Dutch."""
    event, pkg = made
    sql(pkg, "CREATE VIEW v AS SELECT 1")
    done = run("merge", str(event), str(pkg), lang="nl")
    assert done.returncode != 0 and "weergave of trigger" in done.stderr, done.stderr


def test_a_person_of_another_table_is_ignored_and_listed_the_rest_merges(made, tmp_path):
    """A package of table 1 that holds a person of table 2 cannot rename them; its own change comes in."""
    event, pkg = made
    other, own = seated_at(event, 2)[0], seated_at(event, 1)[0]
    sql(pkg, f"ATTACH '{event}' AS o", f"INSERT INTO person SELECT * FROM o.person WHERE id = '{other}'",
        f"UPDATE person SET first_name = 'Hijacked' WHERE id = '{other}'",
        f"UPDATE person SET first_name = 'Renamed' WHERE id = '{own}'")
    old_other = first_name(event, other)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs")
    assert done.returncode == 0, done.stderr
    assert "1 record of a package was ignored" in done.stdout
    assert "Hijacked" in done.stdout and "not part of the package's tables" in done.stdout
    assert first_name(event, other) == old_other
    assert first_name(event, own) == "Renamed"


def test_a_seat_at_another_table_is_ignored(made, tmp_path):
    """An assignment of the package's person to a table the package was not made for stays out."""
    event, pkg = made
    own = seated_at(event, 1)[0]
    table2 = sql(event, "SELECT id FROM dialogue_table WHERE number = 2")[0][0]
    sql(pkg, f"ATTACH '{event}' AS o", f"INSERT INTO dialogue_table SELECT * FROM o.dialogue_table WHERE id = '{table2}'",
        f"UPDATE assignment SET table_id = '{table2}' WHERE person_id = '{own}'")
    before = snapshot(event, tmp_path)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs", "--json")
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads(done.stdout)
    assert any("dialogue_table" in line for line in report["ignored"]), report["ignored"]
    assert any("assignment" in line for line in report["ignored"]), report["ignored"]
    assert snapshot(event, tmp_path) == before


def test_a_ten_megabyte_note_is_ignored(made, tmp_path):
    """A 10 MB text never reaches the event: that record is listed, the event stays as it was."""
    event, pkg = made
    own = seated_at(event, 1)[0]
    sql(pkg, f"UPDATE person SET notes = hex(zeroblob(5 * 1024 * 1024)) WHERE id = '{own}'")
    before = snapshot(event, tmp_path)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs")
    assert done.returncode == 0, done.stderr
    assert "“notes” is too long" in done.stdout
    assert snapshot(event, tmp_path) == before
    assert sql(event, f"SELECT length(notes) FROM person WHERE id = '{own}'")[0][0] in (None, 0)


@pytest.mark.parametrize("tamper, reason", [
    ("UPDATE assignment SET table_id = 'not-a-uuid' WHERE person_id = '{own}'", "“table_id” does not hold"),
    ("UPDATE person SET created_at = 'yesterday' WHERE id = '{own}'", "“created_at” does not hold"),
    ("UPDATE person SET wheelchair = 'maybe' WHERE id = '{own}'", "“wheelchair” does not hold"),
    ("UPDATE package_baseline SET \"values\" = '{{not json' WHERE row_id = '{own}'", "its baseline was changed"),
    ("UPDATE package_baseline SET \"values\" = '{{\"id\": \"x\"}}' WHERE row_id = '{own}'", "its baseline was changed"),
])
def test_malformed_values_and_baselines_are_ignored_and_listed(made, tmp_path, tamper, reason):
    """Bad UUIDs, dates, yes/no values and JSON leave out exactly that record and say why."""
    event, pkg = made
    own = seated_at(event, 1)[0]
    sql(pkg, f"UPDATE person SET first_name = 'Renamed' WHERE id = '{own}'", tamper.format(own=own))
    old = first_name(event, own)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs")
    assert done.returncode == 0, done.stderr
    assert reason in done.stdout, done.stdout
    assert "Traceback" not in done.stderr
    if "assignment" not in tamper:
        assert first_name(event, own) == old


def test_a_removed_baseline_cannot_overwrite_the_organisers_changes(made, tmp_path):
    """Without its baseline a row looks new; a package may not "create" a record that exists here."""
    event, pkg = made
    own = seated_at(event, 1)[0]
    sql(event, f"UPDATE person SET languages = 'fr' WHERE id = '{own}'")
    sql(pkg, f"UPDATE person SET first_name = 'Forged' WHERE id = '{own}'",
        f"DELETE FROM package_baseline WHERE row_id = '{own}'")
    before = snapshot(event, tmp_path)
    done = run("merge", str(event), str(pkg), "--prefer", "theirs")
    assert done.returncode == 0, done.stderr
    assert "claims to have created it" in done.stdout
    assert snapshot(event, tmp_path) == before
    assert sql(event, f"SELECT languages FROM person WHERE id = '{own}'")[0][0] == "fr"


def test_an_oversized_package_is_refused_before_it_is_read(made, tmp_path):
    """A package file above the size cap (64 MB) is refused in one line; nothing is read or written."""
    event, pkg = made
    sql(pkg, "CREATE TABLE pad (b BLOB)", "INSERT INTO pad VALUES (zeroblob(65 * 1024 * 1024))")
    before = snapshot(event, tmp_path)
    done = run("merge", str(event), str(pkg))
    assert done.returncode != 0 and "larger than 64 MB" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(event, tmp_path) == before


def test_a_package_with_too_many_records_is_refused(made, tmp_path):
    """More than 200 000 records is far beyond any table: refused, nothing merged."""
    event, pkg = made
    sql(pkg, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200001) "
             "INSERT INTO package_baseline (id, created_at, updated_at, table_name, row_id, \"values\") "
             "SELECT lower(hex(randomblob(16))), '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', "
             "'venue', lower(hex(randomblob(16))), '' FROM n")
    done = run("merge", str(event), str(pkg))
    assert done.returncode != 0 and "more than the 200" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_an_untouched_package_merges_with_nothing_ignored(made, tmp_path):
    """The checks leave a genuine package alone: its change comes in and nothing is listed as ignored."""
    event, pkg = made
    own = seated_at(event, 1)[0]
    sql(pkg, f"UPDATE person SET first_name = 'Renamed' WHERE id = '{own}'")
    done = run("merge", str(event), str(pkg), "--json")
    assert done.returncode == 0, done.stderr
    import json

    report = json.loads(done.stdout)
    assert report["ignored"] == [] and report["updated"] == 1
    assert first_name(event, own) == "Renamed"
