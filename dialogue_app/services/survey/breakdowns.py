"""Forms and answers per table, venue or category, small cells suppressed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import DialogueTable
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.report import _Form, _load
from dialogue_app.survey import instrument as ins
from dialogue_app.survey import stats


@dataclass(frozen=True)
class Breakdown:
    """Forms per group (table or venue) and wave; ``None`` marks a suppressed cell."""

    waves: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]  # (table label, counts per wave)
    totals: tuple[int, ...]


BREAKDOWNS = ("table", "venue")


def _groups(session: Session, by: str, forms: list[_Form]) -> tuple[dict, list, list[str]]:
    """(form id -> group key or None, group keys in order, their labels) for a breakdown."""
    from dialogue_app.models import Venue

    if by.startswith("dim:"):
        group = _category_groups(session, by[4:], forms)
        keys: list = sorted({g for g in group.values() if g is not None}, key=lambda g: g[0])
        labels = [g[1] for g in keys]
        # self-generated code, no value or "prefer not to say"
        missing = _("Not known")
    elif by == "venue":
        e = current_event(session)
        venue_of: dict[int | None, str] = dict(session.execute(
            select(DialogueTable.number, Venue.name).join(Venue, Venue.id == DialogueTable.venue_id)
            .where(DialogueTable.event_id == e.id)).all())
        group = {f.id: venue_of.get(f.table_number) for f in forms}
        keys = sorted({g for g in group.values() if g is not None})
        labels = list(keys)
        missing = _("No venue known")
    elif by == "table":
        group = {f.id: f.table_number for f in forms}
        keys = sorted({g for g in group.values() if g is not None})
        labels = [_("Table {n}").format(n=t) for t in keys]
        missing = _("No table given")
    else:
        raise UserInputError(_("Unknown breakdown “{by}”.").format(by=by))
    if any(g is None for g in group.values()):
        keys.append(None)
        labels.append(missing)
    return group, keys, labels


def _suppressed_rows(labels: list[str], counts: list[list[int]]) -> tuple:
    hide: Any = stats.suppress_small_cells(counts) if counts else []  # an array of booleans
    return tuple((labels[i], tuple(None if hide[i][j] else counts[i][j] for j in range(len(counts[i]))))
                 for i in range(len(labels)))


def breakdown(session: Session, by: str = "table") -> Breakdown:
    """Forms per table (or venue, or category of a non-sensitive dimension: ``"dim:<key>"``) and wave,
    with cells below 5 (and cells that would reveal them from the row and column totals) suppressed
    (see :func:`stats.suppress_small_cells`)."""
    _items, forms, _answers = _load(session)
    waves = tuple(w for w in ins.WAVES if any(f.wave == w for f in forms)) or ("before", "after")
    group, keys, labels = _groups(session, by, forms)
    tally: dict[tuple, int] = defaultdict(int)
    for f in forms:
        tally[(group[f.id], f.wave)] += 1
    counts = [[tally[(k, w)] for w in waves] for k in keys]
    totals = tuple(sum(1 for f in forms if f.wave == w) for w in waves)
    return Breakdown(waves, _suppressed_rows(labels, counts), totals)


@dataclass(frozen=True)
class AnswerBreakdown:
    """Answers to one closed item in one wave per group; ``None`` marks a suppressed cell."""

    item_key: str
    wave: str
    columns: tuple[str, ...]  # translated answer labels
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]
    totals: tuple[int, ...]  # per answer, over every group


def answer_breakdown(session: Session, item_key: str, by: str = "table", wave: str | None = None
                     ) -> AnswerBreakdown:
    """How a closed item was answered per group (table, venue or ``"dim:<key>"``), small cells suppressed.

    ``wave`` defaults to the item's later wave (after, else follow-up, else before).
    """
    items, forms, answers = _load(session)
    it = next((i for i in items if i.key == item_key), None)
    if it is None or it.kind == "text":
        raise UserInputError(_("There is no closed survey item “{key}”.").format(key=item_key))
    wave = wave or next(w for w in ("after", "follow-up", "before") if it.asked_in(w) or w == "before")
    options = ins.answer_options(it.kind, it.choices)
    forms = [f for f in forms if f.wave == wave and item_key in answers.get(f.id, {})]
    group, keys, labels = _groups(session, by, forms)
    tally: dict[tuple, int] = defaultdict(int)
    for f in forms:
        tally[(group[f.id], answers[f.id][item_key])] += 1
    counts = [[tally[(k, v)] for v, _lab in options] for k in keys]
    totals = tuple(sum(tally[(k, v)] for k in keys) for v, _lab in options)
    return AnswerBreakdown(item_key, wave, tuple(lab for _v, lab in options), _suppressed_rows(labels, counts),
                           totals)


def breakdown_choices(session: Session) -> list[tuple[str, str]]:
    """(key for :func:`breakdown`, translated label): table, venue and every non-sensitive dimension."""
    from dialogue_app.services.events import list_dimensions

    out = [("table", _("Per table")), ("venue", _("Per venue"))]
    for d in list_dimensions(session):
        if not d.sensitive:
            out.append((f"dim:{d.key}", _("Per {dimension}").format(dimension=d.name.lower())))
    return out


def _category_groups(session: Session, dim_key: str, forms: list[_Form]) -> dict:
    """form id -> (position, category label) for forms linked by code; None otherwise."""
    from dialogue_app.models import Category, Dimension, PersonValue

    e = current_event(session)
    dim = session.scalars(select(Dimension).where(Dimension.event_id == e.id, Dimension.key == dim_key)).first()
    if dim is None:
        raise NotFound(_("There is no dimension “{key}”.").format(key=dim_key))
    if dim.sensitive:
        raise UserInputError(_("Survey answers are never broken down by a sensitive dimension."))
    rows = session.execute(
        select(type_coerce(PersonValue.person_id, String), Category.position, Category.label)
        .join(Category, Category.id == PersonValue.category_id).where(PersonValue.dimension_id == dim.id)
    ).all()
    value = {pid: (pos, label) for pid, pos, label in rows}
    return {f.id: value.get(f.person_id) if f.person_id else None for f in forms}


def table_breakdown(session: Session) -> Breakdown:
    """Forms per table and wave, small cells suppressed."""
    return breakdown(session, "table")
