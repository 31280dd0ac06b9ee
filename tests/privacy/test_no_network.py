"""The app makes no network connection at all: every CLI command, the demo, every
available export, subject access, forget and purge run with sockets made to fail."""

from __future__ import annotations

import argparse
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_app import cli, exports, storage
from dialogue_app.models import Person
from dialogue_app.services import privacy

GUI_COMMANDS = {"gui", "open"}  # start the GUI event loop; the GUI shares the same services
#: administer a shared PostgreSQL server or copy an event to and from one: their whole point is a
#: connection to the server the organiser named (tests/test_server_roles.py and tests/test_server_cli.py
#: run them against the test cluster)
SERVER_COMMANDS = {"server", "push", "pull"}


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise NetworkUsed(f"network use: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return calls


def test_the_guard_works(no_network):
    """Control: with the guard on, any connection attempt fails and is recorded."""
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkUsed), socket.socket() as s:
        s.connect(("127.0.0.1", 9))
    assert len(no_network) == 2


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _argv(name: str, p: argparse.ArgumentParser, file: str, code: str, out: str) -> list[str]:
    """Plausible arguments for any command, read from its parser."""
    argv = [name]
    for a in p._actions:
        if isinstance(a, argparse._HelpAction):
            continue
        if not a.option_strings:
            if a.nargs in ("?", "*"):
                if a.dest == "file":
                    argv.append(file)
                continue
            argv.append({"file": file, "code": code, "kind": exports.EXPORTS[0].kind}.get(a.dest, file))
        elif a.required or a.dest in ("yes", "no_gui"):
            flag = a.option_strings[-1]
            if a.nargs == 0:
                argv.append(flag)
            elif a.dest in ("output", "out"):
                argv += [flag, out]
            elif a.choices:
                argv += [flag, str(next(iter(a.choices)))]
            elif a.type is int:
                argv += [flag, "1"]
            else:
                argv += [flag, "x"]
    return argv


#: commands that make their FILE rather than read it
CREATES = {"new", "demo", "demo-training"}


def _prepared_argv(name: str, target: Path, code: str, tmp_path: Path) -> list[str] | None:
    """Real arguments for the commands the parser alone cannot fill in (they need a package, a
    backup, a spreadsheet, a training event...), made with the app itself; None: the generic ones do."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    if name in ("demo", "demo-training"):
        return [name, str(target), "--no-gui", "--seed", "1"]
    if name == "followup-consent":
        return [name, str(target), code]
    if name == "print":
        return [name, str(target), "badges", "-o", str(work / "badges.pdf")]
    if name == "package":
        return [name, str(target), "--table", "1", "-o", str(work / "table1.dialogue")]
    if name == "merge":
        assert cli.main(["package", str(target), "--table", "1", "-o", str(work / "t1.dialogue")]) == 0
        return [name, str(target), str(work / "t1.dialogue")]
    if name == "restore-backup":
        store = storage.open_event_file(target)
        try:
            backup = storage.backup_file(store)
        finally:
            store.close()
        return [name, str(target), str(backup)]
    if name == "import":
        assert cli.main(["export", str(target), "people-csv", "-o", str(work / "people.csv")]) == 0
        fresh = work / "fresh.dialogue"
        assert cli.main(["new", str(fresh), "--title", "Fresh"]) == 0
        return [name, str(fresh), str(work / "people.csv")]
    if name == "import-survey":
        assert cli.main(["export", str(target), "survey-template", "-o", str(work / "survey.csv")]) == 0
        return [name, str(target), str(work / "survey.csv")]
    if name == "impact":
        assert cli.main(["export", str(target), "survey-sqlite", "-o", str(work / "survey.sqlite")]) == 0
        return [name, str(work / "survey.sqlite"), "--json"]
    if name in ("practice", "trainees"):
        training = work / "training.dialogue"
        if not training.exists():
            assert cli.main(["demo-training", str(training), "--no-gui", "--seed", "1"]) == 0
        return [name, str(training)]
    return None


def test_every_command_runs_offline(no_network, demo_path, tmp_path, monkeypatch, capsys):
    """Every CLI command (discovered from the parser, so later commands are covered too) runs to
    success — exit code 0, no traceback — with real arguments, without touching the network. A
    command that stopped early on a bad argument would not show whether its real work is offline,
    so a new command needs arguments here (see _prepared_argv) before this test passes."""
    monkeypatch.setattr("sys.stdin", None)
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        code = s.scalars(select(Person.code)).first()
    store.close()
    ran, failed = [], {}
    (tmp_path / "cmd").mkdir()
    for name, p in sorted(_commands().items()):
        if name in GUI_COMMANDS | SERVER_COMMANDS:
            continue
        target = tmp_path / "cmd" / f"{name}.dialogue"
        if name not in CREATES:
            shutil.copyfile(demo_path, target)
        argv = _prepared_argv(name, target, code, tmp_path) or _argv(
            name, p, str(target), code, str(tmp_path / f"{name}.out"))
        capsys.readouterr()
        try:
            rc = cli.main(argv)
        except SystemExit as exc:  # argparse: a usage error
            rc = exc.code
        out = capsys.readouterr()
        if rc != 0 or "Traceback" in out.out + out.err:
            failed[name] = (rc, argv[1:], out.err.strip()[-300:])
        ran.append(name)
    assert failed == {}
    assert {"forget", "purge", "subject-access", "privacy", "export", "demo", "info", "merge", "import",
            "package", "restore-backup"} <= set(ran)
    assert no_network == []


def test_exports_and_erasure_run_offline(no_network, demo_store, tmp_path):
    """The demo, every available export, subject access, forget and purge: no network (planning
    runs through its CLI command in the test above once it exists)."""
    from dialogue_app.services import demo

    demo.create_demo_file(tmp_path / "fresh.dialogue", participants=30, seed=2)
    with demo_store.session() as s:
        hit = privacy.find_people(s)[0]
    for spec in exports.available():
        exports.run_export(demo_store, spec.kind, tmp_path / f"{spec.kind}.{spec.fmt}")
    fn = exports.writer(exports.SUBJECT_ACCESS)
    fn(demo_store, tmp_path / "sa.json", exports.ExportOptions(extra={"code": hit.code}), None, None)
    privacy.forget(demo_store, hit.id)
    privacy.purge(demo_store)
    assert no_network == []
