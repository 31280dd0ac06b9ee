"""The first-run path: the "Next step" bar says what an event lacks and goes there, and the People
screen says what to do when it is empty."""

from __future__ import annotations

import pytest

from dialogue_app.services.progress import EventProgress, next_step
from tests.ui.windows import open_main_window


@pytest.fixture
def empty_window(qtbot, new_event):
    """The main window (1366×768) with a new event that has no people and no tables."""
    path = new_event.path
    new_event.close()
    yield from open_main_window(qtbot, path)


def test_an_empty_event_says_import_people_first(qtbot, empty_window):
    """A new event shows "No people yet" with a button "Import people… (Ctrl+I)" that opens the
    import wizard; the People screen explains how to fill it instead of an empty grid."""
    bar = empty_window.next_step_bar
    assert bar.isVisible()
    assert "No people yet" in bar.label.text()
    assert bar.button.text() == "Import people… (Ctrl+I)"
    people = empty_window.show_area("people")
    assert people.empty.isVisible() and "Import" in people.empty.text()
    empty_window.show_area("event")
    import dialogue_app.ui.importing.wizard as iw

    opened = []
    original = iw.open_import_wizard
    iw.open_import_wizard = lambda ctx, parent: opened.append(parent) or None
    try:
        bar.button.click()
    finally:
        iw.open_import_wizard = original
    assert opened == [empty_window]
    assert empty_window.pages.currentWidget() is people


def test_after_the_import_the_bar_asks_for_tables(qtbot, empty_window, tmp_path):
    """Once people are imported the bar moves on to the tables ("2 people registered, but no tables
    yet") and the People screen's empty-state text goes away."""
    from dialogue_app.services import people as people_service

    def add(s):
        for first in ("Eva", "Femke"):
            data = people_service.new_person()
            people_service.save_person(s, type(data)(**{**data.__dict__, "first_name": first}))

    empty_window.ctx.write(add, areas={"people"})
    bar = empty_window.next_step_bar
    assert "2 people registered, but no tables yet" in bar.label.text()
    assert bar.button.text() == "Add tables…"
    bar.button.click()
    assert empty_window.pages.currentWidget() is empty_window.panel("tables")
    editor = empty_window._tables_editor  # the tables-and-venues editor, its Add button ready
    assert editor.isVisible() and editor.focusWidget() is editor.add_button
    editor.close()
    people = empty_window.show_area("people")
    people.refresh()
    assert people.empty.isHidden()


def test_the_bar_can_be_hidden_and_comes_back_with_the_next_event(qtbot, empty_window):
    """× hides the bar (keyboard reachable, named for screen readers); opening an event shows it again."""
    bar = empty_window.next_step_bar
    assert bar.close_button.accessibleName() == "Hide the next step"
    bar.close_button.click()
    assert not bar.isVisible()
    path = empty_window.ctx.path
    empty_window.ctx.close_event()
    assert not bar.isVisible()
    empty_window.open_path(path)
    assert bar.isVisible()


def test_the_demo_event_is_past_the_plan(window):
    """The demo (seated, checked in, surveyed) does not ask to import or plan: it offers the report."""
    bar = window.next_step_bar
    assert bar.step is not None and bar.step.key == "report"
    assert "survey form" in bar.label.text()


def test_the_steps_follow_the_day():
    """Each missing piece gives the next step in the order of the day."""
    base = dict(people=10, tables=2, seated=10, checked_in=0, facilitation_started=False, survey_forms=0)
    steps = [
        ({"people": 0, "tables": 0, "seated": 0}, "import"),
        ({"tables": 0, "seated": 0}, "tables"),
        ({"seated": 0}, "plan"),
        ({"seated": 7}, "plan"),
        ({}, "badges"),
        ({"day_has_come": True}, "checkin"),
        ({"checked_in": 9}, "facilitation"),
        ({"checked_in": 9, "facilitation_started": True}, "survey"),
        ({"checked_in": 9, "facilitation_started": True, "survey_forms": 12}, "report"),
    ]
    for changes, key in steps:
        step = next_step(EventProgress(**{**base, **changes}))
        assert step is not None and step.key == key, (changes, step)
    assert "3 people have no table yet" in next_step(EventProgress(**{**base, "seated": 7})).message
    assert next_step(EventProgress(**base, training=True)) is None
