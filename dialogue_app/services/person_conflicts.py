"""The fields of a person that differ between the row now and a user's edit, in words (for a
refused stale save or undo, services/versions.py)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialogue_app import vocab
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Category, Dimension
from dialogue_app.services.versions import FieldConflict
from dialogue_app.wording import attendance_label, role_label


def _label(form_label: str) -> str:
    """The person dialog's label without its mnemonic and colon ("Pho&ne:" -> "Phone")."""
    return form_label.replace("&", "").rstrip(":： ")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def differences(session: Session, now: Any, mine: Any) -> list[FieldConflict]:
    """Fields of two ``people.PersonData`` that differ: name, value now, the user's value (``Any``:
    this module sits below services/people.py, which uses it)."""
    simple = (
        ("first_name", _("F&irst name:")), ("last_name", _("&Last name:")), ("email", _("E-&mail:")),
        ("phone", _("Pho&ne:")), ("code", _("Co&de:")), ("languages", _("Lan&guages:")),
        ("needs", _("N&eeds:")), ("notes", _("N&otes:")),
    )
    out = [FieldConflict(_label(label), _text(getattr(now, f)), _text(getattr(mine, f)))
           for f, label in simple if getattr(now, f) != getattr(mine, f)]
    if now.wheelchair != mine.wheelchair:
        out.append(FieldConflict(_("Wheelchair"), _text(now.wheelchair), _text(mine.wheelchair)))
    if now.attendance != mine.attendance:
        out.append(FieldConflict(_label(_("&Attendance:")), attendance_label(now.attendance),
                                 attendance_label(mine.attendance)))
    if now.roles != mine.roles:
        out.append(FieldConflict(_label(_("Roles:")), ", ".join(sorted(role_label(r) for r in now.roles)),
                                 ", ".join(sorted(role_label(r) for r in mine.roles))))
    out.extend(_value_differences(session, now.values, mine.values))
    return out


def _value_differences(session: Session, now: dict[uuid.UUID, uuid.UUID | None],
                       mine: dict[uuid.UUID, uuid.UUID | None]) -> list[FieldConflict]:
    changed = sorted({d for d in set(now) | set(mine) if now.get(d, 0) != mine.get(d, 0)})
    if not changed:
        return []
    names = dict(session.execute(select(Dimension.id, Dimension.name).where(Dimension.id.in_(changed))).tuples())
    cats = {c for c in (*now.values(), *mine.values()) if c is not None}
    labels = dict(session.execute(select(Category.id, Category.label).where(Category.id.in_(cats))).tuples())

    def value(values: dict[uuid.UUID, uuid.UUID | None], dim: uuid.UUID) -> str:
        if dim not in values:
            return ""
        cat = values[dim]
        return _(vocab.PREFER_NOT_TO_SAY) if cat is None else labels.get(cat, "")

    return [FieldConflict(names.get(d, ""), value(now, d), value(mine, d)) for d in changed]
