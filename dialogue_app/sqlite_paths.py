"""File paths for SQLite and SQLAlchemy, taken literally.

A file name is a name, not a URL: ``Day%20of%20Dialogue.dialogue``, ``a#b.dialogue``
and ``what?.dialogue`` must open exactly that file. Building a URL by pasting a path
into a string lets SQLAlchemy and SQLite decode ``%20``, cut at ``#`` and read what
follows ``?`` as options, so every database URL and SQLite URI of the app is made
here:

* :func:`engine_url`: a SQLAlchemy URL built from its parts (never parsed);
* :func:`sqlite_uri`: a ``file:`` URI with every special character percent-encoded,
  for the options only a URI can carry (``mode=ro``, ``immutable=1``);

(Only ``storage.py`` opens SQLite itself; it uses these helpers too.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy.engine import URL


def engine_url(path: str | os.PathLike[str], *, read_only: bool = False) -> URL:
    """A ``sqlite`` SQLAlchemy URL whose database is exactly ``path`` (read-only: through
    :func:`sqlite_uri` with :func:`read_params`)."""
    if read_only:
        return URL.create("sqlite", database=sqlite_uri(path, **read_params(path)), query={"uri": "true"})
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
