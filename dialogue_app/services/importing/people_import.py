"""Validating a registration list against the event, then writing it.

:func:`validate` reads nothing but the event (a handful of queries, loaded
into dictionaries) and writes nothing; :func:`apply` writes a validated
preview in the caller's unit of work with bulk inserts, all-or-nothing unless
``valid_only``.

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
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from dialogue_app import i18n, vocab
from dialogue_app.codes import new_code, normalise_code
from dialogue_app.errors import Cancelled, ImportRejected, UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.importing import values as V
from dialogue_app.importing.lookalike import odd_characters, skeleton
from dialogue_app.importing.model import (
    FIELD_KEYS,
    ImportChanges,
    ImportIssue,
    ImportPreview,
    ImportResult,
    ParsedPerson,
    RawTable,
    field_label,
)
from dialogue_app.models import (
    Category,
    Consent,
    Dimension,
    Person,
    PersonRole,
    PersonValue,
    utcnow,
)
from dialogue_app.services.events import current_event

Progress = Callable[[float], None] | None
ShouldStop = Callable[[], bool] | None
_SINGLE = {"first_name", "last_name", "full_name", "email", "phone", "code", "roles", "languages", "wheelchair",
           "attendance", "age"}
_TEXT_LIMITS = {"first_name": 200, "last_name": 200, "email": 320, "phone": 64}


@dataclass
class _Dim:
    key: str
    name: str
    sensitive: bool
    open: bool
    #: folded spelling -> category label
    index: dict[str, str] = field(default_factory=dict)
    #: category key -> label (built-in categories)
    by_key: dict[str, str] = field(default_factory=dict)
    #: built-in concept ("Dutch") -> the event's category label for it, open dimensions
    concepts: dict[str, str] = field(default_factory=dict)


def _load_dims(session: Session, event_id: uuid.UUID) -> dict[str, _Dim]:
    dims: dict[str, _Dim] = {}
    langs = V.catalog_languages()
    for d in session.scalars(select(Dimension).where(Dimension.event_id == event_id).order_by(Dimension.position)):
        info = _Dim(d.key, d.name, d.sensitive, d.open)
        spec = vocab.spec(d.key)
        spec_cats = {c.key: c for c in spec.categories} if spec else {}
        for c in d.categories:
            info.index.setdefault(V.key(c.label), c.label)
            if c.key:
                info.by_key[c.key] = c.label
                info.index.setdefault(V.key(c.key), c.label)
        # open dimensions: "Nederlands", "Néerlandaise", "dutch" all name the category "Dutch"
        if d.open:
            for c in d.categories:
                concept = V.category_concept(c.label)
                if concept is not None and concept not in info.concepts:
                    info.concepts[concept] = c.label
                    for spelling in V.concept_spellings(concept):
                        info.index.setdefault(spelling, c.label)
        # synonyms and translated labels only for closed vocabularies (and only of categories present)
        for c in d.categories:
            cs = spec_cats.get(c.key)
            if cs is None:
                continue
            for s in cs.synonyms:
                info.index.setdefault(V.key(s), c.label)
            for lang in langs:
                with i18n.language(lang):
                    info.index.setdefault(V.key(i18n.gettext(cs.label)), c.label)
        dims[d.key] = info
    return dims


@dataclass
class _Existing:
    id: uuid.UUID
    code: str
    name: str  # folded
    display: str


def _load_people(session: Session, event_id: uuid.UUID):
    by_code: dict[str, _Existing] = {}
    by_key: dict[str, _Existing] = {}
    for pid, code, first, last, email, phone, ikey in session.execute(
        select(Person.id, Person.code, Person.first_name, Person.last_name, Person.email, Person.phone,
               Person.identity_key).where(Person.event_id == event_id)
    ):
        ex = _Existing(pid, code, V.key(f"{first} {last}"), f"{first} {last}".strip())
        if code:
            by_code[code] = ex
        for k in V.identity_keys(first, last, email, phone):
            by_key.setdefault(V.identity_hash(k), ex)
        if ikey:
            by_key.setdefault(ikey, ex)
    return by_code, by_key


def _emails_by_skeleton(session: Session, event_id: uuid.UUID) -> dict[str, tuple[str, str]]:
    """skeleton of each existing e-mail -> (the e-mail in lower case, the person's name)."""
    out: dict[str, tuple[str, str]] = {}
    for first, last, email in session.execute(
        select(Person.first_name, Person.last_name, Person.email).where(Person.event_id == event_id,
                                                                        Person.email != "")
    ):
        out.setdefault(skeleton(email), (email.strip().lower(), f"{first} {last}".strip()))
    return out


def _consented(session: Session, event_id: uuid.UUID) -> dict[uuid.UUID, set[str]]:
    """person id -> keys of dimensions with an active consent."""
    out: dict[uuid.UUID, set[str]] = {}
    for pid, key in session.execute(
        select(Consent.person_id, Dimension.key)
        .join(Dimension, Dimension.id == Consent.dimension_id)
        .where(Dimension.event_id == event_id, Consent.withdrawn_at.is_(None))
    ):
        out.setdefault(pid, set()).add(key)
    return out


def _column_name(table: RawTable, col: int) -> str:
    h = table.headers[col].strip() if col < len(table.headers) else ""
    return h or _("column {n}").format(n=col + 1)


def _check(should_stop: ShouldStop) -> None:
    if should_stop is not None and should_stop():
        raise Cancelled(_("The import was cancelled; nothing was written."))


def _file_notices(table: RawTable, mapping: dict[int, str | None]) -> list[ImportIssue]:
    """Warnings about the file as a whole, said before anything is written: a guessed
    encoding (with names to check), a byte-order mark that did not belong."""
    from dialogue_app.importing.reader import encoding_label, non_ascii_samples

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


def validate(session: Session, table: RawTable, mapping: dict[int, str | None],
             progress: Progress = None, should_stop: ShouldStop = None,
             consent_scope: dict[int, frozenset[str] | set[str]] | None = None) -> ImportPreview:
    """Check and normalise every row against the event; writes nothing.

    ``consent_scope``: consent column -> the sensitive dimension keys it covers (the
    user's answer in the wizard); by default :func:`mapping.consent_scope`. A consent
    is never recorded for a dimension the file has no column for."""
    from dialogue_app.importing.mapping import consent_scope as guess_scope

    e = current_event(session)
    dims = _load_dims(session, e.id)
    issues: list[ImportIssue] = _file_notices(table, mapping)
    lookalikes = _emails_by_skeleton(session, e.id)
    file_errors = False

    # -- the mapping itself
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
    dim_names = {k: d.name for k, d in dims.items()}
    for key, where in cols.items():
        if len(where) > 1 and (key in _SINGLE or key.startswith("dim:")):
            issues.append(ImportIssue(0, _column_name(table, where[1]), _(
                "Two columns are mapped to “{field}” (“{a}” and “{b}”); keep one.").format(
                    field=field_label(key, dim_names), a=_column_name(table, where[0]),
                    b=_column_name(table, where[1]))))
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
        issues.append(ImportIssue(0, _column_name(table, cols["age"][0]),
                                  _("The event has no age band dimension; the ages are not imported."),
                                  "warning"))
    mapped = {c for c, k in mapping.items() if k is not None}
    unmapped = [_column_name(table, c) for c in range(len(table.headers))
                if c not in mapped and (table.headers[c].strip() or any(
                    c < len(r) and r[c].strip() for r in table.rows))]
    sensitive_keys = [k for k, d in dims.items() if d.sensitive]
    consent_index = {}
    for k in sensitive_keys:
        consent_index[V.key(dims[k].name)] = k
        consent_index[V.key(k)] = k
        sp = vocab.spec(k)
        if sp is not None:
            for lang in V.catalog_languages():
                with i18n.language(lang):
                    consent_index.setdefault(V.key(i18n.gettext(sp.name)), k)

    # -- which dimensions each consent column covers (only dimensions with a column in the file)
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
            issues.append(ImportIssue(0, _column_name(table, col), _(
                "This consent column covers no column of the file with sensitive data: no consent is "
                "recorded from it."), "warning"))
        elif generic and covers[col] != set(sensitive_keys):
            issues.append(ImportIssue(0, _column_name(table, col), _(
                "The column does not say what the consent is for; “yes” is recorded as consent for: {dimensions} "
                "(the sensitive columns of the file), nothing else.").format(dimensions=names), "warning"))

    by_code, by_key = _load_people(session, e.id)
    consented = _consented(session, e.id)

    new_cats: dict[str, dict[str, str]] = {}  # dim key -> folded -> label
    people: list[ParsedPerson] = []
    seen_keys: dict[str, int] = {}  # identity hash -> row number of first occurrence
    row_target: dict[int, uuid.UUID | None] = {}
    seen_codes: dict[str, int] = {}
    codes_of_existing_rows: dict[str, uuid.UUID] = {}
    total = len(table.rows)
    numbers = table.row_numbers or list(range(2, total + 2))

    def cell(cells: list[str], key: str) -> tuple[str, str]:
        where = cols.get(key)
        if not where:
            return "", ""
        c = where[0]
        return (cells[c] if c < len(cells) else ""), _column_name(table, c)

    age_on = e.date or dt.date.today()  # birth years and dates count at the event's date
    # translated once: gettext per row would cost more than the validation itself
    msg_same = _("Likely the same person as row {other}; the rows are merged.")
    msg_existing = _("{name} is already in the event: this row updates that person, no one is added twice.")
    msg_sensitive = _("“{value}” is sensitive and this person has no consent for {dimension}: "
                      "the value is not stored.")
    for i, cells in enumerate(table.rows):
        if i % 250 == 0:
            _check(should_stop)
            if progress is not None:
                progress(i / max(1, total))
        row = numbers[i]
        errors: list[ImportIssue] = []
        warnings: list[ImportIssue] = []

        def err(column: str, message: str, errors=errors, row=row) -> None:
            errors.append(ImportIssue(row, column, message, "error"))

        def warn(column: str, message: str, warnings=warnings, row=row) -> None:
            warnings.append(ImportIssue(row, column, message, "warning"))

        given: set[str] = set()
        first, _c = cell(cells, "first_name")
        last, _c = cell(cells, "last_name")
        first, last = V.clean_text(first), V.clean_text(last)
        full, full_col = cell(cells, "full_name")
        if full.strip() and not (first or last):
            first, last = V.split_full_name(full)
        if not (first or last):
            err(full_col or _column_name(table, (cols.get("first_name") or cols.get("last_name") or [0])[0]),
                _("Missing name."))
        else:
            given |= {"first_name", "last_name"}
        for key, val in (("first_name", first), ("last_name", last)):
            if len(val) > _TEXT_LIMITS[key]:
                err(cell(cells, key)[1] or full_col, _("The name is too long ({n} characters).").format(n=len(val)))
        email, email_col = cell(cells, "email")
        email = email.strip()
        if email:
            given.add("email")
            if not V.valid_email(email):
                warn(email_col, _("“{value}” does not look like an e-mail address (imported as given).").format(
                    value=email))
            if len(email) > _TEXT_LIMITS["email"]:
                err(email_col, _("The e-mail address is too long."))
            twin = lookalikes.get(skeleton(email))
            if twin and twin[0] != email.lower():
                warn(email_col, _("The e-mail address looks the same as that of {name}, already in the event, but "
                                  "contains invisible or look-alike characters ({chars}). Check this row: it is "
                                  "probably the same person.").format(
                                      name=twin[1], chars=", ".join(odd_characters(email)) or "?"))
        phone, phone_col = cell(cells, "phone")
        phone = V.clean_text(phone)
        if phone:
            given.add("phone")
            if len(phone) > _TEXT_LIMITS["phone"]:
                err(phone_col, _("The phone number is too long."))
        raw_code, code_col = cell(cells, "code")
        code = normalise_code(raw_code)
        if code:
            given.add("code")
            if len(code) > 16:
                err(code_col, _("The participant code “{value}” is longer than 16 characters.").format(
                    value=raw_code.strip()))
        roles_text, roles_col = cell(cells, "roles")
        roles: set[str] = {"participant"}
        if roles_text.strip():
            found, unknown = V.parse_roles(roles_text)
            for u in unknown:
                err(roles_col, _("Unknown role “{value}” (participant, facilitator, host or trainer).").format(
                    value=u))
            if found:
                roles = found
                given.add("roles")
        langs_text, langs_col = cell(cells, "languages")
        languages = ""
        if langs_text.strip():
            codes_found, unknown = V.parse_languages(langs_text)
            for u in unknown:
                warn(langs_col, _("Unknown language “{value}” (not imported).").format(value=u))
            languages = ",".join(codes_found)
            if codes_found:
                given.add("languages")
        wheel_text, wheel_col = cell(cells, "wheelchair")
        wheelchair = False
        if wheel_text.strip():
            yn = V.yes_no(wheel_text)
            if yn is None:
                err(wheel_col, _("“{value}” is not yes or no.").format(value=wheel_text.strip()))
            else:
                wheelchair = yn
                given.add("wheelchair")
        needs = "\n".join(cells[c].strip() for c in cols.get("needs", []) if c < len(cells) and cells[c].strip())
        if needs:
            given.add("needs")
        notes = "\n".join(cells[c].strip() for c in cols.get("notes", []) if c < len(cells) and cells[c].strip())
        if notes:
            given.add("notes")
        att_text, att_col = cell(cells, "attendance")
        attendance = "registered"
        if att_text.strip():
            status = V.parse_attendance(att_text)
            if status is None:
                err(att_col, _("Unknown attendance “{value}” (registered, present, absent or cancelled).").format(
                    value=att_text.strip()))
            else:
                attendance = status
                given.add("attendance")

        # -- consent for the sensitive dimensions, each column only for the dimensions it covers
        consent: bool | None = None
        consent_dims: set[str] = set()
        for ccol in cols.get("consent", []):
            consent_text = cells[ccol] if ccol < len(cells) else ""
            consent_col = _column_name(table, ccol)
            yn = V.yes_no(consent_text)
            if yn is not None:
                consent = bool(consent) or yn
                if yn:
                    consent_dims |= covers[ccol]
            else:
                parts = V.split_list(consent_text)
                keys = [consent_index.get(V.key(p)) for p in parts]
                if parts and all(keys):
                    consent_dims |= set(keys) & present
                    consent = True
                else:
                    err(consent_col, _("“{value}” is not a consent answer (yes or no).").format(
                        value=consent_text.strip()))

        # -- identity: code first, then name + e-mail / phone
        existing: _Existing | None = None
        same_as = 0
        hashes = [V.identity_hash(k) for k in V.identity_keys(first, last, email, phone)]
        if code and code in by_code:
            existing = by_code[code]
            if existing.name != V.key(f"{first} {last}") and (first or last):
                err(code_col, _("The code “{code}” belongs to {name} in the event.").format(
                    code=code, name=existing.display))
                existing = None
        if existing is None:
            for h in hashes:
                if h in by_key:
                    existing = by_key[h]
                    break
        for h in hashes:
            if h in seen_keys:
                same_as = seen_keys[h]
                break
        if same_as:
            warn("", msg_same.format(other=same_as))
            if existing is None:
                existing_id = row_target.get(same_as)
            else:
                existing_id = existing.id
        else:
            existing_id = existing.id if existing is not None else None
            if existing is not None:
                warn("", msg_existing.format(name=existing.display))
        if code:
            other = seen_codes.get(code)
            if other is not None and other != same_as and not (
                existing_id is not None and codes_of_existing_rows.get(code) == existing_id
            ):
                err(code_col, _("The participant code “{code}” is also used in row {other}.").format(
                    code=code, other=other))
            seen_codes.setdefault(code, row)
            if existing_id is not None:
                codes_of_existing_rows.setdefault(code, existing_id)

        # -- dimensions
        person_consents = set(consent_dims)
        if existing_id is not None and consent is None:
            person_consents |= consented.get(existing_id, set())
        values: dict[str, str | None] = {}
        age_text, age_col = cell(cells, "age")
        if age_text.strip() and "age_band" in dims:
            age = V.parse_age(age_text)
            if age is None:
                age = V.age_from_birth(age_text, age_on)
            if age is None:
                if V.looks_like_date(age_text) or _birth_header(age_col):
                    err(age_col, _("The date “{value}” could not be read. Accepted: a birth year or "
                                   "a date written as {formats} (day before month).").format(
                                       value=age_text.strip(), formats=V.DATE_FORMATS))
                else:
                    err(age_col, _("“{value}” is neither an age nor a date that could be read. "
                                   "Accepted: an age (34) or a birth date written as {formats}.").format(
                                       value=age_text.strip(), formats=V.DATE_FORMATS))
            elif not vocab.MIN_AGE <= age <= vocab.MAX_AGE:
                err(age_col, _("Age out of range: {value} (expected {low} to {high}).").format(
                    value=age, low=vocab.MIN_AGE, high=vocab.MAX_AGE))
            else:
                band = vocab.age_band_key(age)
                label = dims["age_band"].by_key.get(band)
                if label is None:
                    err(age_col, _("The event has no age band for the age {value}.").format(value=age))
                else:
                    values["age_band"] = label
        for key, where in cols.items():
            if not key.startswith("dim:"):
                continue
            dk = key[4:]
            d = dims[dk]
            raw = cells[where[0]] if where[0] < len(cells) else ""
            text = V.clean_text(raw)
            col_name = _column_name(table, where[0])
            if not text or (dk == "age_band" and "age_band" in values):
                continue
            if V.is_prefer_not(text):
                label: str | None = None
            else:
                label = d.index.get(V.key(text))
                if label is None and dk == "age_band":
                    band, problem = V.age_band_from_text(text)
                    if problem == "range":
                        err(col_name, _("Age out of range: {value} (expected {low} to {high}).").format(
                            value=text, low=vocab.MIN_AGE, high=vocab.MAX_AGE))
                        continue
                    if band is not None:
                        label = d.by_key.get(band)
                if label is None:
                    concept = V.category_concept(text) if d.open else None
                    if concept is not None and V.concept_dimension(concept) not in (None, dk):
                        concept = None
                    if concept is not None:
                        # "Nederlands" and "Néerlandais" in one file: one new category, in the event's language
                        bucket = new_cats.setdefault(dk, {})
                        label = bucket.setdefault("concept:" + concept, V.concept_label(concept, e.language))
                    elif d.open and V.key(text):
                        bucket = new_cats.setdefault(dk, {})
                        label = bucket.setdefault(V.key(text), text[:200])
                    else:
                        err(col_name, _("Unknown value “{value}” for {dimension}.").format(
                            value=text, dimension=d.name))
                        continue
            if d.sensitive and dk not in person_consents:
                if label is not None:
                    warn(col_name, msg_sensitive.format(value=text, dimension=d.name))
                continue
            values[dk] = label

        for h in hashes:
            seen_keys.setdefault(h, row)
        row_target[row] = existing_id
        ik = V.identity_hash(V.identity_keys(first, last, email, phone)[0]) if (first or last) else ""
        people.append(ParsedPerson(
            row=row, first_name=first, last_name=last, email=email, phone=phone, code=code,
            roles=frozenset(roles), languages=languages, wheelchair=wheelchair, needs=needs,
            attendance=attendance, notes=notes, consent=consent, values=values, identity_key=ik,
            existing_id=existing_id, has_error=bool(errors) or file_errors, same_as_row=same_as,
            given=frozenset(given), consent_dimensions=frozenset(consent_dims),
        ))
        issues.extend(errors)
        issues.extend(warnings)
    if progress is not None:
        progress(1.0)
    # new categories only count the rows that will be written
    used: dict[str, set[str]] = {}
    for p in people:
        if p.has_error:
            continue
        for dk, label in p.values.items():
            if label is not None:
                used.setdefault(dk, set()).add(label)
    new_categories = {
        dk: [label for label in bucket.values() if label in used.get(dk, ())]
        for dk, bucket in new_cats.items()
    }
    new_categories = {dk: labels for dk, labels in new_categories.items() if labels}
    issues.sort(key=lambda i: (i.row, i.severity != "error"))
    return ImportPreview(table=table, mapping=dict(mapping), people=people, issues=issues,
                         unmapped_columns=unmapped, new_categories=new_categories)


def _birth_header(column: str) -> bool:
    """"Geboortedatum", "Date of birth": the column holds dates, not ages."""
    from dialogue_app.importing.mapping import SYNONYMS

    folded = vocab.fold(column)
    return folded in {vocab.fold(s) for s in SYNONYMS["age"][5:]} or "birth" in folded or "geboorte" in folded \
        or "naissance" in folded or "nascimento" in folded


def format_issue(issue: ImportIssue) -> str:
    """"Row 5, Gender: Unknown value “q” for Gender." (translated)."""
    if issue.row and issue.column:
        return _("Row {row}, {column}: {message}").format(row=issue.row, column=issue.column, message=issue.message)
    if issue.row:
        return _("Row {row}: {message}").format(row=issue.row, message=issue.message)
    if issue.column:
        return _("Column {column}: {message}").format(column=issue.column, message=issue.message)
    return issue.message


def apply(session: Session, preview: ImportPreview, *, valid_only: bool = False,
          progress: Progress = None, should_stop: ShouldStop = None,
          recorded_by: str = "") -> ImportResult:
    """Write a validated preview into the event (the caller's unit of work).

    Raises :class:`ImportRejected` and writes nothing when the preview has
    errors, unless ``valid_only`` (then the rows without errors are written).
    """
    errors = preview.errors
    if errors and not valid_only:
        raise ImportRejected(
            ngettext("The file has {n} error; nothing was imported.",
                     "The file has {n} errors; nothing was imported.", len(errors)).format(n=len(errors)),
            details=[format_issue(i) for i in errors],
        )
    _check(should_stop)
    e = current_event(session)
    dims = {d.key: d for d in session.scalars(select(Dimension).where(Dimension.event_id == e.id))}
    now = utcnow()
    source = Path(preview.table.source).name if preview.table.source else ""
    recorded_by = recorded_by or (_("import of {file}").format(file=source) if source else _("import"))

    # category label lookup (folded), creating new categories of open dimensions
    cat_ids: dict[str, dict[str, uuid.UUID]] = {}
    next_pos: dict[str, int] = {}
    for key, d in dims.items():
        cat_ids[key] = {V.key(c.label): c.id for c in d.categories}
        next_pos[key] = max((c.position for c in d.categories), default=-1) + 1
    created_cats: dict[str, list[str]] = {}
    created_cat_ids: list[uuid.UUID] = []
    to_write = [p for p in preview.people if not p.has_error]
    skipped = len(preview.people) - len(to_write)

    def category_id(dk: str, label: str | None) -> uuid.UUID | None:
        if label is None:
            return None
        f = V.key(label)
        cid = cat_ids[dk].get(f)
        if cid is None:
            d = dims[dk]
            if not d.open:
                raise ImportRejected(_("“{value}” is no longer a category of {dimension}; check the file again.")
                                     .format(value=label, dimension=d.name))
            cid = uuid.uuid4()
            cat_ids[dk][f] = cid
            # inserted at once: rows of people already in the event may point at it before the end
            session.execute(insert(Category.__table__), [dict(
                id=cid, dimension_id=d.id, label=label, position=next_pos[dk], key="", created_at=now,
                updated_at=now)])
            next_pos[dk] += 1
            created_cats.setdefault(dk, []).append(label)
            created_cat_ids.append(cid)
        return cid

    for p in to_write:
        for dk in p.values:
            if dk not in dims:
                raise ImportRejected(_("The event has no dimension “{key}”; check the file again.").format(key=dk))

    # existing people touched by the import, as plain rows (no ORM objects: fast for thousands)
    ids = list({p.existing_id for p in to_write if p.existing_id is not None})
    existing: dict[uuid.UUID, dict] = {}
    value_before: dict[uuid.UUID, tuple] = {}  # value row -> (category, updated_at) before the import
    ex_roles: dict[uuid.UUID, set[str]] = {}
    ex_values: dict[uuid.UUID, dict[uuid.UUID, list]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in session.execute(select(*[Person.__table__.c[c] for c in _PERSON_COLS], Person.updated_at)
                                   .where(Person.id.in_(chunk))).mappings():
            existing[row["id"]] = dict(row)
        for pid, role in session.execute(select(PersonRole.person_id, PersonRole.role)
                                         .where(PersonRole.person_id.in_(chunk))):
            ex_roles.setdefault(pid, set()).add(role)
        for vid, pid, did, cid, stamp in session.execute(
            select(PersonValue.id, PersonValue.person_id, PersonValue.dimension_id, PersonValue.category_id,
                   PersonValue.updated_at)
            .where(PersonValue.person_id.in_(chunk))
        ):
            ex_values.setdefault(pid, {})[did] = [vid, cid]
            value_before[vid] = (cid, stamp)
    original = {pid: dict(row) for pid, row in existing.items()}
    consented = _consented(session, e.id) if existing else {}
    taken = set(session.scalars(select(Person.code).where(Person.event_id == e.id)))
    code_owner = dict(session.execute(select(Person.code, Person.id).where(Person.event_id == e.id)).all())
    changes = _Changes()

    new_people: dict[uuid.UUID, dict] = {}
    new_roles: dict[uuid.UUID, set[str]] = {}
    new_values: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID | None]] = {}
    new_consents: dict[uuid.UUID, set[str]] = {}
    row_person: dict[int, uuid.UUID] = {}
    created = 0
    touched_existing: set[uuid.UUID] = set()
    changed_existing: set[uuid.UUID] = set()
    consents_recorded = 0
    sensitive = {k for k, d in dims.items() if d.sensitive}

    for n, p in enumerate(to_write):
        if n % 250 == 0:
            _check(should_stop)
            if progress is not None:
                progress(0.9 * n / max(1, len(to_write)))
        target = row_person.get(p.same_as_row) if p.same_as_row else None
        if target is None and p.existing_id is not None and p.existing_id in existing:
            target = p.existing_id
        if target is not None and target in existing:
            touched_existing.add(target)
            if _update_existing(existing[target], ex_roles.setdefault(target, set()),
                                ex_values.setdefault(target, {}), p, dims, category_id,
                                consented.setdefault(target, set()), sensitive, code_owner, changes):
                changed_existing.add(target)
            if p.code:
                taken.add(p.code)
            row_person[p.row] = target
            continue
        if target is not None and target in new_people:
            _merge_new(new_people[target], new_roles[target], new_values[target], new_consents[target], p, dims,
                       category_id, sensitive)
            row_person[p.row] = target
            continue
        pid = uuid.uuid4()
        code = p.code
        if code and (code in taken or code in code_owner):
            raise ImportRejected(_("The participant code “{code}” now belongs to someone else; check the file "
                                   "again.").format(code=code))
        if not code:
            code = new_code(taken)
        else:
            taken.add(code)
        code_owner[code] = pid
        new_people[pid] = dict(
            id=pid, event_id=e.id, code=code, first_name=p.first_name, last_name=p.last_name, email=p.email,
            phone=p.phone, languages=p.languages, wheelchair=p.wheelchair, needs=p.needs,
            attendance=p.attendance, checked_in_at=now if p.attendance == "present" else None, walk_in=False,
            invited_by_id=None, notes=p.notes, identity_key=p.identity_key, anonymised=False,
            created_at=now, updated_at=now,
        )
        new_roles[pid] = set(p.roles)
        new_consents[pid] = set(p.consent_dimensions) & sensitive
        new_values[pid] = {}
        for dk, label in p.values.items():
            if dims[dk].sensitive and dk not in new_consents[pid]:
                continue
            new_values[pid][dims[dk].id] = category_id(dk, label)
        row_person[p.row] = pid
        created += 1

    _check(should_stop)
    consents_recorded += changes.write(session, existing, changed_existing, now, recorded_by)
    if new_people:
        session.execute(insert(Person.__table__), list(new_people.values()))
        role_rows = [dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now)
                     for pid, roles in new_roles.items() for r in sorted(roles)]
        if role_rows:
            session.execute(insert(PersonRole.__table__), role_rows)
        consent_rows = [
            dict(id=uuid.uuid4(), person_id=pid, dimension_id=dims[dk].id, purpose="dimension", text_version="1",
                 text="", given_at=now, recorded_by=recorded_by, source="registration", withdrawn_at=None,
                 created_at=now, updated_at=now)
            for pid, keys in new_consents.items() for dk in sorted(keys)
        ]
        if consent_rows:
            session.execute(insert(Consent.__table__), consent_rows)
            consents_recorded += len(consent_rows)
        value_rows = [dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid,
                           created_at=now, updated_at=now)
                      for pid, vals in new_values.items() for did, cid in vals.items()]
        if value_rows:
            session.execute(insert(PersonValue.__table__), value_rows)
    session.flush()
    if progress is not None:
        progress(1.0)
    pt, vt = Person.__tablename__, PersonValue.__tablename__
    columns = [(pt, pid, c, original[pid][c], v) for pid in sorted(changed_existing)
               for c, v in existing[pid].items() if c != "id" and v != original[pid][c]]
    for vid, cid in changes.value_updates.items():
        cat, stamp = value_before[vid]
        columns += [(vt, vid, "category_id", cat, cid), (vt, vid, "updated_at", stamp, now)]
    undo = ImportChanges(created_people=tuple(new_people), created_categories=tuple(created_cat_ids),
                         columns=tuple(columns), added_rows=tuple(changes.added))
    return ImportResult(
        created=created, updated=len(changed_existing), skipped_rows=skipped, new_categories=created_cats,
        consents_recorded=consents_recorded, unchanged=len(touched_existing - changed_existing), changes=undo,
    )


