"""Find the best-known plans of the planner benchmark's events with long runs, and keep
them as data (``benchmarks/data/best_known.json``) for ``benchmarks/planner.py``.

    python benchmarks/best_known.py [--sizes 48,120,480] [--cpu 15,30,60] [--events 3]
                                    [--seeds 1] [--modes isolate,plain] [--seed0 100]

One entry per event (``generate(n, event, all layers)``) and mode (``isolate``: "don't
isolate" on, the app's default; ``plain``: off): the best plan's score (the real diversity,
not the search's objective), the upper bound, the number of people alone with their
origin or religion, how it was found (iterations, CPU seconds, seed, commit) and the date.
``--cpu``: each run's budget in CPU seconds of one core, turned into a fixed number of
iterations (``benchmarks/target.iterations_for``), so that a loaded machine gives the same
plans, only later.
A plan is better when it leaves fewer people alone (only in ``isolate`` mode), then when
it scores higher; an entry is only replaced by a better one, so repeated or longer runs
only ever improve the data. Runs one plan at a time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.realistic import ALL_LAYERS, generate
from dialogue_app.planning import plan

DATA = Path(__file__).resolve().parent / "data" / "best_known.json"
MODES = {"isolate": ALL_LAYERS | {"isolate"}, "plain": ALL_LAYERS}


def key(n: int, event: int, mode: str) -> str:
    """The data file's key of one benchmark event and mode."""
    return f"{n}/{event}/{mode}"


def load(path: Path = DATA) -> dict:
    """The best-known data ({"about": ..., "plans": {key: entry}}), empty when missing."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"about": "", "plans": {}}


def better(new: dict, old: dict | None, mode: str) -> bool:
    """``new`` beats ``old``: fewer people alone (with "don't isolate"), then a higher score."""
    if old is None:
        return True
    if mode == "isolate" and new["alone"] != old["alone"]:
        return new["alone"] < old["alone"]
    return new["score"] > old["score"] + 1e-9


def commit() -> str:
    """The current commit of the repository (for the record)."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parents[1], check=False).stdout.strip()
    except OSError:
        return ""


def long_run(n: int, event: int, mode: str, cpu_seconds: float, seed: int) -> dict:
    """One long plan of one benchmark event; its figures as a data entry."""
    from benchmarks.target import iterations_for

    problem = generate(n, event, frozenset(MODES[mode]))
    its = iterations_for(problem, cpu_seconds, seed)
    c0 = time.process_time()
    res = plan(problem, seconds=None, seed=seed, max_iterations=its)
    cpu = time.process_time() - c0
    return {
        "score": res.score,
        "bound": res.upper_bound,
        "alone": len({p for p, _ in res.isolated}),
        "violations": len(res.violations),
        "found_by": f"plan(max_iterations={its}, seed={seed})",
        "cpu_seconds": round(cpu, 1),
        "commit": commit(),
        "date": datetime.date.today().isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="48,120,480")
    ap.add_argument("--cpu", default="15,30,60")
    ap.add_argument("--events", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--seed0", type=int, default=100)
    ap.add_argument("--modes", default="isolate,plain")
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--commit", default="", help="commit to record (default: the repository's HEAD)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    secs = [float(x) for x in args.cpu.split(",")]
    data = load(args.out)
    for n, s in zip(sizes, secs, strict=True):
        for event in range(args.events):
            for mode in args.modes.split(","):
                for seed in range(args.seed0, args.seed0 + args.seeds):
                    entry = long_run(n, event, mode, s, seed)
                    entry["commit"] = args.commit or entry["commit"]
                    k = key(n, event, mode)
                    kept = better(entry, data["plans"].get(k), mode) and not entry["violations"]
                    if kept:
                        data["plans"][k] = entry
                    print(f"{k}: {100 * entry['score'] / entry['bound']:.3f} % of the bound, "
                          f"{entry['alone']} alone, {entry['cpu_seconds']} CPU s{' (kept)' if kept else ''}", flush=True)
                    args.out.parent.mkdir(parents=True, exist_ok=True)
                    args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
