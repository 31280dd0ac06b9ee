"""Run the planning engine's search on MDGPLIB instances.

Single instance::

    python benchmarks/mdgp.py INSTANCE.txt --seconds 3 --seed 1 --json

Suite (best / average / worst and gap to the README reference values)::

    python benchmarks/mdgp.py --suite /work/shared/bench/mdgplib --runs 10 [--only n120]

Default time limit in suite mode: 1 s for n <= 60, 3 s for n = 120, 20 s for n = 240.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogue_app.planning.matrix import solve_matrix


def load_instance(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read an MDGPLIB file: returns (distance matrix, lo, hi)."""
    with open(path) as fh:
        head = fh.readline().split()
        n, k = int(head[0]), int(head[1])
        bounds = np.array([int(x) for x in head[3 : 3 + 2 * k]], dtype=np.int64).reshape(k, 2)
        data = np.loadtxt(fh, ndmin=2)
    d = np.zeros((n, n))
    i, j = data[:, 0].astype(int), data[:, 1].astype(int)
    d[i, j] = data[:, 2]
    d[j, i] = data[:, 2]
    return d, bounds[:, 0], bounds[:, 1]


def objective(d: np.ndarray, p: np.ndarray) -> float:
    """Sum of d over pairs in the same group (independent re-computation)."""
    same = p[:, None] == p[None, :]
    return float(np.triu(d * same, 1).sum())


def reference_values(readme: Path) -> dict[str, float]:
    """Parse the optimum / reference column of the MDGPLIB README table."""
    refs: dict[str, float] = {}
    if not readme.exists():
        return refs
    for line in readme.read_text().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 7 or not cells[1].startswith(("Ran", "Geo")):
            continue
        for cell in (cells[5], cells[6]):
            m = re.search(r"\*{0,2}([0-9]+(?:\.[0-9]+)?)\*{0,2}", cell)
            if m and cell not in ("unknown",):
                refs[cells[1]] = float(m.group(1))
                break
    return refs


def default_seconds(n: int) -> float:
    """Literature-style time limits used in suite mode."""
    if n <= 12:
        return 0.2
    if n <= 60:
        return 1.0
    if n <= 120:
        return 3.0
    if n <= 240:
        return 20.0
    return 120.0


def run_one(path: Path, seconds: float, seed: int) -> dict:
    """Solve one instance; returns objective, groups and timing."""
    d, lo, hi = load_instance(path)
    t0 = time.perf_counter()
    out = solve_matrix(d, lo, hi, seconds=seconds, seed=seed)
    secs = time.perf_counter() - t0
    p = out.p
    sizes = np.bincount(p, minlength=len(lo))
    assert np.all(sizes >= lo) and np.all(sizes <= hi), "size rule broken"
    groups = [np.flatnonzero(p == g).tolist() for g in range(len(lo))]
    return {"objective": objective(d, p), "groups": groups, "seconds": secs, "iterations": out.iterations}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance", nargs="?")
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--suite", type=Path)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--only", default="", help="substring filter on file names (comma separated)")
    args = ap.parse_args(argv)
    if args.suite is None:
        if not args.instance:
            ap.error("give an INSTANCE or --suite DIR")
        d, _, _ = load_instance(args.instance)
        res = run_one(Path(args.instance), args.seconds or default_seconds(d.shape[0]), args.seed)
        if args.json:
            print(json.dumps({k: res[k] for k in ("objective", "groups", "seconds")}))
        else:
            print(f"objective {res['objective']:.3f}  seconds {res['seconds']:.2f}  iterations {res['iterations']}")
        return 0
    refs = reference_values(args.suite / "README.md")
    files = sorted(args.suite.glob("*.txt"))
    if args.only:
        keys = args.only.split(",")
        files = [f for f in files if any(k in f.name for k in keys)]
    print(f"{'instance':24} {'ref':>12} {'best':>12} {'avg':>12} {'worst':>12} {'gap_avg%':>9} {'gap_worst%':>10} {'s':>5}")
    for f in files:
        d, _, _ = load_instance(f)
        secs = args.seconds or default_seconds(d.shape[0])
        vals = [run_one(f, secs, args.seed + r)["objective"] for r in range(args.runs)]
        ref = refs.get(f.stem)
        best, avg, worst = max(vals), statistics.fmean(vals), min(vals)
        gap = "" if ref is None else f"{100 * (ref - avg) / ref:9.3f}"
        gapw = "" if ref is None else f"{100 * (ref - worst) / ref:10.3f}"
        refs_txt = f"{ref:12.3f}" if ref else f"{'-':>12}"
        print(f"{f.stem:24} {refs_txt} {best:12.3f} {avg:12.3f} {worst:12.3f} {gap:>9} {gapw:>10} {secs:5.1f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
