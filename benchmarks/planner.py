"""Realistic planning benchmark (seeded generator in ``benchmarks/realistic.py``).

    python benchmarks/planner.py [--sizes 48,120,480,2000] [--seconds 2,2,10,30]
                                 [--layers all|none|apart,fac,...|all,-undisclosed|all,isolate] [--seeds 3] [--rounds 2]
    python benchmarks/planner.py --best-known [--sizes 48,120,480] [--seeds 2]

``--best-known`` (issue 34's yardstick): per size, with and without "don't isolate", the
median gap of plans made at the app's default budget (5 s up to 240 people, 10 s at 480,
30 s at 2,000; as CPU seconds, see ``benchmarks/target.py``) to the best-known plan of each
event (``benchmarks/data/best_known.json``, from ``benchmarks/best_known.py``) and to the
upper bound, over 3 events × ``--seeds`` seeds, and whether the targets are met.

Prints per size (median over seeds): hard violations, score / upper bound, normalised
regret, worst table (mean pair distance), isolated people, repeated pairs per round,
and time. Round 2+ use the same per-round time budget. `all` is PLANNING.md's layers plus
"prefer not to say" values; add `isolate` to keep minorities from sitting alone (the app's default).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.realistic import ALL_LAYERS, EXTRA_LAYERS, generate
from dialogue_app.planning import check_feasibility, plan, plan_rounds

DEFAULT_SECONDS = {48: 2.0, 120: 2.0, 480: 10.0, 2000: 30.0}


def run(n: int, seconds: float, seed: int, layers: frozenset[str], rounds: int) -> dict:
    """Plan one generated event and (optionally) several rounds; return the figures."""
    t0 = time.perf_counter()
    problem = generate(n, seed, layers)
    reasons = check_feasibility(problem)
    if reasons:
        return {"n": n, "infeasible": [r.code for r in reasons]}
    res = plan(problem, seconds=seconds, seed=seed)
    if not res.feasible:
        return {"n": n, "infeasible": [r.code for r in res.infeasibilities]}
    sizes = [t.size for t in res.tables]
    worst = res.tables[res.worst_table]
    out = {
        "n": n,
        "tables": problem.n_tables,
        "feasible": res.feasible,
        "violations": len(res.violations),
        "share": res.share_of_bound,
        "regret": res.normalised_regret,
        "random_share": res.random_score / res.upper_bound,
        "worst_mean_pair": worst.score / max(1, worst.size * (worst.size - 1) / 2),
        "isolated": len({p for p, _ in res.isolated}),
        "iterations": res.iterations,
        "seconds": res.seconds,
        "sizes": (min(sizes), max(sizes)),
        "generate_s": t0,
    }
    if rounds > 1:
        rr = plan_rounds(problem, rounds, seconds=seconds, seed=seed)
        out["repeats"] = rr.repeated_pairs
        out["forced"] = rr.forced_pairs
        out["round_shares"] = [s / res.upper_bound for s in rr.scores]
        out["round_violations"] = sum(len(r.violations) for r in rr.rounds)
    return out


def parse_layers(text: str) -> frozenset[str]:
    """``all``, ``none``, ``apart,fac,...`` or ``all,-undisclosed`` (all but the ones named)."""
    words = [w for w in text.split(",") if w]
    layers: set[str] = set()
    for w in words:
        if w == "all":
            layers |= ALL_LAYERS
        elif w.startswith("-"):
            layers.discard(w[1:])
        elif w != "none":
            layers.add(w)
    unknown = layers - ALL_LAYERS - EXTRA_LAYERS
    if unknown:
        raise SystemExit(f"unknown layers: {', '.join(sorted(unknown))} (known: {', '.join(sorted(ALL_LAYERS | EXTRA_LAYERS))})")
    return frozenset(layers)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="48,120,480,2000")
    ap.add_argument("--seconds", default="")
    ap.add_argument("--layers", default="all")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--seed0", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--best-known", action="store_true")
    ap.add_argument("--modes", default="isolate,plain", help="with --best-known: isolate, plain or both")
    args = ap.parse_args(argv)
    if args.best_known:
        from benchmarks.target import report

        return report([int(x) for x in args.sizes.split(",")], args.seeds, tuple(args.modes.split(",")))
    sizes = [int(x) for x in args.sizes.split(",")]
    secs = [float(x) for x in args.seconds.split(",")] if args.seconds else [DEFAULT_SECONDS.get(n, 10.0) for n in sizes]
    if len(secs) == 1:
        secs = secs * len(sizes)
    layers = parse_layers(args.layers)
    print(f"layers: {','.join(sorted(layers)) or 'none'}; seeds {args.seed0}..{args.seed0 + args.seeds - 1}; "
          f"medians over seeds")
    print(f"{'n':>5} {'K':>4} {'s':>5} {'viol':>4} {'score/UB':>9} {'min':>8} {'regret':>7} {'rand/UB':>8} "
          f"{'worst':>6} {'isol':>5} {'repeats/round':>14} {'forced':>6} {'share/round':>16} {'iters':>6}")
    for n, s in zip(sizes, secs, strict=True):
        runs = [run(n, s, args.seed0 + k, layers, args.rounds) for k in range(args.seeds)]
        bad = [r for r in runs if "infeasible" in r]
        if bad:
            print(n, "infeasible:", bad)
            continue
        med = {k: statistics.median(r[k] for r in runs)
               for k in ("share", "regret", "random_share", "worst_mean_pair", "isolated", "iterations", "seconds")}
        viol = sum(r["violations"] + r.get("round_violations", 0) for r in runs)
        reps = [max(r["repeats"][k] for r in runs) for k in range(len(runs[0].get("repeats", [])))]
        forced = max((r.get("forced", 0) for r in runs), default=0)
        shares = [statistics.median(r["round_shares"][k] for r in runs)
                  for k in range(len(runs[0].get("round_shares", [])))]
        print(f"{n:5d} {runs[0]['tables']:4d} {med['seconds']:5.1f} {viol:4d} {100 * med['share']:8.3f}% "
              f"{100 * min(r['share'] for r in runs):7.3f}% {med['regret']:7.4f} {100 * med['random_share']:7.2f}% "
              f"{med['worst_mean_pair']:6.3f} {med['isolated']:5.0f} {reps!s:>14} {forced:6d} "
              f"{'/'.join(f'{100 * x:.2f}' for x in shares):>16} {med['iterations']:6.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
