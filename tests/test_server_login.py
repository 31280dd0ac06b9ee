"""A refused login is told as what it is, not as "the server cannot be reached": a wrong password or
an unknown user (check ~/.pgpass, PGPASSWORD, the service file), this computer not allowed by the
server's pg_hba.conf (ask the IT department), or a server that does not answer (check the address).

libpq gives no SQLSTATE for these, so the tests connect to the real throw-away cluster with its
``pg_hba.conf`` rewritten for the test (then put back).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dialogue_app.errors import LoginRefused, ServerUnavailable
from dialogue_app.storage import pg_server

_NAMES = itertools.count(1)
WRONG_LOGIN = "refused the user name or password"
NOT_THIS_COMPUTER = "does not allow connections from this computer"
UNREACHABLE = "cannot be reached"


def as_user(url: str, user: str) -> str:
    return url.replace("://postgres@", f"://{user}@", 1)


@pytest.fixture
def hba(pg_url):
    """``hba(text)``: the test cluster's pg_hba.conf replaced by ``text`` and reloaded (put back afterwards)."""
    from sqlalchemy import text

    host = parse_qs(urlsplit(pg_url).query).get("host", [""])[0]
    path = Path(host) / "data" / "pg_hba.conf"
    if not host or not path.is_file():
        pytest.skip("needs the throw-away test cluster (its pg_hba.conf)")
    before = path.read_text()

    def reload() -> None:
        engine = pg_server.make_server_engine(pg_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_reload_conf()"))
        finally:
            engine.dispose()
        time.sleep(0.3)  # the reload is asynchronous

    def write(content: str) -> None:
        path.write_text(content)
        reload()

    yield write
    path.write_text(before)
    reload()


@pytest.fixture
def door_login(pg_url):
    """A door login with the password "open sesame 7" (removed afterwards); returns its name."""
    from dialogue_app.storage import pg_users

    name = f"pwdoor{next(_NAMES)}"
    pg_users.add_user(pg_url, name, "door", "open sesame 7")
    yield name
    pg_users.remove_user(pg_url, name)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dialogue_app", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "LANGUAGE": "en", **env})


def test_a_wrong_password_is_told_as_a_wrong_password(pg_url, hba, door_login, monkeypatch):
    """A door volunteer with a wrong password is told the server refused the user name or password and
    where the password comes from, not that the server cannot be reached; the right one lets them in."""
    hba("local all postgres trust\nlocal all all scram-sha-256\n")
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(LoginRefused) as refused:
        pg_server.list_events(as_user(pg_url, door_login))
    assert WRONG_LOGIN in refused.value.message and "PGPASSWORD" in refused.value.message
    assert UNREACHABLE not in refused.value.message
    monkeypatch.setenv("PGPASSWORD", "open sesame 7")
    assert isinstance(pg_server.list_events(as_user(pg_url, door_login)), list)


def test_the_command_line_says_the_password_was_refused(pg_url, hba, door_login):
    """``dialogue-app server list`` with a wrong password says so in words, without a traceback."""
    hba("local all postgres trust\nlocal all all scram-sha-256\n")
    run = _cli("server", "list", as_user(pg_url, door_login), env={"PGPASSWORD": "wrong"})
    assert run.returncode != 0
    assert WRONG_LOGIN in run.stderr and UNREACHABLE not in run.stderr and "Traceback" not in run.stderr


def test_an_unknown_user_is_told_as_a_refused_user_name(pg_url, hba):
    """A user name the server does not know reads the same as a wrong password (the server does not
    say which of the two was wrong), with a password asked or not."""
    hba("local all postgres trust\nlocal all all scram-sha-256\n")
    with pytest.raises(LoginRefused, match=WRONG_LOGIN):
        pg_server.list_events(as_user(pg_url, "nobody_here"))
    hba("local all all trust\n")
    with pytest.raises(LoginRefused, match=WRONG_LOGIN):
        pg_server.list_events(as_user(pg_url, "nobody_here"))


def test_a_computer_the_server_does_not_allow(pg_url, hba, door_login):
    """When the server's pg_hba.conf has no line for this computer, the organiser is told to ask the
    IT department, not to check the password."""
    hba("local all postgres trust\n")
    with pytest.raises(LoginRefused, match=NOT_THIS_COMPUTER) as refused:
        pg_server.list_events(as_user(pg_url, door_login))
    assert "IT department" in refused.value.message and WRONG_LOGIN not in refused.value.message


def test_a_server_that_does_not_answer(pg_url):
    """A server that does not answer at the address is told as unreachable, with the address to check."""
    url = pg_url.rsplit("port=", 1)[0] + "port=1"
    with pytest.raises(ServerUnavailable, match="check its address"):
        pg_server.list_events(url)


def test_connect_dialog_shows_the_refused_password(request, pg_url, hba, door_login, monkeypatch):
    """File ▸ Connect to server… shows the refused password in its status line, not "cannot be reached"."""
    pytest.importorskip("PySide6.QtWidgets")  # (CI also runs the domain tests with PySide6 blocked)
    qtbot = request.getfixturevalue("qtbot")
    from dialogue_app.ui.server_connect import ServerConnectDialog

    hba("local all postgres trust\nlocal all all scram-sha-256\n")
    monkeypatch.setenv("PGPASSWORD", "wrong")
    dialog = ServerConnectDialog(lambda _location: False, url=as_user(pg_url, door_login))
    qtbot.addWidget(dialog)
    assert dialog.list_events() is False
    assert WRONG_LOGIN in dialog.message.text() and UNREACHABLE not in dialog.message.text()
