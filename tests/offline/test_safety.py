"""Never lose data: one writer per file, crash safety, backups, read-only files and full disks."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dialogue_app import storage
from dialogue_app.cli import main
from dialogue_app.errors import EventFileError, EventFileInUse, EventFileReadOnly
from dialogue_app.models import Assignment, DialogueTable, PackageManifest, Person
from dialogue_app.services import people
from dialogue_app.storage import backups

ROOT = Path(__file__).resolve().parents[2]


def _child(code: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )


def _wait_for(proc: subprocess.Popen, marker: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if marker in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"child ended early: {proc.stderr.read()}")
    raise AssertionError("child never reached " + marker)


def _count(path: Path, model) -> int:
    store = storage.open_event_file(path, read_only=True)
    with store.session() as s:
        n = s.scalar(select(func.count()).select_from(model))
    store.close()
    return n


HOLD = """
import sys, time
from dialogue_app import storage
store = storage.open_event_file(sys.argv[1])
print("HOLDING", flush=True)
time.sleep(60)
"""


def test_a_second_instance_cannot_write_the_same_file(demo_path, capsys):
    """While another process has the file open, opening it for writing is refused; read-only works."""
    proc = _child(HOLD, str(demo_path))
    try:
        _wait_for(proc, "HOLDING")
        with pytest.raises(EventFileInUse, match=f"process {proc.pid}"):
            storage.open_event_file(demo_path)
        ro = storage.open_event_file(demo_path, read_only=True)
        with ro.session() as s:
            assert s.scalar(select(func.count()).select_from(Person)) > 0
        ro.close()
        assert main(["tables", str(demo_path), "--add", "1"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "open in another window or program" in err[0]
    finally:
        proc.kill()
        proc.wait()
    # the holder died without cleaning up: its lock died with it
    assert storage.lock_path(demo_path).exists()
    store = storage.open_event_file(demo_path)
    assert store.file_lock is not None
    store.close()
    assert not storage.lock_path(demo_path).exists()


def test_the_lock_is_reentrant_inside_one_process(demo_path):
    """Two stores of one process on one file share the lock; it goes when both are closed."""
    a = storage.open_event_file(demo_path)
    b = storage.open_event_file(demo_path)
    a.close()
    assert storage.lock_path(demo_path).exists()
    b.close()
    assert not storage.lock_path(demo_path).exists()


MERGE_CHILD = """
import sys
from dialogue_app import storage
from dialogue_app.services.offline import merge as m
original = m._Merge.merge
calls = []
def merge_and_tell(self, pkg):
    original(self, pkg)
    calls.append(1)
    if len(calls) == 1:
        print("MID", flush=True)
m._Merge.merge = merge_and_tell
store = storage.open_event_file(sys.argv[1])
m.merge_packages(store, sys.argv[2:])
store.close()
print("DONE", flush=True)
"""


def _big_packages(seated_path: Path, tmp_path: Path, n: int, walk_ins: int) -> list[Path]:
    """n packages of table 1, each with many walk-ins (distinct package ids and codes)."""
    import uuid

    from dialogue_app.services.offline.package import make_package

    store = storage.open_event_file(seated_path, read_only=True)
    first = make_package(store, [1], tmp_path / "p0.dialogue").path
    store.close()
    out = []
    for i in range(n):
        target = tmp_path / f"p{i + 1}.dialogue"
        shutil.copyfile(first, target)
        pkg = storage.open_event_file(target)
        with pkg.session() as s:
            s.scalars(select(PackageManifest)).one().id = uuid.uuid4()
            table = s.scalars(select(DialogueTable)).one()
            for k in range(walk_ins):
                p = Person(event_id=table.event_id, code=f"W{i:02d}{k:04d}", first_name=f"Walk {k}")
                s.add(p)
                s.flush()
                s.add(Assignment(person_id=p.id, table_id=table.id))
        pkg.close()
        out.append(target)
    return out


def test_killing_the_app_during_a_merge_leaves_all_or_nothing(seated_path, tmp_path):
    """SIGKILL in the middle of a many-package merge: the file is healthy and holds none of the merge."""
    packages = _big_packages(seated_path, tmp_path, 12, 150)
    before = _count(seated_path, Person)
    proc = _child(MERGE_CHILD, str(seated_path), *map(str, packages))
    _wait_for(proc, "MID")
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate()
    assert storage.integrity_check(seated_path) == "ok"
    after = _count(seated_path, Person)
    if "DONE" in out:  # a very fast machine finished first: then all of it is there
        assert after == before + 12 * 150
        return
    assert proc.returncode == -signal.SIGKILL
    assert after == before  # killed before the commit: none of it
    # and the file still merges completely afterwards
    from dialogue_app.services.offline.merge import merge_packages

    store = storage.open_event_file(seated_path)
    report = merge_packages(store, packages)
    store.close()
    assert report.inserted == 12 * 150 * 2
    assert _count(seated_path, Person) == before + 12 * 150


IMPORT_CHILD = """
import sys, uuid
from dialogue_app import storage
from dialogue_app.services import people
store = storage.open_event_file(sys.argv[1])
with store.session() as s:
    for i in range(4000):
        people.save_person(s, people.PersonData(id=uuid.uuid4(), first_name=f"Imported {i}", code=f"I{i:05d}"))
        if i == 300:
            s.flush()
            print("MID", flush=True)
