"""Starting the GUI from the command line (Qt is imported only here, lazily)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _


def _no_display() -> bool:
    """On Linux/BSD without X11 or Wayland Qt would abort the process; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_gui(path: Path | None) -> int:
    if _no_display():
        raise DialogueError(
            _("No screen was found (no DISPLAY or WAYLAND_DISPLAY), so the window cannot open. "
              "Run the app on a desktop, or use --no-gui where a command offers it.")
        )
    try:
        from dialogue_app.ui.app import run
    except ImportError as exc:
        raise DialogueError(
            _("The graphical interface is not available ({error}). Install the app with its dependencies.").format(
                error=exc
            )
        ) from exc
    return run(path)
