"""The before/after survey: instrument, entry, import, linking and the report.

Public API (all take a SQLAlchemy ``Session`` and return frozen dataclasses):

* :func:`instrument` / :func:`ensure_instrument` / :func:`save_item` /
  :func:`delete_item` / :func:`move_item` and the undoable edits
  :class:`SaveItem`, :class:`DeleteItem`, :class:`MoveItem`;
* :func:`find_response`, :func:`get_response`, :func:`save_response`,
  :func:`list_responses` and the edits :class:`SaveResponse`, :class:`DeleteResponse`;
* :func:`import_responses` (all-or-nothing spreadsheet import);
* :func:`survey_report` -> :class:`SurveyReport` (headline figures and tests),
  :func:`table_breakdown` (respondents per table with small cells suppressed);
* :func:`populate_demo` (demo answers).
"""

from __future__ import annotations

import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import String, delete, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.codes import normalise_code
from dialogue_app.errors import ImportRejected, NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.models import (
    Assignment,
    DialogueTable,
    Person,
    PersonRole,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from dialogue_app.services.events import current_event
from dialogue_app.survey import instrument as ins
from dialogue_app.survey import linking, stats
from dialogue_app.survey.csvread import read_rows

DEMO_ORDER = 200


# --- the instrument -----------------------------------------------------------------------
@dataclass(frozen=True)
class ItemInfo:
    id: uuid.UUID | None  # None for the default items of an event that has no instrument yet
    key: str
    kind: str
    label: str
    waves: tuple[str, ...]
    choices: tuple[str, ...] = ()
    position: int = 0

    def asked_in(self, wave: str) -> bool:
        return wave in self.waves


def _item_info(it: SurveyItem) -> ItemInfo:
    return ItemInfo(it.id, it.key, it.kind, it.label, tuple(w for w in it.waves.split(",") if w),
                    tuple(c for c in it.choices.split("\n") if c), it.position)


def default_items(lang: str) -> list[ItemInfo]:
    """The default instrument of METHOD.md with labels in ``lang``."""
    with i18n.language(lang):
        return [ItemInfo(None, d.key, d.kind, _(d.label), d.waves, (), i) for i, d in enumerate(ins.DEFAULT_ITEMS)]


def _stored_items(session: Session) -> list[SurveyItem]:
    e = current_event(session)
    return list(session.scalars(select(SurveyItem).where(SurveyItem.event_id == e.id)
                                .order_by(SurveyItem.position, SurveyItem.key)))


def instrument(session: Session) -> list[ItemInfo]:
    """The event's items in order (the defaults, not yet stored, when it has none)."""
    items = _stored_items(session)
    if items:
        return [_item_info(it) for it in items]
    return default_items(current_event(session).language)


def ensure_instrument(session: Session) -> list[ItemInfo]:
    """Store the default instrument (in the event language) if the event has none yet."""
    if not _stored_items(session):
        e = current_event(session)
        for d in default_items(e.language):
            session.add(SurveyItem(event_id=e.id, key=d.key, kind=d.kind, label=d.label, waves=",".join(d.waves),
                                   position=d.position))
        session.flush()
    return instrument(session)


def _validate_item(session: Session, info: ItemInfo) -> None:
    import re

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", info.key or ""):
        raise UserInputError(_("An item key must start with a letter and hold only a–z, 0–9 and _ (got “{key}”).")
                             .format(key=info.key))
    reserved = {"code", "wave", "table", *ins.SGC_ELEMENTS}
    if info.key in reserved:
        raise UserInputError(_("“{key}” is reserved; choose another item key.").format(key=info.key))
    if info.kind not in ins.KINDS:
        raise UserInputError(_("Unknown item type “{kind}”.").format(kind=info.kind))
    if not info.waves or any(w not in ins.WAVES for w in info.waves):
        raise UserInputError(_("Choose at least one wave for the item."))
    if not info.label.strip():
        raise UserInputError(_("An item needs a question."))
    if info.kind == "choice" and len(info.choices) < 2:
        raise UserInputError(_("A single-choice item needs at least two options."))
    e = current_event(session)
    clash = session.scalars(select(SurveyItem.id).where(SurveyItem.event_id == e.id, SurveyItem.key == info.key)
                            ).first()
    if clash is not None and clash != info.id:
        raise UserInputError(_("Another item already has the key “{key}”.").format(key=info.key))


def save_item(session: Session, info: ItemInfo) -> ItemInfo | None:
    """Create or update an item; returns the previous state (None when created)."""
    ensure_instrument(session)
    _validate_item(session, info)
    it = session.get(SurveyItem, info.id) if info.id else None
    before = _item_info(it) if it else None
    if it is not None and it.kind != info.kind and session.scalars(
            select(SurveyAnswer.id).where(SurveyAnswer.item_id == it.id).limit(1)).first() is not None:
        raise UserInputError(_("This item already has answers, so its type cannot change. Add a new item instead."))
    if it is None:
        e = current_event(session)
        it = SurveyItem(id=info.id or uuid.uuid4(), event_id=e.id)
        if info.position < 0 or info.id is None:
            pos = session.scalar(select(func.max(SurveyItem.position)).where(SurveyItem.event_id == e.id))
            info = replace(info, position=(pos or 0) + 1 if pos is not None else 0)
        session.add(it)
    it.key, it.kind, it.label = info.key, info.kind, info.label.strip()
    it.waves = ",".join(w for w in ins.WAVES if w in info.waves)
    it.choices = "\n".join(c.strip() for c in info.choices if c.strip())
    it.position = info.position
    session.flush()
    return before


@dataclass(frozen=True)
class ItemSnapshot:
    info: ItemInfo
    answers: tuple[tuple[uuid.UUID, str], ...]  # (response id, value)


def delete_item(session: Session, item_id: uuid.UUID) -> ItemSnapshot:
    it = session.get(SurveyItem, item_id)
    if it is None:
        raise NotFound(_("That survey item no longer exists."))
    answers = tuple(session.execute(select(SurveyAnswer.response_id, SurveyAnswer.value)
                                    .where(SurveyAnswer.item_id == item_id)).all())
    snap = ItemSnapshot(_item_info(it), answers)
    session.delete(it)
    session.flush()
    return snap


def restore_item(session: Session, snap: ItemSnapshot) -> None:
    e = current_event(session)
    i = snap.info
    session.add(SurveyItem(id=i.id, event_id=e.id, key=i.key, kind=i.kind, label=i.label, waves=",".join(i.waves),
                           choices="\n".join(i.choices), position=i.position))
    session.flush()
    for rid, value in snap.answers:
        session.add(SurveyAnswer(response_id=rid, item_id=i.id, value=value))
    session.flush()


def move_item(session: Session, item_id: uuid.UUID, delta: int) -> int:
    """Move an item up (delta -1) or down (+1) in the instrument; returns how far it actually moved."""
    items = _stored_items(session)
    idx = next((k for k, it in enumerate(items) if it.id == item_id), None)
    if idx is None:
        raise NotFound(_("That survey item no longer exists."))
    new = max(0, min(len(items) - 1, idx + delta))
    items.insert(new, items.pop(idx))
    for k, it in enumerate(items):
        it.position = k
    session.flush()
    return new - idx


@dataclass(frozen=True)
class SaveItem:
    info: ItemInfo
    label: str

    def apply(self, session: Session):
        before = save_item(session, self.info)
        if before is None:
            stored = session.scalars(select(SurveyItem).where(SurveyItem.key == self.info.key)).first()
            return DeleteItem(stored.id, self.label)
        return SaveItem(before, self.label)


@dataclass(frozen=True)
class DeleteItem:
    item_id: uuid.UUID
    label: str

    def apply(self, session: Session):
        return RestoreItem(delete_item(session, self.item_id), self.label)


@dataclass(frozen=True)
class RestoreItem:
    snapshot: ItemSnapshot
    label: str

    def apply(self, session: Session):
        restore_item(session, self.snapshot)
        return DeleteItem(self.snapshot.info.id, self.label)


@dataclass(frozen=True)
class MoveItem:
    item_id: uuid.UUID
    delta: int
    label: str

    def apply(self, session: Session):
        moved = move_item(session, self.item_id, self.delta)
        return MoveItem(self.item_id, -moved, self.label)


@dataclass(frozen=True)
class EnsureInstrument:
    """Store the default instrument (undo removes it again while nothing refers to it)."""

    label: str

    def apply(self, session: Session):
        had = bool(_stored_items(session))
        ensure_instrument(session)
        return _Noop(self.label) if had else _DropInstrument(self.label)


@dataclass(frozen=True)
class _Noop:
    label: str

    def apply(self, session: Session):
        return self


@dataclass(frozen=True)
class _DropInstrument:
    label: str

    def apply(self, session: Session):
        for it in _stored_items(session):
            session.delete(it)
        session.flush()
        return EnsureInstrument(self.label)


# --- responses ------------------------------------------------------------------------------
EMPTY_SGC: tuple[str, ...] = ("",) * len(ins.SGC_ELEMENTS)


@dataclass(frozen=True)
class ResponseData:
    """One form. Either ``code`` (a participant's badge code) or ``sgc`` (self-generated code)."""

    id: uuid.UUID | None
    wave: str
    code: str = ""
    sgc: tuple[str, ...] = EMPTY_SGC
    table_number: int | None = None
    #: (item key, stored value) for every answered item
    answers: tuple[tuple[str, str], ...] = ()
    source: str = "paper"
    #: the language the form was filled in ("" = the event language)
    language: str = ""

    def answer(self, key: str) -> str:
        return dict(self.answers).get(key, "")


@dataclass(frozen=True)
class ResponseRow:
    """One line of the entered-forms list (no name: the code or the self-generated code)."""

    id: uuid.UUID
    wave: str
    respondent: str
    table_number: int | None
    answered: int
    source: str


def _sgc_of(r: SurveyResponse) -> tuple[str, ...]:
    return tuple(getattr(r, f"sgc_{e}") for e in ins.SGC_ELEMENTS)


def sgc_text(sgc: tuple[str, ...]) -> str:
    return "-".join(x or "?" for x in sgc)


def _person_id_for_code(session: Session, code: str) -> uuid.UUID:
    e = current_event(session)
    pid = session.scalars(select(Person.id).where(Person.event_id == e.id, Person.code == normalise_code(code))).first()
    if pid is None:
        raise UserInputError(_("No person has the code “{code}”.").format(code=code.strip()))
    return pid


def table_of_code(session: Session, code: str) -> int | None:
    """The table number the participant with this code sits at (first round), if seated."""
    e = current_event(session)
    return session.scalar(
        select(DialogueTable.number).join(Assignment, Assignment.table_id == DialogueTable.id)
        .join(Person, Person.id == Assignment.person_id)
        .where(Person.event_id == e.id, Person.code == normalise_code(code)).order_by(Assignment.round).limit(1)
    )


def _data(session: Session, r: SurveyResponse, keys: dict[uuid.UUID, str], codes: dict | None = None) -> ResponseData:
    code = ""
    if r.person_id is not None:
        code = (codes or {}).get(r.person_id) or session.scalar(select(Person.code).where(Person.id == r.person_id))
    answers = tuple(sorted((keys[a.item_id], a.value) for a in r.answers if a.item_id in keys))
    return ResponseData(r.id, r.wave, code or "", _sgc_of(r), r.table_number, answers, r.source, r.language or "")


def _item_keys(session: Session) -> dict[uuid.UUID, str]:
    return {it.id: it.key for it in _stored_items(session)}


def get_response(session: Session, response_id: uuid.UUID) -> ResponseData:
    r = session.get(SurveyResponse, response_id)
    if r is None:
        raise NotFound(_("That survey form no longer exists."))
    return _data(session, r, _item_keys(session))


def find_response(session: Session, wave: str, *, code: str = "", sgc: tuple[str, ...] = EMPTY_SGC
                  ) -> ResponseData | None:
    """The form already entered for this code (or identical self-generated code) and wave."""
    e = current_event(session)
    q = select(SurveyResponse).where(SurveyResponse.event_id == e.id, SurveyResponse.wave == wave)
    if code.strip():
        pid = session.scalars(select(Person.id).where(Person.event_id == e.id, Person.code == normalise_code(code))
                              ).first()
        if pid is None:
            return None
        q = q.where(SurveyResponse.person_id == pid)
    elif all(sgc):
        q = q.where(SurveyResponse.person_id.is_(None))
        for el, v in zip(ins.SGC_ELEMENTS, sgc, strict=True):
            q = q.where(getattr(SurveyResponse, f"sgc_{el}") == v)
    else:
        return None
    r = session.scalars(q).first()
    return _data(session, r, _item_keys(session)) if r else None


def validate_response(items: list[ItemInfo], data: ResponseData) -> list[tuple[str, str]]:
    """Problems as (field, message); empty when the form can be stored."""
    problems: list[tuple[str, str]] = []
    if data.wave not in ins.WAVES:
        problems.append(("wave", _("The wave must be before, after or follow-up (got “{wave}”).")
                         .format(wave=data.wave)))
    has_sgc = any(data.sgc)
    if data.code.strip() and has_sgc:
        problems.append(("code", _("Give either a participant code or the self-generated code, not both.")))
    elif not data.code.strip() and not has_sgc:
        problems.append(("code", _("Give the participant code or the self-generated code.")))
    elif has_sgc and sum(1 for x in data.sgc if x) < len(ins.SGC_ELEMENTS) - 1:
        problems.append(("code", _("At most one element of the self-generated code may be left empty.")))
    for el, v in zip(ins.SGC_ELEMENTS, data.sgc, strict=True):
        if v and ins.normalise_sgc(el, v) != v:
            problems.append((el, _("“{value}” is not a valid answer here.").format(value=v)))
    if data.table_number is not None and data.table_number < 1:
        problems.append(("table", _("The table number must be a whole number from 1.")))
    by_key = {it.key: it for it in items}
    for key, value in data.answers:
        it = by_key.get(key)
        if it is None:
            problems.append((key, _("There is no survey item “{key}”.").format(key=key)))
        elif data.wave in ins.WAVES and not it.asked_in(data.wave):
            problems.append((key, _("This item is not asked in the {wave} wave.").format(wave=ins.wave_label(data.wave))))
        elif value and ins.normalise_answer(it.kind, value, len(it.choices)) != value:
            problems.append((key, _("“{value}” is not a valid answer here.").format(value=value)))
    return problems


def save_response(session: Session, data: ResponseData) -> ResponseData | None:
    """Store a new form or correct an existing one (``data.id``); returns the previous state.

    A new form for a code (or self-generated code) and wave that already has one is refused:
    correct the existing form instead.
    """
    items = ensure_instrument(session)
    problems = validate_response(items, data)
    if problems:
        raise UserInputError(problems[0][1], details=[f"{f}: {m}" for f, m in problems])
    e = current_event(session)
    pid = _person_id_for_code(session, data.code) if data.code.strip() else None
    existing = find_response(session, data.wave, code=data.code, sgc=data.sgc)
    if existing is not None and existing.id != data.id:
        raise UserInputError(_("A {wave} form for this respondent is already entered; correct it instead.")
                             .format(wave=ins.wave_label(data.wave)))
    r = session.get(SurveyResponse, data.id) if data.id else None
    keys = {it.key: it.id for it in items}
    before = _data(session, r, {v: k for k, v in keys.items()}) if r else None
    if r is None:
        r = SurveyResponse(id=data.id or uuid.uuid4(), event_id=e.id)
        session.add(r)
    r.wave, r.person_id, r.table_number, r.source = data.wave, pid, data.table_number, data.source
    r.language = data.language
    for el, v in zip(ins.SGC_ELEMENTS, data.sgc if pid is None else EMPTY_SGC, strict=True):
        setattr(r, f"sgc_{el}", v)
    wanted = {keys[k]: v for k, v in data.answers if v}
    for a in list(r.answers):  # update in place: the (response, item) pair is unique
        if a.item_id in wanted:
            a.value = wanted.pop(a.item_id)
        else:
            r.answers.remove(a)
    session.flush()
    for iid, v in wanted.items():
        r.answers.append(SurveyAnswer(item_id=iid, value=v))
    session.flush()
    return before


def delete_response(session: Session, response_id: uuid.UUID) -> ResponseData:
    before = get_response(session, response_id)
    session.execute(delete(SurveyResponse).where(SurveyResponse.id == response_id))
    session.expire_all()
    return before


@dataclass(frozen=True)
class SaveResponse:
    data: ResponseData
    label: str

    def apply(self, session: Session):
        data = self.data if self.data.id else replace(self.data, id=uuid.uuid4())
        before = save_response(session, data)
        if before is None:
            return DeleteResponse(data.id, self.label)
        return SaveResponse(before, self.label)


@dataclass(frozen=True)
class DeleteResponse:
    response_id: uuid.UUID
    label: str

    def apply(self, session: Session):
        return SaveResponse(delete_response(session, self.response_id), self.label)


def list_responses(session: Session) -> list[ResponseRow]:
    e = current_event(session)
    codes = dict(session.execute(select(Person.id, Person.code).where(Person.event_id == e.id)).all())
    counts = dict(session.execute(select(SurveyAnswer.response_id, func.count()).group_by(SurveyAnswer.response_id)
                                  ).all())
    rows = []
    for r in session.scalars(select(SurveyResponse).where(SurveyResponse.event_id == e.id)
                             .order_by(SurveyResponse.created_at)).all():
        who = codes.get(r.person_id, "") if r.person_id else sgc_text(_sgc_of(r))
        rows.append(ResponseRow(r.id, r.wave, who, r.table_number, counts.get(r.id, 0), r.source))
    return rows


# --- spreadsheet template and import ------------------------------------------------------------
def template_header(items: list[ItemInfo]) -> list[str]:
    return ["code", "wave", "table", *ins.SGC_ELEMENTS, *(it.key for it in items)]


def _example_answer(it: ItemInfo, k: int) -> str:
    if it.kind == "yes_no":
        return "yes" if k % 2 == 0 else "no"
    if it.kind in ins.SCALE_KINDS:
        return str(3 + k % 3)
    if it.kind == "choice":
        return "1"
    return _("Example answer")


def template_rows(items: list[ItemInfo]) -> list[list[str]]:
    """One example row per wave (self-generated code, so it imports into any event)."""
    example_sgc = ["A", "3", "1", "R", "14"]
    rows = []
    for wave in ins.WAVES:
        if not any(it.asked_in(wave) for it in items):
            continue
        row = ["", wave, "1", *example_sgc]
        for k, it in enumerate(items):
            row.append(_example_answer(it, k) if it.asked_in(wave) else "")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    problem: str

    def text(self) -> str:
        return _("row {row}, column {column}: {problem}").format(row=self.row, column=self.column,
                                                                problem=self.problem)


@dataclass(frozen=True)
class ImportResult:
    forms: int
    by_wave: dict[str, int] = field(default_factory=dict)


WAVE_ALIASES = {"before": "before", "after": "after", "follow-up": "follow-up", "followup": "follow-up",
                "follow up": "follow-up", "voor": "before", "na": "after", "avant": "before", "après": "after"}


def parse_import(session: Session, path: str | Path) -> tuple[list[ResponseData], list[ImportProblem]]:
    """Read and check a responses spreadsheet without writing anything."""
    items = instrument(session)
    by_key = {it.key: it for it in items}
    rows = read_rows(path)
    problems: list[ImportProblem] = []
    if not rows:
        return [], [ImportProblem(1, "", _("The file is empty."))]
    _line, header = rows[0]
    cols = [h.strip().lower() for h in header]
    known = {"code", "wave", "table", *ins.SGC_ELEMENTS, *by_key}
    for h in cols:
        if h and h not in known:
            problems.append(ImportProblem(1, h, _("Unknown column (not an item key of this survey).")))
    if "wave" not in cols:
        problems.append(ImportProblem(1, "wave", _("The column “wave” is missing.")))
    if len(set(c for c in cols if c)) != len([c for c in cols if c]):
        problems.append(ImportProblem(1, "", _("A column appears twice.")))
    if problems:
        return [], problems
    e = current_event(session)
    codes = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    seen: dict[tuple[str, str], int] = {}
    out = []
    for line, cells in rows[1:]:
        cell = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(cols) if c}
        row_problems: list[ImportProblem] = []
        wave = WAVE_ALIASES.get(cell.get("wave", "").strip().lower())
        if wave is None:
            row_problems.append(ImportProblem(line, "wave", _("Write the wave as before, after or follow-up (got “{v}”).")
                                              .format(v=cell.get("wave", ""))))
        code = normalise_code(cell.get("code", ""))
        if code and code not in codes:
            row_problems.append(ImportProblem(line, "code", _("No person has the code “{code}”.").format(code=code)))
        sgc = []
        for el in ins.SGC_ELEMENTS:
            v = ins.normalise_sgc(el, cell.get(el, ""))
            if v is None:
                row_problems.append(ImportProblem(line, el, _("“{value}” is not a valid answer here.")
                                                  .format(value=cell.get(el, ""))))
                v = ""
            sgc.append(v)
        table = None
        t = cell.get("table", "").strip()
        if t:
            if t.isdigit() and int(t) >= 1:
                table = int(t)
            else:
                row_problems.append(ImportProblem(line, "table", _("The table number must be a whole number from 1.")))
        answers = []
        for key, it in by_key.items():
            raw = cell.get(key, "")
            if not raw.strip():
                continue
            v = ins.normalise_answer(it.kind, raw, len(it.choices))
            if v is None:
                hint = {"yes_no": _("write yes/no or 1/0"), "agree5": _("write a number from 1 to 5"),
                        "freq5": _("write a number from 1 to 5")}.get(it.kind, _("see the item's options"))
                row_problems.append(ImportProblem(line, key, _("“{value}” is not a valid answer ({hint}).")
                                                  .format(value=raw, hint=hint)))
                continue
            if wave and not it.asked_in(wave):
                row_problems.append(ImportProblem(line, key, _("This item is not asked in the {wave} wave.")
                                                  .format(wave=ins.wave_label(wave))))
                continue
            answers.append((key, v))
        data = ResponseData(None, wave or "", code, tuple(sgc), table, tuple(answers), "import")
        if not row_problems:
            for f, m in validate_response(items, data):
                row_problems.append(ImportProblem(line, f, m))
        who = code or (tuple(sgc) if all(sgc) else None)
        if not row_problems and who:
            dup = seen.get((who, wave))
            if dup:
                row_problems.append(ImportProblem(line, "code", _("The same code and wave are already on row {row}.")
                                                  .format(row=dup)))
            elif find_response(session, wave, code=code, sgc=tuple(sgc)) is not None:
                row_problems.append(ImportProblem(line, "code", _("A {wave} form for this code is already entered.")
                                                  .format(wave=ins.wave_label(wave))))
            seen[(who, wave)] = line
        problems.extend(row_problems)
        out.append(data)
    return out, problems


