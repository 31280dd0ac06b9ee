"""Class 2 of issue 28: no output may destroy an input.

Every test attacks through the real command line (a subprocess) with real files,
FIFOs and symlinks: an export, print, subject-access or package output never
replaces an event file, replaces an existing file only with ``--force``, writes
into devices and FIFOs instead of replacing them, and never follows a symlink to
clobber another file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from dialogue_app import storage


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def event(tmp_path, demo_template) -> Path:
    """A copy of the demo event in its own folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    dest = folder / "event.dialogue"
    shutil.copyfile(demo_template, dest)
    return dest


def _one_clear_line(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("argv", [
    ("export", "{event}", "people-csv"),
    ("export", "{event}", "survey-sqlite"),
    ("print", "{event}", "badges"),
    ("subject-access", "{event}", "{code}"),
])
def test_no_output_replaces_the_event_being_read_even_with_force(run_cli, event, argv):
    """Naming the event itself as the output is refused with one clear line and a non-zero
    exit, with or without --force; the event file is unchanged."""
    before = _digest(event)
    code = _a_code(event)
    args = [a.format(event=event, code=code) for a in argv]
    for extra in ([], ["--force"]):
        r = run_cli(*args, "-o", event, *extra)
        assert r.code != 0
        _one_clear_line(r.err)
        assert "event file" in r.err
        assert _digest(event) == before


@pytest.mark.parametrize("argv", [
    ("export", "{event}", "seating-csv"),
    ("print", "{event}", "table-cards"),
    ("subject-access", "{event}", "{code}"),
    ("package", "{event}", "--table", "1"),
])
def test_another_event_file_is_never_an_output(run_cli, event, tmp_path, argv):
    """Another event file (recognised by its header, whatever its name) is never replaced by an
    export, a printout, a subject-access file or a package, even with --force."""
    other = event.with_name("budget-2025.csv")  # an event file with a misleading name
    shutil.copyfile(event, other)
    before = _digest(other)
    args = [a.format(event=event, code=_a_code(event)) for a in argv]
    if argv[0] == "package":
        other = other.rename(event.with_name("other.dialogue"))
    r = run_cli(*args, "-o", other, "--force")
    assert r.code != 0, r.out
    _one_clear_line(r.err)
    assert "is an event file" in r.err
    assert _digest(other) == before


def test_an_existing_file_is_replaced_only_with_force(run_cli, event):
    """An export onto an existing file is refused without --force (the file keeps its bytes) and
    replaces it with --force."""
    out = event.with_name("seating.csv")
    out.write_text("my own spreadsheet\n", encoding="utf-8")
    r = run_cli("export", event, "seating-csv", "-o", out)
    assert r.code != 0
    _one_clear_line(r.err)
    assert "--force" in r.err
    assert out.read_text(encoding="utf-8") == "my own spreadsheet\n"
    r = run_cli("export", event, "seating-csv", "-o", out, "--force")
    assert r.code == 0, r.err
    assert "Participant code" in out.read_text(encoding="utf-8-sig")


def test_a_fifo_is_written_into_not_replaced(run_cli, event):
    """Exporting to a FIFO writes the CSV into it; the FIFO is still a FIFO afterwards."""
    fifo = event.with_name("pipe")
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run_cli("export", event, "seating-csv", "-o", fifo)
    reader.join(30)
    assert r.code == 0, r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"Participant code" in got[0]


def test_dev_stdout_gets_the_export_and_the_message_goes_to_stderr(run_cli, event, tmp_path):
    """``-o /dev/stdout`` redirected into a file puts exactly the CSV there (the 'Wrote …' line goes
    to standard error), and /dev/stdout is not replaced."""
    target = tmp_path / "redirected.csv"
    with target.open("w") as fh:
        r = run_cli("export", event, "seating-csv", "-o", "/dev/stdout", stdout=fh)
    assert r.code == 0, r.err
    assert "Wrote" in r.err
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("Participant code") and "Wrote" not in text


def test_a_symlink_at_the_output_is_replaced_not_followed(run_cli, event, tmp_path):
    """With --force, an output that is a symlink to someone else's file replaces the link itself:
    the file it pointed to keeps its bytes."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = event.with_name("out.csv")
    link.symlink_to(victim)
    r = run_cli("export", event, "seating-csv", "-o", link)
    assert r.code != 0
    _one_clear_line(r.err)
    r = run_cli("export", event, "seating-csv", "-o", link, "--force")
    assert r.code == 0, r.err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not link.is_symlink() and "Participant code" in link.read_text(encoding="utf-8-sig")


def test_a_symlink_to_an_event_at_the_output_is_refused(run_cli, event, tmp_path):
    """An output that is a symlink to an event file is refused, even with --force."""
    other = tmp_path / "other.dialogue"
    shutil.copyfile(event, other)
    before = _digest(other)
    link = event.with_name("report.pdf")
    link.symlink_to(other)
    for extra in ([], ["--force"]):
        r = run_cli("print", event, "report", "-o", link, *extra)
        assert r.code != 0
        _one_clear_line(r.err)
        assert "is an event file" in r.err
        assert _digest(other) == before and link.is_symlink()


@pytest.mark.parametrize("argv", [
    ("export", "{event}", "seating-csv", "-o", "{out}"), ("subject-access", "{event}", "{code}", "-o", "{out}"),
])
def test_a_symlink_planted_at_a_temporary_name_is_never_followed(run_cli, event, tmp_path, argv):
    """A symlink planted at the temporary name the writers used to use (``OUT.tmp``) is left
    alone: the file it points to keeps its bytes, and the output is written."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = event.with_name("out.txt")
    (event.parent / "out.txt.tmp").symlink_to(victim)
    r = run_cli(*[a.format(event=event, out=out, code=_a_code(event)) for a in argv])
    assert r.code == 0, r.err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert out.stat().st_size > 0


def test_a_symlink_planted_at_the_lock_file_is_never_followed(run_cli, event, tmp_path):
    """A symlink at ``EVENT.lock`` pointing to another file: opening the event for writing does not
    truncate or overwrite that file."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    Path(str(event) + ".lock").symlink_to(victim)
    r = run_cli("tables", event, "--add", "1")
    assert r.code == 0, r.err
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_package_force_replaces_an_old_package_but_not_one_open_elsewhere(run_cli, event):
    """``package --force`` replaces an older package of the same tables, but not while another
    instance holds that package open (its lock): then one clear line, and the package is unchanged."""
    pkg = event.with_name("table1.dialogue")
    r = run_cli("package", event, "--table", "1", "-o", pkg)
    assert r.code == 0, r.err
    r = run_cli("package", event, "--table", "1", "-o", pkg)
    assert r.code != 0 and "--force" in r.err
    held = storage.open_event_file(pkg)
    try:
        before = _digest(pkg)
        r = run_cli("package", event, "--table", "1", "-o", pkg, "--force")
        assert r.code != 0
        _one_clear_line(r.err)
        assert "open in another" in r.err
        assert _digest(pkg) == before
    finally:
        held.close()
    r = run_cli("package", event, "--table", "1", "-o", pkg, "--force")
    assert r.code == 0, r.err


def _a_code(event: Path) -> str:
    from sqlalchemy import select

    from dialogue_app.models import Person

    store = storage.open_event_file(event, read_only=True)
    try:
        with store.session() as s:
            return s.scalars(select(Person.code).where(Person.code.is_not(None)).limit(1)).one()
    finally:
        store.close()


def test_subject_access_to_dev_stdout_is_pure_json(run_cli, event, tmp_path):
    """``subject-access -o /dev/stdout`` puts only the JSON on standard output (the message goes
    to standard error), so it can be piped into another program."""
    import json

    target = tmp_path / "person.json"
    with target.open("w") as fh:
        r = run_cli("subject-access", event, _a_code(event), "-o", "/dev/stdout", stdout=fh)
    assert r.code == 0, r.err
    assert json.loads(target.read_text(encoding="utf-8"))["person"]["code"] == _a_code(event)


def test_a_package_cannot_go_to_a_device(run_cli, event):
    """A table package is an event file and needs a real file: ``-o /dev/null`` is refused with
    one clear line (not an unexpected error), and /dev/null stays a device."""
    r = run_cli("package", event, "--table", "1", "-o", "/dev/null")
    assert r.code == 2, r.err
    _one_clear_line(r.err)
    assert "regular file" in r.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
