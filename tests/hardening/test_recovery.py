"""Issue 28, class 6: recovery works when it is needed.

Real command line in subprocesses, real files, real permissions (root's override of file
permissions is dropped with setpriv), a real file-size limit standing in for a full disk."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3

import pytest

from dialogue_app import storage
from dialogue_app.storage import backups
from tests.hardening.scan import run_cli


def _damage(path) -> None:
    """Overwrite pages in the middle of the file with garbage (a bad sector, a half-copied file)."""
    with open(path, "r+b") as fh:
        fh.seek(4096 * 6)
        fh.write(b"\xde\xad\xbe\xef" * 4096)


def _people(path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        con.close()


def test_restore_backup_works_on_a_damaged_event(demo_path, isolated_data_dir):
    """`restore-backup FILE 1` on an event that cannot be opened any more restores it (before, it first
    tried to open the damaged file and refused); the damaged bytes are kept as a "damaged" copy."""
    store = storage.open_event_file(demo_path)
    backups.make_backup(store)
    store.close()
    people = _people(demo_path)
    _damage(demo_path)
    broken = run_cli("info", str(demo_path), data_dir=isolated_data_dir)
    assert broken.returncode != 0 and "damaged" in broken.stderr  # the situation a user is in

    restored = run_cli("restore-backup", str(demo_path), "1", data_dir=isolated_data_dir)

    assert restored.returncode == 0, restored.stderr
    assert storage.integrity_check(demo_path) == "ok" and _people(demo_path) == people
    assert run_cli("info", str(demo_path), data_dir=isolated_data_dir).returncode == 0
    listed = run_cli("backups", str(demo_path), data_dir=isolated_data_dir)
    assert "damaged" in listed.stdout  # what was there is not thrown away


def test_restoring_another_events_backup_or_a_package_needs_force(demo_path, new_event, isolated_data_dir,
                                                                  tmp_path_factory):
    """A backup of ANOTHER event, or a table package, is not restored over an event without --force;
    the refusal says why, and the event is unchanged."""
    people = _people(demo_path)
    other = backups.make_backup(new_event)  # a backup of "Test event", a different event
    new_event.close()
    refused = run_cli("restore-backup", str(demo_path), str(other), data_dir=isolated_data_dir)
    assert refused.returncode == 2
    assert "another event" in refused.stderr and "Test event" in refused.stderr and "--force" in refused.stderr
    assert _people(demo_path) == people

    pkg = tmp_path_factory.mktemp("pkg") / "table 1.dialogue"
    assert run_cli("package", str(demo_path), "--table", "1", "-o", str(pkg), data_dir=isolated_data_dir).returncode == 0
    refused = run_cli("restore-backup", str(demo_path), str(pkg), data_dir=isolated_data_dir)
    assert refused.returncode == 2 and "table package" in refused.stderr and _people(demo_path) == people

    forced = run_cli("restore-backup", str(demo_path), str(other), "--force", data_dir=isolated_data_dir)
    assert forced.returncode == 0, forced.stderr
    assert _people(demo_path) == 0


def _without_root_override() -> tuple[str, ...]:
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("root ignores permissions and setpriv is missing")
    caps = "-dac_override,-dac_read_search"
    return ("setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}")


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_healthy_read_only_event_is_reported_read_only_never_damaged(demo_path, isolated_data_dir, what):
    """A healthy event in a read-only folder (or a read-only file) opens for reading, and a write command
    says it is read-only — never "damaged, restore a backup" (that would replace good data with older)."""
    prefix = _without_root_override()
    target = demo_path.parent if what == "folder" else demo_path
    os.chmod(target, 0o555 if what == "folder" else 0o444)
    try:
        shown = run_cli("info", str(demo_path), data_dir=isolated_data_dir, prefix=prefix)
        write = run_cli("privacy", str(demo_path), "--set-retention", "2099-01-01", data_dir=isolated_data_dir,
                        prefix=prefix)
    finally:
        os.chmod(target, 0o755 if what == "folder" else 0o644)
    assert shown.returncode == 0, shown.stderr
    assert write.returncode != 0
    assert "damaged" not in (shown.stderr + write.stderr).lower()
    assert "restore" not in (shown.stderr + write.stderr).lower()
    if what == "folder":
        assert "opened read-only: the folder cannot be written" in write.stderr
    else:
        assert "read-only" in write.stderr
    assert storage.integrity_check(demo_path) == "ok"


def _full_disk(limit: int):
    """Run the child as if the disk filled up after ``limit`` bytes of any one file."""
    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_writes


def _leftovers(*folders) -> list[str]:
    out = []
    for folder in folders:
        for dirpath, _d, files in os.walk(folder):
            for name in files:
                p = os.path.join(dirpath, name)
                if name.endswith((".tmp", ".part")) or ".part" in name or ".tmp" in name or (name.endswith(".dialogue") and os.path.getsize(p) == 0):
                    out.append(p)
    return out


def test_a_full_disk_leaves_no_half_made_event_and_no_temporary_files(demo_path, tmp_path, isolated_data_dir):
    """With the disk full, `new`, `demo` and `restore-backup` fail with one clear line and leave no 0-byte or
    half-written event file and no .tmp/.part file; the existing event is unchanged."""
    store = storage.open_event_file(demo_path)
    backups.make_backup(store)
    store.close()
    before = demo_path.read_bytes()
    folder = tmp_path / "new events"
    folder.mkdir()
    for args, limit in ((["new", str(folder / "new.dialogue"), "--title", "X"], 40_000),
                        (["demo", str(folder / "demo.dialogue"), "--no-gui"], 300_000),
                        (["restore-backup", str(demo_path), "1"], 1_000_000)):
        r = run_cli(*args, data_dir=isolated_data_dir, preexec_fn=_full_disk(limit))
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "disk" in r.stderr
    assert list(folder.iterdir()) == []
    assert _leftovers(tmp_path, isolated_data_dir) == []
    assert demo_path.read_bytes() == before
