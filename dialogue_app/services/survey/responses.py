"""Survey forms: finding, checking, storing and listing them, and the undoable edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dialogue_app.codes import normalise_code
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Assignment, DialogueTable, Person, SurveyAnswer, SurveyResponse
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import ItemInfo, _stored_items, ensure_instrument
from dialogue_app.survey import instrument as ins

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
    #: the language the form was answered in ("" = the event's language, stored as such)
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


def person_language(session: Session, code: str) -> str:
    """The first language recorded for the person with this code ("" when unknown): the form's
    language to suggest on the paper entry screen."""
    e = current_event(session)
    langs = session.scalars(select(Person.languages).where(Person.event_id == e.id,
                                                           Person.code == normalise_code(code))).first()
    return next((x.strip().lower() for x in (langs or "").split(",") if x.strip()), "")


def _data(session: Session, r: SurveyResponse, keys: dict[uuid.UUID, str], codes: dict | None = None) -> ResponseData:
    code: str | None = ""
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
    # the instrument is stored, so every item has an id
    before = _data(session, r, {v: k for k, v in keys.items() if v is not None}) if r else None
    if r is None:
        r = SurveyResponse(id=data.id or uuid.uuid4(), event_id=e.id)
        session.add(r)
    r.wave, r.person_id, r.table_number, r.source = data.wave, pid, data.table_number, data.source
    r.language = data.language or e.language
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
            assert data.id is not None  # given one above
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
