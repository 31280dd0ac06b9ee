"""The projector view speaks the table's languages (issue 32): a table where one person reads Arabic
and another Polish sees the current question in English, Arabic and Polish side by side, each under
its language's own name; a question the organiser edited stays in their words only; a table of
English readers sees one language; the facilitator can switch the extra languages off."""

from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
from sqlalchemy import select

from dialogue_app import i18n, storage
from dialogue_app.facilitation import script as default_script
from dialogue_app.facilitation.script import render
from dialogue_app.models import Assignment, DialogueTable, Person
from dialogue_app.services import facilitation as fac
from dialogue_app.services.events import current_event
from tests.ui.test_facilitation_ui import clock, open_window, seat  # noqa: F401  (fixtures)

OPENING = default_script.DEFAULT_PHASES[0].question


def set_languages(path, table_number: int, spoken: list[str]) -> None:
    """Everyone's recorded languages English, then the people at a table read ``spoken`` (in code order)."""
    store = storage.open_event_file(path)
    with store.session() as s:
        for p in s.scalars(select(Person)):
            p.languages = "en"
        t = s.scalars(select(DialogueTable).where(DialogueTable.number == table_number)).one()
        people = s.scalars(select(Person).join(Assignment, Assignment.person_id == Person.id)
                           .where(Assignment.table_id == t.id, Assignment.round == 1).order_by(Person.code)).all()
        guests = [p for p in people if "facilitator" not in p.role_names]
        for p, langs in zip(guests, spoken, strict=False):
            p.languages = langs
    store.close()


def theme_of(path) -> str:
    store = storage.open_event_file(path)
    with store.session() as s:
        theme = current_event(s).theme
    store.close()
    return theme


def in_language(lang: str, message: str, theme: str) -> str:
    """The catalog's wording, the theme isolated (an English theme does not reorder an Arabic sentence)."""
    with i18n.language(lang):
        return render(i18n.gettext(message), "\u2068" + theme + "\u2069")


def open_projector(open_window, path, table_number: int = 1):  # noqa: F811
    win = open_window(path)
    panel = win.show_area("facilitation")
    panel.table_combo.setCurrentIndex(table_number - 1)
    panel.toggle_projector()
    assert panel.projector is not None
    return win, panel, panel.projector


def test_a_table_with_arabic_and_polish_readers_sees_the_question_in_three_languages(
        qtbot, demo_path, clock, open_window):  # noqa: F811
    """Table 1 has an Arabic reader ("ar,nl"), a Polish reader and English readers: the projector shows
    the opening question in English, Arabic (right to left, right-aligned) and Polish, under "English",
    "العربية" and "Polski"; unticking the Live page's checkbox leaves English only."""
    seat(demo_path)
    set_languages(demo_path, 1, ["ar,nl", "pl", "en", "en", "en", "en"])
    theme = theme_of(demo_path)
    _win, panel, proj = open_projector(open_window, demo_path)
    assert panel.languages_check.isEnabled() and panel.languages_check.isChecked()
    shown = proj.shown_questions()
    assert shown == [
        ("English", render(OPENING, theme)),
        (i18n.language_name("ar", "ar"), in_language("ar", OPENING, theme)),
        (i18n.language_name("pl", "pl"), in_language("pl", OPENING, theme)),
    ]
    assert shown[1][0] == "العربية" and shown[2][0] == "Polski"
    assert shown[1][1] != shown[0][1] and shown[2][1] != shown[0][1]  # really translated
    assert theme in shown[1][1] and theme in shown[2][1]
    arabic = proj.others[0][2]
    assert arabic.layoutDirection() == Qt.LayoutDirection.RightToLeft and arabic.isVisible()
    assert QStyle.visualAlignment(arabic.layoutDirection(), arabic.alignment()) & Qt.AlignmentFlag.AlignRight
    assert proj.question.layoutDirection() == Qt.LayoutDirection.LeftToRight

    panel.command("next")  # the next phase's question follows in every language
    assert proj.shown_questions()[2][1] == in_language("pl", default_script.DEFAULT_PHASES[1].question, theme)

    panel.languages_check.setFocus()  # keyboard reachable: Space unticks it
    qtbot.keyClick(panel.languages_check, Qt.Key.Key_Space)
    assert not panel.languages_check.isChecked()
    assert [text for _name, text in proj.shown_questions()] == [
        render(default_script.DEFAULT_PHASES[1].question, theme)]
    assert not proj.question_heading.isVisible()


def test_an_edited_question_stays_in_the_organisers_words(qtbot, demo_path, clock, open_window):  # noqa: F811
    """The organiser rewrote the opening question: the projector shows their text only, even at a
    table with Arabic and Polish readers (the app has no translation of their words)."""
    seat(demo_path)
    set_languages(demo_path, 1, ["ar", "pl", "en", "en", "en", "en"])
    store = storage.open_event_file(demo_path)
    with store.session() as s:
        first = fac.list_phases(s)[0]
        fac.save_phase(s, dataclasses.replace(first, question="What does our street need from you?"))
    store.close()
    _win, panel, proj = open_projector(open_window, demo_path)
    assert [text for _n, text in proj.shown_questions()] == ["What does our street need from you?"]
    assert proj.others == [] and not proj.question_heading.isVisible()
    panel.command("next")  # the next question is still the default one: three languages again
    assert len(proj.shown_questions()) == 3


def test_a_table_of_english_readers_sees_one_language(qtbot, demo_path, clock, open_window):  # noqa: F811
    """Everyone at table 1 reads English (or a language the app has no catalog for): one question, no
    language names, and the checkbox is greyed out."""
    seat(demo_path)
    set_languages(demo_path, 1, ["en", "srn,en", "en", "en", "en", "en"])
    theme = theme_of(demo_path)
    _win, panel, proj = open_projector(open_window, demo_path)
    assert [text for _n, text in proj.shown_questions()] == [render(OPENING, theme)]
    assert proj.others == [] and not proj.question_heading.isVisible()
    assert not panel.languages_check.isEnabled()
