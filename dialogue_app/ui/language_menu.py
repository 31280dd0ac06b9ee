"""Settings ▸ Language: the menu, and switching the interface language at once by rebuilding
the main window (same event, area and page), or at the next start when switching now would
lose something on screen. Qt's own strings (standard buttons, dialogs) follow the language."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from dialogue_app import i18n, settings
from dialogue_app.i18n import gettext as _
from dialogue_app.ui.fonts import install_app_fonts


class MainWindow(Protocol):
    """What the language switch needs of the main window (ui/main_window.py imports this module)."""

    ctx: Any
    language_actions: dict[str, QAction]

    def __init__(self, ctx: Any) -> None: ...
    def busy_reasons(self) -> list[str]: ...
    def set_language(self, code: str) -> bool: ...
    def take_over(self, old: Any) -> None: ...


def install_qt_translations(app: QApplication) -> None:
    """Qt's own strings (standard buttons, dialogs) in the interface language, and the
    window mirrored for a right-to-left language (Arabic)."""
    install_app_fonts()  # Tigrinya (Ethiopic letters) even where the system has no such font
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left() else Qt.LayoutDirection.LeftToRight
    )
    previous = getattr(app, "_qt_translator", None)
    if previous is not None:
        app.removeTranslator(previous)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    lang = i18n.current_language()
    # Qt's catalog for the language, else the nearest it ships (pt -> pt_BR), else English
    if translator.load(f"qtbase_{i18n.qt_catalog_locale(lang)}", folder) or translator.load(
        QLocale(lang), "qtbase", "_", folder
    ):
        app.installTranslator(translator)
    app._qt_translator = translator  # type: ignore[attr-defined]  # keep a reference


def qt_translation_file(app: QApplication) -> str:
    """The Qt catalog in use for Qt's own strings ("" when Qt speaks English)."""
    translator = getattr(app, "_qt_translator", None)
    return translator.filePath() if isinstance(translator, QTranslator) else ""


def build_language_menu(window: MainWindow, menu: QMenu) -> dict[str, QAction]:
    """One checkable action per language in ``menu``; returns them by language code."""
    lang_menu = menu.addMenu(_("&Language"))
    group = QActionGroup(lang_menu)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    for code in i18n.available_languages():
        act = lang_menu.addAction(i18n.language_label(code))
        act.setCheckable(True)
        act.setChecked(code == i18n.current_language())
        group.addAction(act)
        act.triggered.connect(lambda _c=False, c=code: window.set_language(c))
        actions[code] = act
    return actions


def set_language(window: MainWindow, code: str) -> bool:
    """Settings ▸ Language: remembered for the next start and, unless something on
    screen would be lost (unsaved edits, a task running, the projector open), applied
    at once by rebuilding the window in the new language. True when it switched."""
    code = i18n.normalise_language(code)
    window.ctx.settings.language = code
    settings.save(window.ctx.settings)
    if code in window.language_actions:
        window.language_actions[code].setChecked(True)
    if code == i18n.current_language():
        return False
    with i18n.language(code):  # the user chose this language: tell them in it
        reasons = window.busy_reasons()
        if reasons:
            msg = _("The language will change when you restart the app.") + "\n\n" + "\n".join(reasons)
    if reasons:
        window.ctx.dialogs.inform(window, i18n.language_name(code), msg)
        return False
    switch_language(window, code)
    return True


def switch_language(window: MainWindow, code: str) -> MainWindow:
    """Rebuild the main window in another language, keeping the open event, the area
    shown and the window's place (menus, panels and Qt's own strings all change). The new
    window is of the same class as ``window``, made on the same context."""
    app = QApplication.instance()
    i18n.set_language(code)
    if isinstance(app, QApplication):
        install_qt_translations(app)
        app.setApplicationDisplayName(i18n.gettext("Day of Dialogue"))
    new = type(window)(window.ctx)
    new.take_over(window)
    return new
