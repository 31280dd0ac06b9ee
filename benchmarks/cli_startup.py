"""How fast ``dialogue-app --help`` and a simple command start, and what they import.

    python benchmarks/cli_startup.py [--runs 7] [--before /path/to/an/older/checkout]

Each case runs ``python -m dialogue_app ...`` in a fresh process ``--runs`` times and prints
the median wall time; then the modules ``--help`` imports (the app's and the heavy libraries).
``--before`` times an older tree of the app in the same run (``git archive <commit>
dialogue_app | tar -x -C DIR``), so both are measured on the same machine at the same load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "alembic", "numpy", "reportlab", "PySide6", "openpyxl", "qrcode")
PROBE = ("import runpy, sys\n"
         "sys.argv = ['dialogue-app', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('dialogue_app', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "sys.__stderr__.write('\\n'.join(sorted(sys.modules)))\n")


def _env(tree: Path, data: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "DIALOGUE_APP_DATA_DIR": data, "PYTHONDONTWRITEBYTECODE": "1"}


def median_seconds(tree: Path, args: list[str], runs: int, data: str) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dialogue_app", *args], env=_env(tree, data), cwd=data,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported_modules(tree: Path, args: list[str], data: str) -> list[str]:
    """The modules a run of ``dialogue-app ARGS`` has imported when it ends."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=_env(tree, data), cwd=data,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    return done.stderr.split("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="an older tree of the app (a folder holding dialogue_app/)")
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data:
        event = Path(data) / "bench.dialogue"
        subprocess.run([sys.executable, "-m", "dialogue_app", "new", str(event), "--title", "Bench"],
                       env=_env(ROOT, data), cwd=data, stdout=subprocess.DEVNULL, check=True)
        cases = {"--help": ["--help"], "backups FILE": ["backups", str(event)], "info FILE": ["info", str(event)]}
        trees = {"now": ROOT} | ({"before": opts.before.resolve()} if opts.before else {})
        print(f"median of {opts.runs} runs, seconds")
        print(f"{'command':<16}" + "".join(f"{name:>10}" for name in trees) + ("     ratio" if opts.before else ""))
        for label, args in cases.items():
            row = {name: median_seconds(tree, args, opts.runs, data) for name, tree in trees.items()}
            ratio = f"{row['now'] / row['before']:>10.2f}" if opts.before else ""
            print(f"{label:<16}" + "".join(f"{t:>10.3f}" for t in row.values()) + ratio)
        for name, tree in trees.items():
            modules = imported_modules(tree, ["--help"], data)
            app = [m for m in modules if m.startswith("dialogue_app")]
            heavy = sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})
            print(f"\n{name}: --help imports {len(modules)} modules, {len(app)} of the app: {', '.join(app)}")
            print(f"{name}: heavy libraries imported by --help: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
