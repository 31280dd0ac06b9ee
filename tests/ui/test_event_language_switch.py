"""Event screen: changing the event's language asks once whether the default script and survey
questions follow it; the texts the organiser edited stay theirs, and Undo restores everything."""

from __future__ import annotations

import dataclasses

from dialogue_app.services import events
from dialogue_app.services.facilitation import script
from dialogue_app.services.survey import items as survey_items
from dialogue_app.ui import context
from dialogue_app.ui.event.settings import LANGUAGE_DEFAULTS_KEY

EDITED = "What brought you to this city, and what keeps you?"


def _texts(window):
    return window.ctx.read(lambda s: (events.get_settings(s).language, script.list_phases(s),
                                      script.ground_rules(s), survey_items.instrument(s)))


def _edit_one_phase(window):
    def change(s):
        script.save_phase(s, dataclasses.replace(script.list_phases(s)[1], question=EDITED))
    window.ctx.write(change)


def _choose_polish(event):
    event.language.setCurrentIndex(event.language.findData("pl"))
    event.save_button.click()


def test_polish_with_its_default_questions_and_undo(window, event, monkeypatch):
    """Answering Yes: the Polish default questions replace the English ones, the phase the organiser
    rewrote keeps its English words, the Next step bar is unchanged and nothing is reported; one Undo
    brings back English everywhere."""
    answers = context.record_errors_for_tests().answers
    monkeypatch.setitem(answers, LANGUAGE_DEFAULTS_KEY, True)
    _edit_one_phase(window)
    before = _texts(window)
    bar = window.next_step_bar.label.text()
    _choose_polish(event)
    lang, phases, rules, items = _texts(window)
    polish = script.default_phases("pl")
    assert lang == "pl"
    assert phases[0].question == polish[0].question != before[1][0].question
    assert phases[1].question == EDITED
    assert rules == script.default_ground_rules("pl")
    assert {i.label for i in items} == {d.label for d in survey_items.default_items("pl")}
    assert window.next_step_bar.label.text() == bar
    assert context.REPORTED == []
    window.act_undo.trigger()
    assert _texts(window) == before
    assert event.language.currentData() == "en"

