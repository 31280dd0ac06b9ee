"""Follow-up after the day: who may be contacted about their commitment, the mail-merge file, the
follow-up window (4–8 weeks after the event date), follow-through per kind of commitment, and what
the follow-up letters (``printing.followup_letters``) show.

Consent to be contacted is a :class:`~dialogue_app.models.Consent` row with purpose ``"contact"``
(no dimension), given and withdrawn like any other consent. Nobody without an active contact
consent appears in the follow-up list, the mail merge or the letters; anonymous commitments never do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app import csvsafe, i18n
from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import Person
from dialogue_app.models.facilitation import COMMITMENT_KINDS, Commitment
from dialogue_app.models.people import Consent
from dialogue_app.services import commitments as cm
from dialogue_app.services.events import current_event
from dialogue_app.services.privacy.erasure import Redactor, identifiers
from dialogue_app.survey.stats import MIN_CELL

if TYPE_CHECKING:  # reportlab loads only when letters are made
    from dialogue_app.printing.followup_letters import LettersInput

CONTACT = "contact"
WINDOW_OPENS_DAYS = 28  # 4 weeks after the day
WINDOW_CLOSES_DAYS = 56  # 8 weeks after the day


def _person(session: Session, code: str) -> Person:
    e = current_event(session)
    p = session.scalars(select(Person).where(Person.event_id == e.id, Person.code == normalise_code(code))).first()
    if p is None:
        raise NotFound(_("No participant has the code “{code}”.").format(code=code.strip()))
    return p


def _active(session: Session, person_id: uuid.UUID) -> Consent | None:
    return session.scalars(select(Consent).where(Consent.person_id == person_id, Consent.purpose == CONTACT,
                                                 Consent.withdrawn_at.is_(None))).first()


def has_contact_consent(session: Session, code: str) -> bool:
    return _active(session, _person(session, code).id) is not None


@dataclass(frozen=True)
class SetContactConsent:
    """Record (``given``) or withdraw the consent of the participant with ``code`` to be contacted about
    their commitment; undoable (returns the inverse)."""

    code: str
    given: bool
    label: str = ""
    source: str = "app"

    def apply(self, session: Session):
        p = _person(session, self.code)
        current = _active(session, p.id)
        before = current is not None
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if self.given and current is None:
            session.add(Consent(person_id=p.id, dimension_id=None, purpose=CONTACT, given_at=now, source=self.source,
                                text=_("I agree to be contacted about my commitment after the day.")))
        elif not self.given and current is not None:
            current.withdrawn_at = now
        session.flush()
        return SetContactConsent(self.code, before, self.label, self.source)


# --- the window ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Window:
    opens: dt.date | None
    closes: dt.date | None
    #: "no-date" | "before" | "open" | "closed"
    state: str


def followup_window(event_date: dt.date | None, today: dt.date | None = None) -> Window:
    if event_date is None:
        return Window(None, None, "no-date")
    today = today or dt.date.today()
    opens = event_date + dt.timedelta(days=WINDOW_OPENS_DAYS)
    closes = event_date + dt.timedelta(days=WINDOW_CLOSES_DAYS)
    state = "before" if today < opens else ("open" if today <= closes else "closed")
    return Window(opens, closes, state)


# --- the list --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpPerson:
    code: str
    first_name: str
    last_name: str
    email: str
    phone: str
    language: str
    commitments: tuple[cm.CommitmentData, ...]


def followup_list(session: Session) -> list[FollowUpPerson]:
    """People with a commitment in their name and an active consent to be contacted, by code."""
    e = current_event(session)
    consented = set(session.scalars(
        select(Consent.person_id).join(Person, Person.id == Consent.person_id)
        .where(Person.event_id == e.id, Consent.purpose == CONTACT, Consent.withdrawn_at.is_(None))))
    rows = [c for c in cm._rows(session, Commitment.person_id.is_not(None)) if c.person_id in consented]
    by_person: dict[uuid.UUID | None, list[cm.CommitmentData]] = {}
    for c in rows:
        by_person.setdefault(c.person_id, []).append(c)
    if not by_person:
        return []
    langs = set(i18n.available_languages())
    out = []
    for p in session.scalars(select(Person).where(Person.id.in_(by_person), Person.anonymised.is_(False))):
        spoken = [x.strip() for x in (p.languages or "").split(",") if x.strip() in langs]
        out.append(FollowUpPerson(p.code, p.first_name, p.last_name, p.email, p.phone,
                                  spoken[0] if spoken else e.language, tuple(by_person[p.id])))
    return sorted(out, key=lambda f: f.code)


def reminder(session: Session, today: dt.date | None = None) -> str:
    """A sentence for the app while the follow-up window is open ("" otherwise)."""
    e = current_event(session)
    w = followup_window(e.date, today)
    if w.state != "open":
        return ""
    n = len(followup_list(session))
    if n == 0:
        return _("The follow-up window is open until {date}, but nobody with a commitment has agreed to be contacted "
                 "yet: find them below under “Follow-up by participant code” and tick “Agreed to be contacted”.").format(
            date=i18n.format_date(w.closes))
    return ngettext(
        "The follow-up window is open until {date}: {n} person with a commitment agreed to be contacted. "
        "Export the follow-up letters or the mail merge (File → Export data).",
        "The follow-up window is open until {date}: {n} people with a commitment agreed to be contacted. "
        "Export the follow-up letters or the mail merge (File → Export data).", n).format(
        date=i18n.format_date(w.closes), n=n)


# --- follow-through per kind ----------------------------------------------------------------
@dataclass(frozen=True)
class FollowThrough:
    kind: str
    asked: int  # commitments whose follow-up was asked
    done: int | None  # None: fewer than 5 (hidden)
    partly: int | None
    not_yet: int | None


def follow_through(session: Session) -> list[FollowThrough]:
    """Per kind of commitment: how many were asked about, and done / partly / not yet (counts below 5 hidden)."""
    e = current_event(session)
    counts: dict[str, dict[str, int]] = {k: {} for k in COMMITMENT_KINDS}
    for kind, status in session.execute(select(Commitment.kind, Commitment.followup_status)
                                        .where(Commitment.event_id == e.id)):
        counts.setdefault(kind, {})
        counts[kind][status] = counts[kind].get(status, 0) + 1
    out = []
    for kind, c in counts.items():
        asked = sum(v for s, v in c.items() if s != "not_asked")
        if not asked:
            continue

        def shown(s: str, c=c) -> int | None:
            v = c.get(s, 0)
            return v if v >= MIN_CELL else None

        out.append(FollowThrough(kind, asked, shown("done"), shown("partly"), shown("not_yet")))
    return out


# --- what happened, in their own words ---------------------------------------------------------
MAX_QUOTES = 6
MAX_QUOTE_CHARS = 240


def followup_quotes(session: Session, limit: int = MAX_QUOTES) -> tuple[str, ...]:
    """Answers to "what happened?" as anonymous quotes for the event report: only when at least 5
    follow-ups were asked (none otherwise), every name, code, e-mail or phone of the event's people
    redacted, no link to a person, table or kind; alphabetical (not in the order they were entered)."""
    e = current_event(session)
    asked = session.scalar(select(func.count()).select_from(Commitment).where(
        Commitment.event_id == e.id, Commitment.followup_status != "not_asked")) or 0
    if asked < MIN_CELL:
        return ()
    notes = [" ".join(n.split()) for n in session.scalars(
        select(Commitment.followup_note).where(Commitment.event_id == e.id, Commitment.followup_status != "not_asked",
                                               Commitment.followup_note != ""))]
    notes = sorted({n for n in notes if n}, key=str.casefold)
    if not notes:
        return ()
    redact = Redactor(identifiers(session, list(session.scalars(select(Person.id).where(Person.event_id == e.id)))))
    out = []
    for n in notes:
        text = redact(n)[0] or ""  # n is not empty, so neither is its redacted text
        if len(text) > MAX_QUOTE_CHARS:
            text = text[: MAX_QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        if text not in out:
            out.append(text)
    return tuple(out[:limit])


# --- mail merge ------------------------------------------------------------------------------
def letter_text(person: FollowUpPerson, event_title: str) -> str:
    """The message to the participant, in the active language."""
    texts = "; ".join(f"“{c.text.strip().rstrip('.!')}”" for c in person.commitments)
    return ngettext(
        "Hello {first_name}, at {event} you planned a small step: {commitments}. Did you manage it? "
        "Please tell us in the short follow-up form (your code: {code}). Thank you!",
        "Hello {first_name}, at {event} you planned small steps: {commitments}. Did you manage them? "
        "Please tell us in the short follow-up form (your code: {code}). Thank you!",
        len(person.commitments)).format(first_name=person.first_name, event=event_title, commitments=texts,
                                        code=person.code)


def write_followup_csv(store, out: Path, options, progress, should_stop) -> int:
    """Mail merge: one row per person who agreed to be contacted; column names and message in the
    participant's language (ready for any mail program)."""
    with store.session() as s:
        e = current_event(s)
        people = followup_list(s)
        title = e.title
    header = ["code", "first_name", "last_name", "email", "phone", "language", "subject", "message"]
    rows = []
    for p in people:
        with i18n.language(p.language):
            rows.append([p.code, p.first_name, p.last_name, p.email, p.phone, p.language,
                         _("How did your small step go?"), letter_text(p, title)])
    progress(1.0)
    return csvsafe.write_csv(out, header, rows)


# --- letters ---------------------------------------------------------------------------------
def letters_input(session: Session, options=None) -> LettersInput:
    """What the follow-up letters show, each letter's words in its reader's language."""
    from dialogue_app.printing.followup_letters import Letter, LettersInput

    e = current_event(session)
    letters = []
    for p in followup_list(session):
        with i18n.language(p.language):
            letters.append(Letter(
                p.code, p.language, letter_text(p, e.title),
                tuple((c.text, cm.kind_label(c.kind)) for c in p.commitments),
                tuple(cm.status_label(s) for s in ("done", "partly", "not_yet"))))
    return LettersInput(e.title, e.date, tuple(letters))


def write_followup_letters(store, out: Path, options, progress, should_stop) -> int:
    """The follow-up letters (PDF): one page per person in :func:`followup_list`."""
    from dialogue_app.printing.followup_letters import render_letters
    from dialogue_app.services.printing.writers import export_pdf

    return export_pdf(store, out, options, progress, should_stop, letters_input,
                      lambda data, tmp, make_steps: render_letters(data, tmp, make_steps=make_steps))
