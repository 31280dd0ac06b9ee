"""File paths for SQLite and SQLAlchemy, taken literally.

A file name is a name, not a URL: ``Day%20of%20Dialogue.dialogue``, ``a#b.dialogue``
and ``what?.dialogue`` must open exactly that file. Building a URL by pasting a path
into a string lets SQLAlchemy and SQLite decode ``%20``, cut at ``#`` and read what
follows ``?`` as options, so every database URL and SQLite URI of the app is made
here:

* :func:`engine_url`: a SQLAlchemy URL built from its parts (never parsed);
* :func:`sqlite_uri`: a ``file:`` URI with every special character percent-encoded,
  for the options only a URI can carry (``mode=ro``, ``immutable=1``);
* :func:`connect`: a plain :mod:`sqlite3` connection on a path, read-only when asked.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy.engine import URL


def engine_url(path: str | os.PathLike[str]) -> URL:
    """A ``sqlite`` SQLAlchemy URL whose database is exactly ``path``."""
    return URL.create("sqlite", database=os.fspath(path))


def sqlite_uri(path: str | os.PathLike[str], **params: str | int) -> str:
    """A SQLite ``file:`` URI naming exactly ``path`` (no character of it is interpreted)."""
    posix = Path(os.path.abspath(os.fspath(path))).as_posix()
    if sys.platform == "win32" and not posix.startswith("/"):  # pragma: no cover - C:/x -> /C:/x
        posix = "/" + posix
    uri = "file:" + quote(posix, safe="/")
    return uri + ("?" + urlencode(params) if params else "")


def read_params(path: str | os.PathLike[str]) -> dict[str, str | int]:
    """URI options for reading without writing: ``immutable`` where the folder cannot be written
    (SQLite could not create the WAL index there), ``mode=ro`` elsewhere."""
    folder = Path(os.path.abspath(os.fspath(path))).parent
    return {"immutable": 1} if not os.access(folder, os.W_OK) else {"mode": "ro"}


def connect(path: str | os.PathLike[str], *, read_only: bool = False, **kwargs: object) -> sqlite3.Connection:
    """A :mod:`sqlite3` connection on exactly ``path``."""
    if read_only:
        return sqlite3.connect(sqlite_uri(path, **read_params(path)), uri=True, **kwargs)  # type: ignore[arg-type]
    return sqlite3.connect(os.fspath(path), uri=False, **kwargs)  # type: ignore[arg-type]
