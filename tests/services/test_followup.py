"""Follow-up that happens: commitments → who agreed to be contacted → mail merge and letters → answers
entered by code → follow-through per kind; nobody without consent to be contacted appears."""

from __future__ import annotations

import csv
import datetime as dt

import pypdf
from sqlalchemy import select

from dialogue_app import exports
from dialogue_app.models import Person
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup


def _named(store) -> list[cm.CommitmentData]:
    with store.session() as s:
        return [c for c in cm.list_commitments(s) if not c.anonymous]


def test_follow_up_end_to_end_only_with_consent(demo_store, tmp_path):
    """Three of the participants with a commitment agree to be contacted (one reads Dutch): only they are in the
    mail merge (message in their language) and the letters (code as QR); answers entered by code show up as
    follow-through per kind; withdrawing the consent takes a person off the list."""
    named = _named(demo_store)
    codes = sorted({c.person_code for c in named})
    assert len(codes) >= 5
    agreed, refused = codes[:3], codes[3:]
    with demo_store.session() as s:
        for code in agreed:
            followup.SetContactConsent(code, True).apply(s)
        for code, langs in zip(agreed, ("nl,en", "en", "ar,fr"), strict=True):
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

    # answers come back by code (as on the Commitments screen's follow-up)
    changes = []
    with demo_store.session() as s:
        for code in codes:
            _first, mine = cm.commitments_for_code(s, code)
            changes += [(c.id, "done", dt.date(2026, 12, 10)) for c in mine]
        cm.SetFollowUp(tuple(changes), "follow-up").apply(s)
    with demo_store.session() as s:
        through = {f.kind: f for f in followup.follow_through(s)}
        counts = cm.commitment_counts(s)
    assert sum(f.asked for f in through.values()) == counts.asked
    for f in through.values():
        assert f.done is None or f.done >= 5  # counts below 5 are hidden

    report = tmp_path / "report.pdf"
    exports.run_export(demo_store, "report", report)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(report).pages)
    assert "Follow-through per kind" in text

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
