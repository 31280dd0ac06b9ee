"""The checks of one row of a registration list, one function per kind of cell.

Each step reads its cells through a :class:`RowCells`, reports errors and warnings
on it and returns the normalised value; :mod:`dialogue_app.importing.validation`
calls them in order for every row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dialogue_app import vocab
from dialogue_app.codes import normalise_code
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing import values as V
from dialogue_app.importing.context import ImportDimension
from dialogue_app.importing.lookalike import odd_characters, skeleton
from dialogue_app.importing.model import ImportIssue, RawTable
from dialogue_app.wording import Attendance, Role

TEXT_LIMITS = {"first_name": 200, "last_name": 200, "email": 320, "phone": 64, "languages": 100}


def column_name(table: RawTable, col: int) -> str:
    h = table.headers[col].strip() if col < len(table.headers) else ""
    return h or _("column {n}").format(n=col + 1)


@dataclass
class RowCells:
    """One row's cells by field, with what the checks found in it."""

    table: RawTable
    cols: dict[str, list[int]]
    row: int
    cells: list[str]
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    #: the fields the row gives a value for (empty cells change nothing)
    given: set[str] = field(default_factory=set)

    def cell(self, key: str) -> tuple[str, str]:
        """The first cell mapped to ``key`` and its column name ("", "" when none is)."""
        where = self.cols.get(key)
        if not where:
            return "", ""
        c = where[0]
        return (self.cells[c] if c < len(self.cells) else ""), column_name(self.table, c)

    def at(self, col: int) -> str:
        return self.cells[col] if col < len(self.cells) else ""

    def err(self, column: str, message: str) -> None:
        self.errors.append(ImportIssue(self.row, column, message, "error"))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(ImportIssue(self.row, column, message, "warning"))


def names(r: RowCells) -> tuple[str, str]:
    first, _c = r.cell("first_name")
    last, _c = r.cell("last_name")
    first, last = V.clean_text(first), V.clean_text(last)
    full, full_col = r.cell("full_name")
    if full.strip() and not (first or last):
        first, last = V.split_full_name(full)
    if not (first or last):
        r.err(full_col or column_name(r.table, (r.cols.get("first_name") or r.cols.get("last_name") or [0])[0]),
              _("Missing name."))
    else:
        r.given |= {"first_name", "last_name"}
    for key, val in (("first_name", first), ("last_name", last)):
        if len(val) > TEXT_LIMITS[key]:
            r.err(r.cell(key)[1] or full_col, _("The name is too long ({n} characters).").format(n=len(val)))
    return first, last


def email(r: RowCells, lookalikes: dict[str, tuple[str, str]]) -> str:
    text, email_col = r.cell("email")
    text = text.strip()
    if text:
        r.given.add("email")
        if not V.valid_email(text):
            r.warn(email_col, _("“{value}” does not look like an e-mail address (imported as given).").format(
                value=text))
        if len(text) > TEXT_LIMITS["email"]:
            r.err(email_col, _("The e-mail address is too long."))
        twin = lookalikes.get(skeleton(text))
        if twin and twin[0] != text.lower():
            r.warn(email_col, _("The e-mail address looks the same as that of {name}, already in the event, but "
                                "contains invisible or look-alike characters ({chars}). Check this row: it is "
                                "probably the same person.").format(
                                    name=twin[1], chars=", ".join(odd_characters(text)) or "?"))
    return text


def phone(r: RowCells) -> str:
    text, phone_col = r.cell("phone")
    text = V.clean_text(text)
    if text:
        r.given.add("phone")
        if len(text) > TEXT_LIMITS["phone"]:
            r.err(phone_col, _("The phone number is too long."))
    return text


def code(r: RowCells) -> tuple[str, str]:
    """The normalised participant code and its column."""
    raw_code, code_col = r.cell("code")
    value = normalise_code(raw_code)
    if value:
        r.given.add("code")
        if len(value) > 16:
            r.err(code_col, _("The participant code “{value}” is longer than 16 characters.").format(
                value=raw_code.strip()))
    return value, code_col


def roles(r: RowCells) -> set[str]:
    roles_text, roles_col = r.cell("roles")
    out: set[str] = {Role.PARTICIPANT.value}
    if roles_text.strip():
        found, unknown = V.parse_roles(roles_text)
        for u in unknown:
            r.err(roles_col, _("Unknown role “{value}” (participant, facilitator, host or trainer).").format(
                value=u))
        if found:
            out = found
            r.given.add("roles")
    return out


def languages(r: RowCells) -> str:
    langs_text, langs_col = r.cell("languages")
    out = ""
    if langs_text.strip():
        codes_found, unknown = V.parse_languages(langs_text)
        for u in unknown:
            r.warn(langs_col, _("Unknown language “{value}” (not imported).").format(value=u))
        out = ",".join(codes_found)
        if len(out) > TEXT_LIMITS["languages"]:  # the database holds 100 characters (a server refuses more)
            n = TEXT_LIMITS["languages"]
            r.err(langs_col, ngettext("{field} is too long: at most {n} character.",
                                      "{field} is too long: at most {n} characters.", n).format(
                                          field=_("Languages"), n=n))
            return ""
        if codes_found:
            r.given.add("languages")
    return out


def wheelchair(r: RowCells) -> bool:
    wheel_text, wheel_col = r.cell("wheelchair")
    if wheel_text.strip():
        yn = V.yes_no(wheel_text)
        if yn is None:
            r.err(wheel_col, _("“{value}” is not yes or no.").format(value=wheel_text.strip()))
        else:
            r.given.add("wheelchair")
            return yn
    return False


