"""A package can only change what it was made for: checking a package before it is merged.

A package is a file that travelled on a USB stick or by mail; anybody could have edited it with a
SQLite tool. Before :func:`dialogue_app.services.offline.merge.merge_packages` reads it, every package goes
through :func:`check_package`, which works on a private copy (the original is never changed):

* **refused** (nothing merged, one clear message): a file bigger than :data:`MAX_PACKAGE_BYTES`, more
  than :data:`MAX_ROWS` records, views or triggers inside the file (they could run code or hide data
  when the package is read), tables whose columns were altered, or a damaged event/manifest row;
* **ignored and listed** (the rest is merged; the merge report names each ignored record and why):
  a record with a value of the wrong kind (malformed UUID, date, time, number, yes/no), a text longer
  than :data:`MAX_TEXT` characters, a record whose baseline is malformed JSON or does not describe it,
  and any record outside the package's own tables (not reachable from the tables named in its
  manifest: a person of another table, another table's session or notes). The merge itself also
  ignores a record the package claims to have created although it already exists in the event (a
  baseline removed to turn every difference into "theirs").

Bounds: the file size and row count caps bound a merge's memory (the rows of a package are held in
memory once; see ``docs/notes/hardening.md`` for what was measured) and its time (every step is linear
in the rows read).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _

#: The largest package file that is merged (bytes). A package of a few tables is well under 1 MB.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
#: The most records (all tables, baseline included) one package may hold.
MAX_ROWS = 200_000
#: The longest text value (characters) a package may bring in.
MAX_TEXT = 100_000


class PackageRefused(DialogueError):
    """The package was changed outside the app in a way that makes the whole file untrustworthy."""


@dataclass(frozen=True)
class CheckedPackage:
    path: Path
    #: "package: record — why" for every record that was left out
    ignored: tuple[str, ...]


def reason(problem: str, column: str) -> str:
    if problem == "long":
        return _("the text in “{column}” is too long (more than {n} characters)").format(
            column=column, n=MAX_TEXT)
    if problem == "missing":
        return _("“{column}” is empty").format(column=column)
    return _("“{column}” does not hold a valid value").format(column=column)
