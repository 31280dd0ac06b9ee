"""Starting the GUI from the command line (Qt is imported only here, lazily)."""

from __future__ import annotations

from pathlib import Path

from dialogue_app.errors import DialogueError
from dialogue_app.i18n import gettext as _


def launch_gui(path: Path | None) -> int:
    try:
        from dialogue_app.ui.app import run
    except ImportError as exc:
        raise DialogueError(
            _("The graphical interface is not available ({error}). Install the app with its dependencies.").format(
                error=exc
            )
        ) from exc
    return run(path)
