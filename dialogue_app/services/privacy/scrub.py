"""Making an erasure final on disk, and proving it (issue 28, class 3).

After the rows are gone (one committed transaction that also marks the erasure
*pending*), the file is rewritten (VACUUM) and the WAL checkpointed and truncated.
Another reader (a second window, an export, any SQLite program) holding a read
transaction keeps the old pages alive: the checkpoint cannot finish. We wait a
little, then fail loudly rather than claim success. :func:`verify` then checks the
result: the WAL is empty, no free pages remain, and no byte of the person's name,
e-mail or phone is in the file, its WAL/SHM/journal or any backup — scanned
case-insensitively as UTF-8 and UTF-16. Only then is the pending mark removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.exc import OperationalError

from dialogue_app import storage
from dialogue_app.errors import EventFileError
from dialogue_app.i18n import gettext as _

#: seconds to wait for other readers to let go before giving up
WAIT = 8.0
_SIDECARS = ("-wal", "-shm", "-journal")
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


class ErasureIncomplete(EventFileError):
    """The records are erased but the file or a backup may still hold old bytes: run again."""


def _busy(path: Path) -> ErasureIncomplete:
    return ErasureIncomplete(_(
        "The records were erased, but {path} still holds old copies of the data: another window or program "
        "is reading the file. Close it there and try again (run the same command, or open the event again in "
        "the app).").format(path=path))


def rewrite(store: storage.EventStore, *, wait: float | None = None) -> int:
    """VACUUM and truncate the WAL, waiting up to ``wait`` (default :data:`WAIT`) seconds for readers.
    Returns the WAL size after."""
    try:
        if not storage.rewrite_for_erasure(store, wait=WAIT if wait is None else wait):
            raise _busy(store.path)
    except OperationalError as exc:
        msg = str(exc.orig or exc)
        if "full" in msg or "disk I/O" in msg:
            raise ErasureIncomplete(_(
                "The records were erased, but {path} could not be rewritten: the disk is full. Free some space "
                "and try again (run the same command, or open the event again in the app)."
            ).format(path=store.path)) from exc
        if "locked" in msg or "busy" in msg:
            raise _busy(store.path) from exc
        raise ErasureIncomplete(_(
            "The records were erased, but {path} could not be rewritten ({error}). Try again (run the "
            "same command, or open the event again in the app).").format(path=store.path, error=msg)) from exc
    wal = Path(str(store.path) + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def files_of_event(path: Path, backups: Iterable[Path]) -> list[Path]:
    """The event file, its sidecars, every backup and their sidecars (those that exist)."""
    out: list[Path] = []
    for p in [Path(path), *backups]:
        out += [p, *(Path(str(p) + s) for s in _SIDECARS)]
    return [p for p in dict.fromkeys(out) if p.is_file()]


def found_in(blob: bytes, needles: Iterable[str]) -> bool:
    """Is any needle in these bytes, ignoring (ASCII) case, as UTF-8 or UTF-16?"""
    low = blob.lower()
    for needle in needles:
        for variant in {needle, needle.casefold(), needle.lower(), needle.upper()}:
            for enc in _ENCODINGS:
                if variant.encode(enc).lower() in low:
                    return True
    return False


def verify(store: storage.EventStore, files: Iterable[Path], needles: Iterable[str]) -> None:
    """Raise :class:`ErasureIncomplete` unless the file is fully rewritten and no needle remains anywhere."""
    wal = Path(str(store.path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise _busy(store.path)
    if storage.free_pages(store):
        raise _busy(store.path)
    needles = [n for n in needles if n]
    if not needles:
        return
    for f in files:
        try:
            blob = f.read_bytes()
        except OSError as exc:
            raise ErasureIncomplete(_(
                "The records were erased, but {path} could not be checked ({error}). "
                "Try again (run the same command, or open the event again in the app)."
            ).format(path=f, error=exc.strerror)) from exc
        if found_in(blob, needles):
            raise ErasureIncomplete(_(
                "The records were erased, but traces of them remain in {path}. Close other windows or programs "
                "using the event and try again (run the same command, or open the event again in the app)."
            ).format(path=f))
