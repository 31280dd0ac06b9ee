"""Cutting a table package: an event file holding only what some tables need.

The package is a normal ``.dialogue`` file. Its event row keeps the organiser's
event id and has ``source_event_id`` set to it (that is what marks a file as a
package, and what a merge checks before accepting it). A ``package_manifest``
row gives the package its own id, and ``package_baseline`` records every
packaged row's values so a later merge can tell what changed at the table.

Which rows travel is decided generically per table by
:mod:`dialogue_app.services.offline.policy`; tables other areas add travel without
changes here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, or_, select

from dialogue_app import EVENT_SUFFIX, __version__, outputs, storage
from dialogue_app.errors import DialogueError, NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Base, PackageBaseline, PackageManifest, utcnow
from dialogue_app.offline.package import (
    PackableTable,
    PackageInfo,
    PackageResult,
    keep_telling_apart,
    package_file_name,
)
from dialogue_app.offline.rows import chunks, dumps
from dialogue_app.services.offline import policy as pol
from dialogue_app.services.offline.rows import parents_first, values_of


def package_info(session) -> PackageInfo | None:
    """The manifest of the open file when it is a table package, else None."""
    m = session.scalars(select(PackageManifest).limit(1)).first()
    if m is None:
        return None
    return PackageInfo(m.id, m.source_event_id, m.table_numbers, m.with_contacts, m.created_at, m.source_name)


def _tables() -> dict[str, Table]:
    return Base.metadata.tables


def _fk_columns(table: Table) -> list[tuple[str, str]]:
    """(column name, referenced table name) for every single-column foreign key."""
    out = []
    for fk in table.foreign_keys:
        out.append((fk.parent.name, fk.column.table.name))
    return out


def _select_in(conn: Connection, table: Table, column: str, ids: Iterable[Any]) -> list[dict]:
    rows: list[dict] = []
    for batch in chunks(sorted(set(ids), key=str)):
        rows.extend(dict(r) for r in conn.execute(select(table).where(table.c[column].in_(batch))).mappings())
    return rows


def select_rows(conn: Connection, event_id: uuid.UUID, table_ids: set[uuid.UUID]) -> dict[str, dict[Any, dict]]:
    """Every row that travels for these tables, by table name and id (before stripping)."""
    tables = _tables()
    policies = {name: pol.policy(t) for name, t in tables.items()}
    sel = _Selection(conn, policies, _fixed_rows(conn, tables, policies, event_id, table_ids))
    for name, p in policies.items():
        if p == pol.TABLES:
            for row in sel.picked[name].values():
                sel.gather(tables[name], row)
    scoped = [t for t in Base.metadata.sorted_tables if policies[t.name] == pol.SCOPED]
    for _round in range(10):  # a fixpoint: rows can bring people, people bring rows
        changed = False
        for t in scoped:
            changed = sel.add_scoped(t) or changed
        if not changed:
            break
    for name, ids in sel.person_ids.items():
        sel.picked[name] = {r["id"]: r for r in _select_in(conn, tables[name], "id", ids)}
    return sel.picked


def _fixed_rows(conn: Connection, tables: dict[str, Table], policies: dict[str, str], event_id: uuid.UUID,
                table_ids: set[uuid.UUID]) -> dict[str, dict[Any, dict]]:
    """The rows that travel by policy alone: the event, event-wide reference data, the tables."""
    picked: dict[str, dict[Any, dict]] = {
        name: {} for name, p in policies.items() if p not in (pol.NEVER, pol.RETURN)
    }
    for name, p in policies.items():
        t = tables[name]
        if p == pol.EVENT:
            picked[name] = {r["id"]: dict(r) for r in conn.execute(select(t).where(t.c.id == event_id)).mappings()}
        elif p == pol.ALL:
            picked[name] = {r["id"]: dict(r) for r in conn.execute(select(t)).mappings()}
        elif p == pol.TABLES:
            picked[name] = {r["id"]: r for r in _select_in(conn, t, "id", table_ids)}
    return picked


class _Selection:
    """The rows picked so far and the people they bring."""

    def __init__(self, conn: Connection, policies: dict[str, str], picked: dict[str, dict[Any, dict]]) -> None:
        self.conn = conn
        self.picked = picked
        self.person_ids: dict[str, set[Any]] = {n: set() for n, p in policies.items() if p == pol.PEOPLE}
        self.anchors = {n for n, p in policies.items() if p in pol.ANCHORS}

    def gather(self, table: Table, row: dict) -> bool:
        grew = False
        for col, target in _fk_columns(table):
            if target in self.person_ids and row[col] is not None and row[col] not in self.person_ids[target]:
                self.person_ids[target].add(row[col])
                grew = True
        return grew

    def included(self, target: str) -> set[Any]:
        if target in self.person_ids:
            return self.person_ids[target]
        return set(self.picked.get(target, {}))

    def add_scoped(self, t: Table) -> bool:
        """Pick the rows of a scoped table whose keys all point to picked rows; True when anything grew."""
        fks = [(c, target) for c, target in _fk_columns(t) if target in self.anchors]
        conds: list[Any] = []
        for col, target in fks:
            ids = self.included(target)
            if ids:
                conds.extend(t.c[col].in_(batch) for batch in chunks(sorted(ids, key=str)))
        if not conds:
            return False
        changed = False
        for raw in self.conn.execute(select(t).where(or_(*conds))).mappings():
            row = dict(raw)
            if row["id"] in self.picked[t.name]:
                continue
            # a row linked to a packaged table (or session...) brings its people
            through_table = any(
                row[c] is not None and target not in self.person_ids and row[c] in self.included(target)
                for c, target in fks
            )
            if through_table and self.gather(t, row):
                changed = True
            if all(row[c] is None or row[c] in self.included(target) for c, target in fks) and any(
                row[c] is not None for c, _target in fks
            ):
                self.picked[t.name][row["id"]] = row
                changed = True
        return changed


def _stripped_value(table: Table, column: str) -> Any:
    col = table.c[column]
    if col.nullable:
        return None
    default = col.default
    if default is not None and default.is_scalar:
        return default.arg  # type: ignore[attr-defined]  # a scalar default has one
    return ""


def prepare_rows(picked: dict[str, dict[Any, dict]], *, with_contacts: bool) -> dict[str, list[dict]]:
    """Strip columns that do not travel and cut foreign keys that would dangle."""
    tables = _tables()
    out: dict[str, list[dict]] = {}
    kept: dict[str, set[Any]] = {}
    for t in Base.metadata.sorted_tables:
        if t.name not in picked:
            continue
        strip = pol.stripped_columns(t, with_contacts=with_contacts)
        rows = []
        for row in picked[t.name].values():
            row = dict(row)
            for c in strip:
                row[c] = _stripped_value(t, c)
            ok = True
            for col, target in _fk_columns(t):
                if row[col] is None or row[col] in kept.get(target, ()):
                    continue
                if target == t.name and row[col] in picked[t.name]:
                    continue  # self reference inside the package (fixed below if dropped)
                if tables[t.name].c[col].nullable:
                    row[col] = None
                else:
                    ok = False
                    break
            if ok:
                rows.append(row)
        kept[t.name] = {r["id"] for r in rows}
        for row in rows:  # self references to rows that were dropped
            for col, target in _fk_columns(t):
                if target == t.name and row[col] is not None and row[col] not in kept[t.name]:
                    row[col] = None
        out[t.name] = parents_first(t, rows)
    return out


def make_package(
    store: storage.EventStore,
    table_numbers: Iterable[int],
    out: str | os.PathLike[str],
    *,
    with_contacts: bool = False,
    overwrite: bool = False,
    progress: Callable[[float], None] | None = None,
) -> PackageResult:
    """Write a table package for the given table numbers to ``out``."""
    numbers = sorted(set(int(n) for n in table_numbers))
    if not numbers:
        raise UserInputError(_("Choose at least one table to put in the package."))
    out = Path(out).expanduser()
    if out.suffix != EVENT_SUFFIX:
        out = out.with_name(out.name + EVENT_SUFFIX)
    if out.resolve() == store.path:
        raise UserInputError(_("The package cannot replace the event file itself."))
    # never the event itself nor another event; with overwrite an older package no one holds open
    out = outputs.check_output(out, force=overwrite, sources=[store.path], package=True).absolute()
    tables = _tables()
    ev_t, tab_t = tables["event"], tables["dialogue_table"]
    with store.session() as s:
        conn = s.connection()
        ev = conn.execute(select(ev_t)).mappings().first()
        if ev is None:
            raise DialogueError(_("This file holds no event yet."))
        if ev["source_event_id"] is not None:
            raise UserInputError(_("This file is itself a table package; make packages from the organiser's file."))
        by_number = {r["number"]: r["id"] for r in conn.execute(select(tab_t.c.number, tab_t.c.id)).mappings()}
        missing = [n for n in numbers if n not in by_number]
        if missing:
            raise NotFound(
                ngettext("There is no table {numbers}.", "There are no tables {numbers}.", len(missing)).format(
                    numbers=", ".join(str(n) for n in missing)
                )
            )
        picked = select_rows(conn, ev["id"], {by_number[n] for n in numbers})
    rows = prepare_rows(picked, with_contacts=with_contacts)
    if not with_contacts:
        keep_telling_apart(rows.get("person", []), picked.get("person", {}))
    if progress:
        progress(0.3)
    event_rows = rows.get("event", [])
    for r in event_rows:
        r["source_event_id"] = r["id"]
    tmp = outputs.new_temporary(out, ".part")  # private, O_EXCL: never a planted symlink
    package_id, total = _write_package(store, tmp, out, rows, numbers, with_contacts)
    if progress:
        progress(1.0)
    n_people = sum(len(rows.get(t.name, ())) for t in Base.metadata.sorted_tables if pol.policy(t) == pol.PEOPLE)
    return PackageResult(out, package_id, tuple(numbers), n_people, total, with_contacts)


def _write_package(store: storage.EventStore, tmp: Path, out: Path, rows: dict[str, list[dict]],
                   numbers: list[int], with_contacts: bool) -> tuple[uuid.UUID, int]:
    """Write the rows, their baseline and the manifest into a new event file at ``tmp``, then move it
    to ``out``; returns the package's id and the number of rows."""
    event_rows = rows.get("event", [])
    pkg = storage.create_event_file(tmp, overwrite=True)
    package_id = uuid.uuid4()
    total = 0
    try:
        with pkg.session() as s:
            conn = s.connection()
            baseline: list[dict[str, Any]] = []
            for t in Base.metadata.sorted_tables:
                table_rows = rows.get(t.name)
                if not table_rows:
                    continue
                conn.execute(insert(t), table_rows)
                total += len(table_rows)
                if pol.policy(t) != pol.EVENT:
                    now = utcnow()
                    baseline.extend(
                        {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "table_name": t.name,
                         "row_id": r["id"], "values": dumps(values_of(t, r))}
                        for r in table_rows
                    )
            for batch in chunks(baseline, 1000):
                conn.execute(insert(cast(Table, PackageBaseline.__table__)), batch)
            conn.execute(
                insert(cast(Table, PackageManifest.__table__)),
                [{"id": package_id, "created_at": utcnow(), "updated_at": utcnow(),
                  "source_event_id": event_rows[0]["id"], "table_numbers": ",".join(str(n) for n in numbers),
                  "with_contacts": with_contacts, "app_version": __version__, "source_name": store.path.name,
                  "rows": total}],
            )
        pkg.close()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        outputs.finish(tmp, out, package=True)
    except BaseException:
        pkg.close()
        outputs.discard(tmp)
        raise
    return package_id, total