def import_responses(session: Session, path: str | Path) -> ImportResult:
    """Import every row of a responses spreadsheet, or nothing (ImportRejected) when any row is wrong."""
    data, problems = parse_import(session, path)
    if problems:
        raise ImportRejected(
            ngettext("The file has {n} problem; nothing was imported.",
                     "The file has {n} problems; nothing was imported.", len(problems)).format(n=len(problems)),
            details=[p.text() for p in problems],
        )
    ensure_instrument(session)
    by_wave: dict[str, int] = defaultdict(int)
    for d in data:
        save_response(session, replace(d, id=uuid.uuid4()))
        by_wave[d.wave] += 1
    return ImportResult(len(data), dict(by_wave))


# --- analysis -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemResult:
    key: str
    label: str
    kind: str
    #: "after-share" | "paired-yes-no" | "paired-scale"
    analysis: str
    #: the waves compared ("after",) or ("before", "after") / ("before", "follow-up")
    waves: tuple[str, ...]
    n: int  # answers (after-share) or linked pairs with both answers (paired)
    share: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    yes_to_no: int | None = None
    no_to_yes: int | None = None
    statistic: float | None = None
    p_value: float | None = None
    p_holm: float | None = None
    effect_size: float | None = None
    improved: float | None = None
    unchanged: float | None = None
    worsened: float | None = None
    method: str = ""
    #: answer counts per wave over every respondent of that wave, linked or not:
    #: {wave: ((value, count), ...)} — for the charts
    distribution: dict = field(default_factory=dict)
    #: respondents of the later wave who answered but are not linked (described, never tested)
    unmatched: int = 0
    headline: str = ""

    def to_json(self) -> dict:
        d = {"key": self.key, "label": self.label, "kind": self.kind, "analysis": self.analysis,
             "waves": list(self.waves), "n": self.n}
        if self.analysis == "after-share":
            d.update(share=self.share, ci_low=self.ci_low, ci_high=self.ci_high)
        elif self.analysis == "paired-yes-no":
            d.update(yes_to_no=self.yes_to_no, no_to_yes=self.no_to_yes, statistic=self.statistic,
                     p_value=self.p_value, p_holm=self.p_holm, method=self.method)
        else:
            d.update(statistic=self.statistic, p_value=self.p_value, p_holm=self.p_holm,
                     effect_size=self.effect_size, improved=self.improved, unchanged=self.unchanged,
                     worsened=self.worsened, method=self.method)
        d["unmatched"] = self.unmatched
        d["distribution"] = {w: {v: c for v, c in counts} for w, counts in self.distribution.items()}
        if self.headline:
            d["headline"] = self.headline
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in d.items()}


