"""Follow-up that happens: commitments → who agreed to be contacted → mail merge and letters → answers
entered by code → follow-through per kind; nobody without consent to be contacted appears."""

from __future__ import annotations

import csv
import datetime as dt

import pypdf
from sqlalchemy import select

from dialogue_app import exports
from dialogue_app.errors import UserInputError
from dialogue_app.models import Person
from dialogue_app.models.facilitation import Commitment
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup


def _named(store) -> list[cm.CommitmentData]:
    with store.session() as s:
        return [c for c in cm.list_commitments(s) if not c.anonymous]


def test_follow_up_end_to_end_only_with_consent(demo_store, tmp_path):
    """Three of the participants with a commitment agree to be contacted (one reads Dutch): only they are in the
    mail merge (message in the first of their languages the app speaks) and the letters (code as QR); answers entered by code show up as
    follow-through per kind; withdrawing the consent takes a person off the list."""
    named = _named(demo_store)
    codes = sorted({c.person_code for c in named})
    assert len(codes) >= 5
    agreed, refused = codes[:3], codes[3:]
    with demo_store.session() as s:
        for code in agreed:
            followup.SetContactConsent(code, True).apply(s)
        for code, langs in zip(agreed, ("nl,en", "en", "srn,fr"), strict=True):  # Sranan: no catalog
            s.scalars(select(Person).where(Person.code == code)).one().languages = langs
    with demo_store.session() as s:
        listed = followup.followup_list(s)
    assert [p.code for p in listed] == agreed
    assert [p.language for p in listed] == ["nl", "en", "fr"]

    mail = tmp_path / "mail.csv"
    assert exports.run_export(demo_store, "followup-mailmerge", mail) == 3
    rows = list(csv.DictReader(mail.open(encoding="utf-8-sig")))
    assert [r["code"] for r in rows] == agreed
    assert rows[0]["message"].startswith("Hallo ") and rows[1]["message"].startswith("Hello ")
    assert rows[2]["message"].startswith("Bonjour ") and rows[2]["language"] == "fr"
    assert not any(code in mail.read_text(encoding="utf-8-sig") for code in refused)

    letters = tmp_path / "letters.pdf"
    assert exports.run_export(demo_store, "followup-letters", letters) == 3
    pages = [p.extract_text() for p in pypdf.PdfReader(letters).pages]
    assert len(pages) == 3 and all(code in page for code, page in zip(agreed, pages, strict=True))
    assert "Is het gelukt?" in pages[0] and "Did you do it?" in pages[1] and "Avez-vous" in pages[2]

    # answers ("did you do it?" and "what happened?") come back by code (as on the Commitments screen)
    changes = []
    with demo_store.session() as s:
        named_person = s.scalars(select(Person).where(Person.code == refused[0])).one()
        name = f"{named_person.first_name} {named_person.last_name}"
        for i, code in enumerate(codes):
            _first, mine = cm.commitments_for_code(s, code)
            note = (f"I had coffee with {name} ({named_person.code}) and we now walk together." if i == 0
                    else f"Answer number {i % 3}: the street meal happened.")
            changes += [(c.id, "done", dt.date(2026, 12, 10), note) for c in mine]
        cm.SetFollowUp(tuple(changes), "follow-up").apply(s)
    with demo_store.session() as s:
        _first, mine = cm.commitments_for_code(s, codes[1])
        assert {c.followup_note for c in mine} == {"Answer number 1: the street meal happened."}
        through = {f.kind: f for f in followup.follow_through(s)}
        counts = cm.commitment_counts(s)
        quotes = followup.followup_quotes(s)
    assert "I had coffee with […] ([…]) and we now walk together." in quotes
    assert not any(name in q or named_person.code in q for q in quotes)
    assert sum(f.asked for f in through.values()) == counts.asked
    for f in through.values():
        assert f.done is None or f.done >= 5  # counts below 5 are hidden

    report = tmp_path / "report.pdf"
    exports.run_export(demo_store, "report", report)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(report).pages)
    assert "Follow-through per kind" in text
    assert "What happened? In their own words" in text and "we now walk together" in text
    assert name not in text and named_person.code not in text

    with demo_store.session() as s:
        followup.SetContactConsent(agreed[1], False).apply(s)
    with demo_store.session() as s:
        assert [p.code for p in followup.followup_list(s)] == [agreed[0], agreed[2]]


def test_consent_is_undoable_and_unknown_codes_are_refused(demo_store):
    """Recording the consent returns its inverse (undo withdraws it again); an unknown code is a clear error."""
    code = _named(demo_store)[0].person_code
    with demo_store.session() as s:
        inverse = followup.SetContactConsent(code, True).apply(s)
        assert followup.has_contact_consent(s, code)
        inverse.apply(s)
        assert not followup.has_contact_consent(s, code)
        try:
            followup.SetContactConsent("ZZZZZZ", True).apply(s)
        except Exception as exc:  # NotFound with the code in the message
            assert "ZZZZZZ" in exc.message
        else:
            raise AssertionError("unknown code accepted")


def test_window_and_reminder_open_four_to_eight_weeks_after_the_day(demo_store):
    """The reminder appears only between 4 and 8 weeks after the event date and says how many may be contacted."""
    with demo_store.session() as s:
        day = s.scalars(select(Person)).first().event_id and dt.date(2026, 11, 5)
        w = followup.followup_window(day, dt.date(2026, 12, 1))
        assert (w.opens, w.closes, w.state) == (dt.date(2026, 12, 3), dt.date(2026, 12, 31), "before")
        assert followup.reminder(s, dt.date(2026, 12, 1)) == ""
        assert followup.reminder(s, dt.date(2027, 1, 2)) == ""
        text = followup.reminder(s, dt.date(2026, 12, 10))
        assert "follow-up window is open" in text and "nobody with a commitment has agreed" in text
        followup.SetContactConsent(_named(demo_store)[0].person_code, True).apply(s)
        assert "1 person with a commitment agreed to be contacted" in followup.reminder(s, dt.date(2026, 12, 10))


def test_what_happened_is_undoable_and_shown_only_from_five_follow_ups(demo_store):
    """The answer to "what happened?" is stored with the status and undone with it; the report's quotes appear
    only once at least 5 follow-ups were asked, and a too long answer is refused with a clear message."""
    with demo_store.session() as s:
        for c in s.scalars(select(Commitment)):
            c.followup_status, c.followup_note = "not_asked", ""
        first = cm.list_commitments(s)[:5]
        inverse = cm.SetFollowUp(((first[0].id, "partly", None, "  We met once, then winter came. "),), "fu").apply(s)
        assert cm.list_commitments(s)[0].followup_note == "We met once, then winter came."
        assert followup.followup_quotes(s) == ()  # one follow-up: too few to quote
        cm.SetFollowUp(tuple((c.id, "done", None, "") for c in first[1:]), "fu").apply(s)
        assert followup.followup_quotes(s) == ("We met once, then winter came.",)
        inverse.apply(s)
        assert (cm.list_commitments(s)[0].followup_status, cm.list_commitments(s)[0].followup_note) == ("not_asked", "")
        try:
            cm.SetFollowUp(((first[0].id, "done", None, "x" * (cm.MAX_TEXT + 1)),), "fu").apply(s)
        except UserInputError as exc:
            assert "What happened?" in exc.message
        else:
            raise AssertionError("a too long answer was accepted")
