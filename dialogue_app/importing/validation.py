"""Validating a registration list against what the event knows; writes nothing.

Rules:

* a person is recognised by participant code, or by folded name + e-mail, or
  name + phone (or the name alone when neither is given): the same person
  twice in the file, or already in the event, is reported as a warning and
  updated, never added twice;
* closed dimensions (age band, gender, education) accept their categories'
  labels, keys and synonyms in four languages; anything else is an error;
* open dimensions gain new categories, matched case- and accent-insensitively;
* sensitive dimensions are stored only with consent (the consent column, or a
  consent the person already gave in the event); otherwise the value is
  dropped and reported;
* empty cells never erase what the event already knows about a person.

:func:`validate_table` takes the event as plain :class:`EventFacts`
(:func:`dialogue_app.services.importing.validate` loads them).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from dialogue_app import i18n, vocab
from dialogue_app.errors import Cancelled, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.importing import row_checks as C
from dialogue_app.importing import values as V
from dialogue_app.importing.context import EventFacts, ExistingPerson, ImportDimension
from dialogue_app.importing.model import (
    FIELD_KEYS,
    ImportIssue,
    ImportPreview,
    ParsedPerson,
    RawTable,
    field_label,
)
from dialogue_app.importing.row_checks import column_name

Progress = Callable[[float], None] | None
ShouldStop = Callable[[], bool] | None
_SINGLE = {"first_name", "last_name", "full_name", "email", "phone", "code", "roles", "languages", "wheelchair",
           "attendance", "age"}


def check_stop(should_stop: ShouldStop) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled(_("The import was cancelled; nothing was written."))


def file_notices(table: RawTable, mapping: dict[int, str | None]) -> list[ImportIssue]:
    """Warnings about the file as a whole, said before anything is written: a guessed
    encoding (with names to check), a byte-order mark that did not belong."""
    from dialogue_app.importing.encodings import encoding_label, non_ascii_samples

    out = []
    if table.encoding_guessed:
        names = [c for c, f in sorted(mapping.items()) if f in ("first_name", "last_name", "full_name")]
        samples = non_ascii_samples(table, names or None, 6)
        if samples:
            out.append(ImportIssue(0, "", _(
                "The file's encoding had to be guessed: {encoding}. Check that these names look right: {names}. "
                "If they do not, choose another encoding.").format(
                    encoding=encoding_label(table.encoding), names=", ".join(samples)), "warning"))
        else:
            out.append(ImportIssue(0, "", _("The file's encoding had to be guessed: {encoding}.").format(
                encoding=encoding_label(table.encoding)), "warning"))
    if table.stray_bom:
        out.append(ImportIssue(0, "", _(
            "The file starts with a UTF-8 mark but is not written in UTF-8; the mark was ignored so that "
            "the first column name reads “{header}”.").format(header=table.headers[0] if table.headers else ""),
            "warning"))
    out.extend(ImportIssue(0, "", note, "warning") for note in table.notices)
    return out


def mapped_columns(table: RawTable, mapping: dict[int, str | None],
                   dims: dict[str, ImportDimension]) -> dict[str, list[int]]:
    """Field -> its columns; a mapping naming no column, dimension or field is refused."""
    cols: dict[str, list[int]] = {}
    for col, key in sorted(mapping.items()):
        if key is None:
            continue
        if col >= len(table.headers):
            raise UserInputError(_("The file has no column {n}.").format(n=col + 1))
        if key.startswith("dim:"):
            if key[4:] not in dims:
                raise UserInputError(_("The event has no dimension “{key}”.").format(key=key[4:]))
        elif key not in FIELD_KEYS:
            raise UserInputError(_("Unknown field “{key}”.").format(key=key))
        cols.setdefault(key, []).append(col)
    return cols


def mapping_issues(table: RawTable, cols: dict[str, list[int]], dims: dict[str, ImportDimension],
                   issues: list[ImportIssue]) -> bool:
    """What is wrong with the mapping as a whole, into ``issues``; True when it stops every row."""
    file_errors = False
    dim_names = {k: d.name for k, d in dims.items()}
    for key, where in cols.items():
        if len(where) > 1 and (key in _SINGLE or key.startswith("dim:")):
            issues.append(ImportIssue(0, column_name(table, where[1]), _(
                "Two columns are mapped to “{field}” (“{a}” and “{b}”); keep one.").format(
                    field=field_label(key, dim_names), a=column_name(table, where[0]),
                    b=column_name(table, where[1]))))
            file_errors = True
    if not cols and table.headers:
        issues.append(ImportIssue(1, "", _(
            "None of the column names in row 1 was recognised ({headers}). The first row must hold the "
            "column names, such as “First name”, “Last name”, “E-mail”.").format(
                headers=", ".join(h.strip() for h in table.headers[:6] if h.strip()))))
        file_errors = True
    elif not ({"first_name", "last_name", "full_name"} & set(cols)):
        issues.append(ImportIssue(0, "", _("No column holds names: map a column to “First name”, "
                                           "“Last name” or “Full name”.")))
        file_errors = True
    if "age" in cols and "age_band" not in dims:
        issues.append(ImportIssue(0, column_name(table, cols["age"][0]),
                                  _("The event has no age band dimension; the ages are not imported."),
                                  "warning"))
    return file_errors


def unmapped_columns(table: RawTable, mapping: dict[int, str | None]) -> list[str]:
    """The names of the columns with something in them that are not imported."""
    mapped = {c for c, k in mapping.items() if k is not None}
    return [column_name(table, c) for c in range(len(table.headers))
            if c not in mapped and (table.headers[c].strip() or any(
                c < len(r) and r[c].strip() for r in table.rows))]


def consent_index(dims: dict[str, ImportDimension]) -> dict[str, str]:
    """Folded names of the sensitive dimensions (in every language) -> their keys."""
    out = {}
    for k in [k for k, d in dims.items() if d.sensitive]:
        out[V.key(dims[k].name)] = k
        out[V.key(k)] = k
        sp = vocab.spec(k)
        if sp is not None:
            for lang in V.catalog_languages():
                with i18n.language(lang):
                    out.setdefault(V.key(i18n.gettext(sp.name)), k)
    return out


def consent_coverage(table: RawTable, mapping: dict[int, str | None], cols: dict[str, list[int]],
                     dims: dict[str, ImportDimension], consent_scope: dict[int, frozenset[str] | set[str]] | None,
                     issues: list[ImportIssue]) -> dict[int, set[str]]:
    """Which dimensions each consent column covers (only dimensions with a column in the file)."""
    from dialogue_app.importing.mapping import consent_scope as guess_scope

    sensitive_keys = [k for k, d in dims.items() if d.sensitive]
    present = {k[4:] for k in cols if k.startswith("dim:")}
    guessed_scope = guess_scope(table.headers, mapping, list(dims.values()))
    covers: dict[int, set[str]] = {}
    for col in cols.get("consent", []):
        scope = consent_scope.get(col) if consent_scope is not None and col in consent_scope else None
        generic = guessed_scope.get(col, (frozenset(), True))[1] if scope is None else False
        if scope is None:
            scope = guessed_scope.get(col, (frozenset(), True))[0]
        covers[col] = set(scope) & set(sensitive_keys) & present
        names = ", ".join(dims[k].name for k in sensitive_keys if k in covers[col])
        if not covers[col]:
            issues.append(ImportIssue(0, column_name(table, col), _(
                "This consent column covers no column of the file with sensitive data: no consent is "
                "recorded from it."), "warning"))
        elif generic and covers[col] != set(sensitive_keys):
            issues.append(ImportIssue(0, column_name(table, col), _(
                "The column does not say what the consent is for; “yes” is recorded as consent for: {dimensions} "
                "(the sensitive columns of the file), nothing else.").format(dimensions=names), "warning"))
    return covers


@dataclass
class Identities:
    """Who each row is: someone already in the event, an earlier row of the file, or new."""

    by_code: dict[str, ExistingPerson]
    by_key: dict[str, ExistingPerson]
    seen_keys: dict[str, int] = field(default_factory=dict)  # identity hash -> row of first occurrence
    row_target: dict[int, uuid.UUID | None] = field(default_factory=dict)
    seen_codes: dict[str, int] = field(default_factory=dict)
    codes_of_existing_rows: dict[str, uuid.UUID] = field(default_factory=dict)
    # translated once: gettext per row would cost more than the validation itself
    msg_same: str = field(default_factory=lambda: _("Likely the same person as row {other}; the rows are merged."))
    msg_existing: str = field(default_factory=lambda: _(
        "{name} is already in the event: this row updates that person, no one is added twice."))

    def _existing(self, r: C.RowCells, first: str, last: str, code: str, code_col: str,
                  hashes: list[str]) -> ExistingPerson | None:
        existing: ExistingPerson | None = None
        if code and code in self.by_code:
            existing = self.by_code[code]
            if existing.name != V.key(f"{first} {last}") and (first or last):
                r.err(code_col, _("The code “{code}” belongs to {name} in the event.").format(
                    code=code, name=existing.display))
                existing = None
        if existing is None:
            existing = next((self.by_key[h] for h in hashes if h in self.by_key), None)
        return existing

    def identify(self, r: C.RowCells, first: str, last: str, code: str, code_col: str,
                 hashes: list[str]) -> tuple[uuid.UUID | None, int]:
        """(the person already in the event the row updates, the earlier row it repeats or 0)."""
        existing = self._existing(r, first, last, code, code_col, hashes)
        same_as = next((self.seen_keys[h] for h in hashes if h in self.seen_keys), 0)
        if same_as:
            r.warn("", self.msg_same.format(other=same_as))
            existing_id = self.row_target.get(same_as) if existing is None else existing.id
        else:
            existing_id = existing.id if existing is not None else None
            if existing is not None:
                r.warn("", self.msg_existing.format(name=existing.display))
        if code:
            other = self.seen_codes.get(code)
            if other is not None and other != same_as and not (
                existing_id is not None and self.codes_of_existing_rows.get(code) == existing_id
            ):
                r.err(code_col, _("The participant code “{code}” is also used in row {other}.").format(
                    code=code, other=other))
            self.seen_codes.setdefault(code, r.row)
            if existing_id is not None:
                self.codes_of_existing_rows.setdefault(code, existing_id)
        return existing_id, same_as

    def remember(self, row: int, hashes: list[str], existing_id: uuid.UUID | None) -> None:
        for h in hashes:
            self.seen_keys.setdefault(h, row)
        self.row_target[row] = existing_id


@dataclass
class _Rows:
    """What every row is checked against, and what the rows before it gave."""

    facts: EventFacts
    table: RawTable
    cols: dict[str, list[int]]
    covers: dict[int, set[str]]
    consent_index: dict[str, str]
    file_errors: bool
    identities: Identities
    new_cats: dict[str, dict[str, str]] = field(default_factory=dict)  # dim key -> folded -> label
    msg_sensitive: str = field(default_factory=lambda: _(
        "“{value}” is sensitive and this person has no consent for {dimension}: the value is not stored."))

    def __post_init__(self) -> None:
        self.present = {k[4:] for k in self.cols if k.startswith("dim:")}
        self.age_on = self.facts.date or dt.date.today()  # birth years and dates count at the event's date

    def person(self, row: int, cells: list[str]) -> tuple[ParsedPerson, C.RowCells]:
        r = C.RowCells(self.table, self.cols, row, cells)
        first, last = C.names(r)
        email = C.email(r, self.facts.lookalikes)
        phone = C.phone(r)
        code, code_col = C.code(r)
        roles = C.roles(r)
        languages = C.languages(r)
        wheelchair = C.wheelchair(r)
        needs = C.free_text(r, "needs")
        notes = C.free_text(r, "notes")
        attendance = C.attendance(r)
        consent, consent_dims = C.consents(r, self.covers, self.consent_index, self.present)
        hashes = [V.identity_hash(k) for k in V.identity_keys(first, last, email, phone)]
        existing_id, same_as = self.identities.identify(r, first, last, code, code_col, hashes)
        person_consents = set(consent_dims)
        if existing_id is not None and consent is None:
            person_consents |= self.facts.consented.get(existing_id, set())
        values: dict[str, str | None] = {}
        band = C.age_band(r, self.facts.dims, self.age_on)
        if band is not None:
            values["age_band"] = band
        C.dimension_values(r, self.facts.dims, values, person_consents, self.facts.language, self.new_cats,
                           self.msg_sensitive)
        self.identities.remember(row, hashes, existing_id)
        ik = V.identity_hash(V.identity_keys(first, last, email, phone)[0]) if (first or last) else ""
        return ParsedPerson(
            row=row, first_name=first, last_name=last, email=email, phone=phone, code=code,
            roles=frozenset(roles), languages=languages, wheelchair=wheelchair, needs=needs,
            attendance=attendance, notes=notes, consent=consent, values=values, identity_key=ik,
            existing_id=existing_id, has_error=bool(r.errors) or self.file_errors, same_as_row=same_as,
            given=frozenset(r.given), consent_dimensions=frozenset(consent_dims),
        ), r


def new_categories(people: list[ParsedPerson], new_cats: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """The new categories of open dimensions, counting only the rows that will be written."""
    used: dict[str, set[str]] = {}
    for p in people:
        if p.has_error:
            continue
        for dk, label in p.values.items():
            if label is not None:
                used.setdefault(dk, set()).add(label)
    out = {
        dk: [label for label in bucket.values() if label in used.get(dk, ())]
        for dk, bucket in new_cats.items()
    }
    return {dk: labels for dk, labels in out.items() if labels}


def validate_table(facts: EventFacts, table: RawTable, mapping: dict[int, str | None],
                   progress: Progress = None, should_stop: ShouldStop = None,
                   consent_scope: dict[int, frozenset[str] | set[str]] | None = None) -> ImportPreview:
    """Check and normalise every row against the event; writes nothing.

    ``consent_scope``: consent column -> the sensitive dimension keys it covers (the
    user's answer in the wizard); by default :func:`mapping.consent_scope`. A consent
    is never recorded for a dimension the file has no column for."""
    dims = facts.dims
    issues: list[ImportIssue] = file_notices(table, mapping)
    cols = mapped_columns(table, mapping, dims)
    file_errors = mapping_issues(table, cols, dims, issues)
    unmapped = unmapped_columns(table, mapping)
    index = consent_index(dims)
    covers = consent_coverage(table, mapping, cols, dims, consent_scope, issues)
    rows = _Rows(facts, table, cols, covers, index, file_errors, Identities(facts.by_code, facts.by_key))
    people: list[ParsedPerson] = []
    total = len(table.rows)
    numbers = table.row_numbers or list(range(2, total + 2))
    for i, cells in enumerate(table.rows):
        if i % 250 == 0:
            check_stop(should_stop)
            if progress is not None:
                progress(i / max(1, total))
        person, checked = rows.person(numbers[i], cells)
        people.append(person)
        issues.extend(checked.errors)
        issues.extend(checked.warnings)
    if progress is not None:
        progress(1.0)
    issues.sort(key=lambda i: (i.row, i.severity != "error"))
    return ImportPreview(table=table, mapping=dict(mapping), people=people, issues=issues,
                         unmapped_columns=unmapped, new_categories=new_categories(people, rows.new_cats))
