"""One survey item, many wordings: each form records the language it was answered in, the analysis
pools the answers of every wording by item key and counts them per language, the export says which
language each answer was given in, and the impact report reads old and new exports alike."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import create_engine

from dialogue_app import exports, storage
from dialogue_app.errors import ImportRejected
from dialogue_app.i18n import language
from dialogue_app.impact.analysis import build_report
from dialogue_app.impact.reader import read_export
from dialogue_app.services import events, people
from dialogue_app.services import survey as svc
from dialogue_app.services.survey.sample import write_sample_export


def _dutch_event(tmp_path, n: int = 12):
    """A Dutch event with ``n`` participants (codes returned)."""
    store = storage.create_event_file(tmp_path / "nl.dialogue")
    with store.session() as s:
        events.create_event(s, "Dag van de Dialoog", lang="nl")
        for i in range(n):
            people.save_person(s, people.PersonData(id=people.new_person().id, first_name=f"P{i}",
                                                    last_name="Test", roles=frozenset({"participant"})))
        codes = [p.code for p in people.list_people(s)]
    return store, codes


def _forms(store, codes):
    """Before and after forms: the first half answered the Arabic wording, the rest the Dutch one."""
    half = len(codes) // 2
    with store.session() as s:
        for k, code in enumerate(codes):
            lang = "ar" if k < half else "nl"
            svc.save_response(s, svc.ResponseData(None, "before", code, answers=(("connected", "2"),),
                                                  language=lang))
            svc.save_response(s, svc.ResponseData(None, "after", code, language=lang,
                                                  answers=(("connected", "4"), ("met_new_people", "1"))))
    return half


def test_arabic_and_dutch_answers_to_one_item_are_pooled_and_counted_per_language(tmp_path):
    """The organiser sees one result for “connected” over the Arabic and the Dutch forms together,
    and how many forms and answers came in each language per wave."""
    store, codes = _dutch_event(tmp_path)
    try:
        half = _forms(store, codes)
        with store.session() as s:
            items = {it.key: it for it in svc.instrument(s)}
            with language("ar"):
                arabic = svc.instrument(s)
            report = svc.survey_report(s)
    finally:
        store.close()
    assert items["connected"].key == "connected"  # one key whatever the wording it was read in
    assert [it.key for it in arabic] == list(items)
    res = {r.key: r for r in report.items}
    assert res["connected"].n == len(codes)  # every linked pair, both languages pooled
    assert res["connected"].improved == 1.0
    assert res["connected"].by_language == {"before": {"ar": half, "nl": len(codes) - half},
                                            "after": {"ar": half, "nl": len(codes) - half}}
    assert res["met_new_people"].by_language == {"after": {"ar": half, "nl": len(codes) - half}}
    assert report.languages == {"before": {"ar": half, "nl": len(codes) - half},
                                "after": {"ar": half, "nl": len(codes) - half}}
    assert report.to_json()["languages"]["after"] == {"ar": half, "nl": len(codes) - half}


def test_a_form_without_a_language_is_stored_in_the_events_language(tmp_path):
    """A form entered without choosing a language is counted in the event's language, even after the
    event's language is changed later."""
    store, codes = _dutch_event(tmp_path, 2)
    try:
        with store.session() as s:
            svc.save_response(s, svc.ResponseData(None, "after", codes[0], answers=(("met_new_people", "1"),)))
            settings = events.get_settings(s)
            events.update_settings(s, settings.__class__(**{**settings.__dict__, "language": "fr"}))
            assert svc.find_response(s, "after", code=codes[0]).language == "nl"
            assert svc.survey_report(s).languages == {"after": {"nl": 1}}
    finally:
        store.close()


def test_older_forms_get_the_events_language_when_the_file_is_upgraded(demo_path):
    """Forms stored by an older version (no language recorded) are counted in the event's language
    once the file is opened: the upgrade writes it into each form."""
    from alembic import command

    engine = create_engine(f"sqlite:///{demo_path}")
    with engine.begin() as conn:
        cfg = storage._alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_followup_note")
    engine.dispose()
    con = sqlite3.connect(demo_path)
    con.execute("update survey_response set language = ''")
    con.commit()
    con.close()
    store = storage.open_event_file(demo_path)
    store.close()
    con = sqlite3.connect(demo_path)
    try:
        langs = {r[0] for r in con.execute("select language from survey_response")}
    finally:
        con.close()
    assert langs == {"en"}


def test_spreadsheet_import_reads_an_optional_language_column(tmp_path):
    """A spreadsheet with a language column (a code or a language's name) records each form's
    language; an empty cell means the event's; an unknown language rejects the file, nothing imported."""
    store, codes = _dutch_event(tmp_path, 3)
    try:
        good = tmp_path / "forms.csv"
        good.write_text("code;wave;language;met_new_people\n"
                        f"{codes[0]};after;ar;yes\n{codes[1]};after;Arabisch;no\n{codes[2]};after;;yes\n",
                        encoding="utf-8")
        bad = tmp_path / "bad.csv"
        bad.write_text(f"code;wave;language;met_new_people\n{codes[0]};before;klingonees;yes\n", encoding="utf-8")
        with store.session() as s:
            with pytest.raises(ImportRejected) as err:
                svc.import_responses(s, bad)
            assert any("language" in d and "klingonees" in d for d in err.value.details)
            assert svc.list_responses(s) == []
            assert svc.import_responses(s, good).forms == 3
            assert [svc.find_response(s, "after", code=c).language for c in codes] == ["ar", "ar", "nl"]
    finally:
        store.close()


def test_export_names_each_answers_language_and_impact_reads_old_and_new_exports(tmp_path):
    """The survey SQLite export has a language column next to the old ones (and says so in its ``about``
    table); a form entered without a language stays in the language the event had then, even after the
    event switched to French; the impact report pools the new mixed-language export with an old one
    that has no language column."""
    store, codes = _dutch_event(tmp_path, 13)
    try:
        half = _forms(store, codes[:-1])
        with store.session() as s:
            svc.save_response(s, svc.ResponseData(None, "after", codes[-1], answers=(("connected", "3"),)))
            settings = events.get_settings(s)
            events.update_settings(s, settings.__class__(**{**settings.__dict__, "language": "fr"}))
        out = tmp_path / "nl.sqlite"
        exports.run_export(store, "survey-sqlite", out)
    finally:
        store.close()
    con = sqlite3.connect(out)
    try:
        cols = [r[1] for r in con.execute("pragma table_info(response)")]
        langs = dict(con.execute("select language, count(*) from response where wave = 'after' "
                                 "and item_key = 'connected' group by language").fetchall())
        about = con.execute("select description from about where table_name = 'response'").fetchone()[0]
    finally:
        con.close()
    assert cols[:5] == ["respondent_key", "wave", "table_number", "item_key", "value"] and "language" in cols
    assert langs == {"ar": half, "nl": len(codes) - half}  # 12 answered in Dutch or Arabic, 1 without a choice
    assert "langue du formulaire" in about  # described in the export's language (now French)
    new = read_export(out)
    assert new.form_languages == {"ar": 2 * half, "nl": 2 * (len(codes) - 1 - half) + 1}
    old = read_export(write_sample_export(tmp_path / "old.sqlite", title="x", city="Lyon",
                                          date=dt.date(2022, 5, 1), lang="fr", schema="1", respondents=30))
    assert old.form_languages and set(old.form_languages) == {"fr"}
    pooled = {it.key: it for it in build_report([new, old]).items}
    assert len(pooled["connected"].events) == 2
