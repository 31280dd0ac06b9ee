"""The command line on a shared PostgreSQL server (issue 30): every command that takes an event
file takes a server event too; ``server init`` / ``server list``; ``push`` a laptop event onto a
server and ``pull`` it back into an ordinary file, with nothing lost (every export equal).

All on the throw-away test server (``pg_url``); nothing is mocked.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dialogue_app import exports, storage
from dialogue_app.cli import main
from dialogue_app.storage import pg_server
from dialogue_app.storage.address import ServerAddress, parse_server_url


@pytest.fixture
def server(pg_url):
    """The test server's URL (no event)."""
    return parse_server_url(pg_url)[0]


@pytest.fixture
def pushed(server_address, demo_path, capsys):
    """The 60-person demo event pushed onto the server as a new event."""
    assert main(["push", str(demo_path), server_address.url, "--event", server_address.event]) == 0
    capsys.readouterr()
    return server_address


def _export_all(store: storage.EventStore, folder: Path, monkeypatch) -> dict[str, bytes | str]:
    """Every export kind of exports.EXPORTS written from ``store`` (the bytes, or the refusal's text).

    The survey exports give each respondent a fresh random key per export (on purpose: two exports
    cannot be linked); here the keys come from a counter restarted for each export, so that the
    exports of two files can be compared."""
    import itertools
    import secrets

    folder.mkdir()
    written: dict[str, bytes | str] = {}
    for spec in exports.available():
        counter = itertools.count(1)
        monkeypatch.setattr(secrets, "token_hex", lambda n=None, c=counter: f"{next(c):010x}")
        out = folder / f"{spec.kind}.{spec.fmt}"
        try:
            exports.run_export(store, spec.kind, out)
        except Exception as exc:  # e.g. the trainer pack of a dialogue event: the same refusal on both
            written[spec.kind] = f"{type(exc).__name__}: {exc}"
            continue
        written[spec.kind] = out.read_bytes()
    return written


