"""SQLite's errors in plain words: read-only, disk full, busy, damaged (by SQLite's message text)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.exc import OperationalError

from dialogue_app.errors import (
    EventFileCorrupt,
    EventFileError,
    EventFileReadOnly,
)
from dialogue_app.i18n import gettext as _


def _translate_operational(exc: OperationalError, path: Path) -> EventFileError:
    msg = str(exc.orig) if exc.orig else str(exc)
    if "readonly" in msg or "read-only" in msg:
        return EventFileReadOnly(_("The event file {path} is read-only: changes cannot be saved.").format(path=path))
    if "disk is full" in msg or ("disk I/O error" in msg and _nearly_full(path)):
        return EventFileError(_("The disk is full: the last change to {path} was not saved.").format(path=path))
    if "locked" in msg:
        return EventFileError(_("The event file {path} is busy in another program. Try again.").format(path=path))
    return EventFileCorrupt(_("The event file {path} could not be written: {error}").format(path=path, error=msg))


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1_000_000
    except OSError:
        return False
