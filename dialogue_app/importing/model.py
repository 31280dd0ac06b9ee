"""Plain data of the import pipeline (no I/O, no database)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.wording import Attendance, Role

#: Fields a column can be mapped to. Dimension fields are "dim:<dimension key>"
#: (e.g. "dim:gender", "dim:origin"); "age" is a number turned into the age band.
FIELD_KEYS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "code",
    "roles",
    "languages",
    "wheelchair",
    "needs",
    "attendance",
    "age",
    "consent",
    "notes",
)

_LABELS = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "full_name": N_("Full name"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "code": N_("Participant code"),
    "roles": N_("Roles"),
    "languages": N_("Languages"),
    "wheelchair": N_("Wheelchair user"),
    "needs": N_("Accessibility needs"),
    "attendance": N_("Attendance"),
    "age": N_("Age"),
    "consent": N_("Consent for sensitive data"),
    "notes": N_("Notes"),
}


def field_label(key: str | None, dimension_names: dict[str, str] | None = None) -> str:
    """Translated label of a field key (dimension fields use the event's dimension name)."""
    if key is None:
        return _("(not imported)")
    if key.startswith("dim:"):
        return (dimension_names or {}).get(key[4:], key[4:])
    return _(_LABELS.get(key, key))


@dataclass(frozen=True)
class RawTable:
    """A spreadsheet as read from disk: header row and data rows, all text."""

    source: Path
    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""  # "utf-8-sig", "utf-16", "cp1252", "xlsx"
    delimiter: str = ""  # "," ";" "\t" or "" for xlsx
    #: file line / sheet row number of each data row (1-based, header = 1)
    row_numbers: list[int] = field(default_factory=list)
    #: the encoding was guessed (not UTF-8/UTF-16): say so before anything is written
    encoding_guessed: bool = False
    #: the encodings the file could be in, best first (for the user's choice)
    encoding_candidates: tuple[str, ...] = ()
    #: a UTF-8 BOM stood in front of text in another encoding (it was dropped)
    stray_bom: bool = False
    #: warnings about the file as a whole (NUL characters removed, hidden sheets, formulas
    #: without a saved value, cells beyond the caps), shown before anything is written
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportIssue:
    row: int  # 1-based row number as the user sees it in the file (header = 1); 0 = whole file
    column: str  # the file's header text ("" when not about one column)
    message: str  # translated, names the value
    severity: str = "error"  # "error" blocks the row; "warning" does not


@dataclass(frozen=True)
class ParsedPerson:
    """One valid (or partly valid) row, normalised into the event's vocabulary."""

    row: int
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    code: str = ""
    roles: frozenset[str] = frozenset({Role.PARTICIPANT.value})
    languages: str = ""
    wheelchair: bool = False
    needs: str = ""
    attendance: str = Attendance.REGISTERED.value
    notes: str = ""
    consent: bool | None = None  # None: no consent column
    #: dimension key -> category label (existing or new); None = "prefer not to say"
    values: dict[str, str | None] = field(default_factory=dict)
    identity_key: str = ""
    #: set when this row is the same person as one already in the event
    existing_id: uuid.UUID | None = None
    has_error: bool = False
    #: row number of an earlier row of the same person in this file (0: none); the rows are merged
    same_as_row: int = 0
    #: fields the row gives a value for (empty cells never erase what the event knows)
    given: frozenset[str] = frozenset()
    #: keys of the sensitive dimensions the consent column consents to
    consent_dimensions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ImportPreview:
    table: RawTable
    mapping: dict[int, str | None]
    people: list[ParsedPerson]
    issues: list[ImportIssue]
    unmapped_columns: list[str]
    #: dimension key -> new category labels the import would add (open dimensions only)
    new_categories: dict[str, list[str]]

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid_people(self) -> list[ParsedPerson]:
        return [p for p in self.people if not p.has_error]


@dataclass(frozen=True)
class ImportChanges:
    """What one import wrote, precisely enough to take it back and to do it again
    (``dialogue_app.services.import_undo``)."""

    created_people: tuple[uuid.UUID, ...] = ()
    created_categories: tuple[uuid.UUID, ...] = ()
    #: (table name, row id, column, before, after): people already in the event and their values
    columns: tuple[tuple[str, uuid.UUID, str, object, object], ...] = ()
    #: (table name, row id) of roles, values and consents added to people already in the event
    added_rows: tuple[tuple[str, uuid.UUID], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.created_people or self.created_categories or self.columns or self.added_rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped_rows: int
    new_categories: dict[str, list[str]]
    consents_recorded: int
    #: people of the event the file names again with nothing new
    unchanged: int = 0
    #: what was written, for undo
    changes: ImportChanges = field(default_factory=ImportChanges)
