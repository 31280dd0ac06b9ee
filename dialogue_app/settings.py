"""User preferences (language, recent events, backups kept) in a small JSON file.

Plain JSON rather than QSettings so that the command line and the GUI share the
same preferences and tests can isolate them with the data-dir override.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dialogue_app import paths

MAX_RECENT = 10


@dataclass
class Settings:
    language: str | None = None  # None: the system language
    recent: list[str] = field(default_factory=list)
    backups_kept: int = 5

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        # a server event (postgresql://…?event=NAME, never with a password) is kept as its address
        p = path if isinstance(path, str) and "://" in path else str(Path(path).resolve())
        self.recent = [p] + [r for r in self.recent if r != p]
        del self.recent[MAX_RECENT:]


def load() -> Settings:
    """Read the settings; a missing or damaged file gives the defaults."""
    try:
        raw = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    s = Settings()
    if isinstance(raw.get("language"), str):
        s.language = raw["language"]
    if isinstance(raw.get("recent"), list):
        s.recent = [r for r in raw["recent"] if isinstance(r, str)][:MAX_RECENT]
    if isinstance(raw.get("backups_kept"), int) and 1 <= raw["backups_kept"] <= 100:
        s.backups_kept = raw["backups_kept"]
    return s


def save(settings: Settings) -> None:
    """Write the settings atomically (a crash never leaves half a file)."""
    target = paths.settings_file()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, target)
