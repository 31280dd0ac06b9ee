"""Starting the Qt application."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dialogue_app import i18n, resources
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow


def install_qt_translations(app: QApplication) -> None:
    """Qt's own strings (standard buttons, dialogs) in the interface language."""
    previous = getattr(app, "_qt_translator", None)
    if previous is not None:
        app.removeTranslator(previous)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(i18n.current_language()), "qtbase", "_", folder):
        app.installTranslator(translator)
    app._qt_translator = translator  # keep a reference


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("dialogue_app")
    app.setDesktopFileName("dialogue-app")  # the .desktop file (taskbar icon on Wayland)
    icon = QIcon()
    for path in resources.icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)
    app.setApplicationDisplayName(i18n.gettext("Day of Dialogue"))
    install_qt_translations(app)
    return app


def switch_language(window: MainWindow, code: str) -> MainWindow:
    """Rebuild the main window in another language, keeping the open event, the area
    shown and the window's place (menus, panels and Qt's own strings all change)."""
    app = QApplication.instance()
    i18n.set_language(code)
    if app is not None:
        install_qt_translations(app)
        app.setApplicationDisplayName(i18n.gettext("Day of Dialogue"))
    new = MainWindow(window.ctx)
    new.take_over(window)
    return new


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
