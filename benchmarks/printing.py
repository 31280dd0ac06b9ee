"""Benchmark of the printed documents on a large event.

    .venv/bin/python benchmarks/printing.py [--participants 2000] [--runs 5]

Builds a demo event (``demo.populate``) with that many participants once,
seats everyone round-robin when no table plan exists, then times, over several
runs, the export of all badges (A4 2 × 4 labels, QR codes) and of the event
report, end to end through ``exports.run_export`` (read, render, write).
Targets on the development machine: badges for 2,000 people < 20 s, the
report of a 2,000-person event < 10 s. Prints the median and every run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogue_app import exports, storage  # noqa: E402
from dialogue_app.services import demo  # noqa: E402


def seat_round_robin(store: storage.EventStore) -> None:
    from sqlalchemy import select

    from dialogue_app.models import Assignment, DialogueTable, Person

    with store.session() as s:
        if s.scalars(select(Assignment.id).limit(1)).first() is not None:
            return
        tables = list(s.scalars(select(DialogueTable).order_by(DialogueTable.number)))
        for i, pid in enumerate(s.scalars(select(Person.id).order_by(Person.code))):
            s.add(Assignment(person_id=pid, table_id=tables[i % len(tables)].id, round=1))


def time_export(store, kind: str, out: Path, runs: int, **extra) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU seconds of each run; every run starts cold (QR code cache emptied)."""
    from dialogue_app.printing import common

    wall, cpu, n = [], [], 0
    for _i in range(runs):
        common.qr_matrix.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        n = exports.run_export(store, kind, out, exports.ExportOptions(extra=extra))
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", default=None, help="keep the demo file here (default: a temporary folder)")
    args = ap.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="print-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"demo-{args.participants}.dialogue"
    if not path.exists():
        t0 = time.perf_counter()
        demo.create_demo_file(path, participants=args.participants, seed=7)
        print(f"demo event with {args.participants} participants built in {time.perf_counter() - t0:.1f} s")
    store = storage.open_event_file(path)
    try:
        seat_round_robin(store)
        for kind, target, extra in (("badges", 20.0, {"layout": "L7165"}), ("report", 10.0, {})):
            out = work / f"{kind}.pdf"
            times, cpu, n = time_export(store, kind, out, args.runs, **extra)
            med = statistics.median(times)
            size = out.stat().st_size / 1e6
            print(f"{kind:8s} items={n:5d} median={med:6.2f} s wall, {statistics.median(cpu):.2f} s CPU  "
                  f"runs=[{', '.join(f'{t:.2f}' for t in times)}]  "
                  f"target<{target:.0f} s {'OK' if med < target else 'MISSED'}  pdf={size:.1f} MB")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