def _merge_new(row: dict, roles: set[str], vals: dict, consents: set[str], p: ParsedPerson, dims, category_id,
               sensitive: set[str]) -> None:
    """A later row of the same (new) person: what it gives overrides, roles add up."""
    for name in ("email", "phone", "languages", "wheelchair", "needs", "attendance", "notes"):
        if name in p.given:
            row[name] = getattr(p, name)
    if "roles" in p.given:
        roles |= set(p.roles)
    consents |= set(p.consent_dimensions) & sensitive
    for dk, label in p.values.items():
        if dims[dk].sensitive and dk not in consents:
            continue
        vals[dims[dk].id] = category_id(dk, label)


_PERSON_COLS = ("id", "code", "first_name", "last_name", "email", "phone", "languages", "wheelchair", "needs",
                "attendance", "notes", "checked_in_at", "identity_key")
_UPDATABLE = _PERSON_COLS[1:]


@dataclass
class _Changes:
    """What an import changes in people already in the event, written in bulk at the end."""

    roles: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    value_inserts: dict[tuple[uuid.UUID, uuid.UUID], uuid.UUID | None] = field(default_factory=dict)
    value_updates: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)
    consents: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    #: (table name, id) of every row added to people already in the event
    added: list[tuple[str, uuid.UUID]] = field(default_factory=list)

    def _rows(self, table: str, rows: list[dict]) -> list[dict]:
        self.added.extend((table, r["id"]) for r in rows)
        return rows

    def write(self, session: Session, existing: dict[uuid.UUID, dict], changed: set[uuid.UUID], now,
              recorded_by: str) -> int:
        t = Person.__table__
        for pid in changed:
            existing[pid]["updated_at"] = now
        if changed:
            stmt = (update(t).where(t.c.id == bindparam("b_id"))
                    .values(updated_at=now, **{c: bindparam(f"b_{c}") for c in _UPDATABLE}))
            session.execute(stmt, [{"b_id": pid, **{f"b_{c}": existing[pid][c] for c in _UPDATABLE}}
                                   for pid in changed])
        if self.roles:
            session.execute(insert(PersonRole.__table__), self._rows(PersonRole.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, role=r, created_at=now, updated_at=now) for pid, r in self.roles]))
        if self.value_updates:
            vt = PersonValue.__table__
            session.execute(
                update(vt).where(vt.c.id == bindparam("b_id")).values(category_id=bindparam("b_cat"), updated_at=now),
                [{"b_id": vid, "b_cat": cid} for vid, cid in self.value_updates.items()])
        if self.value_inserts:
            session.execute(insert(PersonValue.__table__), self._rows(PersonValue.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, category_id=cid, created_at=now,
                     updated_at=now) for (pid, did), cid in self.value_inserts.items()]))
        if self.consents:
            session.execute(insert(Consent.__table__), self._rows(Consent.__tablename__, [
                dict(id=uuid.uuid4(), person_id=pid, dimension_id=did, purpose="dimension", text_version="1",
                     text="", given_at=now, recorded_by=recorded_by, source="registration", withdrawn_at=None,
                     created_at=now, updated_at=now) for pid, did in self.consents]))
        return len(self.consents)


