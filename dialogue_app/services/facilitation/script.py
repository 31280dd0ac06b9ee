"""The event's facilitation script and ground rules, with undoable edits.

A default script is created lazily (:func:`ensure_script`) in the event language;
reads on an event without a script return the default without writing, so
read-only files work too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogue_app.errors import NotFound, UserInputError
from dialogue_app.facilitation import script as default_script
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import language, ngettext
from dialogue_app.models.facilitation import GroundRule, ScriptPhase
from dialogue_app.services import edits, versions
from dialogue_app.services.events import current_event

DEMO_ORDER = 150
MAX_MINUTES = 600


@dataclass(frozen=True)
class PhaseInfo:
    id: uuid.UUID
    position: int
    title: str
    minutes: int
    key: str = ""
    purpose: str = ""
    question: str = ""
    back_pocket: tuple[str, ...] = ()
    say: str = ""
    do: str = ""
    capture: str = ""
    #: the phase's version when read (0: new, not stored or not known): a save finding another one is refused
    row_version: int = field(default=0, compare=False)

    @property
    def captures_commitments(self) -> bool:
        return self.capture == "commitments"


def new_phase(position: int) -> PhaseInfo:
    return PhaseInfo(id=uuid.uuid4(), position=position, title=_("New phase"), minutes=10)


def _info(p: ScriptPhase) -> PhaseInfo:
    return PhaseInfo(
        id=p.id, position=p.position, title=p.title, minutes=p.minutes, key=p.key, purpose=p.purpose,
        question=p.question, back_pocket=tuple(x for x in p.back_pocket.splitlines() if x.strip()),
        say=p.say, do=p.do, capture=p.capture, row_version=p.row_version,
    )


def default_phases(lang: str) -> list[PhaseInfo]:
    """The default script in a language (not stored)."""
    with language(lang):
        return [
            PhaseInfo(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"dialogue-app:phase:{d.key}"), position=i, title=_(d.title),
                minutes=d.minutes, key=d.key, purpose=_(d.purpose), question=_(d.question),
                back_pocket=tuple(_(q) for q in d.back_pocket), say=_(d.say), do=_(d.do), capture=d.capture,
            )
            for i, d in enumerate(default_script.DEFAULT_PHASES)
        ]


def default_ground_rules(lang: str) -> tuple[str, ...]:
    with language(lang):
        return tuple(_(r) for r in default_script.DEFAULT_GROUND_RULES)


def _stored_phases(session: Session, event_id: uuid.UUID) -> list[ScriptPhase]:
    return list(session.scalars(
        select(ScriptPhase).where(ScriptPhase.event_id == event_id).order_by(ScriptPhase.position)
    ))


def has_script(session: Session) -> bool:
    e = current_event(session)
    return session.scalars(select(ScriptPhase.id).where(ScriptPhase.event_id == e.id).limit(1)).first() is not None


def ensure_script(session: Session) -> bool:
    """Store the default script and ground rules (event language) when the event has none.
    Returns whether anything was created."""
    e = current_event(session)
    created = False
    if not has_script(session):
        for p in default_phases(e.language):
            session.add(ScriptPhase(
                event_id=e.id, position=p.position, key=p.key, title=p.title, purpose=p.purpose,
                minutes=p.minutes, question=p.question, back_pocket="\n".join(p.back_pocket), say=p.say,
                do=p.do, capture=p.capture,
            ))
        created = True
    if session.scalars(select(GroundRule.id).where(GroundRule.event_id == e.id).limit(1)).first() is None \
            and created:
        for i, text in enumerate(default_ground_rules(e.language)):
            session.add(GroundRule(event_id=e.id, position=i, text=text))
    session.flush()
    return created


def list_phases(session: Session) -> list[PhaseInfo]:
    """The event's script (the default one, not stored, when there is none yet)."""
    e = current_event(session)
    stored = _stored_phases(session, e.id)
    return [_info(p) for p in stored] if stored else default_phases(e.language)


def ground_rules(session: Session) -> tuple[str, ...]:
    e = current_event(session)
    rules = tuple(
        session.scalars(select(GroundRule.text).where(GroundRule.event_id == e.id).order_by(GroundRule.position))
    )
    if not rules and not has_script(session):
        return default_ground_rules(e.language)
    return rules


def _validate(info: PhaseInfo) -> None:
    if not info.title.strip():
        raise UserInputError(_("A phase needs a title."))
    if not 0 <= info.minutes <= MAX_MINUTES:
        raise UserInputError(_("A phase lasts between 0 and {max} minutes.").format(max=MAX_MINUTES))


def _renumber(phases: list[ScriptPhase]) -> None:
    for i, p in enumerate(phases):
        p.position = i


