"""Text lengths checked before the database sees them, the same on an event file and on a server.

Every ``String(n)`` column holds at most ``n`` characters. PostgreSQL enforces that (a 250-character
first name is a driver error there); SQLite never did (the file simply kept it). So that both backends
behave alike and the user reads which field is too long, this flush hook (run by storage on every
session of every store, see :func:`dialogue_app.storage.on_before_flush`) looks at every new or changed
row and raises :class:`~dialogue_app.errors.UserInputError` naming the field in words ("First name is
too long: at most 200 characters.") before anything is written; the unit of work is rolled back.

Imports report overlong cells per row before they write (:mod:`dialogue_app.importing.row_checks`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, Text, inspect
from sqlalchemy.orm import Session

from dialogue_app import storage
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import N_, ngettext
from dialogue_app.i18n import gettext as _

#: Fields people type, by (table, column), in words (messages the app already has).
LABELS = {
    ("person", "first_name"): N_("First name"),
    ("person", "last_name"): N_("Last name"),
    ("person", "email"): N_("E-mail"),
    ("person", "phone"): N_("Phone"),
    ("person", "code"): N_("Participant code"),
    ("person", "languages"): N_("Languages"),
    ("event", "title"): N_("Event title"),
    ("dimension", "name"): N_("Name"),
    ("category", "label"): N_("Values"),
    ("venue", "name"): N_("Venue name"),
    ("dialogue_table", "name"): N_("Table name"),
    ("dialogue_table", "languages"): N_("Languages"),
    ("training_session", "title"): N_("Title"),
    ("script_phase", "title"): N_("Title"),
    ("trainee_profile", "city"): N_("City"),
    ("trainee_profile", "organisation"): N_("Organisation"),
    ("consent", "recorded_by"): N_("Recorded by"),
    ("survey_item", "key"): N_("Key"),
}


@dataclass(frozen=True)
class TooLong:
    """One value longer than its column allows."""

    table: str
    column: str
    limit: int
    length: int

    @property
    def field(self) -> str:
        """The field in words (the column's name for the rare field people never type)."""
        label = LABELS.get((self.table, self.column))
        return _(label) if label else f"{self.table}.{self.column}"

    @property
    def message(self) -> str:
        return ngettext(
            "{field} is too long: at most {n} character.",
            "{field} is too long: at most {n} characters.",
            self.limit,
        ).format(field=self.field, n=self.limit)


def _limits(mapper) -> list[tuple[str, str, int]]:
    """(attribute key, column name, limit) of a mapped class's ``String(n)`` columns."""
    out = []
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        kind = getattr(column, "type", None)
        if isinstance(kind, String) and not isinstance(kind, Text) and kind.length:
            out.append((prop.key, column.name, int(kind.length)))
    return out


def overlong(objects) -> list[TooLong]:
    """Every value of these ORM objects longer than its column allows: all values of a new row, the
    changed values of an existing one (an event file written by an older version may hold a longer
    text; checking that person in must not fail over a name nobody touched)."""
    found: list[TooLong] = []
    cache: dict[type, list[tuple[str, str, int]]] = {}
    for obj in objects:
        state = inspect(obj)
        mapper = state.mapper
        limits = cache.get(mapper.class_)
        if limits is None:
            limits = cache[mapper.class_] = _limits(mapper)
        changed = None if state.key is None else state.committed_state  # None: a new row
        for key, column, limit in limits:
            if changed is not None and key not in changed:
                continue
            value = state.dict.get(key)
            if isinstance(value, str) and len(value) > limit:
                found.append(TooLong(mapper.local_table.name, column, limit, len(value)))
    return found


def check_lengths(session: Session, _context: object = None, _instances: object = None) -> None:
    """Refuse the flush when a new or changed row holds a text longer than its column allows."""
    problems = overlong([*session.new, *session.dirty])
    if problems:
        messages = list(dict.fromkeys(p.message for p in problems))
        raise UserInputError(messages[0], details=messages[1:])


storage.on_before_flush(check_lengths)
