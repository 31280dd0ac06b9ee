"""The Welcome screen's recent events: titles, dates and places instead of file stems."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dialogue_app import i18n


def test_recent_events_show_title_date_and_place(qtbot, demo_path, tmp_path):
    """Each recent event shows its title and its date (as the language writes it) with the file's
    place; a file that is gone says "missing" and cannot be chosen; choosing one opens that file."""
    import dataclasses

    from dialogue_app import storage
    from dialogue_app.services import events, recent
    from dialogue_app.ui.welcome import WelcomeScreen

    store = storage.open_event_file(demo_path)
    with store.session() as s:
        events.update_settings(s, dataclasses.replace(events.get_settings(s), title="Dialogue day in the port",
                                                      date=dt.date(2027, 1, 5)))
    store.close()
    assert recent.describe(str(demo_path)).title == "Dialogue day in the port"
    gone = tmp_path / "gone.dialogue"
    screen = WelcomeScreen()
    qtbot.addWidget(screen)
    screen.set_recent([str(demo_path), str(gone)])
    first, second = screen.recent.item(0), screen.recent.item(1)
    assert first.text().splitlines()[0] == "Dialogue day in the port, " + i18n.format_date(dt.date(2027, 1, 5), "long")
    assert "January 5, 2027" in first.text()
    assert str(demo_path) in first.text()
    assert "missing" in second.text() and "gone" in second.text()
    assert not second.flags() & Qt.ItemFlag.ItemIsEnabled
    assert screen.recent.currentRow() == 0
    chosen = []
    screen.recent_chosen.connect(chosen.append)
    screen.recent.itemActivated.emit(first)
    assert chosen == [str(demo_path)]