def _update_existing(person: dict, roles: set[str], values: dict[uuid.UUID, list], p: ParsedPerson, dims,
                     category_id, active: set[str], sensitive: set[str], code_owner: dict,
                     changes: _Changes) -> bool:
    """Bring an existing person (a plain row) up to date with what the row gives; True when
    something changed. Roles add up; empty cells change nothing."""
    changed = False
    pid = person["id"]
    for name in ("first_name", "last_name", "email", "phone", "languages", "wheelchair", "needs", "attendance",
                 "notes"):
        if name in p.given and person[name] != getattr(p, name):
            person[name] = getattr(p, name)
            changed = True
    if "attendance" in p.given and person["attendance"] == "present" and person["checked_in_at"] is None:
        person["checked_in_at"] = utcnow()
    if "code" in p.given and p.code != person["code"]:
        owner = code_owner.get(p.code)
        if owner is not None and owner != pid:
            raise ImportRejected(_("The participant code “{code}” now belongs to someone else; check the file "
                                   "again.").format(code=p.code))
        code_owner.pop(person["code"], None)
        person["code"] = p.code
        code_owner[p.code] = pid
        changed = True
    if "roles" in p.given:
        for r in sorted(set(p.roles) - roles):
            roles.add(r)
            changes.roles.append((pid, r))
            changed = True
    for dk in sorted((set(p.consent_dimensions) & sensitive) - active):
        changes.consents.append((pid, dims[dk].id))
        active.add(dk)
        changed = True
    for dk, label in p.values.items():
        d = dims[dk]
        if d.sensitive and dk not in active:
            continue
        cid = category_id(dk, label)
        current = values.get(d.id)
        if current is None:
            changes.value_inserts[(pid, d.id)] = cid
            values[d.id] = [None, cid]
            changed = True
        elif current[1] != cid:
            current[1] = cid
            if current[0] is None:  # inserted by an earlier row of this import
                changes.value_inserts[(pid, d.id)] = cid
            else:
                changes.value_updates[current[0]] = cid
            changed = True
    if changed and p.identity_key:
        person["identity_key"] = p.identity_key
    return changed


def summary_counts(preview: ImportPreview) -> dict[str, int]:
    """Counts for a report: rows, valid rows, new people, updates, errors, warnings."""
    valid = preview.valid_people
    return {
        "rows": len(preview.people),
        "valid_rows": len(valid),
        "new": sum(1 for p in valid if p.existing_id is None and not p.same_as_row),
        "existing": len({p.existing_id for p in valid if p.existing_id is not None}),
        "errors": len(preview.errors),
        "warnings": len(preview.warnings),
    }

