"""The survey instrument: its items (the defaults until the event stores its own), editing them and
the undoable edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.models import SurveyAnswer, SurveyItem
from dialogue_app.services.events import current_event
from dialogue_app.survey import instrument as ins


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
            assert stored is not None  # save_item just created it
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
        assert self.snapshot.info.id is not None  # a snapshot is of a stored item
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
