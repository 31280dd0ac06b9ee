"""Timings of the facilitation area (run: .venv/bin/python benchmarks/bench_facilitation.py).

* storing the timer state (what every Start / Pause / Next / Back costs),
* loading a table's session (table switch, restart),
* the commitments list, counts and CSV export with 2,000 commitments.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogue_app import exports, paths, storage
from dialogue_app.facilitation.timer import FakeClock, TableTimer
from dialogue_app.services import commitments as cm
from dialogue_app.services import demo
from dialogue_app.services import facilitation as fac
from dialogue_app.services.tables import list_tables


def timed(label: str, fn, repeat: int = 1) -> None:
    t0 = time.perf_counter()
    for _i in range(repeat):
        fn()
    ms = (time.perf_counter() - t0) * 1000 / repeat
    print(f"{label:55s} {ms:8.2f} ms")


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    paths.set_data_dir(tmp)
    path = tmp / "bench.dialogue"
    t0 = time.perf_counter()
    demo.create_demo_file(path, participants=1000, seed=1)
    print(f"{'demo with 1,000 participants':55s} {(time.perf_counter() - t0) * 1000:8.0f} ms")
    store = storage.open_event_file(path)
    with store.session() as s:
        tables = list_tables(s)
        phases = fac.list_phases(s)
    tid = tables[0].id
    clock = FakeClock()
    timer = TableTimer([p.minutes * 60 for p in phases], clock=clock)

    def step():
        clock.advance(30)
        state = timer.toggle()
        with store.session() as s:
            fac.save_timer_state(s, tid, 1, state)

    timed("store timer state (one Start/Pause, own transaction)", step, 50)

    def load():
        with store.session() as s:
            fac.load_session(s, tid, 1)

    timed("load a table's session", load, 50)
    rng = random.Random(1)
    with store.session() as s:
        for i in range(2000):
            cm.save_commitment(s, cm.CommitmentData(
                id=uuid.uuid4(), text=f"Step {i}", table_id=tables[i % len(tables)].id,
                kind=rng.choice(("personal", "together", "organisation"))))

    def counts():
        with store.session() as s:
            cm.commitment_counts(s)

    timed("commitment counts (2,000+ commitments)", counts, 5)
    timed("commitments CSV export (2,000+ commitments)",
          lambda: exports.run_export(store, "commitments-csv", tmp / "c.csv"), 3)
    store.close()


if __name__ == "__main__":
    main()
