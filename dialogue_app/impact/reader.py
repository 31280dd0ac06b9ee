"""Read a survey SQLite export (``survey-sqlite``) read-only, any schema version.

Schema 1 (the first exports) has no event date, title, city/organiser name, instrument version
or form language: :func:`read_export` fills them in ("" or derived from the file) so older
exports pool with newer ones. The file is opened with a ``file:…?mode=ro`` URI built by
:meth:`pathlib.Path.as_uri` (spaces, ``#`` and ``?`` in folder names are quoted), so reading can
never change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _

KNOWN_SCHEMAS = ("1", "2")
NEEDED_TABLES = {"info", "item", "response"}


@dataclass(frozen=True)
class ExportItem:
    key: str
    kind: str
    label: str
    waves: tuple[str, ...]


@dataclass(frozen=True)
class EventExport:
    """One event's export, as read: meta data, instrument and answers per respondent key."""

    path: str
    schema_version: str
    title: str
    date: dt.date | None
    network_name: str
    language: str
    instrument_version: str
    items: dict[str, ExportItem]
    #: respondent key -> wave -> item key -> value ("yes"/"no", "1".."5", option number)
    answers: dict[str, dict[str, dict[str, str]]] = field(repr=False)
    #: forms per wave
    forms: dict[str, int] = field(default_factory=dict)
    #: forms per language (schema 1: all in the export language)
    form_languages: dict[str, int] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def name(self) -> str:
        """How the event is named in the report: city/organiser (else the title) and date, else the file name."""
        first = self.network_name or self.title
        if first and self.date:
            return f"{first} {self.date.isoformat()}"
        return first or Path(self.path).stem


def _uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _fingerprint(items: dict[str, ExportItem]) -> str:
    text = "\n".join(f"{it.key}|{it.kind}|{','.join(it.waves)}" for it in sorted(items.values(), key=lambda i: i.key))
    return "v1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def read_export(path: str | Path) -> EventExport:
    """The export at ``path``; a clear :class:`DialogueError` when it is not a survey export."""
    path = Path(path)
    if not path.is_file():
        raise DialogueError(_("{path} does not exist.").format(path=path))
    try:
        conn = sqlite3.connect(_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DialogueError(_("{path} cannot be read as a survey export: {reason}").format(
            path=path.name, reason=exc)) from exc
    try:
        return _read(conn, path)
    except sqlite3.DatabaseError as exc:
        raise DialogueError(_("{path} is not a survey export of this app (use File → Export data → “Survey data (SQLite)”).")
                            .format(path=path.name)) from exc
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, path: Path) -> EventExport:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= NEEDED_TABLES:
        raise DialogueError(_("{path} is not a survey export of this app (use File → Export data → “Survey data (SQLite)”).")
                            .format(path=path.name))
    info = dict(conn.execute("SELECT key, value FROM info"))
    version = info.get("schema_version", "1") or "1"
    if version not in KNOWN_SCHEMAS:
        raise DialogueError(_("{path} was written by a newer version of the app (survey export format {version}); "
                              "please update the app.").format(path=path.name, version=version))
    items = {
        key: ExportItem(key, kind, label or key, tuple(w for w in (waves or "").split(",") if w))
        for key, kind, label, waves in conn.execute("SELECT key, kind, label, waves FROM item ORDER BY position")
    }
    cols = {r[1] for r in conn.execute("PRAGMA table_info(response)")}
    lang = info.get("event_language") or info.get("language") or ""
    lang_col = "language" if "language" in cols else "''"
    answers: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    form_lang: dict[tuple[str, str], str] = {}
    for key, wave, item_key, value, form_language in conn.execute(
            f"SELECT respondent_key, wave, item_key, value, {lang_col} FROM response"):
        answers[key][wave][item_key] = value
        form_lang[(key, wave)] = form_language or lang
    forms: dict[str, int] = defaultdict(int)
    langs: dict[str, int] = defaultdict(int)
    for (_key, wave), language in form_lang.items():
        forms[wave] += 1
        langs[language] += 1
    date = None
    if info.get("event_date"):
        try:
            date = dt.date.fromisoformat(info["event_date"])
        except ValueError:
            date = None
    return EventExport(
        path=str(path), schema_version=version, title=info.get("event_title", ""), date=date,
        network_name=info.get("network_name", ""), language=lang,
        instrument_version=info.get("instrument_version") or _fingerprint(items),
        items=items, answers={k: dict(v) for k, v in answers.items()}, forms=dict(forms), form_languages=dict(langs),
    )
