"""A message box for an error when the window cannot start (``dialogue-app-gui`` has no
console on Windows, so a message printed on stderr would be seen by nobody)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from dialogue_app.i18n import gettext as _


def show_error(message: str) -> None:
    """Show ``message`` in a modal error box (makes the QApplication if there is none yet)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    QMessageBox.critical(None, _("Day of Dialogue"), message)
