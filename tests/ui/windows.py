"""The main window for the GUI tests' fixtures."""

from __future__ import annotations


def open_main_window(qtbot, path):
    """A generator for fixtures: the main window at 1366×768 with the event at ``path`` open;
    the event is closed afterwards."""
    from dialogue_app.ui.context import AppContext
    from dialogue_app.ui.main_window import MainWindow

    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(path)
    yield win
    ctx.close_event()
