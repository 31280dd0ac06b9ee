"""Attack helpers of the hardening tests (issue 28): the real command line in a subprocess, and a
byte scan of EVERY file in the given folders — not only the files the production code lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, data_dir: Path, timeout: float = 120, prefix: tuple[str, ...] = (),
            **kw) -> subprocess.CompletedProcess:
    """``python -m dialogue_app ARGS`` in a real subprocess (its own data folder, English);
    ``prefix``: a command to run it under (e.g. setpriv dropping root's permission override)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIALOGUE_APP_DATA_DIR": str(data_dir), "LANG": "C.UTF-8",
           "LANGUAGE": "en", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*prefix, sys.executable, "-m", "dialogue_app", "--lang", "en", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, **kw)


def variants(needle: str) -> set[bytes]:
    out = set()
    for text in {needle, needle.lower(), needle.upper(), needle.casefold()}:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            out.add(text.encode(enc).lower())
    return out


def scan(folders, needles) -> list[str]:
    """Every (file, needle) where a needle occurs, ignoring case, as UTF-8 or UTF-16, in any file
    under the folders (recursively; sidecars, temporary files and strays included)."""
    hits = []
    for folder in folders:
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                p = Path(dirpath) / name
                try:
                    blob = p.read_bytes().lower()
                except OSError:
                    continue
                for needle in needles:
                    if any(v in blob for v in variants(needle)):
                        hits.append(f"{p}: {needle!r}")
    return hits
