"""Consent: explicit per dimension with text, version, time and recorder; texts in every
language and versioned per event; withdrawing deletes the value and flags tables."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from dialogue_app import i18n
from dialogue_app.errors import UserInputError
from dialogue_app.models import Assignment, Consent, DialogueTable, Dimension, PersonValue
from dialogue_app.privacy.texts import default_consent_text
from dialogue_app.services import people, privacy


def _sensitive(s):
    return {d.key: d for d in privacy.sensitive_dimensions(s)}


def test_default_texts_are_translated():
    """The default consent texts exist in English, Dutch and French, and differ."""
    texts = {lang: default_consent_text("religion", "Religion", lang) for lang in ("en", "nl", "fr")}
    assert len(set(texts.values())) == 3
    assert "religion" in texts["en"] and "geloof" in texts["nl"].lower() and "religion" in texts["fr"].lower()
    assert "“Humour”" in default_consent_text("humour", "Humour", "en")


def test_demo_consents_record_text_and_version(demo_store):
    """Consents made anywhere (here by the demo) carry the event's text and its version."""
    with demo_store.session() as s:
        consents = s.scalars(select(Consent)).all()
        assert consents and all(c.text and c.text_version == "1" for c in consents)
        assert consents[0].recorded_by == "demo" and consents[0].given_at is not None


def test_record_withdraw_and_rebalance(demo_store, marked):
    """Recording is explicit per dimension; withdrawing deletes the value at once and the
    person's table is reported for rebalancing until the seat is planned again."""
    with demo_store.session() as s:
        dims = _sensitive(s)
        origin = dims["origin"]
        assert s.scalars(select(PersonValue).where(PersonValue.person_id == marked.id,
                                                   PersonValue.dimension_id == origin.id)).first()
        a = s.scalars(select(Assignment).where(Assignment.person_id == marked.id)).one()
        a.updated_at = a.updated_at.replace(year=2025)  # planned earlier
    with demo_store.session() as s:
        impact = privacy.withdraw(s, marked.id, origin.id)
        assert [(t.number, t.people) for t in impact] == [(1, 1)]
        assert s.scalars(select(PersonValue).where(PersonValue.person_id == marked.id,
                                                   PersonValue.dimension_id == origin.id)).first() is None
        state = {c.name: c for c in privacy.person_consents(s, marked.id)}
        assert not state[origin.name].active and state[origin.name].withdrawn_at is not None
        assert state[_sensitive(s)["religion"].name].active  # separate consents
    with demo_store.session() as s:  # consenting again clears the flag
        privacy.record_consent(s, marked.id, origin.id, recorded_by="Desk")
        assert privacy.tables_to_rebalance(s) == ()
        assert privacy.consent_violations(s) == []


def test_editing_a_text_makes_a_new_version(demo_store, marked):
    """An edited text is version 2; new consents record it, old ones keep version 1."""
    with demo_store.session() as s:
        info = privacy.save_consent_text(s, "origin", "en", "New wording about origin.")
        assert info.version == "2" and not info.is_default
        same = privacy.save_consent_text(s, "origin", "en", "New wording about origin.")
        assert same.version == "2"  # unchanged text: no new version
        origin = _sensitive(s)["origin"]
        privacy.withdraw(s, marked.id, origin.id)
        privacy.record_consent(s, marked.id, origin.id, recorded_by="Desk")
        latest = next(c for c in privacy.person_consents(s, marked.id) if c.dimension_id == origin.id)
        assert latest.version == "2" and latest.recorded_by == "Desk"
        history = privacy.consent_text_history(s, "origin", "en")
        assert [h.version for h in history] == ["1", "2"] and history[0].is_default
        versions = {c.text_version for c in s.scalars(select(Consent).where(Consent.dimension_id == origin.id))}
        assert versions == {"1", "2"}
        # a consent made by the person editor in the same unit of work also gets version 2
        pid = uuid.uuid4()
        people.save_person(s, people.PersonData(id=pid, first_name="New", consents=frozenset({origin.id})))
        s.flush()
        c = s.scalars(select(Consent).where(Consent.person_id == pid)).one()
        assert c.text_version == "2" and c.text == "New wording about origin."


def test_consent_texts_cover_every_language(demo_store):
    """The privacy page lists a text per sensitive dimension and language; Dutch is Dutch."""
    with demo_store.session() as s:
        texts = privacy.consent_texts(s)
    langs = set(i18n.available_languages())  # every interface language (en, nl, fr, de, ar…)
    assert {"en", "nl", "fr", "de", "ar"} <= langs
    assert {(t.dimension_key, t.language) for t in texts} == {(k, lg) for k in ("origin", "religion") for lg in langs}
    nl = next(t for t in texts if t.language == "nl" and t.dimension_key == "religion")
    assert nl.is_default and "toestemming" in nl.text


def test_bad_consent_input(demo_store, marked):
    """Empty texts, unknown languages and consent for non-sensitive dimensions are refused."""
    with demo_store.session() as s:
        with pytest.raises(UserInputError):
            privacy.save_consent_text(s, "origin", "en", "  ")
        with pytest.raises(UserInputError):
            privacy.save_consent_text(s, "origin", "xx", "Text")
        table = s.scalars(select(DialogueTable)).first()
        assert table is not None
        age = next(d for d in s.scalars(select(Dimension)) if not d.sensitive)
        with pytest.raises(UserInputError):
            privacy.record_consent(s, marked.id, age.id)


def test_overview_counts(demo_store):
    """The overview counts consents and values per sensitive dimension; none without consent."""
    with demo_store.session() as s:
        rows = privacy.consent_overview(s)
    assert {r.key for r in rows} == {"origin", "religion"}
    for r in rows:
        assert r.active > 0 and r.values + r.prefer_not <= r.active and r.without_consent == 0


def test_storage_sessions_stamp_consents_plain_sessions_do_not(demo_store, marked):
    """The consent hook comes with the session factory storage makes (the models import nothing of the
    app): a store's session stamps a new consent with its text and version, a bare Session does not."""
    from sqlalchemy.orm import Session

    from dialogue_app.models import utcnow

    with demo_store.session() as s:
        origin = _sensitive(s)["origin"]
        origin_id, name = origin.id, origin.name
        c = Consent(person_id=marked.id, dimension_id=origin_id, purpose="dimension", given_at=utcnow())
        s.add(c)
        s.flush()
        assert c.text == default_consent_text("origin", name, "en") and c.text_version == "1"
    with Session(demo_store.engine) as s:
        c = Consent(person_id=marked.id, dimension_id=origin_id, purpose="dimension", given_at=utcnow())
        s.add(c)
        s.flush()
        assert c.text == ""
        s.rollback()
