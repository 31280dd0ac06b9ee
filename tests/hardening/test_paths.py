"""Class 1 of issue 28: a file name is a name, not a URL.

``%20``, ``%41``, ``#`` and ``?`` in an event file's name once made SQLAlchemy and
SQLite open another file (``Day%20of%20Dialogue.dialogue`` read and wrote ``Day of
Dialogue.dialogue``) or fail with "not an event file" and leave stray files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NAMES = ["Day%20of%20Dialogue.dialogue", "%41.dialogue", "a#b.dialogue", "what?.dialogue",
         "x?mode=ro&immutable=1.dialogue"]


def _own_files(folder: Path, name: str) -> set[str]:
    """Files in ``folder`` that do not belong to the event ``name`` (its -wal/-shm/.lock do)."""
    return {p.name for p in folder.iterdir()} - {name, name + "-wal", name + "-shm", name + ".lock"}


@pytest.mark.parametrize("name", NAMES)
def test_new_tables_and_info_use_exactly_the_named_file(run_cli, tmp_path, name):
    """Creating an event, adding tables and reading it back through the command line all work on
    the very file named, and no other file appears in the folder."""
    folder = tmp_path / "events"
    folder.mkdir()
    r = run_cli("new", folder / name, "--title", "Paths are names")
    assert r.code == 0, r.err
    assert (folder / name).is_file()
    assert _own_files(folder, name) == set()
    before = (folder / name).stat().st_mtime_ns
    r = run_cli("tables", folder / name, "--add", "3")
    assert r.code == 0, r.err
    r = run_cli("info", folder / name, "--json")
    assert r.code == 0, r.err
    info = json.loads(r.out)
    assert "Paths are names" in json.dumps(info)
    assert info["tables"]["count"] == 3
    assert (folder / name).stat().st_mtime_ns >= before
    assert _own_files(folder, name) == set(), "another file was created beside the event"


def test_percent_name_does_not_touch_its_decoded_twin(run_cli, tmp_path):
    """With both ``Day%20of%20Dialogue.dialogue`` and ``Day of Dialogue.dialogue`` present,
    writing to the first leaves the second byte for byte as it was."""
    r = run_cli("new", tmp_path / "Day of Dialogue.dialogue", "--title", "The twin")
    assert r.code == 0, r.err
    twin = (tmp_path / "Day of Dialogue.dialogue").read_bytes()
    r = run_cli("new", tmp_path / "Day%20of%20Dialogue.dialogue", "--title", "The original")
    assert r.code == 0, r.err
    r = run_cli("tables", tmp_path / "Day%20of%20Dialogue.dialogue", "--add", "2")
    assert r.code == 0, r.err
    assert (tmp_path / "Day of Dialogue.dialogue").read_bytes() == twin
    r = run_cli("info", tmp_path / "Day%20of%20Dialogue.dialogue", "--json")
    assert "The original" in r.out and "The twin" not in r.out