@dataclass(frozen=True)
class SurveyReport:
    """Headline figures and test results of the survey (see docs/notes/survey.md)."""

    #: "present" when anyone is checked in (participants marked present), else "registered"
    #: (participants not cancelled or absent)
    basis: str
    participants: int
    respondents: dict[str, int]  # forms per wave
    response_rate: dict[str, float]  # respondents / participants per wave
    match_rate: float  # share of after forms linked to a before form
    matched: int
    matched_by_code: int
    matched_by_sgc: int
    after_with_sgc: int
    follow_up_match_rate: float
    items: tuple[ItemResult, ...]

    def to_json(self) -> dict:
        def clean(x):
            return None if isinstance(x, float) and math.isnan(x) else x

        return {
            "response_rate": {"basis": self.basis, "participants": self.participants,
                              **{w: clean(self.response_rate.get(w, float("nan"))) for w in ins.WAVES}},
            "respondents": {w: self.respondents.get(w, 0) for w in ins.WAVES},
            "match_rate": clean(self.match_rate),
            "linking": {"matched": self.matched, "by_code": self.matched_by_code,
                        "by_self_generated_code": self.matched_by_sgc,
                        "after_forms_with_self_generated_code": self.after_with_sgc,
                        "follow_up_match_rate": clean(self.follow_up_match_rate)},
            "wilcoxon_zero_method": "wilcox (zero differences discarded)",
            "items": [it.to_json() for it in self.items],
        }


