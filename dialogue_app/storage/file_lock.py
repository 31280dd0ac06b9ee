"""One writer per file: an OS lock (fcntl / msvcrt) on ``<file>.lock``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import sys
import threading
from pathlib import Path

from dialogue_app import outputs
from dialogue_app.errors import (
    EventFileInUse,
)
from dialogue_app.i18n import gettext as _

log = logging.getLogger(__name__)


_HELD: dict[Path, FileLock] = {}


_HELD_GUARD = threading.Lock()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class FileLock:
    """An exclusive OS lock (fcntl / msvcrt) held while an event file is open for writing.

    The OS drops it when the process dies, so a crash never leaves a stale lock;
    the file's content (pid, host, time) only serves the message shown to a
    second opener. Re-entrant inside one process (reference counted).
    """

    def __init__(self, path: Path, handle) -> None:
        self.path = path
        self._handle = handle
        self._count = 1

    def release(self) -> None:
        with _HELD_GUARD:
            if self._handle is None:
                return
            self._count -= 1
            if self._count > 0:
                return
            _HELD.pop(self.path, None)
            handle, self._handle = self._handle, None
            with contextlib.suppress(OSError):
                lock_path(self.path).unlink()
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):  # a full disk cannot flush the lock file's text
                handle.close()


def _try_lock(handle) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_holder(path: Path) -> dict:
    """What the lock file says about its holder (may be stale or empty)."""
    try:
        raw = lock_path(Path(path)).read_text(encoding="utf-8").strip()
        info = json.loads(raw) if raw else {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def acquire_lock(path: str | os.PathLike[str]) -> FileLock | None:
    """Lock an event file for writing, or raise :class:`EventFileInUse`.

    Returns None when the folder cannot hold a lock file (read-only media): the
    file cannot be written there anyway.
    """
    path = Path(path).resolve()
    with _HELD_GUARD:
        held = _HELD.get(path)
        if held is not None:
            held._count += 1
            return held
        target = lock_path(path)
        for _attempt in range(5):
            try:  # never through a symlink planted at the lock's name (it would be truncated)
                handle = outputs.open_lock_file(target)
            except OSError:
                log.warning("cannot create the lock file %s", target, exc_info=True)
                return None
            if not _try_lock(handle):
                handle.close()
                info = lock_holder(path)
                raise EventFileInUse(
                    _(
                        "{path} is open in another window or program (process {pid} on {host} since {time}). "
                        "Close it there first, or open the file read-only."
                    ).format(
                        path=path, pid=info.get("pid", "?"), host=info.get("host", "?"), time=info.get("time", "?")
                    )
                )
            try:  # the previous holder may have removed the file between our open and lock
                same = os.fstat(handle.fileno()).st_ino == os.stat(target).st_ino
            except OSError:
                same = False
            if not same and sys.platform != "win32":
                _unlock(handle)
                handle.close()
                continue
            break
        else:  # pragma: no cover - needs a pathological race
            raise EventFileInUse(_("{path} is being opened by another program. Try again.").format(path=path))
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "time": dt.datetime.now().isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(info))
            handle.flush()
        lock = FileLock(path, handle)
        _HELD[path] = lock
        return lock
