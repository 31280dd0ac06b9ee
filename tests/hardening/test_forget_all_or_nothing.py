"""Issue 28, class 3: forget is all or nothing, whatever else is happening.

Every test drives the real command line in a subprocess on real files and then scans EVERY file
in the event's folder and the data folder (case-insensitively, UTF-8 and UTF-16)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from privacy_helpers import EMAIL, FIRST, LAST, PHONE, add_marked_person

from dialogue_app import storage
from dialogue_app.storage import backups
from tests.hardening.scan import ROOT, run_cli, scan

NEEDLES = (f"{FIRST} {LAST}", LAST, EMAIL, PHONE)


@pytest.fixture
def marked_event(demo_path):
    """The demo with the recognisable person, two automatic backups and an upgrade-style copy."""
    store = storage.open_event_file(demo_path)
    m = add_marked_person(store)
    backups.make_backup(store)
    backups.make_backup(store, label="before-merge")
    storage.backup_file(store, suffix="before-upgrade")
    store.close()
    return demo_path, m


def _reader(path) -> subprocess.Popen:
    """Another program holding a read transaction on the event file (like a second window or an export)."""
    code = textwrap.dedent("""
        import sqlite3, sys
        con = sqlite3.connect(sys.argv[1], isolation_level=None)
        con.execute("BEGIN")
        con.execute("SELECT count(*) FROM person").fetchone()
        print("READING", flush=True)
        sys.stdin.readline()
        con.execute("COMMIT")
        con.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "READING"
    return proc


def test_scan_sees_the_person_before_forgetting(marked_event, isolated_data_dir):
    """Positive control: the scan finds the person in the file and in the backups of the data folder."""
    path, _m = marked_event
    hits = scan([path.parent, isolated_data_dir], NEEDLES)
    assert any(str(isolated_data_dir) in h for h in hits) and any(path.name in h for h in hits)


def test_a_reader_holding_a_transaction_makes_forget_fail_loudly_then_a_rerun_succeeds(
        marked_event, isolated_data_dir):
    """While another program holds a read transaction, `forget` must not print success with the person's
    bytes still in the file: it waits, then fails (exit 1, says why). Once the reader is gone, running the
    same command again succeeds and no byte of the person is left anywhere."""
    path, m = marked_event
    reader = _reader(path)
    try:
        first = run_cli("forget", str(path), m.code, "--yes", data_dir=isolated_data_dir)
        leftover = scan([path.parent, isolated_data_dir], NEEDLES)
    finally:
        reader.communicate("done\n", timeout=30)
    assert not (first.returncode == 0 and leftover), f"success printed while bytes remain: {leftover}"
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Forgot" not in first.stdout
    assert "another window or program" in first.stderr and "run the same command" in first.stderr
    assert "Traceback" not in first.stderr
    again = run_cli("forget", str(path), m.code, "--yes", data_dir=isolated_data_dir)
    assert again.returncode == 0, again.stderr
    assert scan([path.parent, isolated_data_dir], NEEDLES) == []
    assert storage.integrity_check(path) == "ok"


def test_forget_after_moving_the_event_still_scrubs_its_backups(marked_event, isolated_data_dir, tmp_path):
    """Backups know their event by its identity: after the file was moved to another folder and renamed,
    `forget` there still removes every backup the app made of it (they held the person), including the
    upgrade copy left next to its former location."""
    path, m = marked_event
    elsewhere = tmp_path / "moved elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / "renamed.dialogue"
    shutil.move(path, moved)
    result = run_cli("forget", str(moved), m.code, "--yes", data_dir=isolated_data_dir)
    assert result.returncode == 0, result.stderr
    # the old folder too: the upgrade copy the app left next to where the file used to be is gone
    assert scan([path.parent, elsewhere, isolated_data_dir], NEEDLES) == []
    listed = run_cli("backups", str(moved), data_dir=isolated_data_dir)
    assert "after-erasure" in listed.stdout  # a fresh, clean safety copy, found under the new name


def test_killed_at_any_moment_forget_can_be_run_again_until_clean(marked_event, isolated_data_dir,
                                                                  tmp_path_factory):
    """SIGKILL of `forget` at six moments: the file stays healthy, and a re-run of the same command
    always ends with exit 0 and no byte of the person anywhere."""
    path, m = marked_event
    keep = tmp_path_factory.mktemp("templates")
    template = keep / "template.dialogue"
    shutil.copyfile(path, template)
    data_template = keep / "data-template"
    shutil.copytree(isolated_data_dir, data_template)
    env_cmd = [sys.executable, "-m", "dialogue_app", "forget", str(path), m.code, "--yes"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIALOGUE_APP_DATA_DIR": str(isolated_data_dir)}
    # how long an uninterrupted run takes here (the command line starts fast since issue 29), then
    # kill at six moments spread from start-up to the end of the rewrite
    started = time.monotonic()
    full = subprocess.run(env_cmd, env=env, capture_output=True, timeout=300)
    took = time.monotonic() - started
    assert full.returncode == 0, full.stderr
    outcomes = []
    for share in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85):
        delay = share * took
        shutil.copyfile(template, path)
        for s in ("-wal", "-shm"):
            (path.parent / (path.name + s)).unlink(missing_ok=True)
        shutil.rmtree(isolated_data_dir)
        shutil.copytree(data_template, isolated_data_dir)
        proc = subprocess.Popen(env_cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        outcomes.append(proc.returncode)
        assert storage.integrity_check(path) == "ok"
        again = run_cli("forget", str(path), m.code, "--yes", data_dir=isolated_data_dir)
        assert again.returncode == 0, (delay, again.stderr)
        assert scan([path.parent, isolated_data_dir], NEEDLES) == [], delay
    assert -signal.SIGKILL in outcomes  # at least some runs were really killed mid-way


def test_forget_on_a_full_disk_fails_loudly_then_succeeds_once_there_is_room(marked_event, isolated_data_dir,
                                                                              tmp_path):
    """On a real, nearly full file system (a small tmpfs), `forget` cannot rewrite the file: it says so
    (exit 1, "disk is full", no success line). After space is freed the same command succeeds and no
    byte of the person remains on that disk or in the data folder."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    path, m = marked_event
    size = path.stat().st_size
    mnt = tmp_path / "small disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={2 * size + 1_000_000}", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        event = mnt / "event.dialogue"
        shutil.copyfile(path, event)
        filler = mnt / "filler.bin"
        with open(filler, "wb") as fh:  # fill the disk but for room for the erasure, not for the rewrite
            fh.write(b"\0" * max(0, shutil.disk_usage(mnt).free - 300_000))
        full = run_cli("forget", str(event), m.code, "--yes", data_dir=isolated_data_dir)
        assert full.returncode == 1, full.stdout + full.stderr
        assert "Forgot" not in full.stdout and "disk is full" in full.stderr and "Traceback" not in full.stderr
        filler.unlink()
        again = run_cli("forget", str(event), m.code, "--yes", data_dir=isolated_data_dir)
        assert again.returncode == 0, again.stderr
        assert scan([mnt, isolated_data_dir], NEEDLES) == []
        assert storage.integrity_check(event) == "ok"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