def _without_timestamps(kind: str, data: bytes | str) -> bytes | str:
    """What records when an export was made is blanked: a PDF's /CreationDate, /ModDate and the /ID
    derived from them, the survey data file's ``exported_at``; everything else is compared byte for byte."""
    import re

    if isinstance(data, bytes) and data.startswith(b"%PDF"):
        data = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 ()", data)
        data = re.sub(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", b"/ID []", data)
    if kind == "survey-sqlite" and isinstance(data, bytes):
        data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", b"0" * 25, data)
    return data


def test_push_then_pull_gives_back_every_export_unchanged(pushed, demo_path, tmp_path, capsys, monkeypatch):
    """An organiser pushes the demo event onto the server and pulls it back into a file: every export
    (people list, seating, commitments, survey data, badges, guides, report…) of the pulled file is the
    same as the original's, byte for byte (apart from the time each was made)."""
    out = tmp_path / "pulled.dialogue"
    assert main(["pull", pushed.url, "--event", pushed.event, "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert "Copied" in said.out and "rows" in said.out and "100" in said.err  # rows printed, progress on stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    with storage.open_event_file(demo_path, read_only=True) as original:
        before = _export_all(original, tmp_path / "original", monkeypatch)
    with storage.open_event_file(out, read_only=True) as pulled:
        after = _export_all(pulled, tmp_path / "pulled", monkeypatch)
    assert set(before) == {s.kind for s in exports.available()}
    assert [k for k, v in before.items() if isinstance(v, str)] == [k for k, v in after.items() if isinstance(v, str)]
    differ = [k for k in before if _without_timestamps(k, before[k]) != _without_timestamps(k, after[k])]
    assert differ == []


def test_push_refuses_a_name_the_server_already_has(pushed, demo_path, capsys):
    """Pushing a second event under a name already on the server is refused with one clear line;
    the event there is not touched."""
    from dialogue_app.storage.transfer import row_counts

    with storage.open_event(str(pushed)) as store:
        before = row_counts(store)
    assert main(["push", str(demo_path), str(pushed)]) != 0
    err = capsys.readouterr().err
    assert f"already has an event called “{pushed.event}”" in err and "Traceback" not in err
    with storage.open_event(str(pushed)) as store:
        assert row_counts(store) == before


def test_pull_does_not_replace_a_file_without_force(pushed, tmp_path, capsys):
    """Pulling onto an existing file is refused without --force (the file is unchanged); with
    --force the file is replaced by a complete event file."""
    out = tmp_path / "mine.dialogue"
    out.write_bytes(b"my notes")
    assert main(["pull", str(pushed), "-o", str(out)]) != 0
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"my notes"
    assert main(["pull", str(pushed), "-o", str(out), "--force"]) == 0
    from dialogue_app.storage.transfer import row_counts

    with storage.open_event_file(out, read_only=True) as pulled, storage.open_event(str(pushed)) as there:
        assert row_counts(pulled) == row_counts(there) and row_counts(pulled)["person"] > 60


def test_a_failed_pull_leaves_no_file(server, tmp_path, capsys):
    """Pulling an event the server does not have says so and leaves no file, not even half of one."""
    out = tmp_path / "nothing.dialogue"
    assert main(["pull", server, "--event", "no-such-event", "-o", str(out)]) != 0
    assert "no event called “no-such-event”" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_commands_take_a_server_event(pushed, demo_path, tmp_path, capsys):
    """`info` and `export` on a server event (one address, or the URL plus --event) say and write what
    they do for the event file; a command that needs a file (backups) refuses it, naming the event
    ("t1 on host/db", not a path); --event with a file is refused."""
    import json

    assert main(["info", str(demo_path), "--json"]) == 0
    on_file = json.loads(capsys.readouterr().out)
    assert main(["info", str(pushed), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == on_file
    assert main(["export", str(demo_path), "people-csv", "-o", str(tmp_path / "file.csv")]) == 0
    assert main(["export", pushed.url, "--event", pushed.event, "people-csv", "-o", str(tmp_path / "server.csv")]) == 0
    assert (tmp_path / "server.csv").read_bytes() == (tmp_path / "file.csv").read_bytes()
    capsys.readouterr()
    assert main(["backups", pushed.url, "--event", pushed.event]) != 0
    err = capsys.readouterr().err
    assert f"{pushed.event} on " in err and "works on an event file only" in err and "pull" in err
    assert main(["info", str(tmp_path / "x.dialogue"), "--event", "x"]) != 0
    assert "--event names an event on a server" in capsys.readouterr().err


def test_new_event_on_a_server_and_server_list(server, server_address, capsys):
    """`new URL --event NAME` makes an empty event on the server; `server list` shows it with its title
    and date; `server init` on a prepared server says no event needed an upgrade."""
    assert main(["new", server, "--event", server_address.event, "--title", "City day", "--date", "2027-05-14"]) == 0
    capsys.readouterr()
    assert main(["server", "list", server]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(server_address.event + " "))
    assert "City day" in line and "2027" in line
    assert main(["server", "init", server]) == 0
    assert "no event needed an upgrade" in capsys.readouterr().out


def test_server_init_prepares_a_new_database_and_asks_for_a_backup_before_upgrading(server, capsys):
    """`server init` on an empty database prepares it; when an event's schema is older than the app,
    it changes nothing until the administrator confirms with --yes (after a backup), then upgrades it."""
    from sqlalchemy import text

    from dialogue_app.storage.schema import _alembic_config

    admin = pg_server.make_server_engine(server, isolation_level="AUTOCOMMIT")
    name = f"fresh_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    from urllib.parse import urlsplit, urlunsplit

    fresh = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    try:
        assert main(["server", "init", fresh]) == 0
        assert "Prepared" in capsys.readouterr().out
        old = ServerAddress(fresh, "old-one")
        storage.create_event(str(old)).close()
        engine = pg_server.make_server_engine(fresh, old.schema)
        with engine.begin() as conn:  # the event as an older version of the app made it
            from alembic import command

            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
        engine.dispose()
        assert main(["server", "init", fresh]) == 1
        err = capsys.readouterr().err
        assert "old-one" in err and "backup" in err and "--yes" in err
        assert main(["server", "init", fresh, "--yes"]) == 0
        assert "Upgraded 1 event: old-one." in capsys.readouterr().out
    finally:
        admin = pg_server.make_server_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_a_pull_while_others_write_is_one_consistent_moment(pushed, tmp_path):
    """Pulling a live event while a door adds a walk-in (a person, their role and their seat) gives a
    file of the event as it was when the pull started: never a seat without its person."""
    from dialogue_app.services import seating
    from dialogue_app.services.transfer import pull_event
    from dialogue_app.storage.transfer import row_counts

    with storage.open_event(str(pushed)) as there:
        before = row_counts(there)
        door = storage.open_event(str(pushed))

        def meanwhile(done: int, total: int) -> None:
            if done == 2:  # two tables copied, the rest (seats among them) still to come
                with door.session() as s:
                    seating.add_walk_in(s, "Late", "Arrival", table_number=1)

        try:
            pull_event(pushed, tmp_path / "copy.dialogue", progress=meanwhile)
        finally:
            door.close()
        assert row_counts(there)["person"] == before["person"] + 1
    with storage.open_event_file(tmp_path / "copy.dialogue", read_only=True) as pulled:
        assert row_counts(pulled) == before


def test_a_push_while_the_app_writes_is_one_consistent_moment(server_address, demo_path):
    """Pushing an event file that the app has open while a walk-in is added copies the event as it
    was when the push started, not half of the new person."""
    from dialogue_app.services import seating
    from dialogue_app.services.transfer import push_event
    from dialogue_app.storage.transfer import row_counts

    app = storage.open_event_file(demo_path)  # the organiser's window, holding the file
    try:
        before = row_counts(app)

        def meanwhile(done: int, total: int) -> None:
            if done == 2:
                with app.session() as s:
                    seating.add_walk_in(s, "Late", "Arrival", table_number=1)

        push_event(demo_path, server_address, progress=meanwhile)
        assert row_counts(app)["person"] == before["person"] + 1
    finally:
        app.close()
    with storage.open_event(str(server_address)) as there:
        assert row_counts(there) == before


def test_a_push_or_pull_stopped_halfway_leaves_nothing(server_address, demo_path, tmp_path):
    """Cancel (or a lost connection) in the middle of a push leaves no event on the server, in the
    middle of a pull no file, not even half of one; the old file a pull was replacing stays."""
    from dialogue_app.errors import Cancelled
    from dialogue_app.services.transfer import pull_event, push_event

    def stop(done: int, total: int) -> None:
        if done == 3:
            raise Cancelled("Cancelled.")

    with pytest.raises(Cancelled):
        push_event(demo_path, server_address, progress=stop)
    assert server_address.event not in [e.name for e in pg_server.list_events(server_address.url)]
    push_event(demo_path, server_address)
    folder = tmp_path / "pulls"
    folder.mkdir()
    with pytest.raises(Cancelled):
        pull_event(server_address, folder / "copy.dialogue", progress=stop)
    assert list(folder.iterdir()) == []
    (folder / "old.dialogue").write_bytes(b"old")
    with pytest.raises(Cancelled):
        pull_event(server_address, folder / "old.dialogue", force=True, progress=stop)
    assert [p.name for p in folder.iterdir()] == ["old.dialogue"] and (folder / "old.dialogue").read_bytes() == b"old"
