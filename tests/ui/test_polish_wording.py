"""Polish: the New event dialog's shortcuts and dates, dates in one format per kind."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from dialogue_app import i18n

UI = Path(__file__).resolve().parents[2] / "dialogue_app" / "ui"


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_new_event_dialog_shows_no_literal_ampersand(qtbot, lang):
    """Every label of the New event dialog with a shortcut ("Table &size") has a field to jump to,
    so it shows an underlined letter instead of a literal "&", and no two labels share a letter."""
    from dialogue_app.ui.new_event_dialog import NewEventDialog

    with i18n.language(lang):
        i18n.set_language(lang)
        try:
            dlg = NewEventDialog()
            qtbot.addWidget(dlg)
        finally:
            i18n.set_language("en")
    keys = []
    for label in dlg.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, f"{lang}: {label.text()!r} would show a literal '&'"
            keys.append(re.search(r"&(\w)", label.text()).group(1).lower())
    assert "&" in dlg.size_label.text() and dlg.size_label.buddy() is dlg.size_min
    assert len(keys) == len(set(keys)), f"{lang}: shortcut letters repeat: {keys}"


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_date_fields_show_what_the_tables_show(qtbot, lang):
    """A date field (New event) shows a date exactly as the app prints a short date in that
    language, with a four-digit year (not "5 01 2027" next to "1/5/27")."""
    from PySide6.QtCore import QDate

    from dialogue_app.ui.new_event_dialog import NewEventDialog

    i18n.set_language(lang)
    try:
        dlg = NewEventDialog()
        qtbot.addWidget(dlg)
        dlg.date.setDate(QDate(2027, 1, 5))
        expected = i18n.format_date(dt.date(2027, 1, 5), "short")
    finally:
        i18n.set_language("en")
    assert dlg.date.text() == expected
    assert "2027" in expected


def test_one_short_date_and_time_format_per_language():
    """Short dates have a four-digit year in every language, and date-times reuse the same date and
    time formats (English: 11/5/2026 and 6:30 PM, never 2026-11-05 or 18:30)."""
    when = dt.datetime(2026, 11, 5, 18, 30)
    with i18n.language("en"):
        assert i18n.format_date(when.date(), "short") == "11/5/2026"
        assert i18n.format_time(when).replace("\u202f", " ") == "6:30 PM"
        assert i18n.format_datetime(when, "short").replace("\u202f", " ") == "11/5/2026, 6:30 PM"
    with i18n.language("nl"):
        assert i18n.format_date(when.date(), "short") == "05-11-2026"
        assert i18n.format_time(when) == "18:30"


def test_widgets_do_not_format_dates_themselves():
    """No screen formats a date or time on its own (strftime, a fixed Qt display format): they all
    go through the helpers in dialogue_app/i18n.py, so one language shows one format."""
    offenders = []
    for py in sorted(UI.glob("*.py")):
        for n, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"strftime\(|setDisplayFormat\([\"']", line):
                offenders.append(f"{py.name}:{n}: {line.strip()}")
    assert offenders == []


def test_privacy_page_and_person_dialog_say_what_the_export_list_says(qtbot, window):
    """The Privacy page and the person dialog no longer say exports never contain origin or religion:
    both show the sentence made from exports.py, which names the people list."""
    from dialogue_app import exports
    from dialogue_app.services import people as people_service

    rule = exports.sensitive_rule()
    privacy = window.show_area("privacy")
    texts = [label.text() for label in privacy.findChildren(QLabel)]
    assert any(rule in t for t in texts)
    assert not any("never contain origin or religion" in t for t in texts)
    people = window.show_area("people")
    first = window.ctx.read(people_service.list_people)[0]
    dialog = people._dialog(window.ctx.read(lambda s: people_service.get_person(s, first.id)), "Edit person")
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert rule in labels
    assert not any("never appear in exports" in t for t in labels)


def test_training_banner_offers_the_demo_in_the_app(qtbot, window):
    """On a dialogue event the Training screen no longer tells the user to type a terminal command:
    its banner points to a button that writes and opens the demo training event."""
    panel = window.show_area("training")
    assert panel.banner.isVisible()
    assert "dialogue-app" not in panel.banner.text()
    assert panel.demo_training_button.isVisible()
    panel.demo_training_button.click()
    qtbot.waitUntil(lambda: window.ctx.path is not None and window.ctx.path.name == "demo-training.dialogue",
                    timeout=60000)
    panel = window.show_area("training")
    assert not panel.banner.isVisible() and panel.trainee_model.rowCount() > 0
