"""How soon another laptop hears of a change on a shared server event (issue 30's live screens).

    python benchmarks/live_latency.py [--url postgresql://…] [--saves 50] [--runs 3]

Two clients on one server event (a throw-away cluster as in the tests, ``tests/pgcluster.py``, or
``--url``): the first saves a person ``--saves`` times; the second's listener (the one the app runs,
``services.live.ChangeListener``) reports each change. Measured per save: from the end of the
save's commit to the listener's report. Prints p50, p95 and max per run and their medians; the
target is under a second (README "Shared server": "each screen learns within a second").
The test suite only checks that a change arrives and names the right areas (a loaded CI machine
may take longer than a second; a timed unit test would fail there for no fault of the app).
"""

from __future__ import annotations

import argparse
import dataclasses
import queue
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.shared_server import server
from dialogue_app import storage
from dialogue_app.services import events, people
from dialogue_app.services.live import ChangeListener
from dialogue_app.storage.address import ServerAddress

TARGET_S = 1.0


def one_run(url: str, name: str, saves: int) -> list[float]:
    """Latencies (seconds) of ``saves`` saves by one client, as heard by another's listener."""
    address = ServerAddress(url, name)
    first = storage.create_event(str(address))
    second = storage.open_event(str(address))
    heard: queue.Queue = queue.Queue()
    listener = ChangeListener(second.address, heard.put)
    listener.ignore_engine(second.engine)
    try:
        with first.session() as s:
            events.create_event(s, "Latency", theme="", lang="en")
        if not listener.start(wait=10.0):
            raise SystemExit("the listener did not connect")
        while not heard.empty():
            heard.get_nowait()
        out = []
        for k in range(saves):
            with first.session() as s:
                people.save_person(s, dataclasses.replace(people.new_person(), first_name=f"P{k}", last_name="X"))
            done = time.perf_counter()
            heard.get(timeout=30)
            out.append(time.perf_counter() - done)
            time.sleep(0.3)  # past the listener's gathering window (0.15 s), so each save is heard on its own
        return out
    finally:
        listener.stop()
        first.close()
        second.close()
        from dialogue_app.storage import pg_server

        pg_server.drop_server_event(address)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a prepared PostgreSQL server (default: a throw-away cluster)")
    ap.add_argument("--saves", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    rows = []
    with server(args.url) as url:
        for r in range(args.runs):
            lat = sorted(one_run(url, f"latency_{r}", args.saves))
            p95 = lat[max(0, round(0.95 * len(lat)) - 1)]
            rows.append((statistics.median(lat), p95, lat[-1]))
            print(f"run {r + 1}: p50 {rows[-1][0] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
    p50, p95, mx = (statistics.median(c) for c in zip(*rows, strict=True))
    ok = p95 < TARGET_S
    print(f"median of {args.runs} runs × {args.saves} saves: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {mx * 1000:.0f} ms (target: p95 under {TARGET_S:.0f} s: {'met' if ok else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
