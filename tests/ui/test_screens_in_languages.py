"""Every main screen in Arabic, Tigrinya and Polish (issue 32): on a demo event made in that language, at
1366×768, the navigation names each area in the catalog's words, each area shows its own title, and no
visible label, button, tab or group title of the app is left in English where the catalog has a
translation (names, places and other data are not messages and are left alone)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QListView,
    QTabWidget,
    QWidget,
)

from dialogue_app import i18n
from dialogue_app.services import demo
from dialogue_app.ui import areas
from dialogue_app.ui.language_menu import install_qt_translations
from dialogue_app.ui.main_window import MainWindow
from tests.ui.windows import open_main_window

LANGUAGES = ("ar", "ti", "pl")


@pytest.fixture(params=LANGUAGES)
def window_in(request, qtbot, tmp_path):
    """The main window in the language, with a small demo event made in that language open."""
    lang = request.param
    i18n.set_language(lang)
    install_qt_translations(QApplication.instance())
    path = demo.create_demo_file(tmp_path / "demo.dialogue", participants=16, seed=1, lang=lang)
    windows = open_main_window(qtbot, path)
    try:
        yield lang, next(windows)
    finally:
        next(windows, None)
        i18n.set_language("en")
        install_qt_translations(QApplication.instance())


def _plain(text: str) -> str:
    """Without the keyboard mnemonic's "&" (a doubled "&&" is a real one)."""
    return re.sub(r"&(.)", r"\1", text).strip()


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(kind, text) of every visible label, button, group title, tab, choice, column title and (first 30
    rows of) cell under ``root``."""
    out: list[tuple[str, str]] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.textFormat() != 1:  # 1: rich text, compared by its words below
            out.append(("QLabel", w.text()))
        elif isinstance(w, QLabel):
            out.append(("QLabel", re.sub(r"<[^>]+>", "", w.text())))
        elif isinstance(w, QAbstractButton):
            out.append((type(w).__name__, w.text()))
        elif isinstance(w, QGroupBox):
            out.append(("QGroupBox", w.title()))
        elif isinstance(w, QTabWidget):
            out += [("tab", w.tabText(i)) for i in range(w.count()) if w.isTabVisible(i)]
        elif isinstance(w, QComboBox):
            out += [("choice", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            columns = 1 if isinstance(w, QListView) else model.columnCount()
            out += [("column", str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in range(columns)]
            out += [("cell", str(model.index(r, c).data() or "")) for r in range(min(model.rowCount(), 30))
                    for c in range(columns)]
    return [(kind, text.strip()) for kind, text in out if _plain(text)]


def _menu_actions(actions) -> list:
    """The menu bar's actions and, recursively, those of every menu and submenu."""
    out = []
    for a in actions:
        out.append(a)
        if a.menu() is not None:
            out += _menu_actions(a.menu().actions())
    return out


def _untranslated(lang: str, texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The texts that are an English message the catalog translates into ``lang``."""
    with i18n.language(lang):
        return [(kind, text) for kind, text in texts
                if i18n.gettext(text) != text or i18n.gettext(_plain(text)) != _plain(text)]


def test_every_screen_speaks_the_language(window_in, qtbot):
    """An Arabic, Tigrinya or Polish user sees the window's title, every area's name in the navigation
    and each area's labels, buttons and tabs (at least three catalog translations on each) in their
    language: nothing the app says is left in English where a translation exists."""
    lang, win = window_in
    with i18n.language(lang):
        titles = {spec.key: i18n.gettext(spec.title) for spec in areas.AREAS}
    assert all(titles[s.key] != s.title for s in areas.AREAS), "an area's name is not translated"
    assert [win.nav.item(i).text() for i in range(win.nav.count())][:len(areas.AREAS)] == \
        [titles[s.key] for s in areas.AREAS]
    menus = [("menu", a.text()) for a in _menu_actions(win.menuBar().actions()) if a.text()]
    assert len(menus) > 20 and not _untranslated(lang, menus), _untranslated(lang, menus)
    # every translation in the catalog, as shown (without "&"): each screen's headings, buttons and tabs
    translated = {_plain(v) for v in i18n.translation(lang)._catalog.values() if isinstance(v, str)}  # type: ignore[attr-defined]
    with i18n.language(lang):
        app_name = i18n.gettext("Day of Dialogue")
    assert app_name != "Day of Dialogue" and win.windowTitle().endswith(app_name), win.windowTitle()
    found: list[str] = []
    for spec in areas.AREAS:
        panel = win.show_area(spec.key)
        assert panel is not None, spec.key
        QApplication.processEvents()
        screens = [(spec.key, _visible_texts(panel))]
        for k, tabs in enumerate(t for t in panel.findChildren(QTabWidget) if t.isVisible()):
            for index in range(1, tabs.count()):
                if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
                    tabs.setCurrentIndex(index)
                    QApplication.processEvents()
                    screens.append((f"{spec.key}-tabs{k}-page{index}", _visible_texts(tabs.currentWidget())))
            tabs.setCurrentIndex(0)
        shown = {_plain(text) for _screen, texts in screens for _kind, text in texts}
        assert len(shown & translated) >= 3, (spec.key, sorted(shown)[:20])
        found += [f"{screen}: {kind} “{text}”" for screen, texts in screens for kind, text in
                  _untranslated(lang, texts)]
    assert not found, f"{len(found)} English texts on the {lang} screens:\n" + "\n".join(sorted(set(found)))
    assert isinstance(win, MainWindow)
