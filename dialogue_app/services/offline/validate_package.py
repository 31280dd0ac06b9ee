"""Checking a package before it is merged (the rules: :mod:`dialogue_app.offline.validate_package`):
on a private copy, refuse a package whose file cannot be trusted, and leave out, and list, the records
that are malformed or outside the package's own tables."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import stat
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    CursorResult,
    Table,
    column,
    create_engine,
    delete,
    func,
    select,
    table,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Base
from dialogue_app.offline.rows import chunks
from dialogue_app.offline.validate_package import (
    MAX_PACKAGE_BYTES,
    MAX_ROWS,
    MAX_TEXT,
    CheckedPackage,
    PackageRefused,
    reason,
)
from dialogue_app.services.offline import policy as pol
from dialogue_app.services.offline.rows import data_columns, row_label

_UUID_HEX = re.compile(r"[0-9a-f]{32}")
_DIALECT = sqlite_dialect.dialect()


def _merged_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if pol.policy(t) not in (pol.NEVER, pol.EVENT)]


def _changed_outside(name: str) -> PackageRefused:
    return PackageRefused(
        _("{name} was changed outside the app and cannot be trusted; it was not merged.").format(name=name))


def _bad_value(col: Any, value: Any) -> str | None:
    """Why a raw SQLite value cannot be in this column, or None when it is fine."""
    if value is None:
        return None if col.nullable else "missing"
    kind = type(col.type).__name__
    if kind == "Uuid":
        return None if isinstance(value, str) and _UUID_HEX.fullmatch(value) else "uuid"
    if kind == "Boolean":
        return None if value in (0, 1) and not isinstance(value, float) else "bool"
    if kind == "Integer":
        return None if isinstance(value, int) else "int"
    if kind in ("Float", "Double", "Numeric"):
        return None if isinstance(value, int | float) else "number"
    if kind in ("String", "Text", "Unicode", "UnicodeText"):
        if not isinstance(value, str):
            return "text"
        limit = getattr(col.type, "length", None) or MAX_TEXT
        return None if len(value) <= min(limit, MAX_TEXT) else "long"
    if kind in ("DateTime", "Date", "Time"):
        if not isinstance(value, str):
            return "date"
        process = col.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
        try:
            if process is None or process(value) is None:
                return "date"
        except (ValueError, TypeError):
            return "date"
        return None
    return None


def _label(table: Table, row: dict[str, Any]) -> str:
    shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in row.items()}
    raw = row.get("id")
    try:
        rid: Any = uuid.UUID(hex=raw) if isinstance(raw, str) and _UUID_HEX.fullmatch(raw) else raw
    except ValueError:
        rid = raw
    return row_label(table, shown, rid if rid is not None else "?")[:80]


@contextlib.contextmanager
def _engine(path: Path) -> Iterator[Any]:
    """An engine on our private copy (a plain name in a folder of ours: nothing in it reads as a URL).

    Foreign keys are not enforced here: records are left out one by one, children and parents alike."""
    engine = create_engine(f"sqlite:///{path.as_posix()}", poolclass=NullPool)
    try:
        yield engine
    finally:
        engine.dispose()


def check_package(path: str | Path, work_dir: Path) -> CheckedPackage:
    """Check the package at ``path``; return a cleaned copy (in ``work_dir``) and what was left out.

    Files that are not SQLite databases at all are returned unchanged: reading them gives the usual
    "not an event file" messages."""
    path = Path(path).expanduser().resolve()
    name = path.name
    try:
        st = path.stat()
    except OSError:
        return CheckedPackage(path, ())
    if not stat.S_ISREG(st.st_mode):
        return CheckedPackage(path, ())
    if st.st_size > MAX_PACKAGE_BYTES:
        raise PackageRefused(_("{name} is larger than {mb} MB, far more than a table package holds; it was not "
                               "merged.").format(name=name, mb=MAX_PACKAGE_BYTES // (1024 * 1024)))
    work_dir.mkdir(parents=True, exist_ok=True)
    copy = work_dir / "package.dialogue"
    shutil.copyfile(path, copy)
    if Path(str(path) + "-wal").is_file():
        shutil.copyfile(str(path) + "-wal", str(copy) + "-wal")
    with _engine(copy) as engine:
        try:
            with engine.begin() as conn:
                ignored = _check_rows(conn, name)
        except PackageRefused:
            raise
        except DatabaseError:
            return CheckedPackage(path, ())  # not a database: the reader says what it is
        ignored += _check_scope(engine, name)
    return CheckedPackage(copy, tuple(ignored))


def _master(conn: Connection, kinds: tuple[str, ...]) -> list[str]:
    kind: ColumnClause[Any] = column("type")
    obj: ColumnClause[Any] = column("name")
    return list(conn.execute(select(obj).select_from(table("sqlite_master")).where(kind.in_(kinds))).scalars())


def _check_rows(conn: Connection, name: str) -> list[str]:
    present = _refuse_untrusted(conn, name)
    if present is None:
        return []  # not a package: the reader refuses it
    merged = [t for t in _merged_tables() if t.name in present]
    ignored: list[str] = []
    drop: dict[str, list[int]] = {}
    drop_ids: set[tuple[str, str]] = set()
    ids: dict[str, dict[str, int]] = {}
    for t in merged:
        ids[t.name] = {}
        for row in _rows(conn, t, name):
            problem = next(((c, p) for c, v in row.items() if c != "_rowid"
                            for p in [_bad_value(t.c[c], v)] if p), None)
            if problem:
                ignored.append(_("{package}: {record} was ignored: {reason}.").format(
                    package=name, record=_label(t, row), reason=reason(problem[1], problem[0])))
                drop.setdefault(t.name, []).append(row["_rowid"])
                if isinstance(row.get("id"), str):
                    drop_ids.add((t.name, row["id"]))
            else:
                ids[t.name][row["id"]] = row["_rowid"]
    bad_base = _check_baseline(conn, name, {t.name: t for t in merged}, drop_ids, ids, drop, ignored)
    for table_name, rowids in [*drop.items(), ("package_baseline", bad_base)]:
        for batch in chunks(rowids):
            conn.execute(delete(table(table_name, column("rowid"))).where(column("rowid").in_(batch)))
    return ignored


def _refuse_untrusted(conn: Connection, name: str) -> set[str] | None:
    """Refuse views, triggers, too many records and a damaged event or manifest; the tables present
    (None: not a package at all)."""
    objects = _master(conn, ("view", "trigger"))
    if objects:
        raise PackageRefused(
            ngettext("{name} contains {n} view or trigger added outside the app; it was not merged.",
                     "{name} contains {n} views or triggers added outside the app; it was not merged.",
                     len(objects)).format(name=name, n=len(objects)))
    present = set(_master(conn, ("table",)))
    tables = Base.metadata.tables
    if not {"event", "package_manifest", "package_baseline"} <= present:
        return None
    merged = [t for t in _merged_tables() if t.name in present]
    total = 0
    for t in [*merged, tables["package_baseline"]]:
        total += conn.execute(select(func.count()).select_from(table(t.name))).scalar_one()
    if total > MAX_ROWS:
        raise PackageRefused(_("{name} holds {n} records, more than the {limit} a package may hold; it was not "
                               "merged.").format(name=name, n=total, limit=MAX_ROWS))
    for special in ("event", "package_manifest"):
        for row in _rows(conn, tables[special], name):
            if any(_bad_value(tables[special].c[c], v) for c, v in row.items() if c != "_rowid"):
                raise _changed_outside(name)
    return present


def _check_baseline(conn: Connection, name: str, by_name: dict[str, Table], drop_ids: set[tuple[str, str]],
                    ids: dict[str, dict[str, int]], drop: dict[str, list[int]], ignored: list[str]) -> list[int]:
    """The baseline: well-formed JSON describing exactly one record of a merged table the package holds.
    Returns the baseline rows to delete; a record whose baseline is bad is dropped (and listed) too."""
    bad_base: list[int] = []
    base_cols: list[ColumnClause[Any]] = [column(c) for c in ("rowid", "table_name", "row_id", "values")]
    # untyped columns: the values as stored, whatever their types (mypy unpacks a Row as objects)
    stored: Iterable[Any] = conn.execute(select(*base_cols).select_from(table("package_baseline")))
    for rowid, table_name, row_id, values in stored:
        t = by_name.get(table_name)
        ok = t is not None and isinstance(row_id, str) and bool(_UUID_HEX.fullmatch(row_id))
        if ok and t is not None and (t.name, row_id) in drop_ids:  # (ok implies t is not None)
            bad_base.append(rowid)
            continue
        try:
            parsed = json.loads(values) if ok and isinstance(values, str) and len(values) <= 4 * MAX_TEXT else None
        except ValueError:
            parsed = None
        ok = ok and t is not None and isinstance(parsed, dict) and set(parsed) == set(data_columns(t)) \
            and parsed.get("id") == str(uuid.UUID(hex=row_id))
        if ok:
            continue
        bad_base.append(rowid)
        if t is not None and row_id in ids.get(t.name, {}):
            ignored.append(_("{package}: {record} was ignored: its baseline was changed outside the app.").format(
                package=name, record=_label(t, {"id": row_id})))
            drop.setdefault(t.name, []).append(ids[t.name].pop(row_id))
    return bad_base


def _rows(conn: Connection, t: Table, name: str) -> Iterator[dict[str, Any]]:
    """The stored values as they are (untyped columns: nothing is converted, so nothing fails here)."""
    cols = [c.name for c in t.columns]
    cur: CursorResult[Any]
    try:
        cur = conn.execute(select(column("rowid"), *(column(c) for c in cols)).select_from(table(t.name)))
    except OperationalError as exc:  # a column was dropped or renamed
        raise _changed_outside(name) from exc
    for raw in cur:
        yield {"_rowid": raw[0], **dict(zip(cols, raw[1:], strict=True))}


def _check_scope(engine: Any, name: str) -> list[str]:
    """Leave out every record that is not reachable from the package's own tables."""
    from dialogue_app.services.offline.package import select_rows

    tables = Base.metadata.tables
    ignored: list[str] = []
    with Session(engine) as s:
        conn = s.connection()
        manifest = conn.execute(tables["package_manifest"].select()).mappings().first()
        event = conn.execute(tables["event"].select()).mappings().first()
        if manifest is None or event is None:
            return []
        try:
            numbers = {int(n) for n in (manifest["table_numbers"] or "").split(",") if n.strip()}
        except ValueError as exc:
            raise _changed_outside(name) from exc
        dt = tables["dialogue_table"]
        table_ids = {r.id for r in conn.execute(dt.select().where(dt.c.number.in_(numbers)))}
        picked = select_rows(conn, event["id"], table_ids)
        allowed = {t: set(rows) for t, rows in picked.items()}
        for t in _merged_tables():  # rows that only come back (survey forms): linked to allowed rows
            if pol.policy(t) != pol.RETURN:
                continue
            fks = [(fk.parent.name, fk.column.table.name) for fk in t.foreign_keys
                   if pol.policy(fk.column.table) in (*pol.ANCHORS, pol.RETURN)]
            allowed[t.name] = set()
            for row in conn.execute(t.select()).mappings():
                linked = [row[c] for c, _target in fks if row[c] is not None]
                if linked and all(row[c] is None or row[c] in allowed.get(target, ()) for c, target in fks):
                    allowed[t.name].add(row["id"])
        base = tables["package_baseline"]
        for t in _merged_tables():
            outside = [dict(r) for r in conn.execute(t.select()).mappings() if r["id"] not in allowed.get(t.name, ())]
            for rec in outside:
                ignored.append(_("{package}: {record} was ignored: it is not part of the package's "
                                 "tables.").format(package=name, record=_label(t, rec)))
            for batch in chunks([r["id"] for r in outside]):
                conn.execute(t.delete().where(t.c.id.in_(batch)))
                conn.execute(base.delete().where(base.c.table_name == t.name, base.c.row_id.in_(batch)))
        s.commit()
    return ignored
