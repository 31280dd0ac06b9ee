"""Forget people: generic erasure driven by :mod:`.policy` and the foreign keys to person.

:func:`erase` handles one person ("forget") or every person (retention purge)
in one unit of work. It touches the database only; afterwards the caller makes
the deleted bytes disappear from the file, its WAL and its backups (see
:func:`dialogue_app.services.privacy.finish_erasure`).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData, String, Table, Text, delete, or_, select, update
from sqlalchemy.orm import Session

from dialogue_app.services.privacy import policy as pol

#: What replaces a redacted mention in free text (language-neutral).
REDACTED = "[…]"
CHUNK = 500
_WORD = re.compile(r"\w+")
#: person columns combined into full-name identifiers
NAME_PARTS = ("first_name", "last_name")


def _metadata(metadata: MetaData | None) -> MetaData:
    if metadata is not None:
        return metadata
    from dialogue_app.models import Base

    return Base.metadata


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Redactor:
    """Finds a set of people's identifiers in free text, as whole words, ignoring case,
    spacing and punctuation between words ("Maria  Jansen", "maria.jansen@x.org"),
    also in JSON-escaped form. Fast for thousands of people (token n-grams, no huge regex)."""

    def __init__(self, identifiers: Iterable[str]) -> None:
        self.phrases: set[tuple[str, ...]] = set()
        for ident in identifiers:
            ident = (ident or "").strip()
            if not ident:
                continue
            for variant in {ident, json.dumps(ident)[1:-1]}:
                tokens = tuple(t.casefold() for t in _WORD.findall(variant))
                if not tokens or (len(tokens) == 1 and len(tokens[0]) < 3):
                    continue  # a lone two-letter word would match too much
                self.phrases.add(tokens)
        self.longest = max((len(p) for p in self.phrases), default=0)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.phrases or not text:
            return []
        words = list(_WORD.finditer(text))
        folded = [m.group().casefold() for m in words]
        out = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                if tuple(folded[i : i + n]) in self.phrases:
                    out.append((words[i].start(), words[i + n - 1].end()))
                    i += n
                    break
            else:
                i += 1
        return out

    def __call__(self, text: str | None) -> tuple[str | None, int]:
        """The text with every mention replaced by :data:`REDACTED`, and the number replaced."""
        if not text:
            return text, 0
        spans = self.spans(text)
        if not spans:
            return text, 0
        parts, last = [], 0
        for start, end in spans:
            parts.append(text[last:start])
            parts.append(REDACTED)
            last = end
        parts.append(text[last:])
        return "".join(parts), len(spans)

    def mentions(self, text: str | None) -> bool:
        return bool(text) and bool(self.spans(text))


def identifiers(session: Session, person_ids: Sequence[uuid.UUID], metadata: MetaData | None = None) -> list[str]:
    """The strings that identify these people: every personal short-text column of their
    person rows (name, e-mail, phone, code...) plus "first last" / "last first"."""
    md = _metadata(metadata)
    person = md.tables[pol.PERSON_TABLE]
    step = next(s for s in pol.plan(md) if s.action == pol.SUBJECT)
    cols = [person.c[c] for c in step.erased
            if isinstance(person.c[c].type, String) and not isinstance(person.c[c].type, Text)]
    out: list[str] = []
    for chunk in _chunks(list(person_ids)):
        for row in session.execute(select(*cols).where(person.c.id.in_(chunk))).mappings():
            out.extend(str(v) for v in row.values() if v)
            if all(p in row for p in NAME_PARTS):
                first, last = (row[p] or "" for p in NAME_PARTS)
                if first and last:
                    out += [f"{first} {last}", f"{last} {first}"]
    return out


@dataclass(frozen=True)
class ErasureCounts:
    people: int
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    unlinked: dict[str, int] = field(default_factory=dict)
    redacted: int = 0


def _blank(column):
    if column.nullable:
        return None
    if isinstance(column.type, String | Text):
        return ""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def erase(
    session: Session,
    person_ids: Iterable[uuid.UUID],
    metadata: MetaData | None = None,
    policies: dict[str, pol.TablePolicy] | None = None,
) -> ErasureCounts:
    """Remove these people and everything about them, keeping anonymous records as the
    registry says. Nothing else in the file changes."""
    md = _metadata(metadata)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return ErasureCounts(0)
    redactor = Redactor(identifiers(session, ids, md))
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    unlinked: dict[str, int] = {}
    redacted = 0
    steps = pol.plan(md, policies)
    for step in steps:
        table = md.tables[step.table]
        if step.action == pol.DELETE:
            deleted[step.table] = _delete_linked(session, table, step, ids)
        elif step.action == pol.KEEP:
            anonymised[step.table], k = _anonymise_linked(session, table, step, ids, redactor)
            redacted += k
        elif step.action in (pol.UNLINK, pol.SUBJECT):
            unlinked[step.table] = _unlink(session, table, step, ids)
            if step.action == pol.SUBJECT:
                for chunk in _chunks(ids):
                    deleted[step.table] = deleted.get(step.table, 0) + (
                        session.execute(delete(table).where(table.c.id.in_(chunk))).rowcount or 0
                    )
    for step in steps:  # mentions in whatever survives
        redacted += _redact_mentions(session, md.tables[step.table], step, redactor)
    session.flush()
    session.expire_all()
    return ErasureCounts(len(ids), deleted, anonymised, unlinked, redacted)


def _delete_linked(session: Session, table: Table, step: pol.Step, ids: list[uuid.UUID]) -> int:
    """Delete the rows that link to these people (DELETE)."""
    n = 0
    for chunk in _chunks(ids):
        n += session.execute(
            delete(table).where(or_(*[table.c[c].in_(chunk) for c in step.links]))
        ).rowcount or 0
    return n


def _anonymise_linked(session: Session, table: Table, step: pol.Step, ids: list[uuid.UUID],
                      redactor: Redactor) -> tuple[int, int]:
    """Keep the rows that link to these people as anonymous records (KEEP): (rows, mentions redacted)."""
    idset = set(ids)
    pk = list(table.primary_key.columns)
    n = redacted = 0
    for chunk in _chunks(ids):
        rows = session.execute(
            select(table).where(or_(*[table.c[c].in_(chunk) for c in step.links]))
        ).mappings().all()
        for row in rows:
            values = {c: None for c in step.links if row[c] in idset}
            values.update({c: _blank(table.c[c]) for c in step.erased})
            for c in step.kept:
                values[c], k = redactor(row[c])
                redacted += k
            values.update(_bump(table))
            session.execute(update(table).where(*[col == row[col.name] for col in pk]).values(**values))
            n += 1
    return n, redacted


def _bump(table: Table) -> dict[str, Any]:
    """A changed row's next version (an editor open on it then sees it is stale); none for a table without one."""
    return {"row_version": table.c.row_version + 1} if "row_version" in table.c else {}


def _unlink(session: Session, table: Table, step: pol.Step, ids: list[uuid.UUID]) -> int:
    """Clear the links to these people (UNLINK, SUBJECT)."""
    n = 0
    for c in step.links:
        for chunk in _chunks(ids):
            n += session.execute(
                update(table).where(table.c[c].in_(chunk)).values({c: None, **_bump(table)})
            ).rowcount or 0
    return n


def _redact_mentions(session: Session, table: Table, step: pol.Step, redactor: Redactor) -> int:
    """Redact mentions of these people in the free text of the rows that survive."""
    pk = list(table.primary_key.columns)
    redacted = 0
    for c in step.free_text:
        col = table.c[c]
        for row in session.execute(select(*pk, col).where(col.is_not(None), col != "")).mappings():
            new, k = redactor(row[c])
            if k:
                redacted += k
                session.execute(update(table).where(*[p == row[p.name] for p in pk]).values({c: new, **_bump(table)}))
    return redacted


def covered(metadata: MetaData, policies: dict[str, pol.TablePolicy] | None = None) -> dict[str, set[str]]:
    """Tables and columns that :func:`erase` changes (for the coverage test)."""
    return {s.table: s.columns for s in pol.plan(metadata, policies)}
