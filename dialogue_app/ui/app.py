"""Starting the Qt application."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dialogue_app import i18n, resources
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.language_menu import install_qt_translations
from dialogue_app.ui.main_window import MainWindow


def create_app(argv: list[str] | None = None) -> QApplication:
    app = cast(QApplication, QApplication.instance() or QApplication(argv or sys.argv[:1]))
    app.setApplicationName("dialogue_app")
    app.setDesktopFileName("dialogue-app")  # the .desktop file (taskbar icon on Wayland)
    icon = QIcon()
    for path in resources.icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)
    app.setApplicationDisplayName(i18n.gettext("Day of Dialogue"))
    install_qt_translations(app)
    return app


def run(path: Path | None = None) -> int:
    app = create_app()
    ctx = AppContext()
    window = MainWindow(ctx)
    window.show()
    if path is not None:
        window.open_path(path)
    if os.environ.get("DIALOGUE_APP_QUIT_WHEN_READY"):  # smoke test, start-time measurement
        QTimer.singleShot(0, lambda: _report_ready(app, window, os.environ["DIALOGUE_APP_QUIT_WHEN_READY"]))
    return app.exec()


def _report_ready(app: QApplication, window: MainWindow, screenshot: str) -> None:
    """The event loop runs with the window shown: say so (and save a picture), then quit."""
    if screenshot.endswith(".png"):
        window.grab().save(screenshot)
    print(f"window ready: {window.windowTitle()}", flush=True)
    app.quit()