def free_text(r: RowCells, key: str) -> str:
    """Needs, notes: every column mapped to ``key``, one line each."""
    text = "\n".join(r.cells[c].strip() for c in r.cols.get(key, []) if c < len(r.cells) and r.cells[c].strip())
    if text:
        r.given.add(key)
    return text


def attendance(r: RowCells) -> str:
    att_text, att_col = r.cell("attendance")
    if att_text.strip():
        status = V.parse_attendance(att_text)
        if status is None:
            r.err(att_col, _("Unknown attendance “{value}” (registered, present, absent or cancelled).").format(
                value=att_text.strip()))
        else:
            r.given.add("attendance")
            return status
    return Attendance.REGISTERED.value


def consents(r: RowCells, covers: dict[int, set[str]], consent_index: dict[str, str],
             present: set[str]) -> tuple[bool | None, set[str]]:
    """Consent for the sensitive dimensions, each column only for the dimensions it covers:
    (the answer, None when no column says; the dimension keys consented to)."""
    consent: bool | None = None
    consent_dims: set[str] = set()
    for ccol in r.cols.get("consent", []):
        consent_text = r.at(ccol)
        yn = V.yes_no(consent_text)
        if yn is not None:
            consent = bool(consent) or yn
            if yn:
                consent_dims |= covers[ccol]
        else:
            parts = V.split_list(consent_text)
            keys = [consent_index.get(V.key(p)) for p in parts]
            if parts and all(keys):
                consent_dims |= {k for k in keys if k} & present
                consent = True
            else:
                r.err(column_name(r.table, ccol), _("“{value}” is not a consent answer (yes or no).").format(
                    value=consent_text.strip()))
    return consent, consent_dims


def age_band(r: RowCells, dims: dict[str, ImportDimension], age_on: dt.date) -> str | None:
    """The age band label for an age or birth date column (None when there is none to give)."""
    age_text, age_col = r.cell("age")
    if not (age_text.strip() and "age_band" in dims):
        return None
    age = V.parse_age(age_text)
    if age is None:
        age = V.age_from_birth(age_text, age_on)
    if age is None:
        if V.looks_like_date(age_text) or birth_header(age_col):
            r.err(age_col, _("The date “{value}” could not be read. Accepted: a birth year or "
                             "a date written as {formats} (day before month).").format(
                                 value=age_text.strip(), formats=V.DATE_FORMATS))
        else:
            r.err(age_col, _("“{value}” is neither an age nor a date that could be read. "
                             "Accepted: an age (34) or a birth date written as {formats}.").format(
                                 value=age_text.strip(), formats=V.DATE_FORMATS))
        return None
    if not vocab.MIN_AGE <= age <= vocab.MAX_AGE:
        r.err(age_col, _("Age out of range: {value} (expected {low} to {high}).").format(
            value=age, low=vocab.MIN_AGE, high=vocab.MAX_AGE))
        return None
    band = vocab.age_band_key(age)
    label = dims["age_band"].by_key.get(band)
    if label is None:
        r.err(age_col, _("The event has no age band for the age {value}.").format(value=age))
    return label


def birth_header(column: str) -> bool:
    """"Geboortedatum", "Date of birth": the column holds dates, not ages."""
    from dialogue_app.importing.mapping import SYNONYMS

    folded = vocab.fold(column)
    return folded in {vocab.fold(s) for s in SYNONYMS["age"][5:]} or "birth" in folded or "geboorte" in folded \
        or "naissance" in folded or "nascimento" in folded


def category(r: RowCells, d: ImportDimension, text: str, col_name: str, language: str,
             new_cats: dict[str, dict[str, str]]) -> tuple[bool, str | None]:
    """(whether the cell names a category, its label: None for "prefer not to say"); a new
    category of an open dimension is added to ``new_cats``."""
    if V.is_prefer_not(text):
        return True, None
    dk = d.key
    label = d.index.get(V.key(text))
    if label is None and dk == "age_band":
        band, problem = V.age_band_from_text(text)
        if problem == "range":
            r.err(col_name, _("Age out of range: {value} (expected {low} to {high}).").format(
                value=text, low=vocab.MIN_AGE, high=vocab.MAX_AGE))
            return False, None
        if band is not None:
            label = d.by_key.get(band)
    if label is not None:
        return True, label
    concept = V.category_concept(text) if d.open else None
    if concept is not None and V.concept_dimension(concept) not in (None, dk):
        concept = None
    if concept is not None:
        # "Nederlands" and "Néerlandais" in one file: one new category, in the event's language
        bucket = new_cats.setdefault(dk, {})
        return True, bucket.setdefault("concept:" + concept, V.concept_label(concept, language))
    if d.open and V.key(text):
        bucket = new_cats.setdefault(dk, {})
        return True, bucket.setdefault(V.key(text), text[:200])
    r.err(col_name, _("Unknown value “{value}” for {dimension}.").format(value=text, dimension=d.name))
    return False, None


def dimension_values(r: RowCells, dims: dict[str, ImportDimension], values: dict[str, str | None],
                     person_consents: set[str], language: str, new_cats: dict[str, dict[str, str]],
                     msg_sensitive: str) -> None:
    """The dimension columns' categories into ``values`` (sensitive ones only with consent)."""
    for key, where in r.cols.items():
        if not key.startswith("dim:"):
            continue
        dk = key[4:]
        d = dims[dk]
        text = V.clean_text(r.at(where[0]))
        col_name = column_name(r.table, where[0])
        if not text or (dk == "age_band" and "age_band" in values):
            continue
        known, label = category(r, d, text, col_name, language, new_cats)
        if not known:
            continue
        if d.sensitive and dk not in person_consents:
            if label is not None:
                r.warn(col_name, msg_sensitive.format(value=text, dimension=d.name))
            continue
        values[dk] = label
