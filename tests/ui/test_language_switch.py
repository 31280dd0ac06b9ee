"""Settings ▸ Language switches the interface at once: the window is rebuilt in the new
language with the same event, area and page; it waits for a restart when switching now
would lose something on screen."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
)

from dialogue_app import i18n, paths, settings
from dialogue_app.ui import areas, context
from dialogue_app.ui.app import install_qt_translations
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow


@pytest.fixture
def ctx(qtbot, demo_path):
    """An open demo event in a main window that a test may replace (not registered with
    qtbot: a language switch deletes it)."""
    c = AppContext()
    win = MainWindow(c)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(demo_path)
    yield c
    c.close_event()
    if c.window is not None and shiboken6.isValid(c.window):
        c.window.close()
        c.window.deleteLater()
    i18n.set_language("en")
    install_qt_translations(QApplication.instance())


def _settle() -> None:
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _menu_titles(win: MainWindow) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def test_switch_rebuilds_the_window_in_the_new_language(ctx, qtbot):
    old = ctx.window
    old.show_area("people")
    assert "&File" in _menu_titles(old)
    assert old.set_language("nl") is True
    _settle()
    new = ctx.window
    assert new is not old and not shiboken6.isValid(old)  # the old window is gone
    assert i18n.current_language() == "nl"
    assert settings.load().language == "nl"  # and kept for the next start
    assert "&Bestand" in _menu_titles(new) and "&File" not in _menu_titles(new)
    assert new.nav.item(1).text() == i18n.gettext("People") != "People"
    # same event, same area, nothing closed
    assert ctx.has_event and new.nav.currentRow() == 1
    assert new.pages.currentWidget() is new.panel("people")
    assert new.language_actions["nl"].isChecked() and not new.language_actions["en"].isChecked()
    assert "Nederlands" in new.statusBar().currentMessage()
    # signals of the context reach only the new window (no call into the deleted one)
    ctx.status_message.emit("hello")
    ctx.data_changed.emit({"event", "people", "privacy"})
    assert new.statusBar().currentMessage() == "hello"
    assert context.REPORTED == []
    # closing the event still works and shows the welcome screen, in Dutch
    ctx.close_event()
    assert new.central.currentIndex() == 0
    assert new.windowTitle() == i18n.gettext("Day of Dialogue")


def test_facilitation_keeps_table_round_and_notes(ctx, qtbot):
    old = ctx.window
    panel = old.show_area("facilitation")
    panel.table_combo.setCurrentIndex(2)
    table = panel.table_id
    panel.notes_edit.setPlainText("Quiet start; Sam arrived late.")
    assert old.set_language("fr")
    _settle()
    new = ctx.window.show_area("facilitation")
    assert new.table_id == table
    assert new.notes_edit.toPlainText() == "Quiet start; Sam arrived late."  # saved on the way out
    assert ctx.window.windowTitle().endswith(i18n.gettext("Day of Dialogue"))


def test_unsaved_edits_wait_for_a_restart(ctx, qtbot, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text)))
    old = ctx.window
    event = old.show_area("event")
    qtbot.keyClicks(event.title, " (edited)")
    assert event.save_button.isEnabled()
    assert old.set_language("nl") is False
    assert ctx.window is old and shiboken6.isValid(old)
    assert i18n.current_language() == "en"
    assert settings.load().language == "nl"  # applied at the next start
    assert old.language_actions["nl"].isChecked()
    # told in the chosen language, with the reason
    with i18n.language("nl"):
        assert shown == [i18n.gettext("The language will change when you restart the app.") + "\n\n"
                         + i18n.gettext("The event settings have changes that are not saved yet.")]
    assert "(edited)" in event.title.text()  # nothing lost


def test_a_typed_survey_form_waits_too(ctx, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    old = ctx.window
    surveys = old.show_area("surveys")
    surveys.tabs.setCurrentWidget(surveys.paper)
    surveys.paper.code.setText("AB12")
    assert old.set_language("fr") is False
    surveys.paper.reset()
    assert old.set_language("fr") is True
    _settle()
    new = ctx.window.pages.currentWidget()
    assert new.tabs.currentWidget() is new.paper  # same page of the Surveys area


def _everything_shown(win: MainWindow, hide: tuple[str, ...]) -> list[tuple]:
    """Texts and accessible names of every area, the menus and their entries (those
    that contain a string of ``hide``, e.g. the event's folder, left out)."""
    out: list[tuple] = []
    for spec in areas.AREAS:
        p = win.show_area(spec.key)
        for w in p.findChildren(QAbstractButton):
            out.append((spec.key, w.text(), w.accessibleName(), w.toolTip()))
        for w in p.findChildren(QLabel):
            out.append((spec.key, w.text(), w.accessibleName()))
        for w in p.findChildren(QGroupBox):
            out.append((spec.key, w.title()))
        for w in p.findChildren(QTabWidget):
            out += [(spec.key, w.tabText(i)) for i in range(w.count())]
        for w in p.findChildren(QLineEdit):
            out.append((spec.key, w.placeholderText(), w.accessibleName()))
        for w in p.findChildren(QComboBox):
            out += [(spec.key, w.itemText(i)) for i in range(w.count())]
    for m in win.menuBar().actions():
        out += [("menu", m.text())] + [("menu", a.text()) for a in m.menu().actions()]
    out += [("nav", win.nav.item(i).text(), win.nav.item(i).toolTip()) for i in range(win.nav.count())]
    return sorted(x for x in out if not any(h in str(t) for t in x for h in hide))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_switched_window_shows_what_a_fresh_start_in_that_language_shows(ctx, qtbot, demo_path, lang):
    """No text stays behind in the old language: every area, menu and accessible name after
    a switch equals a window started in the new language."""
    hide = (str(demo_path.parent), str(paths.data_dir() / "backups"))  # a reopened file has one backup more
    old = ctx.window
    old.show_area("tables")
    assert old.set_language(lang)
    _settle()
    switched = _everything_shown(ctx.window, hide)
    ctx.close_event()

    fresh_ctx = AppContext()
    fresh = MainWindow(fresh_ctx)  # i18n is in `lang` now, as after a restart
    qtbot.addWidget(fresh)
    fresh.resize(1366, 768)
    fresh.show()
    assert fresh.open_path(demo_path)
    try:
        assert _everything_shown(fresh, hide) == switched
    finally:
        fresh_ctx.close_event()


def test_switch_on_the_welcome_screen(ctx, qtbot):
    ctx.close_event()
    old = ctx.window
    assert old.set_language("nl")
    _settle()
    new = ctx.window
    assert not ctx.has_event and new.central.currentIndex() == 0
    assert new.windowTitle() == i18n.gettext("Day of Dialogue") and "&Bestand" in _menu_titles(new)
    assert not new.act_import.isEnabled() and not new.act_close.isEnabled()


def test_arabic_mirrors_the_window_and_english_restores_it(ctx, qtbot):
    """Settings ▸ Language ▸ Arabic lays the window out right to left (navigation on the
    right, menus in Arabic); back in English it reads left to right again."""
    from PySide6.QtCore import Qt

    assert ctx.window.set_language("ar") is True
    _settle()
    win = ctx.window
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert win.isRightToLeft()
    assert any("ملف" in t for t in _menu_titles(win))  # File
    assert win.set_language("en") is True
    _settle()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert "&File" in _menu_titles(ctx.window)
