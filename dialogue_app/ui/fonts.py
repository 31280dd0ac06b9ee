"""The fonts the app ships, made known to Qt: a laptop without an Ethiopic font (most of them)
would otherwise show Tigrinya as empty boxes. Qt falls back to them for the letters the
system's font lacks."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from dialogue_app import resources

_installed: list[str] = []


def install_app_fonts() -> list[str]:
    """Register the shipped fonts with Qt once; returns the families added."""
    if _installed:
        return _installed
    folder = resources.resource_path("fonts")
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _installed.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _installed)
    return _installed
