"""What the slim install changes in the window: the chime is optional (Qt Multimedia lives in
the PySide6-Addons wheel, the `chime` extra), and the window carries the app's icon."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow


def _facilitation_panel(qtbot, demo_path):
    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(demo_path)
    return win, win.show_area("facilitation")


def test_without_qt_multimedia_the_timer_says_the_chime_is_off(qtbot, demo_path, monkeypatch):
    """Installed without the chime extra: the sound option says it is the system beep, with the
    reason in its tooltip, and overtime still signals (beep) without an error."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # as if PySide6-Addons were absent
    win, panel = _facilitation_panel(qtbot, demo_path)
    try:
        assert panel.sound_check.text() == "&Sound at overtime (system beep)"
        assert "Qt Multimedia is not installed or cannot load" in panel.sound_check.toolTip()
        assert panel.sound_check.accessibleName() == "Sound at overtime"
        panel._overtime_signal()
        assert panel.beeps == 1 and panel._sound is False
    finally:
        win.ctx.close_event()


def test_with_qt_multimedia_the_option_is_the_plain_chime(qtbot, demo_path):
    """With the chime extra installed the option reads as before, without the note."""
    pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)
    win, panel = _facilitation_panel(qtbot, demo_path)
    try:
        assert panel.sound_check.text() == "&Sound at overtime" and panel.sound_check.toolTip() == ""
    finally:
        win.ctx.close_event()


def test_the_application_has_the_icon(qtbot):
    """create_app gives every window the app icon (taskbar, Alt+Tab) and names the desktop file."""
    from dialogue_app.ui.app import create_app

    app = create_app()
    assert not app.windowIcon().isNull()
    assert {32, 256} <= {s.width() for s in app.windowIcon().availableSizes()}
    assert app.desktopFileName() == "dialogue-app"
