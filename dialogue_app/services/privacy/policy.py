"""What forgetting a person does to each table: a registry checked against the models.

Two facts are read from ``Base.metadata`` (never listed by hand):

* every table with a foreign key to ``person.id`` holds personal data about a
  person (its rows are "about" the person they point to);
* every column declared ``info={"personal": True}`` holds personal data.

For each such table this registry records a decision (:class:`TablePolicy`):

``subject``
    the ``person`` table itself: the person's row is deleted; other rows'
    references to them (``invited_by_id``) are cleared.
``delete``
    rows pointing at the person are deleted (roles, values, consent, seat
    history, pair rules, talking-stick turns...).
``keep-anonymous``
    rows stay as anonymous records: the references to the person are set to
    NULL and the row's other personal columns are blanked, except ``keep``
    columns (e.g. a commitment's text), from which the person's identifiers are
    redacted (commitments, survey respondents).
``unlink``
    rows that are not about the person but point at them (a table's host):
    only the reference is cleared. Such a table may hold no other personal column.
``redact``
    a table without a reference to a person whose free text may still mention
    people by name (facilitators' notes, the event's notes): the person's
    identifiers are redacted (erasure) or quoted (subject access).

``free_text`` names personal text columns that may mention *other* people;
they are searched and redacted in every row that survives. A table may also
declare its policy on the model: ``__table_args__ = ({"info": {"privacy":
"delete"}},)`` (free text then defaults to its personal Text columns).

Subject access (:mod:`.access`) and erasure (:mod:`.erasure`) both build their
plans from this module, and ``tests/privacy/test_coverage.py`` asserts that they
cover exactly the metadata-derived tables and columns, so a new personal table
or column that nobody decided about fails the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData, String, Table, Text

SUBJECT, DELETE, KEEP, UNLINK, REDACT = "subject", "delete", "keep-anonymous", "unlink", "redact"
ACTIONS = (SUBJECT, DELETE, KEEP, UNLINK, REDACT)
PERSON_TABLE = "person"


@dataclass(frozen=True)
class TablePolicy:
    action: str
    #: personal text columns that may mention other people by name
    free_text: tuple[str, ...] = ()
    #: keep-anonymous only: personal columns that survive (with identifiers redacted)
    keep: tuple[str, ...] = ()


#: Decisions by table name. Tables of other areas are listed ahead of their merge
#: (harmless while a table does not exist).
POLICIES: dict[str, TablePolicy] = {
    # foundation
    "person": TablePolicy(SUBJECT, free_text=("notes", "needs")),
    "person_role": TablePolicy(DELETE),
    "person_value": TablePolicy(DELETE),
    "consent": TablePolicy(DELETE, free_text=("recorded_by",)),
    "pair_rule": TablePolicy(DELETE, free_text=("note",)),
    "assignment": TablePolicy(DELETE),
    "dialogue_table": TablePolicy(UNLINK),
    "event": TablePolicy(REDACT, free_text=("notes",)),
    # facilitation
    "talking_turn": TablePolicy(DELETE),
    "commitment": TablePolicy(KEEP, free_text=("text", "followup_note"), keep=("text", "followup_note")),
    "table_session": TablePolicy(REDACT, free_text=("notes",)),
    # survey: a response stays as an anonymous record (its self-generated code elements are blanked);
    # open answers may mention people
    "survey_response": TablePolicy(KEEP),
    "survey_answer": TablePolicy(REDACT, free_text=("value",)),
    # offline (row snapshots of packaged / merged rows, as JSON)
    "package_baseline": TablePolicy(REDACT, free_text=("values",)),
    "package_merge_state": TablePolicy(REDACT, free_text=("values",)),
}


def _is_text(column) -> bool:
    return isinstance(column.type, String | Text)


def person_links(metadata: MetaData) -> dict[str, tuple[str, ...]]:
    """Every table with a foreign key to ``person.id`` -> the names of those columns."""
    links: dict[str, tuple[str, ...]] = {}
    for table in metadata.sorted_tables:
        cols = tuple(
            fk.parent.name
            for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name)
            if fk.column.table.name == PERSON_TABLE and fk.column.name == "id"
        )
        if cols:
            links[table.name] = cols
    return links


def personal_columns(metadata: MetaData) -> dict[str, tuple[str, ...]]:
    """Every table with columns marked ``info={"personal": True}`` -> those columns."""
    out: dict[str, tuple[str, ...]] = {}
    for table in metadata.sorted_tables:
        cols = tuple(c.name for c in table.columns if c.info.get("personal"))
        if cols:
            out[table.name] = cols
    return out


def required_tables(metadata: MetaData) -> set[str]:
    """Tables that need a decision: the person table, every table pointing at it,
    every table with a personal column."""
    out = set(person_links(metadata)) | set(personal_columns(metadata))
    if PERSON_TABLE in metadata.tables:
        out.add(PERSON_TABLE)
    return out


def explicit_policy(table: Table, policies: dict[str, TablePolicy] | None = None) -> TablePolicy | None:
    policies = POLICIES if policies is None else policies
    declared = table.info.get("privacy")
    if declared in ACTIONS:
        free = tuple(c.name for c in table.columns if c.info.get("personal") and isinstance(c.type, Text))
        return TablePolicy(declared, free_text=free)
    return policies.get(table.name)


def policy(table: Table, policies: dict[str, TablePolicy] | None = None) -> TablePolicy:
    """The decision for a table; an undecided table is treated the strict way
    (rows about a person deleted, free text redacted) — and fails the coverage test."""
    found = explicit_policy(table, policies)
    if found is not None:
        return found
    links = person_links(table.metadata).get(table.name, ())
    free = tuple(c.name for c in table.columns if c.info.get("personal") and _is_text(c) and c.name not in links)
    return TablePolicy(DELETE if links else REDACT, free_text=free)


def coverage_problems(metadata: MetaData, policies: dict[str, TablePolicy] | None = None) -> list[str]:
    """Why the registry does not cover the models (empty list: it does)."""
    links = person_links(metadata)
    personal = personal_columns(metadata)
    problems = []
    for name in sorted(required_tables(metadata)):
        table = metadata.tables[name]
        pol = explicit_policy(table, policies)
        fks = links.get(name, ())
        cols = set(personal.get(name, ())) - set(fks)
        if pol is None:
            problems.append(f"{name}: no privacy policy (add it to dialogue_app/services/privacy/policy.py POLICIES)")
            continue
        if pol.action not in ACTIONS:
            problems.append(f"{name}: unknown action {pol.action!r}")
        if (name == PERSON_TABLE) != (pol.action == SUBJECT):
            problems.append(f"{name}: only the person table is the subject")
        if pol.action in (DELETE, KEEP, UNLINK) and not fks:
            problems.append(f"{name}: {pol.action} needs a foreign key to person")
        if pol.action == REDACT and fks:
            problems.append(f"{name}: points at person, so redacting free text is not enough")
        for col in (*pol.free_text, *pol.keep):
            if col not in cols:
                problems.append(f"{name}.{col}: listed in the policy but not a personal, non-key column")
            elif not _is_text(table.columns[col]):
                problems.append(f"{name}.{col}: not a text column")
        if pol.keep and pol.action != KEEP:
            problems.append(f"{name}: only keep-anonymous tables keep columns")
        if pol.action in (UNLINK, REDACT):
            loose = cols - set(pol.free_text)
            if loose:
                problems.append(f"{name}: personal columns {sorted(loose)} would survive unredacted")
    return problems


@dataclass(frozen=True)
class Step:
    """What subject access reads and erasure changes in one table."""

    table: str
    action: str
    #: foreign-key columns pointing at person
    links: tuple[str, ...]
    #: personal columns that go with a linked row (deleted, or blanked when kept anonymously)
    erased: tuple[str, ...]
    #: keep-anonymous: personal columns that stay, with the person's identifiers redacted
    kept: tuple[str, ...]
    #: personal text columns searched / redacted for mentions in every surviving row
    free_text: tuple[str, ...]

    @property
    def columns(self) -> set[str]:
        return {*self.links, *self.erased, *self.kept, *self.free_text}


def plan(metadata: MetaData, policies: dict[str, TablePolicy] | None = None) -> list[Step]:
    """One step per table that holds personal data; tables pointing at person come
    first (children before parents), the person table last."""
    links = person_links(metadata)
    personal = personal_columns(metadata)
    required = required_tables(metadata)
    steps = []
    for table in reversed(metadata.sorted_tables):
        if table.name not in required:
            continue
        pol = policy(table, policies)
        fks = links.get(table.name, ())
        cols = [c for c in personal.get(table.name, ()) if c not in fks]
        kept = tuple(c for c in cols if c in pol.keep)
        erased = tuple(c for c in cols if c not in kept) if pol.action in (SUBJECT, DELETE, KEEP) else ()
        steps.append(Step(table.name, pol.action, fks, erased, kept, tuple(pol.free_text)))
    steps.sort(key=lambda s: s.action == SUBJECT)
    return steps
