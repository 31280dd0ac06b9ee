"""Automatic backups of event files, kept in the app's data folder.

Where: ``<data dir>/backups/<event file stem>-<8 hex of its full path>/``, one
folder per event file (the hash keeps two ``event.dialogue`` files in different
folders apart). The data folder rather than next to the event: a USB stick or a
shared folder does not fill up with copies, and the privacy tools find every
copy of an event in one place (:func:`list_backups`, :func:`purge_backups`).
Each folder has a ``source.txt`` naming the event file it belongs to and an
``event-id.txt`` with the event's identity (its UUID; ``package:<UUID>`` for a
table package). Backups are found by that identity, not by the path: after the
event file was renamed or moved, :func:`list_backups` and :func:`purge_backups`
still find every backup of it (forgetting a person must reach them all).

A backup is a consistent SQLite copy (online backup API), written each time the
GUI opens an event for writing; the newest ``Settings.backups_kept`` are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from dialogue_app import EVENT_SUFFIX, outputs, paths, storage
from dialogue_app.errors import EventFileCorrupt, EventFileError, NotFound, UserInputError
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


@dataclass(frozen=True)
class EventIdentity:
    """Who an event file is, whatever its name or folder."""

    id: str
    title: str
    is_package: bool

    @property
    def key(self) -> str:
        return f"package:{self.id}" if self.is_package else self.id


def event_identity(path: str | os.PathLike[str]) -> EventIdentity | None:
    """The identity stored inside an event file (None when it cannot be read, e.g. damaged)."""
    path = Path(path)
    if not path.is_file():
        return None
    found = storage.read_event_identity(path)
    return EventIdentity(*found) if found else None


def _path_folder(event_path: str | os.PathLike[str]) -> Path:
    resolved = Path(event_path).expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:8]
    return backups_root() / f"{resolved.stem}-{digest}"


def backup_dir(event_path: str | os.PathLike[str], *, create: bool = False) -> Path:
    """The folder holding the backups of one event file (at its current path)."""
    resolved = Path(event_path).expanduser().resolve()
    folder = _path_folder(resolved)
    if create:
        outputs.make_private_dir(folder)
        (folder / "source.txt").write_text(str(resolved) + "\n", encoding="utf-8")
        ident = event_identity(resolved)
        if ident is not None:
            (folder / "event-id.txt").write_text(ident.key + "\n", encoding="utf-8")
    return folder


def _backup_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if _NAME.match(p.name) and p.is_file()]
    except OSError:
        return []


def _folder_identity(folder: Path) -> str | None:
    marker = folder / "event-id.txt"
    try:
        return marker.read_text(encoding="utf-8").strip() or None
    except OSError:
        pass
    for p in sorted(_backup_files(folder), reverse=True):  # older folders: ask the backups themselves
        ident = event_identity(p)
        if ident is not None:
            return ident.key
    return None


def backup_folders(event_path: str | os.PathLike[str]) -> list[Path]:
    """Every backup folder of this event: the one for its current path and every folder whose
    backups belong to the same event (the file was renamed or moved since)."""
    folders = [_path_folder(event_path)]
    ident = event_identity(Path(event_path).expanduser())
    root = backups_root()
    if ident is not None and root.is_dir():
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and folder not in folders and _folder_identity(folder) == ident.key:
                folders.append(folder)
    return [f for f in folders if f.is_dir()]


def former_locations(event_path: str | os.PathLike[str]) -> list[Path]:
    """Where this event file lived before (from its backup folders' ``source.txt``), current path excluded."""
    current = Path(event_path).expanduser().resolve()
    out: list[Path] = []
    for folder in backup_folders(current):
        try:
            named = Path((folder / "source.txt").read_text(encoding="utf-8").strip())
        except OSError:
            continue
        if named != current and named not in out:
            out.append(named)
    return out


def list_backups(event_path: str | os.PathLike[str]) -> list[BackupInfo]:
    """Backups of an event (found by its identity, wherever the file now lives), newest first."""
    found = []
    for folder in backup_folders(event_path):
        for p in _backup_files(folder):
            m = _NAME.match(p.name)
            assert m is not None
            taken = dt.datetime.strptime(m.group("stamp"), STAMP)
            found.append(BackupInfo(p, taken, p.stat().st_size, m.group("label") or "open"))
    found.sort(key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns, b.path.name), reverse=True)
    return found