print("DONE", flush=True)
"""


def test_killing_the_app_during_a_bulk_import_leaves_all_or_nothing(demo_path):
    """SIGKILL while thousands of people are written in one transaction: quick_check ok, nobody half-imported."""
    before = _count(demo_path, Person)
    proc = _child(IMPORT_CHILD, str(demo_path))
    _wait_for(proc, "MID")
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL and "DONE" not in out
    assert storage.integrity_check(demo_path) == "ok"
    assert _count(demo_path, Person) == before
    store = storage.open_event_file(demo_path)  # opens normally (quick_check at open)
    with store.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="After"))
    store.close()
    assert _count(demo_path, Person) == before + 1


def test_backups_are_kept_listed_restored_and_purged(demo_path):
    """Automatic backups: the newest N are kept; restoring keeps a copy of the current file first."""
    store = storage.open_event_file(demo_path)
    made = [backups.make_backup(store, keep=3) for _ in range(5)]
    with store.session() as s:
        people.save_person(s, people.PersonData(id=people.new_person().id, first_name="Later"))
    store.close()
    listed = backups.list_backups(demo_path)
    assert [b.path for b in listed] == list(reversed(made[-3:]))
    assert all(b.path.parent.parent == backups.backups_root() for b in listed)
    n_now = _count(demo_path, Person)
    safety = backups.restore_backup(demo_path, listed[0].path)
    assert _count(demo_path, Person) == n_now - 1
    assert _count(safety, Person) == n_now
    assert storage.integrity_check(demo_path) == "ok"
    assert any(b.label == "before-restore" for b in backups.list_backups(demo_path))
    assert backups.purge_backups(demo_path) == 4
    assert backups.list_backups(demo_path) == []
    assert not backups.backup_dir(demo_path).exists()


def test_cli_lists_and_restores_backups(demo_path, capsys):
    """`backups` lists with date and time; `restore-backup FILE 1` restores the newest."""
    store = storage.open_event_file(demo_path)
    backups.make_backup(store)
    store.close()
    assert main(["backups", str(demo_path)]) == 0
    assert "open" in capsys.readouterr().out
    assert main(["restore-backup", str(demo_path), "1"]) == 0
    assert "Restored" in capsys.readouterr().out
    assert main(["restore-backup", str(demo_path), "9"]) == 1


def _read_only_copy(demo_path: Path, tmp_path: Path):
    """A read-only place: chmod for normal users; a read-only tmpfs for root (root ignores chmod)."""
    if os.geteuid() != 0:
        demo_path.chmod(0o444)
        return demo_path, lambda: demo_path.chmod(0o644)
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    shutil.copyfile(demo_path, mnt / "demo.dialogue")
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    return mnt / "demo.dialogue", lambda: subprocess.run(["umount", str(mnt)], check=False)


def test_a_read_only_file_gives_a_clear_message(demo_path, tmp_path, capsys):
    """A read-only file opens read-only; a write command refuses with one line, no traceback."""
    path, cleanup = _read_only_copy(demo_path, tmp_path)
    try:
        assert main(["tables", str(path), "--add", "1"]) == 1
        err = capsys.readouterr().err
        assert "read-only" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
        store = storage.open_event_file(path)
        assert store.read_only
        store.close()
    finally:
        cleanup()


def test_a_full_disk_gives_a_clear_message_and_keeps_the_file(demo_path, tmp_path):
    """Running out of space mid-write: a translated error, nothing half-written, the file still healthy."""
    before = _count(demo_path, Person)
    store = storage.open_event_file(demo_path)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    storage.limit_size_for_tests(store, pages + 2)
    with pytest.raises(EventFileError, match="disk is full"), store.session() as s:
        for i in range(3000):
            s.add(Person(event_id=s.scalars(select(DialogueTable.event_id)).first(), code=f"F{i:05d}",
                         first_name="x" * 200, notes="y" * 500))
    store.close()
    assert storage.integrity_check(demo_path) == "ok"
    assert _count(demo_path, Person) == before


def test_a_real_full_tmpfs_gives_a_clear_message(demo_path, tmp_path):
    """The same on a real, tiny file system (root only: mounts a tmpfs)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    mnt = tmp_path / "full"
    mnt.mkdir()
    size = demo_path.stat().st_size
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size * 2 + 200_000}", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        path = mnt / "demo.dialogue"
        shutil.copyfile(demo_path, path)
        before = _count(path, Person)
        store = storage.open_event_file(path)
        with pytest.raises(EventFileError, match="disk is full"), store.session() as s:
            ev = s.scalars(select(DialogueTable.event_id)).first()
            for i in range(6000):
                s.add(Person(event_id=ev, code=f"F{i:05d}", first_name="x" * 200, notes="y" * 800))
        store.close()
        assert storage.integrity_check(path) == "ok"
        assert _count(path, Person) == before
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_read_only_error_is_translated(demo_path):
    """A write that hits a read-only database raises EventFileReadOnly, not a raw SQLite error."""
    store = storage.open_event_file(demo_path, read_only=True)
    store.read_only = False  # pretend it was writable: the write itself must fail cleanly
    with pytest.raises(EventFileReadOnly), store.session() as s:
        s.add(Person(event_id=s.scalars(select(DialogueTable.event_id)).first(), code="RO0001", first_name="x"))
    store.close()
