"""Survey timings on a 5,000-participant demo: demo answers, report, linking, exports.

    .venv/bin/python benchmarks/survey_bench.py [participants]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from dialogue_app import exports, storage
from dialogue_app.services import demo
from dialogue_app.services import survey as svc


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    tmp = Path(tempfile.mkdtemp())
    original = svc.populate_demo
    timing = {}

    def timed(session, rng):
        t = time.perf_counter()
        original(session, rng)
        timing["populate_demo"] = time.perf_counter() - t

    svc.populate_demo = timed
    t0 = time.perf_counter()
    demo.create_demo_file(tmp / "big.dialogue", participants=n, seed=7)
    timing["whole demo"] = time.perf_counter() - t0
    svc.populate_demo = original
    store = storage.open_event_file(tmp / "big.dialogue")
    with store.session() as s:
        t = time.perf_counter()
        report = svc.survey_report(s)
        timing["survey_report"] = time.perf_counter() - t
        t = time.perf_counter()
        svc.table_breakdown(s)
        timing["table_breakdown"] = time.perf_counter() - t
    for kind in ("survey-sqlite", "survey-csv"):
        t = time.perf_counter()
        exports.run_export(store, kind, tmp / f"out.{kind}")
        timing[kind] = time.perf_counter() - t
    store.close()
    from dialogue_app.survey import linking

    rng = random.Random(1)
    codes = [(i, (rng.choice("ABCDEFGH"), str(rng.randint(1, 12)), str(rng.randint(0, 4)), rng.choice("ABCDEFGHIJ"),
                  str(rng.randint(1, 28)))) for i in range(20000)]
    t = time.perf_counter()
    linking.match_codes(codes, [(i + 10**6, c) for i, c in codes])
    timing["match 20,000 self-generated codes"] = time.perf_counter() - t
    print(f"{n} participants: {report.respondents} forms, match rate {report.match_rate:.3f}")
    for k, v in timing.items():
        print(f"  {k:36s} {v:7.2f} s")


if __name__ == "__main__":
    main()
