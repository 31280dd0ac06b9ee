"""Merging table packages back into the organiser's event file.

A three-way merge per row and column, generic over ``Base.metadata``:

* the *base* is the value when the package was made (``package_baseline`` in
  the package) or, when this package was merged before, the package's value at
  that merge (``package_merge_state`` in the organiser's file);
* *theirs* is the package now, *ours* the organiser's file now.

Per column: unchanged in the package -> keep ours; changed only in the package
-> take theirs; changed in both to the same value -> nothing; changed in both
differently -> a :class:`Conflict` the organiser resolves (``prefer`` or one
choice per conflict). Rows new in the package are inserted with the same UUID.

Deletions: a row the package created and later deleted is deleted here too
(unless the organiser changed it since: a conflict). A row that came from the
organiser's file and was deleted in the package is never deleted here: it is
listed in :attr:`MergeReport.kept`. Columns a package never carries are its
baseline, so they are never blanked here.

Everything happens in one transaction on the organiser's file: the merge
either completes or leaves the file as it was. Merging the same package twice
changes nothing the second time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, Text, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from dialogue_app import storage
from dialogue_app.errors import Cancelled, DialogueError, EventFileReadOnly, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Base, PackageBaseline, PackageManifest, PackageMergeState, utcnow
from dialogue_app.offline import policy as pol
from dialogue_app.offline.rows import chunks, data_columns, dumps, loads, parents_first, row_label, values_of
from dialogue_app.offline.validate_package import check_package

OURS, THEIRS = "ours", "theirs"
#: Conflict kinds.
BOTH_CHANGED, DELETED_HERE, DELETED_THERE = "both_changed", "deleted_here", "deleted_there"
ROW = "*"


class NotAPackage(DialogueError):
    pass


class ForeignPackage(DialogueError):
    pass


@dataclass(frozen=True)
class Conflict:
    package: str
    package_id: str
    table: str
    row_id: str
    column: str  # "*" when the whole row is concerned
    kind: str
    label: str
    base: Any
    ours: Any
    theirs: Any

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.package_id, self.table, self.row_id, self.column)

    def as_dict(self) -> dict[str, Any]:
        return {
            "package": self.package, "package_id": self.package_id, "table": self.table, "row_id": self.row_id,
            "column": self.column, "kind": self.kind, "label": self.label, "base": self.base, "ours": self.ours,
            "theirs": self.theirs,
        }

    def describe(self) -> str:
        if self.kind == DELETED_HERE:
            return _("{label}: deleted here, changed in {package}").format(label=self.label, package=self.package)
        if self.kind == DELETED_THERE:
            return _("{label}: changed here, deleted in {package}").format(label=self.label, package=self.package)
        return _("{label}, {column}: here “{ours}”, in {package} “{theirs}”").format(
            label=self.label, column=self.column, ours=_show(self.ours), theirs=_show(self.theirs),
            package=self.package,
        )


def _show(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class MergeReport:
    packages: tuple[str, ...]
    inserted: int
    updated: int
    deleted: int
    conflicts: tuple[Conflict, ...]
    unresolved: tuple[Conflict, ...]
    #: Rows of the organiser's file deleted in a package and kept here.
    kept: tuple[str, ...]
    by_table: Mapping[str, Mapping[str, int]]
    written: bool
    #: Records of tampered packages that were left out, with why (see ``offline/validate_package.py``).
    ignored: tuple[str, ...] = ()

    @property
    def changes(self) -> int:
        return self.inserted + self.updated + self.deleted

    def as_dict(self) -> dict[str, Any]:
        return {
            "packages": list(self.packages), "inserted": self.inserted, "updated": self.updated,
            "deleted": self.deleted, "written": self.written, "kept": list(self.kept), "ignored": list(self.ignored),
            "by_table": {k: dict(v) for k, v in self.by_table.items()},
            "conflicts": [c.as_dict() for c in self.conflicts],
            "unresolved": [c.as_dict() for c in self.unresolved],
        }


class MergeConflicts(DialogueError):
    """Conflicting edits that nobody chose for; nothing was written."""

    def __init__(self, report: MergeReport) -> None:
        n = len(report.unresolved)
        super().__init__(
            ngettext(
                "{n} record was changed both here and in the package; choose which to keep "
                "(--prefer ours or --prefer theirs). Nothing was merged.",
                "{n} records were changed both here and in the packages; choose which to keep "
                "(--prefer ours or --prefer theirs). Nothing was merged.",
                n,
            ).format(n=n),
            details=[c.describe() for c in report.unresolved],
        )
        self.report = report


@dataclass
class LoadedPackage:
    path: Path
    name: str
    package_id: uuid.UUID
    source_event_id: uuid.UUID
    title: str
    rows: dict[str, dict[Any, dict]]
    baseline: dict[tuple[str, Any], dict]


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
        ms = PackageMergeState.__table__
        state: dict[tuple[str, Any], _State] = {
            (r.table_name, r.row_id): _State(r.id, loads(r.values), r.created_in_package)
            for r in self.conn.execute(select(ms).where(ms.c.package_id == pkg.package_id)).all()
        }
        new_state: list[dict] = []
        changed_state: list[tuple[uuid.UUID, str]] = []
        deletions: list[tuple[Table, list[Any]]] = []
        pid = str(pkg.package_id)

        def remember(table: str, rid: Any, values: dict | None, created: bool) -> None:
            text = dumps(values) if values is not None else ""
            st = state.get((table, rid))
            if st is None:
                now = utcnow()
                new_state.append({"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                                  "package_id": pkg.package_id, "table_name": table, "row_id": rid,
                                  "values": text, "created_in_package": created})
            else:
                changed_state.append((st.id, text))

        for t in _merged_tables():
            theirs = pkg.rows.get(t.name, {})
            base_ids = {rid for (tn, rid) in pkg.baseline if tn == t.name}
            base_ids |= {rid for (tn, rid) in state if tn == t.name}
            # first what changed in the package: only those rows are looked up here
            changed = []
            for rid, trow in theirs.items():
                scrubbed = self._scrub(t, rid, trow)
                if scrubbed is None:
                    self.dropped += 1
                    continue
                trow = scrubbed
                tv = values_of(t, trow)
                st = state.get((t.name, rid))
                base = self._redacted(t, st.values if st is not None else pkg.baseline.get((t.name, rid)))
                if tv != base:  # else nothing changed in the package since it was made / last merged
                    created = st.created if st is not None else (t.name, rid) not in pkg.baseline
                    changed.append((rid, trow, tv, base, created))
            vanished = [rid for rid in base_ids - set(theirs)]
            if not changed and not vanished:
                continue
            ours: dict[Any, dict] = {}
            for batch in chunks(sorted([c[0] for c in changed] + vanished, key=str)):
                for r in self.conn.execute(select(t).where(t.c.id.in_(batch))).mappings():
                    ours[r["id"]] = dict(r)
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
                    remember(t.name, rid, tv, created)
                    continue
                ov = values_of(t, orow)
                changes = {}
                for col in cols:
                    if tv[col] == ov[col]:
                        continue
                    if base is not None and tv[col] == base.get(col):
                        continue  # only the organiser changed it
                    if base is not None and ov[col] == base.get(col):
                        changes[col] = trow[col]
                        continue
                    c = Conflict(pkg.name, pid, t.name, str(rid), col, BOTH_CHANGED, label,
                                 base.get(col) if base else None, ov[col], tv[col])
                    if self._choice(c) == THEIRS:
                        changes[col] = trow[col]
                if changes:
                    updates.append((rid, changes))
                remember(t.name, rid, tv, created)
            gone = []
            for rid in vanished:
                st = state.get((t.name, rid))
                base = st.values if st is not None else pkg.baseline.get((t.name, rid))
                if base is None:
                    continue  # handled at an earlier merge
                created = st.created if st is not None else False
                orow = ours.get(rid)
                label = row_label(t, orow, rid)
                remember(t.name, rid, None, created)
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
            try:
                if inserts:
                    self.conn.execute(insert(t), parents_first(t, inserts))
                groups: dict[tuple[str, ...], list[dict]] = {}
                now = utcnow()
                for rid, changes in updates:  # one executemany per set of changed columns
                    params = {f"new_{c}": v for c, v in changes.items()}
                    params["row_id"], params["new_updated_at"] = rid, now
                    groups.setdefault(tuple(sorted(changes)), []).append(params)
                for columns, params in groups.items():
                    stmt = update(t).where(t.c.id == bindparam("row_id")).values(
                        {c: bindparam(f"new_{c}") for c in (*columns, "updated_at")}
                    )
                    self.conn.execute(stmt, params)
            except IntegrityError as exc:
                raise DialogueError(
                    _("{package} cannot be merged: a record of “{table}” clashes with this file ({error}). "
                      "Nothing was merged.").format(package=pkg.name, table=t.name, error=exc.orig)
                ) from exc
            self._count(t.name, "inserted", len(inserts))
            self._count(t.name, "updated", len(updates))
            if gone:
                deletions.append((t, gone))
        for t, gone in reversed(deletions):
            n = 0
            for batch in chunks(gone):
                n += self.conn.execute(delete(t).where(t.c.id.in_(batch))).rowcount or 0
            self._count(t.name, "deleted", n)
        for batch in chunks(new_state, 1000):
            self.conn.execute(insert(ms), batch)
        if changed_state:
            now = utcnow()
            self.conn.execute(
                update(ms).where(ms.c.id == bindparam("state_id")).values(
                    values=bindparam("new_values"), updated_at=bindparam("new_updated_at")),
                [{"state_id": sid, "new_values": text, "new_updated_at": now} for sid, text in changed_state],
            )


class _Abort(Exception):
    def __init__(self, report: MergeReport) -> None:
        self.report = report


def merge_packages(
    store: storage.EventStore,
    package_paths: Iterable[str | os.PathLike[str]],
    *,
    prefer: str | None = None,
    resolutions: Mapping[tuple[str, str, str, str], str] | None = None,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MergeReport:
    """Merge packages into ``store`` in one transaction.

    Unresolved conflicts raise :class:`MergeConflicts` and write nothing; with
    ``dry_run`` the report (conflicts included) is returned and nothing written.
    """
    if prefer not in (None, OURS, THEIRS):
        raise UserInputError(_("Choose “ours” or “theirs”."))
    if store.read_only:
        raise EventFileReadOnly(_("The event file {path} is open read-only: nothing can be merged.").format(
            path=store.path))
    paths = [Path(p).expanduser().resolve() for p in package_paths]
    if not paths:
        raise UserInputError(_("Choose at least one package to merge."))
    for p in paths:
        if p == store.path:
            raise UserInputError(_("{name} is the open event file itself, not a package.").format(name=p.name))
    loaded = []
    reader = storage.FileReader()
    work = _Merge(None, prefer, dict(resolutions or {}))  # type: ignore[arg-type]
    scratch = Path(tempfile.mkdtemp(prefix="dialogue-merge-"))
    try:
        for i, p in enumerate(paths):
            if should_stop and should_stop():
                raise Cancelled(_("Cancelled."))
            checked = check_package(p, scratch / str(i))  # tampered packages: refused or records left out
            work.ignored.extend(checked.ignored)
            loaded.append(read_package(checked.path, reader))
            loaded[-1].path = p
            if progress:
                progress(0.5 * (i + 1) / len(paths))
    finally:
        reader.close()
        shutil.rmtree(scratch, ignore_errors=True)
    try:
        with store.session() as s:
            conn = s.connection()
            work.conn = conn
            # people forgotten or purged here stay so (GDPR erasure): as rows, links and in free text
            work.forgotten, work.redact = _suppression(s, loaded)
            ev = conn.execute(select(Base.metadata.tables["event"])).mappings().first()
            if ev is None:
                raise DialogueError(_("This file holds no event yet."))
            if ev["source_event_id"] is not None:
                raise UserInputError(
                    _("This file is itself a table package: merge packages into the organiser's file."))
            for pkg in loaded:
                if pkg.source_event_id != ev["id"]:
                    raise ForeignPackage(
                        _("{name} belongs to another event (“{title}”), not to “{ours}”; it was not merged.").format(
                            name=pkg.name, title=pkg.title, ours=ev["title"]
                        )
                    )
            for i, pkg in enumerate(loaded):
                if should_stop and should_stop():
                    raise Cancelled(_("Cancelled."))
                work.merge(pkg)
                if progress:
                    progress(0.5 + 0.5 * (i + 1) / len(loaded))
            report = _report(work, loaded, written=not (dry_run or work.unresolved))
            if not report.written:
                raise _Abort(report)
    except _Abort as stop:
        report = stop.report
    if report.unresolved and not dry_run:
        raise MergeConflicts(report)
    return report


def _suppression(session: Any, loaded: list[LoadedPackage]) -> tuple[set, Callable[[str], str] | None]:
    """Forgotten / purged people's ids, and a redaction of their names for text coming in: by the
    package's own copy of their person row, and by the keyed hashes the erasure recorded."""
    from dialogue_app.services.privacy import suppression
    from dialogue_app.services.privacy.erasure import Redactor

    ids = suppression.suppressed_ids(session)
    if not ids:
        return set(), None
    idents: list[str] = []
    for pkg in loaded:
        for rid in ids & set(pkg.rows.get("person", {})):
            row = pkg.rows["person"][rid]
            first, last = row.get("first_name") or "", row.get("last_name") or ""
            idents += [v for v in (first, last, f"{first} {last}", f"{last} {first}", row.get("email"),
                                   row.get("phone"), row.get("code")) if v and v.strip()]
    known = Redactor(idents)
    hashed = suppression.hashed_redactor(session)

    def redact(text: str) -> str:
        out, _n = known(text)
        if hashed is not None:
            out, _n = hashed(out)
        return out or ""

    return ids, redact


def _report(work: _Merge, loaded: list[LoadedPackage], *, written: bool) -> MergeReport:
    return MergeReport(
        packages=tuple(p.name for p in loaded), inserted=work.inserted, updated=work.updated,
        deleted=work.deleted, conflicts=tuple(work.conflicts), unresolved=tuple(work.unresolved),
        kept=tuple(work.kept), by_table={k: dict(v) for k, v in work.by_table.items()}, written=written,
        ignored=tuple(work.ignored),
    )
