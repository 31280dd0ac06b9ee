"""The event itself: creation with default dimensions, settings, dimensions, summary."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from dialogue_app import EVENT_SUFFIX, storage, vocab
from dialogue_app.errors import DialogueError, NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import language, ngettext
from dialogue_app.models import (
    Assignment,
    Category,
    DialogueTable,
    Dimension,
    Event,
    Person,
    PersonRole,
    Venue,
)


@dataclass(frozen=True)
class CategoryInfo:
    id: uuid.UUID
    label: str
    key: str = ""


@dataclass(frozen=True)
class DimensionInfo:
    id: uuid.UUID
    key: str
    name: str
    kind: str
    weight: float
    sensitive: bool
    dont_isolate: bool
    open: bool
    position: int
    categories: tuple[CategoryInfo, ...] = ()

    def category_label(self, category_id: uuid.UUID | None) -> str:
        if category_id is None:
            return _(vocab.PREFER_NOT_TO_SAY)
        for c in self.categories:
            if c.id == category_id:
                return c.label
        return ""


@dataclass(frozen=True)
class EventSettings:
    id: uuid.UUID
    title: str
    theme: str
    date: dt.date | None
    start_time: dt.time | None
    language: str
    kind: str
    table_size_min: int
    table_size_target: int
    table_size_max: int
    rounds: int
    retention_date: dt.date | None
    unknown_distance: float
    is_package: bool = False
    #: city or organiser name written into survey exports ("" = none)
    network_name: str = ""


@dataclass(frozen=True)
class EventSummary:
    settings: EventSettings
    schema_version: str
    people_by_role: dict[str, int]
    people_total: int
    attendance: dict[str, int]
    tables: int
    seats_min: int
    seats_max: int
    venues: int
    assigned: int
    dimensions: tuple[DimensionInfo, ...] = field(default_factory=tuple)


def has_event(session: Session) -> bool:
    """Whether the file holds its event (a file without one may be damaged: every area needs it)."""
    return session.scalars(select(Event.id).limit(1)).first() is not None


def current_event(session: Session) -> Event:
    """The event of this file (exactly one)."""
    # the organisers' notes load when read: a door volunteer's connection may not read them
    event = session.scalars(select(Event).options(defer(Event.notes)).limit(1)).first()
    if event is None:
        raise DialogueError(_("This event file holds no event."))
    return event


def _settings(e: Event) -> EventSettings:
    return EventSettings(
        id=e.id, title=e.title, theme=e.theme, date=e.date, start_time=e.start_time,
        language=e.language, kind=e.kind, table_size_min=e.table_size_min,
        table_size_target=e.table_size_target, table_size_max=e.table_size_max,
        rounds=e.rounds, retention_date=e.retention_date, unknown_distance=e.unknown_distance,
        is_package=e.source_event_id is not None, network_name=e.network_name or "",
    )


def validate_table_sizes(lo: int, target: int, hi: int) -> None:
    if not (1 <= lo <= target <= hi <= 50):
        raise UserInputError(
            _("Table sizes must satisfy 1 ≤ minimum ≤ target ≤ maximum ≤ 50 (got {lo}, {target}, {hi}).").format(
                lo=lo, target=target, hi=hi
            )
        )


def create_event(
    session: Session,
    title: str,
    *,
    theme: str = "",
    date: dt.date | None = None,
    lang: str = "en",
    table_sizes: tuple[int, int, int] = (6, 7, 8),
    kind: str = "dialogue",
    default_dimensions: bool = True,
) -> EventSettings:
    """Create the event of a new file, with the default dimensions in the event language."""
    if session.scalars(select(Event.id)).first() is not None:
        raise DialogueError(_("This file already holds an event."))
    title = title.strip()
    if not title:
        raise UserInputError(_("An event needs a title."))
    validate_table_sizes(*table_sizes)
    e = Event(
        title=title, theme=theme.strip(), date=date, language=lang, kind=kind,
        table_size_min=table_sizes[0], table_size_target=table_sizes[1], table_size_max=table_sizes[2],
    )
    session.add(e)
    session.flush()
    if default_dimensions:
        add_default_dimensions(session, e)
    return _settings(e)


def create_event_file(
    path: str | os.PathLike[str],
    title: str,
    *,
    overwrite: bool = False,
    **event: Any,
) -> Path:
    """Write a new event file holding a new event (``create_event``'s arguments) and close it;
    the one way the window, the training area, the command line and the tests make an event.
    ``.dialogue`` is added to a name without it; on any failure no half-made file stays behind.
    Returns the file's path."""
    path = Path(path)
    if path.suffix != EVENT_SUFFIX:
        path = path.with_name(path.name + EVENT_SUFFIX)
    store = storage.create_event_file(path, overwrite=overwrite)
    try:
        with store.session() as s:
            create_event(s, title, **event)
    except BaseException:
        store.close()
        storage.discard_event_file(store.path)
        raise
    store.close()
    return store.path


def add_default_dimensions(session: Session, e: Event) -> None:
    with language(e.language):
        for pos, spec in enumerate(vocab.DEFAULT_DIMENSIONS):
            d = Dimension(
                event_id=e.id, key=spec.key, name=_(spec.name), kind=spec.kind, weight=spec.weight,
                sensitive=spec.sensitive, dont_isolate=spec.dont_isolate, open=spec.open, position=pos,
            )
            d.categories = [
                Category(label=_(c.label), key=c.key, position=i) for i, c in enumerate(spec.categories)
            ]
            session.add(d)
    session.flush()


MAX_ROUNDS = 10  # the most rounds an event can have


def check_rounds(rounds: int) -> None:
    """How many rounds an event has: 1 to MAX_ROUNDS."""
    if not 1 <= rounds <= MAX_ROUNDS:
        raise UserInputError(_("The number of rounds must be between 1 and {max}.").format(max=MAX_ROUNDS))


def check_round(round_no: int) -> None:
    """A round number is 1 to MAX_ROUNDS; anything else is the user's mistake."""
    if not 1 <= round_no <= MAX_ROUNDS:
        raise UserInputError(_("The round must be between 1 and {max}.").format(max=MAX_ROUNDS))


def check_event_round(e: Event, round_no: int) -> None:
    """A round after the event's last one is a mistake where a plan is expected (check-in)."""
    rounds = max(1, e.rounds)
    if round_no > rounds:
        raise UserInputError(ngettext("This event has {n} round, so there is no round {round}.",
                                      "This event has {n} rounds, so there is no round {round}.",
                                      rounds).format(n=rounds, round=round_no))


def get_settings(session: Session) -> EventSettings:
    return _settings(current_event(session))


def update_settings(session: Session, settings: EventSettings) -> EventSettings:
    """Store edited settings; returns the previous ones (for undo)."""
    e = current_event(session)
    before = _settings(e)
    if not settings.title.strip():
        raise UserInputError(_("An event needs a title."))
    validate_table_sizes(settings.table_size_min, settings.table_size_target, settings.table_size_max)
    check_rounds(settings.rounds)
    if not 0.0 <= settings.unknown_distance <= 1.0:
        raise UserInputError(_("The distance for “prefer not to say” must be between 0 and 1."))
    for name in (
        "title", "theme", "date", "start_time", "language", "table_size_min", "table_size_target",
        "table_size_max", "rounds", "retention_date", "unknown_distance", "network_name",
    ):
        setattr(e, name, getattr(settings, name))
    e.title = e.title.strip()
    return before


def dimension_info(d: Dimension) -> DimensionInfo:
    return DimensionInfo(
        id=d.id, key=d.key, name=d.name, kind=d.kind, weight=d.weight, sensitive=d.sensitive,
        dont_isolate=d.dont_isolate, open=d.open, position=d.position,
        categories=tuple(CategoryInfo(c.id, c.label, c.key) for c in d.categories),
    )


def list_dimensions(session: Session) -> list[DimensionInfo]:
    e = current_event(session)
    dims = session.scalars(select(Dimension).where(Dimension.event_id == e.id).order_by(Dimension.position))
    return [dimension_info(d) for d in dims]


def save_dimension(session: Session, info: DimensionInfo) -> DimensionInfo | None:
    """Create or update a dimension and its categories (matched by id, new ones added,
    missing ones removed together with the values pointing at them). Returns the previous
    state for undo (None when the dimension was new)."""
    e = current_event(session)
    if not info.name.strip():
        raise UserInputError(_("A dimension needs a name."))
    if info.kind not in ("nominal", "ordinal"):
        raise UserInputError(_("A dimension is nominal or ordinal."))
    if not 0.0 <= info.weight <= 10.0:
        raise UserInputError(_("A weight must be between 0 and 10."))
    labels = [c.label.strip() for c in info.categories]
    if any(not lab for lab in labels):
        raise UserInputError(_("A category needs a label."))
    if len({lab.casefold() for lab in labels}) != len(labels):
        raise UserInputError(_("Two categories of “{name}” have the same label.").format(name=info.name))
    d = session.get(Dimension, info.id)
    before = dimension_info(d) if d is not None else None
    if d is None:
        clash = session.scalars(
            select(Dimension).where(Dimension.event_id == e.id, Dimension.key == info.key)
        ).first()
        if clash is not None:
            raise UserInputError(_("A dimension with the key “{key}” exists already.").format(key=info.key))
        d = Dimension(id=info.id, event_id=e.id, key=info.key)
        session.add(d)
    d.name, d.kind, d.weight = info.name.strip(), info.kind, info.weight
    d.sensitive, d.dont_isolate, d.open, d.position = info.sensitive, info.dont_isolate, info.open, info.position
    existing = {c.id: c for c in d.categories}
    keep = []
    for pos, c in enumerate(info.categories):
        cat = existing.pop(c.id, None)
        if cat is None:
            cat = Category(id=c.id, key=c.key)
        cat.label, cat.position = c.label.strip(), pos
        keep.append(cat)
    # Renames may swap labels: clear removed ones first to respect the unique constraint.
    d.categories = keep
    session.flush()
    return before


def delete_dimension(session: Session, dimension_id: uuid.UUID) -> DimensionInfo:
    d = session.get(Dimension, dimension_id)
    if d is None:
        raise NotFound(_("That dimension no longer exists."))
    before = dimension_info(d)
    session.delete(d)
    session.flush()
    return before


def new_dimension(key_hint: str, position: int) -> DimensionInfo:
    slug = vocab.fold(key_hint).replace(" ", "_")[:40] or "dimension"
    return DimensionInfo(
        id=uuid.uuid4(), key=f"{slug}_{uuid.uuid4().hex[:6]}", name=key_hint, kind="nominal", weight=1.0,
        sensitive=False, dont_isolate=False, open=True, position=position,
    )


def summary(session: Session, schema_version: str = "") -> EventSummary:
    e = current_event(session)
    roles = dict(
        session.execute(
            select(PersonRole.role, func.count())
            .join(Person, Person.id == PersonRole.person_id)
            .where(Person.event_id == e.id)
            .group_by(PersonRole.role)
        ).all()
    )
    attendance = dict(
        session.execute(
            select(Person.attendance, func.count()).where(Person.event_id == e.id).group_by(Person.attendance)
        ).all()
    )
    total = session.scalar(select(func.count()).select_from(Person).where(Person.event_id == e.id)) or 0
    tables = session.execute(
        select(func.count(), func.coalesce(func.sum(DialogueTable.capacity_min), 0),
               func.coalesce(func.sum(DialogueTable.capacity_max), 0))
        .where(DialogueTable.event_id == e.id)
    ).one()
    venues = session.scalar(select(func.count()).select_from(Venue).where(Venue.event_id == e.id)) or 0
    assigned = session.scalar(
        select(func.count(func.distinct(Assignment.person_id))).join(Person).where(Person.event_id == e.id)
    ) or 0
    return EventSummary(
        settings=_settings(e), schema_version=schema_version, people_by_role=roles, people_total=total,
        attendance=attendance, tables=tables[0], seats_min=tables[1], seats_max=tables[2], venues=venues,
        assigned=assigned, dimensions=tuple(list_dimensions(session)),
    )