def packable_tables(session) -> list[PackableTable]:
    """The event's tables with how many people are seated there (round 1), for the package dialog."""
    from sqlalchemy import func

    from dialogue_app.models import Assignment
    from dialogue_app.services.tables import list_tables

    counts = dict(
        session.execute(
            select(Assignment.table_id, func.count()).where(Assignment.round == 1).group_by(Assignment.table_id)
        ).all()
    )
    return [PackableTable(t.id, t.number, t.name, t.venue, counts.get(t.id, 0)) for t in list_tables(session)]


def make_packages(
    store: storage.EventStore,
    table_numbers: Iterable[int],
    folder: str | os.PathLike[str],
    *,
    with_contacts: bool = False,
    overwrite: bool = False,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[PackageResult]:
    """One package per table, all written into ``folder`` (:func:`package_file_name`), in one go.

    The packages are made in a hidden folder inside ``folder`` and moved in only when all are done,
    so a cancelled or failed run leaves none behind (and replaces nothing)."""
    from dialogue_app.errors import Cancelled

    numbers = sorted(set(int(n) for n in table_numbers))
    if not numbers:
        raise UserInputError(_("Choose at least one table to put in the package."))
    folder = Path(folder).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise UserInputError(_("{path} is a file; choose a folder for the packages.").format(path=folder))
    with store.session() as s:
        known = {t.number for t in packable_tables(s)}
    missing = [n for n in numbers if n not in known]
    if missing:
        raise NotFound(ngettext("There is no table {numbers}.", "There are no tables {numbers}.", len(missing))
                       .format(numbers=", ".join(str(n) for n in missing)))
    width = max(2, *(len(str(n)) for n in numbers))
    names = {n: package_file_name(store.path.stem, n, width) for n in numbers}
    existing = [name for name in names.values() if (folder / name).exists()]
    if existing and not overwrite:
        raise UserInputError(ngettext("{names} already exists in {folder}.", "{names} already exist in {folder}.",
                                      len(existing)).format(names=", ".join(existing), folder=folder))
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".packages-", dir=folder))
    results: list[PackageResult] = []
    try:
        for i, n in enumerate(numbers):
            if should_stop is not None and should_stop():
                raise Cancelled(_("Making the packages was cancelled; no package was written."))
            part = (lambda f, i=i: progress((i + f) / len(numbers))) if progress else None
            results.append(make_package(store, [n], work / names[n], with_contacts=with_contacts, progress=part))
        moved = []
        for r in results:
            target = folder / r.path.name
            os.replace(r.path, target)
            moved.append(PackageResult(target, r.package_id, r.table_numbers, r.people, r.rows, r.with_contacts))
        results = moved
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress:
        progress(1.0)
    return results
