"""Automatic backups of event files, kept in the app's data folder.

Where: ``<data dir>/backups/<event file stem>-<8 hex of its full path>/``, one
folder per event file (the hash keeps two ``event.dialogue`` files in different
folders apart). The data folder rather than next to the event: a USB stick or a
shared folder does not fill up with copies, and the privacy tools find every
copy of an event in one place (:func:`list_backups`, :func:`purge_backups`).
Each folder has a ``source.txt`` naming the event file it belongs to.

A backup is a consistent SQLite copy (online backup API), written each time the
GUI opens an event for writing; the newest ``Settings.backups_kept`` are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from dialogue_app import EVENT_SUFFIX, outputs, paths, storage
from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _

STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:\.(?P<label>[a-z-]+))?\.dialogue$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    size: int
    #: "open" for the automatic backup at opening, "before-restore", "before-merge"
    label: str


def backups_root() -> Path:
    return paths.data_dir() / "backups"


def backup_dir(event_path: str | os.PathLike[str], *, create: bool = False) -> Path:
    """The folder holding the backups of one event file."""
    resolved = Path(event_path).expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:8]
    folder = backups_root() / f"{resolved.stem}-{digest}"
    if create:
        outputs.make_private_dir(folder)
        (folder / "source.txt").write_text(str(resolved) + "\n", encoding="utf-8")
    return folder


def list_backups(event_path: str | os.PathLike[str]) -> list[BackupInfo]:
    """Backups of an event file, newest first."""
    folder = backup_dir(event_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or not p.is_file():
            continue
        taken = dt.datetime.strptime(m.group("stamp"), STAMP)
        found.append(BackupInfo(p, taken, p.stat().st_size, m.group("label") or "open"))
    found.sort(key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns, b.path.name), reverse=True)
    return found


def make_backup(store: storage.EventStore, *, keep: int = 5, label: str = "open") -> Path:
    """Write a backup of an open event and keep only the newest ``keep`` automatic ones."""
    folder = backup_dir(store.path, create=True)
    stamp = dt.datetime.now().strftime(STAMP)
    suffix = "" if label == "open" else f".{label}"
    dest = folder / f"{stamp}{suffix}{EVENT_SUFFIX}"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{stamp}-{n}{suffix}{EVENT_SUFFIX}"
    storage.backup_file(store, dest=dest)
    prune_backups(store.path, keep=keep)
    return dest


def prune_backups(event_path: str | os.PathLike[str], *, keep: int) -> int:
    """Delete all but the newest ``keep`` backups of each kind; returns how many went."""
    removed = 0
    seen: dict[str, int] = {}
    for b in list_backups(event_path):
        seen[b.label] = seen.get(b.label, 0) + 1
        if seen[b.label] > max(1, keep):
            b.path.unlink(missing_ok=True)
            removed += 1
    return removed


def purge_backups(event_path: str | os.PathLike[str]) -> int:
    """Delete every backup of an event file (privacy: forgetting an event). Returns the number deleted."""
    folder = backup_dir(event_path)
    if not folder.is_dir():
        return 0
    n = 0
    for p in folder.iterdir():
        if p.is_file():
            if _NAME.match(p.name):
                n += 1
            p.unlink()
    folder.rmdir()
    return n


def restore_backup(event_path: str | os.PathLike[str], backup: str | os.PathLike[str]) -> Path | None:
    """Replace a (closed) event file by one of its backups; a copy of the current file is kept first.

    Returns the path of that copy (in the same backups folder, labelled "before-restore"),
    or None when there was no current file.
    """
    event_path = Path(event_path).expanduser().resolve()
    backup = Path(backup).expanduser().resolve()
    if not backup.is_file():
        raise NotFound(_("The backup {path} does not exist.").format(path=backup))
    lock = storage.acquire_lock(event_path)  # nobody else may have it open while we swap it
    try:
        safety = None
        if event_path.exists():
            current = storage.open_event_file(event_path, lock=False, upgrade=False)
            try:
                folder = backup_dir(event_path, create=True)
                stamp = dt.datetime.now().strftime(STAMP)
                safety = folder / f"{stamp}.before-restore{EVENT_SUFFIX}"
                n = 1
                while safety.exists():
                    n += 1
                    safety = folder / f"{stamp}-{n}.before-restore{EVENT_SUFFIX}"
                storage.backup_file(current, dest=safety)
            finally:
                current.close()
        storage.replace_event_file(backup, event_path)
    finally:
        if lock is not None:
            lock.release()
    return safety
