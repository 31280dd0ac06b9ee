"""Surveys area: the paper entry screen records the language a form was answered in, and the results
show how many forms came in each language."""

from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dialogue_app.services import people
from dialogue_app.services import survey as svc
from dialogue_app.ui import context
from dialogue_app.ui.context import AppContext
from dialogue_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt


@pytest.fixture
def window(qtbot, demo_path):
    context.record_errors_for_tests()
    context.REPORTED.clear()
    w = MainWindow(AppContext())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(demo_path)
    w.show_area("surveys")
    yield w
    assert context.REPORTED == []
    w.ctx.close_event()


def _arabic_reader_without_after_form(window) -> str:
    """A participant without an after form, now recorded as reading Arabic (then Dutch)."""
    def change(s):
        done = {r.respondent for r in svc.list_responses(s) if r.wave == "after"}
        p = next(p for p in people.list_people(s) if "participant" in p.roles and p.code not in done)
        people.save_person(s, dataclasses.replace(people.get_person(s, p.id), languages="ar, nl"))
        return p.code

    return window.ctx.write(change)


def test_paper_entry_records_the_forms_language(window, qtbot):
    """Typing the code of someone who reads Arabic selects Arabic as the form's language (the choice is
    labelled for screen readers); the saved form is counted as Arabic; the next form starts in the
    event's language again."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    assert paper.form_lang.accessibleName() == "Language of the form"
    assert paper.form_lang.currentData() == "en"  # the event's language
    code = _arabic_reader_without_after_form(window)
    paper.wave.setCurrentIndex(paper.wave.findData("after"))
    paper.code.setText(code)
    QTest.keyClick(paper.code, Qt.Key.Key_Return)
    assert paper.form_lang.currentData() == "ar"
    paper.fields[0].set_value("4")
    paper.save()
    assert window.ctx.read(lambda s: svc.find_response(s, "after", code=code)).language == "ar"
    assert paper.form_lang.currentData() == "en"
    report = window.ctx.read(svc.survey_report)
    assert report.languages["after"]["ar"] == 1
    # the results line names both languages; the single Arabic form is hidden (a small cell)
    text = panel.results.rates.text()
    assert "Forms per language (After): " in text and "Arabic —" in text and "English " in text


def test_correcting_a_form_keeps_its_language(window, qtbot):
    """A form loaded for correction shows the language it was answered in, and keeps it when saved."""
    panel = window.panel("surveys")
    panel.show_page("paper")
    paper = panel.paper
    code = _arabic_reader_without_after_form(window)
    window.ctx.write(lambda s: svc.save_response(s, svc.ResponseData(
        None, "after", code, answers=(("met_new_people", "1"),), language="tr")))
    paper.wave.setCurrentIndex(paper.wave.findData("after"))
    paper.code.setText(code)
    QTest.keyClick(paper.code, Qt.Key.Key_Return)
    assert paper.editing is not None and paper.form_lang.currentData() == "tr"
    paper.save()
    assert window.ctx.read(lambda s: svc.find_response(s, "after", code=code)).language == "tr"
