"""Class 10 of issue 28: private by default on disk.

Event files (and their -wal/-shm), backups, the data folder, the log and every
export that can hold personal data are created readable by the user only (0600,
folders 0700), whatever the umask of the shell that started the app.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dialogue_app import exports


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_everything_the_command_line_creates_is_private(run_cli, tmp_path, isolated_data_dir, umask):
    """Under a permissive umask, the event, its -wal/-shm, a backup and its folder, a table package,
    a subject-access file, every export kind, the data folder and the log are 0600 / 0700."""
    data = isolated_data_dir / "fresh"  # a data folder the app creates itself
    work = tmp_path / "work"
    work.mkdir()
    event = work / "event.dialogue"
    r = run_cli("--data-dir", data, "demo", event, "--no-gui", "--participants", "24", umask=umask)
    assert r.code == 0, r.err
    created = [event]
    code = _a_code(event)
    r = run_cli("--data-dir", data, "subject-access", event, code, "-o", work / "person.json", umask=umask)
    assert r.code == 0, r.err
    created.append(work / "person.json")
    r = run_cli("--data-dir", data, "package", event, "--table", "1", "-o", work / "t1.dialogue", umask=umask)
    assert r.code == 0, r.err
    created.append(work / "t1.dialogue")
    for spec in exports.available():
        if spec.kind == "trainer-pack":
            continue  # needs a training event
        out = work / f"{spec.kind}.{spec.fmt}"
        r = run_cli("--data-dir", data, "export", event, spec.kind, "-o", out, umask=umask)
        assert r.code == 0, (spec.kind, r.err)
        created.append(out)
    r = run_cli("--data-dir", data, "merge", event, work / "t1.dialogue", umask=umask)  # makes a backup first
    assert r.code == 0, r.err
    backups = [p for p in (data / "backups").rglob("*") if p.is_file()]
    assert backups, "the merge made no backup"
    created += backups
    created += [p for p in work.iterdir() if p.name.endswith(("-wal", "-shm"))]
    created += [p for p in (data / "logs").iterdir()]
    loose = {str(p): oct(_mode(p)) for p in created if _mode(p) != 0o600}
    assert loose == {}, "readable by others"
    folders = [data, *[p for p in data.rglob("*") if p.is_dir()]]
    loose = {str(p): oct(_mode(p)) for p in folders if _mode(p) != 0o700}
    assert loose == {}, "folders open to others"


def test_a_new_event_is_private_even_when_created_by_the_library(tmp_path):
    """``storage.create_event_file`` (the GUI's "New event" and "Save the new event as") makes a
    0600 file under a 0o022 umask, and SQLite gives its -wal/-shm the same mode."""
    from dialogue_app import storage

    old = os.umask(0o022)
    try:
        store = storage.create_event_file(tmp_path / "new.dialogue")
        with store.session() as s:
            s.connection()
        modes = {p.name: oct(_mode(p)) for p in tmp_path.iterdir()}
        store.close()
    finally:
        os.umask(old)
    assert modes["new.dialogue"] == oct(0o600)
    assert all(m == oct(0o600) for m in modes.values()), modes


def _a_code(event: Path) -> str:
    from sqlalchemy import select

    from dialogue_app import storage
    from dialogue_app.models import Person

    store = storage.open_event_file(event, read_only=True)
    try:
        with store.session() as s:
            return s.scalars(select(Person.code).limit(1)).one()
    finally:
        store.close()
