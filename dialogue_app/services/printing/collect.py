"""Collectors: build the plain inputs of the printed documents from the event file.

Each function takes a SQLAlchemy session and returns the frozen dataclasses of
:mod:`dialogue_app.printing.inputs` that the renderers draw; nothing here draws and nothing in the renderers queries. People,
tables and seats come from the models and services of the foundation; the
facilitation, commitments and survey areas are imported lazily so that printing
works (with less content) in a build without them.

No input carries a value of a sensitive dimension; the diversity figures of the
report are event-level aggregates.
"""

from __future__ import annotations

import importlib
import uuid
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.models import Assignment, DialogueTable, Dimension, Person, PersonRole, PersonValue, Venue
from dialogue_app.printing.inputs import (
    BadgeInput,
    CommitmentCardInput,
    DiversityRow,
    EventInfo,
    GuideInput,
    GuidePhaseInput,
    ReportInput,
    Seat,
    SurveyFormsInput,
    TableInput,
    blau,
    name_order_key,
    person_language,
    shown_first_names,
)
from dialogue_app.services.events import current_event

#: People who get printed materials: everyone but those who cancelled.
ACTIVE = ("registered", "present", "absent")


def _optional(module: str):
    """A module of another area, or None when that area is not part of this build."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


# --- the event ------------------------------------------------------------------------

def event_info(session: Session) -> EventInfo:
    e = current_event(session)
    return EventInfo(title=e.title, theme=e.theme, date=e.date, start_time=e.start_time, language=e.language,
                     kind=e.kind)


# --- people and seats -------------------------------------------------------------------

def seats(session: Session, tables: tuple[int, ...] = ()) -> list[Seat]:
    """Everyone who has not cancelled, with their round-1 table (and, with more than one
    round, their later tables, and the language they read on paper); only the people of those round-1
    tables when given."""
    e = current_event(session)
    roles: dict[uuid.UUID, set[str]] = defaultdict(set)
    for pid, role in session.execute(
        select(PersonRole.person_id, PersonRole.role).join(Person).where(Person.event_id == e.id)
    ):
        roles[pid].add(role)
    table_in: dict[tuple[uuid.UUID, int], int] = {
        (pid, rnd): number for pid, rnd, number in session.execute(
            select(Assignment.person_id, Assignment.round, DialogueTable.number)
            .join(DialogueTable, DialogueTable.id == Assignment.table_id)
            .where(DialogueTable.event_id == e.id, Assignment.round.between(1, max(1, e.rounds)))
        )
    }
    table_of = {pid: number for (pid, rnd), number in table_in.items() if rnd == 1}
    later_rounds = range(2, max(1, e.rounds) + 1)
    document_language, available = i18n.current_language(), i18n.available_languages()
    out = []
    for pid, code, first, last, spoken in session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.languages)
        .where(Person.event_id == e.id, Person.attendance.in_(ACTIVE), Person.anonymised.is_(False))
    ):
        n = table_of.get(pid)
        if tables and n not in tables:
            continue
        later = tuple(table_in.get((pid, r)) for r in later_rounds)
        out.append(Seat(pid, code, first, last, frozenset(roles.get(pid, ())), n, later,
                        person_language(spoken, document_language, available)))
    out.sort(key=lambda s: (s.table_number if s.table_number is not None else 1_000_000,
                            not s.is_facilitator, s.first_name.casefold(), s.last_name.casefold(), s.code))
    return out


# --- badges -------------------------------------------------------------------------------

def collect_badges(session: Session, tables: tuple[int, ...] = (), order: str = "table") -> list[BadgeInput]:
    """The badges of everyone who has not cancelled, by table (facilitator first) or by name."""
    out = []
    for s in seats(session, tables):
        role = ("facilitator" if s.is_facilitator else "trainer" if "trainer" in s.roles
                else "host" if "host" in s.roles else "participant")
        out.append(BadgeInput(s.first_name, s.last_name, s.table_number, s.code, role, s.later_tables,
                              s.language))
    if order == "name":
        out.sort(key=lambda b: (name_order_key(b.first_name, b.last_name), b.code))
    return out


# --- tables -----------------------------------------------------------------------------------

def collect_tables(session: Session, tables: tuple[int, ...] = ()) -> list[TableInput]:
    e = current_event(session)
    by_table: dict[int, list[Seat]] = defaultdict(list)
    later: dict[tuple[int, int], list[str]] = defaultdict(list)  # (round index, table) -> facilitators
    for s in seats(session):
        if s.table_number is not None and (not tables or s.table_number in tables):
            by_table[s.table_number].append(s)
        if s.is_facilitator:
            for k, n in enumerate(s.later_tables):
                if n is not None:
                    later[(k, n)].append(f"{s.first_name} {s.last_name}".strip())
    n_later = max(0, e.rounds - 1)
    out = []
    for t, venue in session.execute(
        select(DialogueTable, Venue).outerjoin(Venue, Venue.id == DialogueTable.venue_id)
        .where(DialogueTable.event_id == e.id).order_by(DialogueTable.number)
    ):
        if tables and t.number not in tables:
            continue
        people = by_table.get(t.number, [])
        guests = [s for s in people if s.is_participant and not s.is_facilitator]
        out.append(TableInput(
            number=t.number, name=t.name, venue=venue.name if venue else "",
            venue_address=venue.address if venue else "",
            facilitators=tuple(f"{s.first_name} {s.last_name}".strip() for s in people if s.is_facilitator),
            first_names=shown_first_names(guests),
            later_tables=tuple(s.later_tables for s in guests) if n_later else (),
            is_training=t.is_training or e.kind == "training",
            later_facilitators=tuple(tuple(later.get((k, t.number), ())) for k in range(n_later)),
            languages=tuple(s.language for s in guests),
        ))
    return out


# --- facilitator guides ---------------------------------------------------------------------

def collect_guides(session: Session, tables: tuple[int, ...] = ()) -> list[GuideInput]:
    """One guide per table. Uses ``services.facilitation.guide_data`` when present."""
    info = event_info(session)
    fac = _optional("dialogue_app.services.facilitation")
    rounds = max(1, current_event(session).rounds)
    spoken = table_languages(session)
    out = []
    for t in collect_tables(session, tables):
        if fac is None:
            names = tuple(sorted(t.first_names, key=str.casefold))
            out.append(GuideInput(event=info, table=t, first_names=names, talking_stick_order=t.first_names,
                                  has_script=False))
            continue
        g = fac.guide_data(session, t.number)
        others = questions_in(session, spoken.get(t.number, ()))
        phases = tuple(
            GuidePhaseInput(title=p.title, minutes=p.minutes, start=p.start, end=p.end, purpose=p.purpose,
                            question=p.question, back_pocket=tuple(p.back_pocket), say=p.say, do=p.do,
                            captures_commitments=bool(getattr(p, "captures_commitments", False)),
                            question_in=tuple((lang, qs[k]) for lang, qs in others.items() if qs[k]))
            for k, p in enumerate(g.phases)
        )
        out.append(GuideInput(
            event=info, table=t, first_names=tuple(g.first_names), talking_stick_order=tuple(g.talking_stick_order),
            phases=phases, ground_rules=tuple(g.ground_rules), total_minutes=g.total_minutes,
            warning=g.warning or "",
            later_rounds=tuple(tuple(fac.guide_data(session, t.number, r).talking_stick_order)
                               for r in range(2, rounds + 1)),
        ))
    return out


def table_languages(session: Session, most: int = 2) -> dict[int, tuple[str, ...]]:
    """Per round-1 table, the languages other than the document's that its participants read, the
    most read first (at most ``most``)."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for s in seats(session):
        if s.table_number is not None and s.language and not s.is_facilitator:
            counts[s.table_number][s.language] += 1
    return {n: tuple(lang for lang, _k in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:most])
            for n, c in counts.items()}


