"""Fixtures of the hardening tests: the real command line in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(isolated_data_dir):
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
