"""A throw-away PostgreSQL cluster for the tests: initdb in a temporary folder, a free port, a
Unix socket in that folder, no TCP listener; stopped and removed at the end of the run.

Uses the distribution's server binaries (``pg_config --bindir``, or /usr/lib/postgresql/*/bin).
As root (CI containers), the cluster runs as the ``postgres`` system user, which the Debian
package creates. ``DIALOGUE_APP_TEST_PG=postgresql://…`` uses an existing server instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl live, or None when no PostgreSQL server is installed."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10).stdout.strip()
            candidates.append(Path(out))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_cluster_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextlib.contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[str]:
    """Start a new cluster; yield a superuser URL to its database ``dialogue``; stop and delete it."""
    root = Path(tempfile.mkdtemp(prefix="dialogue-pg-"))
    os.chmod(root, 0o755)
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    run = dict(check=True, capture_output=True, text=True, timeout=120, env=env)
    subprocess.run(
        _as_cluster_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        **run,  # type: ignore[arg-type]
    )
    options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_cluster_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                          "-w", "start"]),
        **run,  # type: ignore[arg-type]
    )
    try:
        subprocess.run(
            [str(bindir / "createdb"), "-h", str(root), "-p", str(port), "-U", "postgres", "dialogue"],
            **run,  # type: ignore[arg-type]
        )
        yield f"postgresql://postgres@/dialogue?host={root}&port={port}"
    finally:
        subprocess.run(
            _as_cluster_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True, timeout=60, env=env,
        )
        shutil.rmtree(root, ignore_errors=True)
