"""Where the app keeps its files.

Everything goes below one data directory: the platform's user data directory by
default, or the directory named by ``--data-dir`` / ``DIALOGUE_APP_DATA_DIR``.
Tests always set the override, so they never touch a real user's files.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

from dialogue_app import APP_NAME

ENV_DATA_DIR = "DIALOGUE_APP_DATA_DIR"
_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Override the data directory for this process (``None`` restores the default)."""
    global _override
    _override = Path(path).expanduser().resolve() if path else None


def make_private_dir(path: str | os.PathLike[str]) -> Path:
    """Create the folder ``path`` (and its parents) if needed; a folder it creates is 0700."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def data_dir() -> Path:
    """The directory for events, settings, logs and caches (created on demand)."""
    if _override is not None:
        base = _override
    elif os.environ.get(ENV_DATA_DIR):
        base = Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    else:
        base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if not base.is_dir():  # private: it holds backups of events and the log
        make_private_dir(base)
    return base


def events_dir() -> Path:
    """Default folder for new events and the demo event."""
    path = data_dir() / "events"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = data_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return data_dir() / "settings.json"
