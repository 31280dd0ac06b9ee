"""Where an event lives: a laptop file, or an event on a shared PostgreSQL server.

A server event is written as a ``postgresql://`` URL plus the event's name, either in the URL's
query (``postgresql://db.city.example/dialogue?event=day-2027&sslmode=verify-full``) or given
apart (``--event day-2027``). Credentials never appear in the address: a password in the URL is
refused with the ways libpq offers instead (a password file, a service file, the environment);
every other libpq parameter (``sslmode``, ``sslrootcert``, ``service``, ``connect_timeout``…) is
passed on untouched, so ``sslmode=verify-full`` is honoured.

Pure: no SQLAlchemy, no driver; :mod:`dialogue_app.storage.pg_server` turns an address into an
engine.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from dialogue_app.errors import EventFileError
from dialogue_app.i18n import gettext as _

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

#: An event's name on a server: letters, digits, '-' and '_' (it names a schema and a channel).
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")


class ServerAddressError(EventFileError):
    """A server address the app cannot use (the message says why and what to write instead)."""


@dataclass(frozen=True)
class ServerAddress:
    """An event on a PostgreSQL server: the connection URL (no password, no ``event``) and its name."""

    url: str
    event: str

    @property
    def schema(self) -> str:
        """The PostgreSQL schema holding this event's tables."""
        return schema_for(self.event)

    @property
    def host_label(self) -> str:
        """Host and database for people to read ("db.city.example/dialogue")."""
        parts = urlsplit(self.url)
        host = parts.hostname or dict(parse_qsl(parts.query)).get("host", "") or "localhost"
        return f"{host}{parts.path or ''}"

    def __str__(self) -> str:
        base, _sep, rest = self.url.partition("?")
        query = [*parse_qsl(rest, keep_blank_values=True), ("event", self.event)]
        return f"{base}?{urlencode(query)}"  # keeps "postgresql:///db" whole (urlunsplit drops the "//")


def schema_for(event: str) -> str:
    """The schema name of a server event (``ev_`` + its name with '-' as '_')."""
    return "ev_" + event.replace("-", "_")


def is_server_address(text: str | os.PathLike[str]) -> bool:
    """True for ``postgresql://…`` (and ``postgres://…``) addresses, False for file paths."""
    if not isinstance(text, str):
        return False
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    return scheme in SCHEMES


def check_event_name(name: str) -> str:
    """``name`` normalised (lower case), or a clear error saying what a server event name may hold."""
    normal = name.strip().lower()
    if not _NAME.match(normal):
        raise ServerAddressError(
            _(
                "“{name}” cannot name an event on a server: use up to 48 letters a–z, digits, “-” and “_”, "
                "starting with a letter or digit."
            ).format(name=name)
        )
    return normal


def parse_server_url(text: str) -> tuple[str, str | None]:
    """The server URL without ``event`` (and its event name, if the URL carried one).

    Refuses a password in the URL: it would end up in shell history, process lists and settings.
    """
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise ServerAddressError(_("“{text}” is not a postgresql:// address.").format(text=text))
    query = parse_qsl(parts.query, keep_blank_values=True)
    if parts.password is not None or any(key == "password" for key, _value in query):
        raise ServerAddressError(
            _(
                "Do not write the password in the server address. Put it in your PostgreSQL password "
                "file (~/.pgpass, %APPDATA%\\postgresql\\pgpass.conf on Windows), a service file, or the "
                "PGPASSWORD environment variable."
            )
        )
    event = next((unquote(value) for key, value in query if key == "event"), None)
    rest = [(key, value) for key, value in query if key != "event"]
    netloc = parts.netloc
    if parts.username:
        host = netloc.split("@", 1)[1]
        netloc = f"{quote(unquote(parts.username), safe='')}@{host}"
    # not urlunsplit: with no host ("postgresql:///db?service=x", libpq's defaults or a service
    # file) it would drop the "//" and the driver could not read the address back
    url = f"postgresql://{netloc}{parts.path}" + (f"?{urlencode(rest)}" if rest else "")
    return url, event


def parse_address(text: str | os.PathLike[str], event: str | None = None) -> Path | ServerAddress:
    """A file path, or a :class:`ServerAddress` for ``postgresql://…`` with an event name.

    ``event`` (``--event NAME``) names the event when the URL does not; naming it twice, differently,
    is an error, and so is a server address without any event name.
    """
    if not is_server_address(text):
        if event:
            raise ServerAddressError(_("--event names an event on a server; a file holds one event."))
        return Path(text).expanduser()
    url, in_url = parse_server_url(str(text))
    if in_url and event and check_event_name(in_url) != check_event_name(event):
        raise ServerAddressError(
            _("The address names the event “{a}” and --event names “{b}”: give one.").format(a=in_url, b=event)
        )
    name = in_url or event
    if not name:
        raise ServerAddressError(
            _("Name the event on the server: add ?event=NAME to the address, or --event NAME.")
        )
    return ServerAddress(url, check_event_name(name))
