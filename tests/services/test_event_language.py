"""Changing an event's language: the script and survey texts the organiser never touched follow the new
language; every text they edited stays theirs; Undo restores everything."""

from __future__ import annotations

import dataclasses

from dialogue_app.services import edits, events
from dialogue_app.services import event_language as el
from dialogue_app.services.facilitation import script
from dialogue_app.services.survey import items as survey_items


def _state(s):
    return (events.get_settings(s).language, script.list_phases(s), script.ground_rules(s),
            survey_items.instrument(s))


def test_english_demo_switched_to_polish_keeps_edited_texts(demo_store):
    """An organiser switches the English demo to Polish: the default questions become the Polish ones,
    while the phase and the survey question they rewrote keep their English words; Undo brings back
    English everywhere, Redo Polish again."""
    with demo_store.session() as s:
        phases = script.list_phases(s)
        edited = dataclasses.replace(phases[1], question="What brought you to this city, and what keeps you?")
        script.save_phase(s, edited)
        item = survey_items.instrument(s)[0]
        survey_items.save_item(s, dataclasses.replace(item, label="How much do you trust your neighbours?"))
    with demo_store.session() as s:
        before = _state(s)
        plan = el.plan_switch(s, "pl")
        assert plan.kept_phases == 1 and plan.kept_items == 1
        assert plan.phases == len(phases) - 1 and plan.items == len(before[3]) - 1 and plan.ground_rules
        inverse = el.SwitchEventLanguage("pl", "Change event settings").apply(s)
        assert el.changed_counts(inverse) == (plan.phases, plan.items)
    polish_phases = script.default_phases("pl")
    polish_items = {d.key: d.label for d in survey_items.default_items("pl")}
    with demo_store.session() as s:
        assert events.get_settings(s).language == "pl"
        now = script.list_phases(s)
        assert now[1].question == "What brought you to this city, and what keeps you?"
        assert now[1].title == phases[1].title  # the edited phase stays English throughout
        assert now[0].question == polish_phases[0].question != phases[0].question
        assert now[2].title == polish_phases[2].title
        labels = {i.key: i.label for i in survey_items.instrument(s)}
        assert labels[item.key] == "How much do you trust your neighbours?"
        others = [k for k in labels if k != item.key]
        assert others and all(labels[k] == polish_items[k] for k in others)
        assert script.ground_rules(s) == script.default_ground_rules("pl")
        assert [p.minutes for p in now] == [p.minutes for p in phases]
    with demo_store.session() as s:
        redo = inverse.apply(s)
    with demo_store.session() as s:
        assert _state(s) == before
        redo.apply(s)
    with demo_store.session() as s:
        assert events.get_settings(s).language == "pl"
        assert script.list_phases(s)[0].question == polish_phases[0].question


def test_switch_without_defaults_changes_only_the_language(demo_store):
    """Answering No changes the language and leaves every stored text as it was."""
    with demo_store.session() as s:
        _lang, phases, rules, items = _state(s)
        inverse = el.SwitchEventLanguage("pl", "x", use_defaults=False).apply(s)
        assert el.changed_counts(inverse) == (0, 0)
    with demo_store.session() as s:
        assert _state(s) == ("pl", phases, rules, items)


def test_unknown_language_changes_nothing(demo_store):
    """A language the app has no words for is refused with a plain message; nothing changes."""
    import pytest

    from dialogue_app.errors import UserInputError

    with demo_store.session() as s:
        before = _state(s)
        with pytest.raises(UserInputError, match="Unknown language"):
            el.SwitchEventLanguage("xx", "x").apply(s)
        assert _state(s) == before
        assert edits.edit_areas(el.SwitchEventLanguage("pl", "x")) >= {"facilitation", "surveys", "event"}
