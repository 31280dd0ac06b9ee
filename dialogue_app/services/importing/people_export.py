"""The "people-csv" export: everyone in the event, in a CSV the importer reads back.

Headers are in the interface language (or ``options.lang``) and are the ones
:func:`dialogue_app.importing.mapping.guess_mapping` recognises; values use the
same spellings the importer understands (translated role and attendance
labels, yes/no, language codes, category labels). Sensitive dimension values
appear only where the person's consent for that dimension is active, and the
consent column says so, so an export imported into another event keeps them.
UTF-8 with BOM and formula-safe (:mod:`dialogue_app.csvsafe`).
"""

from __future__ import annotations

from pathlib import Path

from dialogue_app.i18n import gettext as _
from dialogue_app.importing.model import field_label
from dialogue_app.services.events import current_event, list_dimensions
from dialogue_app.services.importing.people_import import consented
from dialogue_app.services.people import list_people
from dialogue_app.wording import attendance_label, role_label

FIELDS = ("code", "first_name", "last_name", "email", "phone", "roles", "languages", "wheelchair", "needs",
          "attendance")


def people_table(session) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the people export, in the current language."""
    e = current_event(session)
    dims = list_dimensions(session)
    sensitive = [d for d in dims if d.sensitive]
    consented_to = consented(session, e.id)
    header = [field_label(f) for f in FIELDS] + [d.name for d in dims]
    if sensitive:
        header.append(field_label("consent"))
    rows: list[list[str]] = []
    yes, no = _("yes"), _("no")
    for p in list_people(session):
        active = consented_to.get(p.id, set())
        row = [
            p.code, p.first_name, p.last_name, p.email, p.phone,
            ", ".join(role_label(r) for r in p.roles), p.languages, yes if p.wheelchair else no, p.needs,
            attendance_label(p.attendance),
        ]
        for d in dims:
            if d.sensitive and d.key not in active:
                row.append("")
            else:
                row.append(p.values.get(d.key, ""))
        if sensitive:
            given = [d for d in sensitive if d.key in active]
            if len(given) == len(sensitive):
                row.append(yes)
            elif not given:
                row.append(no)
            else:
                row.append("; ".join(d.name for d in given))
        rows.append(row)
    return header, rows


def write_people_csv(store, out: Path, options, progress, should_stop) -> int:
    """Write every person of the event to ``out``; returns the number of people."""
    from dialogue_app.exports import write_table_csv

    return write_table_csv(store, out, options, progress, should_stop, people_table)