def save_phase(session: Session, info: PhaseInfo) -> PhaseInfo | None:
    """Create (inserted at ``info.position``) or update a phase; returns the previous state."""
    _validate(info)
    ensure_script(session)
    e = current_event(session)
    phases = _stored_phases(session, e.id)
    p = next((x for x in phases if x.id == info.id), None)
    before = _info(p) if p is not None else None
    if p is None:
        p = ScriptPhase(id=info.id, event_id=e.id)
        session.add(p)
        pos = min(max(0, info.position), len(phases))
        phases.insert(pos, p)
    elif info.position != p.position:
        phases.remove(p)
        phases.insert(min(max(0, info.position), len(phases)), p)
    p.key, p.title, p.purpose, p.minutes = info.key, info.title.strip(), info.purpose, info.minutes
    p.question, p.back_pocket = info.question, "\n".join(q.strip() for q in info.back_pocket if q.strip())
    p.say, p.do, p.capture = info.say, info.do, info.capture
    _renumber(phases)
    session.flush()
    return before


def delete_phase(session: Session, phase_id: uuid.UUID) -> PhaseInfo:
    ensure_script(session)
    e = current_event(session)
    phases = _stored_phases(session, e.id)
    p = next((x for x in phases if x.id == phase_id), None)
    if p is None:
        raise NotFound(_("That phase no longer exists."))
    if len(phases) == 1:
        raise UserInputError(_("A script needs at least one phase."))
    before = _info(p)
    phases.remove(p)
    session.delete(p)
    session.flush()
    _renumber(phases)
    session.flush()
    return before


def set_ground_rules(session: Session, rules: tuple[str, ...]) -> tuple[str, ...]:
    """Replace the ground rules (empty lines dropped); returns the previous ones."""
    ensure_script(session)
    e = current_event(session)
    before = ground_rules(session)
    session.execute(delete(GroundRule).where(GroundRule.event_id == e.id))
    for i, text in enumerate(r.strip() for r in rules if r.strip()):
        session.add(GroundRule(event_id=e.id, position=i, text=text))
    session.flush()
    return before


# --- undoable edits --------------------------------------------------------------------


def _phase_fields() -> tuple[versions.FieldSpec, ...]:
    """A phase's fields as the Script page names them (for a refused save: theirs and mine)."""
    return (
        ("title", _("&Title:")),
        ("minutes", _("&Duration:"), lambda n: ngettext("{n} minute", "{n} minutes", n).format(n=n)),
        ("purpose", _("&Purpose:")), ("question", _("&Question:")),
        ("back_pocket", _("Back-pocket questions"), " / ".join),
        ("say", _("Sa&y:")), ("do", _("D&o:")),
        ("capture", _("Record commitments in this phase"), lambda c: _("yes") if c else _("no")),
        ("position", _("Phases, in order:"), lambda i: str(i + 1)),
    )


#: Script phases as generic rows: a deleted phase comes back by saving it again (at its position).
PHASE_ROWS: edits.RowKind[PhaseInfo, PhaseInfo] = edits.RowKind(
    save=save_phase, delete=delete_phase, restore=save_phase,
    data_id=lambda p: p.id, snapshot_id=lambda p: p.id, areas=frozenset({edits.Area.FACILITATION}),
    model=ScriptPhase, describe=lambda p: f"“{p.title.strip()[:40]}”", fields=_phase_fields,
)


class SavePhase(edits.SaveRow[PhaseInfo, PhaseInfo]):
    """Undoable: add or change a phase of the script."""

    def __init__(self, info: PhaseInfo, label: str) -> None:
        super().__init__(PHASE_ROWS, info, label)


class DeletePhase(edits.DeleteRow[PhaseInfo, PhaseInfo]):
    """Undoable: remove a phase (the inverse puts it back at its place)."""

    def __init__(self, phase_id: uuid.UUID, label: str) -> None:
        super().__init__(PHASE_ROWS, phase_id, label)


@dataclass(frozen=True)
class MovePhase:
    phase_id: uuid.UUID
    delta: int
    label: str

    def apply(self, session: Session):
        phases = list_phases(session) if has_script(session) else (ensure_script(session), list_phases(session))[1]
        p = next((x for x in phases if x.id == self.phase_id), None)
        if p is None:
            raise NotFound(_("That phase no longer exists."))
        target = min(max(0, p.position + self.delta), len(phases) - 1)
        save_phase(session, PhaseInfo(**{**p.__dict__, "position": target}))
        return MovePhase(self.phase_id, p.position - target, self.label)


@dataclass(frozen=True)
class SetGroundRules:
    rules: tuple[str, ...]
    label: str

    def apply(self, session: Session):
        return SetGroundRules(set_ground_rules(session, self.rules), self.label)



def populate_demo(session: Session, rng) -> None:
    """The demo event gets the default script in its language."""
    ensure_script(session)
