"""Timing of forgetting one person and purging a whole event (not a test).

    .venv/bin/python benchmarks/privacy_bench.py [PARTICIPANTS ...]

For each size: build the demo event, forget one person (database work, then VACUUM,
WAL truncation and backups), then purge every person; prints seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dialogue_app import paths, storage
from dialogue_app.services import demo, privacy


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        paths.set_data_dir(d)
        path = Path(d) / "bench.dialogue"
        t0 = time.perf_counter()
        demo.create_demo_file(path, participants=n, seed=1)
        t_demo = time.perf_counter() - t0
        store = storage.open_event_file(path)
        with store.session() as s:
            hit = privacy.find_people(s, limit=n + 1000)[n // 2]
        t0 = time.perf_counter()
        with store.session() as s:
            privacy.forget_person(s, hit.id)
        t_db = time.perf_counter() - t0
        t0 = time.perf_counter()
        privacy.finish_erasure(store)
        t_vac = time.perf_counter() - t0
        t0 = time.perf_counter()
        with store.session() as s:
            data = privacy.subject_access(s, privacy.find_people(s)[0].id)
        t_sa = time.perf_counter() - t0
        t0 = time.perf_counter()
        result, _cleanup = privacy.purge(store)
        t_purge = time.perf_counter() - t0
        size = path.stat().st_size
        store.close()
        print(f"{n:>6} participants: demo {t_demo:6.2f}s | forget {t_db:5.3f}s + vacuum/backups {t_vac:5.3f}s | "
              f"subject access {t_sa:5.3f}s ({len(data['records'])} tables) | purge {result.people} people "
              f"{t_purge:5.2f}s | file after purge {size // 1024} KiB")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["120", "1000", "5000"]:
        run(int(arg))