def participant_basis(session: Session) -> tuple[str, int]:
    e = current_event(session)
    q = (select(Person.attendance, func.count()).join(PersonRole, PersonRole.person_id == Person.id)
         .where(Person.event_id == e.id, PersonRole.role == "participant").group_by(Person.attendance))
    counts = dict(session.execute(q).all())
    if counts.get("present", 0):
        return "present", counts["present"]
    return "registered", counts.get("registered", 0)


@dataclass(frozen=True)
class _Form:
    id: str
    wave: str
    person_id: str | None
    sgc: tuple[str, ...]
    table_number: int | None


def _load(session: Session) -> tuple[list[ItemInfo], list[_Form], dict[str, dict[str, str]]]:
    """Items, forms and answers of the event. Form and person ids come back as opaque strings
    (no UUID objects are built: 5,000 people give ~50,000 answers)."""
    e = current_event(session)
    items = instrument(session)
    sgc_cols = [getattr(SurveyResponse, f"sgc_{el}") for el in ins.SGC_ELEMENTS]
    rid_col = type_coerce(SurveyResponse.id, String)
    forms = [
        _Form(row[0], row[1], row[2], tuple(row[4:]), row[3])
        for row in session.execute(
            select(rid_col, SurveyResponse.wave, type_coerce(SurveyResponse.person_id, String),
                   SurveyResponse.table_number, *sgc_cols)
            .where(SurveyResponse.event_id == e.id).order_by(SurveyResponse.created_at)
        )
    ]
    answers: dict[str, dict[str, str]] = defaultdict(dict)
    for rid, key, value in session.execute(
        select(type_coerce(SurveyAnswer.response_id, String), SurveyItem.key, SurveyAnswer.value)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id).where(SurveyItem.event_id == e.id)
    ):
        answers[rid][key] = value
    return items, forms, answers


