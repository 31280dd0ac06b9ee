"""Changing an event's language, and with it the texts the organiser never touched.

The dialogue script (phases, ground rules) and the survey instrument are stored in the event's
language when the event first needs them. A text still worded exactly as the default of the current
language (the gettext default rendered in it, the rule of ``services/survey/printing.instrument_in``)
is the app's, not the organiser's: switching the language may replace it by the default in the new
language. Every text the organiser wrote or edited stays as they wrote it.

:func:`plan_switch` lists what would change; :class:`UseLanguageDefaults` replaces exactly those
texts (one undoable edit); :class:`SwitchEventLanguage` also sets the event's language.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app.errors import UserInputError
from dialogue_app.i18n import available_languages
from dialogue_app.i18n import gettext as _
from dialogue_app.models import SurveyItem
from dialogue_app.models.facilitation import ScriptPhase
from dialogue_app.services import edits, events
from dialogue_app.services.facilitation import script
from dialogue_app.services.survey import items as survey_items

#: The text fields of a phase that come from the default script (minutes, position and capture stay).
PHASE_TEXTS = ("title", "purpose", "question", "back_pocket", "say", "do")


def _phase_texts(p: script.PhaseInfo) -> tuple[str, ...]:
    return (p.title, p.purpose, p.question, "\n".join(p.back_pocket), p.say, p.do)


def _row_texts(p: ScriptPhase) -> tuple[str, ...]:
    back = "\n".join(x for x in p.back_pocket.splitlines() if x.strip())
    return (p.title, p.purpose, p.question, back, p.say, p.do)


@dataclass(frozen=True)
class LanguageTexts:
    """Stored texts to write: phases by id (their six text fields), survey items by id (their
    question), and the ground rules (None: leave them)."""

    phases: tuple[tuple[uuid.UUID, tuple[str, ...]], ...] = ()
    items: tuple[tuple[uuid.UUID, str], ...] = ()
    ground_rules: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SwitchPlan:
    """What switching from ``old`` to ``new`` does to the stored texts: the new wording of each text
    that is still the default (``texts``) and how many texts the organiser edited (they stay)."""

    old: str
    new: str
    texts: LanguageTexts = field(default_factory=LanguageTexts)
    kept_phases: int = 0
    kept_items: int = 0

    @property
    def phases(self) -> int:
        return len(self.texts.phases)

    @property
    def items(self) -> int:
        return len(self.texts.items)

    @property
    def ground_rules(self) -> bool:
        return self.texts.ground_rules is not None

    @property
    def anything(self) -> bool:
        return bool(self.phases or self.items or self.ground_rules)


def _check_language(lang: str) -> None:
    codes = available_languages()
    if lang not in codes:
        raise UserInputError(_("Unknown language “{code}”; choose one of: {langs}.").format(
            code=lang, langs=", ".join(codes)))


def plan_switch(session: Session, new: str, old: str | None = None) -> SwitchPlan:
    """Which stored texts are still the default of ``old`` (the event's language unless given) and
    would become the default of ``new``; a text equal in both languages is left alone."""
    e = events.current_event(session)
    old = old or e.language
    if old == new:
        return SwitchPlan(old, new)
    was = {p.key: p for p in script.default_phases(old) if p.key}
    will = {p.key: p for p in script.default_phases(new) if p.key}
    phases, kept_phases = [], 0
    for row in session.scalars(select(ScriptPhase).where(ScriptPhase.event_id == e.id)):
        texts = _row_texts(row)
        if row.key in was and row.key in will and texts == _phase_texts(was[row.key]):
            if texts != _phase_texts(will[row.key]):
                phases.append((row.id, _phase_texts(will[row.key])))
        else:
            kept_phases += 1
    was_items = {d.key: d.label for d in survey_items.default_items(old)}
    will_items = {d.key: d.label for d in survey_items.default_items(new)}
    items, kept_items = [], 0
    for it in session.scalars(select(SurveyItem).where(SurveyItem.event_id == e.id)):
        if was_items.get(it.key) == it.label and it.key in will_items:
            if will_items[it.key] != it.label:
                items.append((it.id, will_items[it.key]))
        else:
            kept_items += 1
    rules = None
    stored_rules = script.ground_rules(session) if script.has_script(session) else ()
    if stored_rules and stored_rules == script.default_ground_rules(old):
        new_rules = script.default_ground_rules(new)
        rules = new_rules if new_rules != stored_rules else None
    return SwitchPlan(old, new, LanguageTexts(tuple(phases), tuple(items), rules), kept_phases, kept_items)


def write_texts(session: Session, texts: LanguageTexts) -> LanguageTexts:
    """Write ``texts`` over the stored ones; returns what they replaced (rows gone since are skipped)."""
    phases, items, rules = [], [], None
    for pid, values in texts.phases:
        row = session.get(ScriptPhase, pid)
        if row is None:
            continue
        phases.append((pid, _row_texts(row)))
        for name, value in zip(PHASE_TEXTS, values, strict=True):
            setattr(row, name, value)
    for iid, label in texts.items:
        it = session.get(SurveyItem, iid)
        if it is None:
            continue
        items.append((iid, it.label))
        it.label = label
    session.flush()
    if texts.ground_rules is not None:
        rules = script.set_ground_rules(session, texts.ground_rules)
    return LanguageTexts(tuple(phases), tuple(items), rules)


_AREAS = frozenset({edits.Area.EVENT, edits.Area.FACILITATION, edits.Area.SURVEYS})


@dataclass(frozen=True)
class WriteTexts:
    """Undoable: write stored script and survey texts; the inverse writes back what was there."""

    texts: LanguageTexts
    label: str
    areas: ClassVar[frozenset[edits.Area]] = _AREAS

    def apply(self, session: Session) -> WriteTexts:
        return WriteTexts(write_texts(session, self.texts), self.label)

    @property
    def phases(self) -> int:
        return len(self.texts.phases)

    @property
    def items(self) -> int:
        return len(self.texts.items)


@dataclass(frozen=True)
class UseLanguageDefaults:
    """Undoable: the texts still worded as the default of ``old`` become the default of ``new`` (the
    event's language itself is not touched: combine with a settings edit). The inverse is a
    :class:`WriteTexts` that restores every text, and says how many it restores."""

    old: str
    new: str
    label: str
    areas: ClassVar[frozenset[edits.Area]] = _AREAS

    def apply(self, session: Session) -> WriteTexts:
        _check_language(self.new)
        return WriteTexts(write_texts(session, plan_switch(session, self.new, self.old).texts), self.label)


@dataclass(frozen=True)
class SwitchEventLanguage:
    """Undoable: set the event's language; with ``use_defaults``, the unedited script and survey
    texts follow it (:class:`UseLanguageDefaults`). The inverse restores the language and every text."""

    language: str
    label: str
    use_defaults: bool = True
    areas: ClassVar[frozenset[edits.Area]] = _AREAS

    def apply(self, session: Session) -> edits.Edit:
        _check_language(self.language)
        before = events.get_settings(session)
        steps: list[edits.Edit] = [edits.SaveSettings(replace(before, language=self.language), self.label)]
        if self.use_defaults:
            steps.append(UseLanguageDefaults(before.language, self.language, self.label))
        return edits.Composite(tuple(steps), self.label).apply(session)


def changed_counts(inverse: edits.Edit) -> tuple[int, int]:
    """(phases, survey items) an applied language edit changed, read from its inverse."""
    found = [inverse]
    phases = items = 0
    while found:
        e = found.pop()
        if isinstance(e, edits.Composite):
            found.extend(e.edits)
        elif isinstance(e, WriteTexts):
            phases, items = phases + e.phases, items + e.items
    return phases, items