def make_backup(store: storage.EventStore, *, keep: int = 5, label: str = "open") -> Path:
    """Write a backup of an open event and keep only the newest ``keep`` automatic ones (a server
    event: an event file pulled from it, see :mod:`.pg_backup`)."""
    if store.is_server:
        from dialogue_app.storage.pg_backup import make_server_backup

        return make_server_backup(store, keep=keep, label=label)
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
    """Delete every backup of an event, wherever the event file lived when they were made
    (privacy: forgetting). Returns the number deleted."""
    n = 0
    for folder in backup_folders(event_path):
        for p in folder.iterdir():
            if p.is_file() or p.is_symlink():
                if _NAME.match(p.name):
                    n += 1
                p.unlink()
            elif p.is_dir():
                shutil.rmtree(p)
        folder.rmdir()
    return n


class NotThisEventsBackup(UserInputError):
    """The chosen file is a backup of another event, or a table package: ask before restoring it."""


def _foreign_reason(event_path: Path, backup: Path) -> str | None:
    """Why restoring ``backup`` over ``event_path`` would replace one event by another (None: it is fine)."""
    theirs = event_identity(backup)
    ours = event_identity(event_path) if event_path.exists() else None
    if ours is None:  # damaged or missing: the identity its backup folder recorded
        try:
            key = (_path_folder(event_path) / "event-id.txt").read_text(encoding="utf-8").strip()
        except OSError:
            key = ""
        ours_key = key or None
    else:
        ours_key = ours.key
    if theirs is not None and theirs.is_package:
        return _("{backup} is a table package, not a backup: restoring it would replace the whole event with "
                 "only the tables in the package.").format(backup=backup.name)
    if theirs is not None and ours_key is not None and theirs.key != ours_key:
        return _("{backup} is a backup of another event (“{title}”): restoring it would replace this event "
                 "with that one.").format(backup=backup.name, title=theirs.title)
    return None


def _keep_current(event_path: Path) -> Path | None:
    """A copy of the current file before it is replaced: a consistent copy when it can be opened,
    else (damaged) its raw bytes, labelled "damaged"."""
    if not event_path.exists():
        return None
    folder = backup_dir(event_path, create=True)
    stamp = dt.datetime.now().strftime(STAMP)
    try:
        current = storage.open_event_file(event_path, lock=False, upgrade=False)
    except EventFileError:
        current = None
    label = "before-restore" if current is not None else "damaged"
    safety = folder / f"{stamp}.{label}{EVENT_SUFFIX}"
    n = 1
    while safety.exists():
        n += 1
        safety = folder / f"{stamp}-{n}.{label}{EVENT_SUFFIX}"
    if current is None:
        tmp = safety.with_name(safety.name + ".part")
        try:
            shutil.copyfile(event_path, tmp)
            os.replace(tmp, safety)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        return safety
    try:
        storage.backup_file(current, dest=safety)
    finally:
        current.close()
    return safety


def restore_backup(event_path: str | os.PathLike[str], backup: str | os.PathLike[str], *,
                   force: bool = False) -> Path | None:
    """Replace a (closed) event file by one of its backups; a copy of the current file is kept first.

    Works on a damaged event file (its raw bytes are kept as a "damaged" copy). A backup of
    another event, or a table package, raises :class:`NotThisEventsBackup` unless ``force``.
    Returns the path of the copy of the current file (in the event's backups folder), or None
    when there was no current file.
    """
    event_path = Path(event_path).expanduser().resolve()
    backup = Path(backup).expanduser().resolve()
    if not backup.is_file():
        raise NotFound(_("The backup {path} does not exist.").format(path=backup))
    if backup == event_path:
        raise UserInputError(_("{path} is the event file itself, not a backup.").format(path=backup))
    reason = _foreign_reason(event_path, backup)
    if reason and not force:
        raise NotThisEventsBackup(reason)
    result = storage.integrity_check(backup)
    if result != "ok":  # before anything is touched
        raise EventFileCorrupt(_("The backup {path} is damaged ({detail}).").format(
            path=backup, detail=result))
    lock = storage.acquire_lock(event_path)  # nobody else may have it open while we swap it
    try:
        safety = _keep_current(event_path)
        storage.replace_event_file(backup, event_path)
    finally:
        if lock is not None:
            lock.release()
    return safety