def link(forms: list[_Form], first: str, second: str) -> linking.LinkResult:
    a = [(f.id, f.person_id, f.sgc) for f in forms if f.wave == first]
    b = [(f.id, f.person_id, f.sgc) for f in forms if f.wave == second]
    return linking.link_waves(a, b)


def _headline(key: str, share: float) -> str:
    text = ins.HEADLINES.get(key)
    return _(text).format(pct=i18n.format_percent(share)) if text and not math.isnan(share) else ""


def survey_report(session: Session) -> SurveyReport:
    """Response and match rates and, per closed item, the share or the paired test (Holm across tests)."""
    items, forms, answers = _load(session)
    basis, participants = participant_basis(session)
    respondents = {w: sum(1 for f in forms if f.wave == w) for w in ins.WAVES}
    rates = {w: (respondents[w] / participants if participants else float("nan")) for w in ins.WAVES}
    links = {"after": link(forms, "before", "after"), "follow-up": link(forms, "before", "follow-up")}
    results: list[ItemResult] = []
    for it in items:
        if it.kind not in ("yes_no", *ins.SCALE_KINDS):
            continue
        dist = {}
        for w in it.waves:
            c: dict[str, int] = defaultdict(int)
            for f in forms:
                if f.wave == w and it.key in answers.get(f.id, {}):
                    c[answers[f.id][it.key]] += 1
            dist[w] = tuple((v, c.get(v, 0)) for v, _lab in ins.answer_options(it.kind))
        later = "after" if it.asked_in("after") else ("follow-up" if it.asked_in("follow-up") else None)
        if later is None:
            continue
        if it.asked_in("before"):
            lk = links[later]
            pairs = [(answers.get(a, {}).get(it.key), answers.get(b, {}).get(it.key)) for a, b in lk.pairs.items()]
            pairs = [(x, y) for x, y in pairs if x and y]
            linked_later = set(lk.pairs.values())
            unmatched = sum(1 for f in forms if f.wave == later and f.id not in linked_later
                            and it.key in answers.get(f.id, {}))
            if it.kind == "yes_no":
                yn = sum(1 for x, y in pairs if x == "1" and y == "0")
                ny = sum(1 for x, y in pairs if x == "0" and y == "1")
                m = stats.mcnemar(yn, ny)
                results.append(ItemResult(it.key, it.label, it.kind, "paired-yes-no", ("before", later), len(pairs),
                                          yes_to_no=yn, no_to_yes=ny, statistic=m.statistic,
                                          p_value=m.p_value if pairs else float("nan"),
                                          method="exact" if m.exact else "chi-square",
                                          distribution=dist, unmatched=unmatched))
            else:
                w = stats.wilcoxon([int(x) for x, _y in pairs], [int(y) for _x, y in pairs])
                n = len(pairs)
                results.append(ItemResult(
                    it.key, it.label, it.kind, "paired-scale", ("before", later), n, statistic=w.statistic,
                    p_value=w.p_value if n else float("nan"), effect_size=w.effect_size,
                    improved=w.improved / n if n else float("nan"), unchanged=w.unchanged / n if n else float("nan"),
                    worsened=w.worsened / n if n else float("nan"), method=w.method, distribution=dist,
                    unmatched=unmatched))
        else:
            vals = [answers[f.id][it.key] for f in forms if f.wave == later and it.key in answers.get(f.id, {})]
            positive = {"1"} if it.kind == "yes_no" else {"4", "5"}
            s = stats.wilson(sum(1 for v in vals if v in positive), len(vals))
            results.append(ItemResult(it.key, it.label, it.kind, "after-share", (later,), len(vals), share=s.share,
                                      ci_low=s.ci_low, ci_high=s.ci_high, distribution=dist,
                                      headline=_headline(it.key, s.share)))
    paired = [k for k, r in enumerate(results) if r.analysis != "after-share" and r.n > 0]
    adjusted = stats.holm([results[k].p_value for k in paired])
    for k, p in zip(paired, adjusted, strict=True):
        results[k] = replace(results[k], p_holm=p)
    la = links["after"]
    return SurveyReport(
        basis, participants, respondents, rates, la.match_rate, len(la.pairs), la.by_code, la.by_sgc,
        la.second_with_sgc, links["follow-up"].match_rate, tuple(results),
    )


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
        venue_of = dict(session.execute(
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
    hide = stats.suppress_small_cells(counts) if counts else []
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


# --- demo ----------------------------------------------------------------------------------------
def _clip5(x: float) -> int:
    return max(1, min(5, round(x)))


def populate_demo(session: Session, rng: random.Random) -> None:
    """Default instrument and plausible before/after answers for most demo participants.

    About 88% fill in the before form and 85% of those the after form; one in five uses a
    self-generated code on anonymous paper forms (a few mistype one element); a few after
    forms come from people who skipped the before form (unmatched). Connection and trust shift
    up by about a third of a point; most meet new people.
    """
    e = current_event(session)
    items = ensure_instrument(session)
    ids = {it.key: it.id for it in items}
    rows = session.execute(
        select(Person.id, Person.attendance).join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.event_id == e.id, PersonRole.role == "participant")
    ).all()
    table_of = dict(session.execute(
        select(Assignment.person_id, DialogueTable.number).join(DialogueTable, DialogueTable.id == Assignment.table_id)
        .where(Assignment.round == 1, DialogueTable.event_id == e.id)
    ).all())
    n_tables = max(1, session.scalar(select(func.count()).select_from(DialogueTable)
                                     .where(DialogueTable.event_id == e.id)) or 1)
    letters = "AEIOUAEIRLNSTMDK"
    resp_rows: list[dict] = []
    ans_rows: list[dict] = []

    def add_form(wave, pid, sgc, table, answers):
        rid = uuid.uuid4()
        row = {"id": rid, "event_id": e.id, "wave": wave, "person_id": pid, "table_number": table, "source": "demo"}
        for el, v in zip(ins.SGC_ELEMENTS, sgc, strict=True):
            row[f"sgc_{el}"] = v
        resp_rows.append(row)
        for key, value in answers.items():
            if key in ids and value is not None:
                ans_rows.append({"id": uuid.uuid4(), "response_id": rid, "item_id": ids[key], "value": value})

    for pid, attendance in rows:
        if attendance in ("cancelled", "absent"):
            continue
        table = table_of.get(pid) or rng.randint(1, n_tables)
        openness = rng.gauss(0, 0.8)
        anonymous = rng.random() < 0.2
        sgc = (rng.choice(letters), str(rng.randint(1, 12)), str(min(6, int(rng.expovariate(0.9)))),
               rng.choice("RADSUGHBLM"), str(rng.randint(1, 28)))
        did_before = rng.random() < 0.88
        did_after = rng.random() < (0.85 if did_before else 0.3)
        con_b = _clip5(3.0 + openness + rng.gauss(0, 0.7))
        tru_b = _clip5(3.1 + openness + rng.gauss(0, 0.7))
        talk_b = _clip5(2.8 + openness + rng.gauss(0, 0.8))
        intend_b = rng.random() < 0.35 + 0.1 * openness

        def ans(x):
            return None if rng.random() < 0.03 else x

        if did_before:
            add_form("before", None if anonymous else pid, sgc if anonymous else EMPTY_SGC, table, {
                "talk_other_backgrounds": ans(str(talk_b)), "connected": ans(str(con_b)),
                "trust": ans(str(tru_b)), "intend_action": ans("1" if intend_b else "0"),
            })
        if did_after:
            after_sgc = sgc
            if anonymous and rng.random() < 0.08:  # one element remembered differently
                k = rng.randrange(len(sgc))
                after_sgc = tuple(str(int(v) % 12 + 1) if i == k and v.isdigit() else
                                  ("X" if i == k else v) for i, v in enumerate(sgc))
            con_a = _clip5(con_b + rng.choice((0, 0, 0, 1, 1, -1)) + (1 if rng.random() < 0.15 else 0))
            tru_a = _clip5(tru_b + rng.choice((0, 0, 0, 1, 1, -1)))
            intend_a = intend_b or rng.random() < 0.45
            if intend_b and rng.random() < 0.08:
                intend_a = False
            add_form("after", None if anonymous else pid, after_sgc if anonymous else EMPTY_SGC, table, {
                "connected": ans(str(con_a)), "trust": ans(str(tru_a)),
                "intend_action": ans("1" if intend_a else "0"),
                "met_new_people": ans("1" if rng.random() < 0.8 else "0"),
                "view_changed": ans("1" if rng.random() < 0.45 + 0.1 * openness else "0"),
                "exchanged_contacts": ans("1" if rng.random() < 0.55 else "0"),
                "felt_heard": ans(str(_clip5(4.1 + rng.gauss(0, 0.8)))),
                "recommend": ans(str(_clip5(4.3 + rng.gauss(0, 0.7)))),
            })
    if resp_rows:
        session.execute(insert(SurveyResponse), resp_rows)
    if ans_rows:
        session.execute(insert(SurveyAnswer), ans_rows)
    session.flush()
