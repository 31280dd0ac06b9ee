"""Benchmark: merge 100 table packages of 8 people back into the organiser's file.

    .venv/bin/python benchmarks/merge_packages.py [--runs 3] [--tables 100]

Builds a demo event, seats 8 people at each of the first N tables, writes one
package per table, then records in every package what a facilitator records:
attendance and check-in for everybody, seats confirmed, one walk-in with a seat
and a role, and two rows in every other table that hangs off a dialogue table
or a person (sessions, notes, commitments, survey answers... whatever tables
exist in this build, filled generically). The timed part is one
``merge_packages`` call with all N packages (one transaction), on a fresh copy
of the organiser's file each run; the median is reported. The same merge again
(nothing to do) is timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Time, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogue_app import storage  # noqa: E402
from dialogue_app.models import Assignment, Base, DialogueTable, Person, PersonRole, utcnow  # noqa: E402
from dialogue_app.services import demo  # noqa: E402
from dialogue_app.services.offline import policy as pol  # noqa: E402
from dialogue_app.services.offline.merge import merge_packages  # noqa: E402
from dialogue_app.services.offline.package import make_package  # noqa: E402


def seat(store: storage.EventStore, n_tables: int, per_table: int) -> None:
    with store.session() as s:
        s.execute(delete(Assignment))
        tables = list(s.scalars(select(DialogueTable.id).order_by(DialogueTable.number)))[:n_tables]
        people = list(s.scalars(select(Person.id).order_by(Person.code)))
        s.execute(update(DialogueTable).values(host_id=None))
        rows = []
        for i, tid in enumerate(tables):
            for pid in people[i * per_table:(i + 1) * per_table]:
                rows.append({"id": uuid.uuid4(), "person_id": pid, "table_id": tid, "round": 1, "locked": False,
                             "seated": False, "created_at": utcnow(), "updated_at": utcnow()})
        s.execute(insert(Assignment), rows)


def _fake(col, k: int):
    t = col.type
    if isinstance(t, Boolean):
        return False
    if isinstance(t, Integer):
        return k
    if isinstance(t, Float):
        return float(k)
    if isinstance(t, DateTime):
        return utcnow()
    if isinstance(t, Date):
        return dt.date(2026, 11, 5)
    if isinstance(t, Time):
        return dt.time(19, 0)
    return f"bench {k}"


def extra_records(conn, table_id, person_ids, event_id) -> int:
    """Two rows in every other scoped or return-only table (generic: whatever this build has)."""
    added = 0
    ids_by_table: dict[str, list] = {"dialogue_table": [table_id], "person": list(person_ids), "event": [event_id]}
    for t in Base.metadata.sorted_tables:
        if pol.policy(t) in (pol.ALL,):
            ids_by_table[t.name] = list(conn.execute(select(t.c.id)).scalars())
    for t in Base.metadata.sorted_tables:
        if pol.policy(t) not in (pol.SCOPED, pol.RETURN) or t.name in ("assignment", "person_role"):
            continue
        made = []
        for k in range(2):
            row = {"id": uuid.uuid4(), "created_at": utcnow(), "updated_at": utcnow()}
            ok = True
            for col in t.columns:
                if col.name in row:
                    continue
                fks = list(col.foreign_keys)
                if fks:
                    pool = ids_by_table.get(fks[0].column.table.name, [])
                    if not pool:
                        if col.nullable:
                            row[col.name] = None
                            continue
                        ok = False
                        break
                    row[col.name] = pool[k % len(pool)]
                elif col.default is not None and col.default.is_scalar:
                    row[col.name] = col.default.arg
                elif col.nullable:
                    row[col.name] = None
                else:
                    row[col.name] = _fake(col, k)
            if ok:
                made.append(row)
        for row in made:
            try:
                with conn.begin_nested():
                    conn.execute(insert(t), [row])
                added += 1
                ids_by_table.setdefault(t.name, []).append(row["id"])
            except IntegrityError:
                pass
    return added


def facilitate(path: Path, k: int) -> int:
    """What a facilitator records in one package; returns the number of extra rows."""
    store = storage.open_event_file(path)
    with store.session() as s:
        conn = s.connection()
        table_id, event_id = conn.execute(select(DialogueTable.id, DialogueTable.event_id)).one()
        people = list(conn.execute(select(Person.id).order_by(Person.code)).scalars())
        now = utcnow()
        for i, pid in enumerate(people):
            status = "absent" if i == k % max(1, len(people)) else "present"
            conn.execute(update(Person.__table__).where(Person.id == pid).values(
                attendance=status, checked_in_at=None if status == "absent" else now, updated_at=now))
        conn.execute(update(Assignment.__table__).values(seated=True, updated_at=now))
        walk = uuid.uuid4()
        conn.execute(insert(Person.__table__), [{
            "id": walk, "created_at": now, "updated_at": now, "event_id": event_id, "code": f"WK{k:04d}",
            "first_name": f"Walk-in {k}", "last_name": "", "email": "", "phone": "", "languages": "nl",
            "wheelchair": False, "needs": "", "attendance": "present", "checked_in_at": now, "walk_in": True,
            "invited_by_id": None, "notes": "", "identity_key": "", "anonymised": False}])
        conn.execute(insert(PersonRole.__table__), [{"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                                                     "person_id": walk, "role": "participant"}])
        conn.execute(insert(Assignment.__table__), [{"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                                                     "person_id": walk, "table_id": table_id, "round": 1,
                                                     "locked": False, "seated": True}])
        extra = extra_records(conn, table_id, [*people, walk], event_id)
    store.close()
    return extra


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tables", type=int, default=100)
    ap.add_argument("--per-table", type=int, default=8)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="merge-bench-"))
    t0 = time.perf_counter()
    organiser = demo.create_demo_file(work / "organiser.dialogue", participants=args.tables * args.per_table + 40,
                                      seed=7)
    store = storage.open_event_file(organiser)
    with store.session() as s:
        n_tables = s.scalar(select(__import__("sqlalchemy").func.count()).select_from(DialogueTable))
    if n_tables < args.tables:
        from dialogue_app.services import tables as tables_service

        with store.session() as s:
            tables_service.add_tables(s, args.tables - n_tables)
    seat(store, args.tables, args.per_table)
    packages = []
    for n in range(1, args.tables + 1):
        packages.append(make_package(store, [n], work / f"table-{n:03d}.dialogue").path)
    store.close()
    t_pack = time.perf_counter() - t0
    extra = sum(facilitate(p, k) for k, p in enumerate(packages))
    t_setup = time.perf_counter() - t0
    print(f"setup: demo + {len(packages)} packages in {t_pack:.1f} s, facilitation edits done at {t_setup:.1f} s; "
          f"extra rows in other scoped tables: {extra}")
    scoped = [t.name for t in Base.metadata.sorted_tables if pol.policy(t) in (pol.SCOPED, pol.RETURN)]
    print("scoped tables in this build:", ", ".join(scoped))
    times, again = [], []
    report = None
    for run in range(args.runs):
        target = work / f"run-{run}.dialogue"
        shutil.copyfile(organiser, target)
        st = storage.open_event_file(target)
        t = time.perf_counter()
        report = merge_packages(st, packages)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        second = merge_packages(st, packages)
        again.append(time.perf_counter() - t)
        st.close()
        assert second.changes == 0, second
        assert storage.integrity_check(target) == "ok"
        print(f"run {run + 1}: merge {times[-1]:.2f} s, same merge again {again[-1]:.2f} s "
              f"(inserted {report.inserted}, updated {report.updated}, conflicts {len(report.conflicts)})")
    print(f"median merge of {len(packages)} packages: {statistics.median(times):.2f} s; "
          f"again (no changes): {statistics.median(again):.2f} s")
    print("by table:", report.by_table if report else {})
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