def questions_in(session: Session, languages: tuple[str, ...]) -> dict[str, list[str]]:
    """Per language, each phase's question in it: the default script's wording in that language
    where the event still uses the default question; "" where the organiser wrote their own."""
    script = _optional("dialogue_app.services.facilitation.script")
    if script is None or not languages:
        return {}
    from dialogue_app.facilitation.script import render

    e = current_event(session)
    phases = script.list_phases(session)
    defaults = {d.key: d.question for d in script.default_phases(e.language)}
    out: dict[str, list[str]] = {}
    for lang in languages:
        theirs = {d.key: d.question for d in script.default_phases(lang)}
        out[lang] = [render(theirs[p.key], e.theme)
                     if p.key in theirs and p.question and defaults.get(p.key) == p.question
                     and theirs[p.key] != p.question else "" for p in phases]
    return out


# --- commitments ------------------------------------------------------------------------------

def collect_commitment_cards(session: Session, tables: tuple[int, ...] = ()) -> list[CommitmentCardInput]:
    """One card per recorded commitment; without any, a blank card per participant to fill in by hand."""
    info = event_info(session)
    mod = _optional("dialogue_app.services.commitments")
    rows = mod.list_commitments(session) if mod is not None else []
    everyone = seats(session, tables if not rows else ())
    language_of = {s.person_id: s.language for s in everyone}
    cards = [
        CommitmentCardInput(text=c.text, first_name=c.person_first_name, partner_first_name=c.partner_first_name,
                            table_number=c.table_number, event_date=info.date, target_date=c.target_date,
                            event_title=info.title, language=language_of.get(c.person_id, ""))
        for c in rows if not tables or c.table_number in tables
    ]
    if cards or rows:
        return cards
    return [CommitmentCardInput(text="", first_name=s.first_name, table_number=s.table_number,
                                event_date=info.date, event_title=info.title, language=s.language)
            for s in everyone if s.is_participant and not s.is_facilitator]


# --- survey forms ---------------------------------------------------------------------------

