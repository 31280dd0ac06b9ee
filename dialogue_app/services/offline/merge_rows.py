"""Merging one package's rows into the organiser's file, table by table (see
:mod:`dialogue_app.offline.merge` for the rules): what changed there, what to insert, update and
delete here, the conflicts, and the package's merge state for the next merge of the same package.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Table, Text, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from dialogue_app import storage
from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Base, PackageBaseline, PackageManifest, PackageMergeState, utcnow
from dialogue_app.offline.merge import (
    BOTH_CHANGED,
    DELETED_HERE,
    DELETED_THERE,
    OURS,
    ROW,
    THEIRS,
    Conflict,
    NotAPackage,
    column_changes,
)
from dialogue_app.offline.rows import chunks, dumps, loads
from dialogue_app.services.offline import policy as pol
from dialogue_app.services.offline.rows import data_columns, parents_first, row_label, values_of


@dataclass
class LoadedPackage:
    path: Path
    name: str
    package_id: uuid.UUID
    source_event_id: uuid.UUID
    title: str
    rows: dict[str, dict[Any, dict]]
    baseline: dict[tuple[str, Any], dict | None]


def _merged_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if pol.policy(t) not in (pol.NEVER, pol.EVENT)]


def read_package(path: str | os.PathLike[str], reader: storage.FileReader | None = None) -> LoadedPackage:
    """Read a whole package file (read-only, without locking it)."""
    path = Path(path).expanduser().resolve()
    own = reader is None
    reader = reader or storage.FileReader()
    try:
        with reader.open(path) as s:
            conn = s.connection()
            manifest = conn.execute(select(PackageManifest.__table__)).mappings().first()
            ev_t = Base.metadata.tables["event"]
            ev = conn.execute(select(ev_t)).mappings().first()
            if manifest is None or ev is None or ev["source_event_id"] is None:
                raise NotAPackage(
                    _("{name} is not a table package (make one with “package” from the organiser's file).").format(
                        name=path.name
                    )
                )
            rows = {
                t.name: {r["id"]: dict(r) for r in conn.execute(select(t)).mappings()} for t in _merged_tables()
            }
            baseline = {
                (r.table_name, r.row_id): loads(r.values)
                for r in conn.execute(select(PackageBaseline.__table__)).all()
            }
    finally:
        if own:
            reader.close()
    return LoadedPackage(path, path.name, manifest["id"], manifest["source_event_id"], ev["title"], rows, baseline)


@dataclass
class _State:
    id: uuid.UUID
    values: dict | None
    created: bool


class _Changed(NamedTuple):
    """A row of the package that changed since it was made (or last merged)."""

    id: Any
    row: dict
    values: dict
    base: dict | None
    created: bool


@dataclass
class _Book:
    """The package's merge state in the organiser's file: what each row was at this merge."""

    package_id: uuid.UUID
    state: dict[tuple[str, Any], _State]
    new: list[dict] = field(default_factory=list)
    changed: list[tuple[uuid.UUID, str]] = field(default_factory=list)

    def remember(self, table: str, rid: Any, values: dict | None, created: bool) -> None:
        text = dumps(values) if values is not None else ""
        st = self.state.get((table, rid))
        if st is None:
            now = utcnow()
            self.new.append({"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                             "package_id": self.package_id, "table_name": table, "row_id": rid,
                             "values": text, "created_in_package": created})
        else:
            self.changed.append((st.id, text))


@dataclass
class _Merge:
    conn: Connection
    prefer: str | None
    resolutions: Mapping[tuple[str, str, str, str], str]
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    unresolved: list[Conflict] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    by_table: dict[str, dict[str, int]] = field(default_factory=dict)
    #: people forgotten in the organiser's file (privacy log): never brought back by a package
    forgotten: set = field(default_factory=set)
    dropped: int = 0
    #: redacts forgotten / purged people's names in free text coming from a package
    redact: Callable[[str], str] | None = None
    ignored: list[str] = field(default_factory=list)

    def _scrub(self, t: Table, rid: Any, trow: dict) -> dict | None:
        """A package row without any link to, or mention of, a forgotten person (None: drop the row)."""
        if not self.forgotten:
            return trow
        if t.name == "person" and rid in self.forgotten:
            return None
        for col in t.columns:
            if any(fk.column.table.name == "person" for fk in col.foreign_keys) and trow.get(col.name) in self.forgotten:
                if not col.nullable:
                    return None
                trow = {**trow, col.name: None}
        return self._redacted(t, trow)

    def _redacted(self, t: Table, values: dict | None) -> dict | None:
        """Free text (Text columns: notes, commitments…) with forgotten people's mentions redacted; short
        fields (another person's own name, a code) stay as they are."""
        if values is None or self.redact is None:
            return values
        free = {c.name for c in t.columns if isinstance(c.type, Text)}
        return {k: self.redact(v) if k in free and isinstance(v, str) and v else v for k, v in values.items()}

    def _choice(self, conflict: Conflict) -> str | None:
        self.conflicts.append(conflict)
        choice = self.resolutions.get(conflict.key) or self.prefer
        if choice not in (OURS, THEIRS):
            self.unresolved.append(conflict)
            return None
        return choice

    def _count(self, table: str, what: str, n: int) -> None:
        if n:
            counts = self.by_table.setdefault(table, {"inserted": 0, "updated": 0, "deleted": 0})
            counts[what] += n
            setattr(self, what, getattr(self, what) + n)

    def merge(self, pkg: LoadedPackage) -> None:
        ms = cast(Table, PackageMergeState.__table__)
        book = _Book(pkg.package_id, {
            (r.table_name, r.row_id): _State(r.id, loads(r.values), r.created_in_package)
            for r in self.conn.execute(select(ms).where(ms.c.package_id == pkg.package_id)).all()
        })
        deletions: list[tuple[Table, list[Any]]] = []
        for t in _merged_tables():
            gone = self._merge_table(t, pkg, book)
            if gone:
                deletions.append((t, gone))
        for t, gone in reversed(deletions):
            n = 0
            for batch in chunks(gone):
                n += self.conn.execute(delete(t).where(t.c.id.in_(batch))).rowcount or 0
            self._count(t.name, "deleted", n)
        for batch in chunks(book.new, 1000):
            self.conn.execute(insert(ms), batch)
        if book.changed:
            now = utcnow()
            self.conn.execute(
                update(ms).where(ms.c.id == bindparam("state_id")).values(
                    values=bindparam("new_values"), updated_at=bindparam("new_updated_at"),
                    row_version=ms.c.row_version + 1),
                [{"state_id": sid, "new_values": text, "new_updated_at": now} for sid, text in book.changed],
            )

    def _merge_table(self, t: Table, pkg: LoadedPackage, book: _Book) -> list[Any]:
        """Merge one table of the package; returns the ids of rows to delete (after every table)."""
        theirs = pkg.rows.get(t.name, {})
        base_ids = {rid for (tn, rid) in pkg.baseline if tn == t.name}
        base_ids |= {rid for (tn, rid) in book.state if tn == t.name}
        # first what changed in the package: only those rows are looked up here
        changed = self._changed(t, pkg, book, theirs)
        vanished = [rid for rid in base_ids - set(theirs)]
        if not changed and not vanished:
            return []
        ours: dict[Any, dict] = {}
        for batch in chunks(sorted([c.id for c in changed] + vanished, key=str)):
            for r in self.conn.execute(select(t).where(t.c.id.in_(batch))).mappings():
                ours[r["id"]] = dict(r)
        inserts, updates = self._incoming(t, pkg, book, changed, ours)
        gone = self._vanished(t, pkg, book, vanished, ours)
        self._write(t, pkg, inserts, updates)
        return gone

    def _changed(self, t: Table, pkg: LoadedPackage, book: _Book, theirs: dict[Any, dict]) -> list[_Changed]:
        changed = []
        for rid, trow in theirs.items():
            scrubbed = self._scrub(t, rid, trow)
            if scrubbed is None:
                self.dropped += 1
                continue
            trow = scrubbed
            tv = values_of(t, trow)
            st = book.state.get((t.name, rid))
            base = self._redacted(t, st.values if st is not None else pkg.baseline.get((t.name, rid)))
            if tv != base:  # else nothing changed in the package since it was made / last merged
                created = st.created if st is not None else (t.name, rid) not in pkg.baseline
                changed.append(_Changed(rid, trow, tv, base, created))
        return changed

    def _incoming(self, t: Table, pkg: LoadedPackage, book: _Book, changed: list[_Changed],
                  ours: dict[Any, dict]) -> tuple[list[dict], list[tuple[Any, dict]]]:
        """The rows to insert and the (id, changed columns) to update for the rows that changed there."""
        pid = str(pkg.package_id)
        cols = data_columns(t)
        inserts: list[dict] = []
        updates: list[tuple[Any, dict]] = []
        for rid, trow, tv, base, created in changed:
            orow = ours.get(rid)
            label = row_label(t, trow, rid)
            if orow is not None and base is None:  # "created" in the package, yet already here: tampered
                self.ignored.append(_("{package}: {record} was ignored: the package claims to have created "
                                      "it, but it already exists here.").format(package=pkg.name, record=label))
                continue
            if orow is None:
                if base is None:
                    inserts.append(trow)
                else:
                    c = Conflict(pkg.name, pid, t.name, str(rid), ROW, DELETED_HERE, label, None, None, None)
                    if self._choice(c) == THEIRS:
                        inserts.append(trow)
                book.remember(t.name, rid, tv, created)
                continue
            ov = values_of(t, orow)
            taken, both = column_changes(cols, tv, ov, base)
            changes = {col: trow[col] for col in taken}
            for col in both:
                c = Conflict(pkg.name, pid, t.name, str(rid), col, BOTH_CHANGED, label,
                             base.get(col) if base else None, ov[col], tv[col])
                if self._choice(c) == THEIRS:
                    changes[col] = trow[col]
            if changes:
                updates.append((rid, changes))
            book.remember(t.name, rid, tv, created)
        return inserts, updates

    def _vanished(self, t: Table, pkg: LoadedPackage, book: _Book, vanished: list[Any],
                  ours: dict[Any, dict]) -> list[Any]:
        """Rows deleted in the package: the ones it created go here too; the organiser's are kept."""
        pid = str(pkg.package_id)
        gone = []
        for rid in vanished:
            st = book.state.get((t.name, rid))
            base = st.values if st is not None else pkg.baseline.get((t.name, rid))
            if base is None:
                continue  # handled at an earlier merge
            created = st.created if st is not None else False
            orow = ours.get(rid)
            label = row_label(t, orow, rid)
            book.remember(t.name, rid, None, created)
            if orow is None:
                continue
            if not created:
                self.kept.append(label)
                continue
            if values_of(t, orow) == base:
                gone.append(rid)
                continue
            c = Conflict(pkg.name, pid, t.name, str(rid), ROW, DELETED_THERE, label, None, None, None)
            if self._choice(c) == THEIRS:
                gone.append(rid)
        return gone

    def _write(self, t: Table, pkg: LoadedPackage, inserts: list[dict], updates: list[tuple[Any, dict]]) -> None:
        try:
            if inserts:
                self.conn.execute(insert(t), parents_first(t, inserts))
            groups: dict[tuple[str, ...], list[dict]] = {}
            now = utcnow()
            for rid, changes in updates:  # one executemany per set of changed columns
                params = {f"new_{c}": v for c, v in changes.items()}
                params["row_id"], params["new_updated_at"] = rid, now
                groups.setdefault(tuple(sorted(changes)), []).append(params)
            for columns, params_list in groups.items():
                stmt = update(t).where(t.c.id == bindparam("row_id")).values(
                    {**{c: bindparam(f"new_{c}") for c in (*columns, "updated_at")},
                     "row_version": t.c.row_version + 1}
                )
                self.conn.execute(stmt, params_list)
        except IntegrityError as exc:
            raise DialogueError(
                _("{package} cannot be merged: a record of “{table}” clashes with this file ({error}). "
                  "Nothing was merged.").format(package=pkg.name, table=t.name, error=exc.orig)
            ) from exc
        self._count(t.name, "inserted", len(inserts))
        self._count(t.name, "updated", len(updates))
