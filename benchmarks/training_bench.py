"""Timing of the training area: practice schedules, the demo training event and the trainer pack.

Run: .venv/bin/python benchmarks/training_bench.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from dialogue_app import exports, storage
from dialogue_app.services.training.demo import create_demo_training
from dialogue_app.training.schedule import practice_schedule


def main() -> None:
    for n, size in ((9, 3), (16, 4), (16, 5), (30, 5), (60, 6)):
        t = time.perf_counter()
        s = practice_schedule(n, size)
        print(f"schedule n={n:3d} size={size}: {len(s.rounds)} rounds, {s.repeated_pairs} repeated pairs, "
              f"min turns {min(s.turns(n))}, {time.perf_counter() - t:.2f} s")
    with tempfile.TemporaryDirectory() as d:
        for n in (16, 60):
            t = time.perf_counter()
            path = create_demo_training(Path(d) / f"t{n}.dialogue", trainees=n)
            print(f"demo training with {n} trainees: {time.perf_counter() - t:.2f} s")
            store = storage.open_event_file(path, read_only=True)
            t = time.perf_counter()
            exports.run_export(store, "trainer-pack", Path(d) / f"pack{n}.pdf")
            size = (Path(d) / f"pack{n}.pdf").stat().st_size
            print(f"trainer pack ({n} trainees): {time.perf_counter() - t:.2f} s, {size / 1024:.0f} KiB")
            store.close()


if __name__ == "__main__":
    main()
