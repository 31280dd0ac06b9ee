"""Helpers for the hardening tests: run the real command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# the privacy tests' recognisable person (privacy_helpers), for the forget and recovery tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "privacy"))

#: runs the CLI in a child process and reports its peak memory (ru_maxrss of the child, in MB)
_RUNNER = r"""
import resource, sys, time
# a safety net for the machine: a runaway import fails with MemoryError instead of swapping
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
from dialogue_app.cli import main
t = time.perf_counter()
try:
    code = main(sys.argv[1:])
finally:
    sys.stdout.flush()
    # VmHWM is this process's own high-water mark; ru_maxrss also counts the RSS of the
    # (large) pytest parent at fork time on Linux, so it is only the fallback
    try:
        hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")][0]
        peak = int(hwm.split()[1]) / 1024
    except (OSError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"@@peak_mb={peak:.0f} seconds={time.perf_counter() - t:.2f}", file=sys.stderr)
sys.exit(code)
"""


class Run:
    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.code = proc.returncode
        lines = proc.stderr.splitlines()
        stats = [ln for ln in lines if ln.startswith("@@peak_mb=")]
        self.stderr = "\n".join(ln for ln in lines if not ln.startswith("@@peak_mb="))
        self.stdout = proc.stdout
        self.peak_mb = self.seconds = 0.0
        if stats:
            peak, secs = stats[-1][len("@@peak_mb="):].split(" seconds=")
            self.peak_mb, self.seconds = float(peak), float(secs)


@pytest.fixture
def cli(tmp_path):
    """cli(*args, timeout=...) -> Run: `python -c <main>` with this worktree's package, in English."""
    data = tmp_path / "cli-data"

    def run(*args: str, timeout: float = 120, env: dict | None = None) -> Run:
        full = {**os.environ, "PYTHONPATH": str(ROOT), "DIALOGUE_APP_DATA_DIR": str(data), "LANG": "C.UTF-8",
                **(env or {})}
        proc = subprocess.run([sys.executable, "-c", _RUNNER, "--lang", "en", *args], capture_output=True,
                              text=True, timeout=timeout, env=full, cwd=str(tmp_path))
        return Run(proc)

    return run


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(isolated_data_dir):
    """Run ``dialogue-app ARGS`` in a subprocess (this checkout, the test's data folder, English).

    ``umask`` sets the process umask first, as a user's shell would; ``stdout`` may be a file
    object to redirect the standard output into.
    """

    def run(*args: str, cwd: Path | None = None, umask: int | None = None, stdout=None,
            timeout: float = 120) -> Result:
        env = dict(os.environ, PYTHONPATH=str(ROOT), DIALOGUE_APP_DATA_DIR=str(isolated_data_dir),
                   QT_QPA_PLATFORM="offscreen", LANGUAGE="en", LC_ALL="C.UTF-8")
        preexec = (lambda: os.umask(umask)) if umask is not None else None
        proc = subprocess.run([sys.executable, "-m", "dialogue_app", "--lang", "en", *map(str, args)], cwd=cwd,
                              env=env, stdout=stdout if stdout is not None else subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=timeout, preexec_fn=preexec)
        return Result(proc.returncode, proc.stdout or "", proc.stderr)

    return run