def collect_survey_forms(session: Session, tables: tuple[int, ...] = (), *, anonymous: bool = False,
                         waves: tuple[str, ...] = ("before", "after")) -> SurveyFormsInput:
    """The instrument's items per wave and the respondents' codes (needs the survey area); a
    respondent who reads another language gets the items in that language too."""
    from dialogue_app.services.survey import printing as survey_adapter

    info = event_info(session)
    items, code_questions = survey_adapter.instrument(session, waves)
    people = [s for s in seats(session, tables) if s.is_participant and not s.is_facilitator]
    respondents = () if anonymous else tuple((s.code, s.table_number) for s in people)
    languages = () if anonymous else tuple(s.language for s in people)
    translated = {lang: survey_adapter.instrument_in(session, waves, lang) for lang in sorted(set(languages) - {""})}
    return SurveyFormsInput(event=info, items=items, wave_titles={w: survey_adapter.wave_label(w) for w in waves},
                            code_questions=code_questions, respondents=respondents, copies=len(people),
                            anonymous=anonymous, languages=languages, translated=translated)


# --- the report -----------------------------------------------------------------------------

def diversity(session: Session) -> tuple[DiversityRow, ...]:
    """Event-level diversity per dimension: categories present and mean Blau index across tables."""
    e = current_event(session)
    dims = list(session.scalars(select(Dimension).where(Dimension.event_id == e.id).order_by(Dimension.position)))
    active = select(Person.id).where(Person.event_id == e.id, Person.attendance.in_(ACTIVE))
    table_of = dict(session.execute(
        select(Assignment.person_id, Assignment.table_id).where(Assignment.round == 1,
                                                               Assignment.person_id.in_(active))
    ).all())
    facilitators = set(session.scalars(select(PersonRole.person_id).where(PersonRole.role == "facilitator")))
    participants = set(session.scalars(select(PersonRole.person_id).where(PersonRole.role.in_(("participant", "host")))))
    present: dict[uuid.UUID, set] = defaultdict(set)
    per_table: dict[tuple[uuid.UUID, uuid.UUID], Counter] = defaultdict(Counter)
    for pid, dim_id, cat_id in session.execute(
        select(PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id)
        .where(PersonValue.person_id.in_(active))
    ):
        if cat_id is None or pid not in participants or pid in facilitators:
            continue
        present[dim_id].add(cat_id)
        t = table_of.get(pid)
        if t is not None:
            per_table[(dim_id, t)][cat_id] += 1
    rows = []
    for d in dims:
        indices = [blau(list(c.values())) for (dim_id, _t), c in per_table.items()
                   if dim_id == d.id and sum(c.values()) >= 2]
        rows.append(DiversityRow(
            dimension=d.name, categories_present=len(present.get(d.id, ())), categories_defined=len(d.categories),
            average_blau=sum(indices) / len(indices) if indices else None, sensitive=d.sensitive,
        ))
    return tuple(rows)


def collect_report(session: Session) -> ReportInput:
    from dialogue_app.services.survey import printing as survey_adapter

    e = current_event(session)
    info = event_info(session)
    everyone = seats(session)
    part = [s for s in everyone if s.is_participant and not s.is_facilitator]
    present = set(session.scalars(select(Person.id).where(Person.event_id == e.id, Person.attendance == "present")))
    n_tables = len(e.tables)
    used = {s.table_number for s in part if s.table_number is not None}
    venues = len(e.venues)
    com = _optional("dialogue_app.services.commitments")
    by_kind: tuple[tuple[str, int], ...] = ()
    examples: dict[str, tuple[str, ...]] = {}
    total = 0
    if com is not None:
        counts = com.commitment_counts(session)
        total = counts.total
        by_kind = tuple((com.kind_label(k), n) for k, n in counts.by_kind.items())
        grouped: dict[str, list[str]] = defaultdict(list)
        for c in com.list_commitments(session):
            text = " ".join(c.text.split())
            if text and text not in grouped[com.kind_label(c.kind)] and len(grouped[com.kind_label(c.kind)]) < 3:
                grouped[com.kind_label(c.kind)].append(text)
        examples = {k: tuple(v) for k, v in grouped.items()}
    return ReportInput(
        event=info, tables=n_tables, tables_used=len(used), participants=len(part),
        participants_present=sum(1 for s in part if s.person_id in present),
        facilitators=sum(1 for s in everyone if s.is_facilitator), venues=venues,
        diversity=diversity(session), survey=survey_adapter.summary(session),
        commitments_total=total, commitments_by_kind=by_kind, commitment_examples=examples,
        has_commitments_area=com is not None, follow_through=_follow_through(session, com),
        followup_quotes=_followup_quotes(session, com),
    )


def _follow_through(session, com) -> tuple:
    fu = _optional("dialogue_app.services.followup") if com is not None else None
    if fu is None:
        return ()
    return tuple((com.kind_label(f.kind), f.asked, f.done, f.partly, f.not_yet) for f in fu.follow_through(session))


def _followup_quotes(session, com) -> tuple[str, ...]:
    fu = _optional("dialogue_app.services.followup") if com is not None else None
    return fu.followup_quotes(session) if fu is not None else ()
