"""How each table of an event file travels in a table package.

The package and merge code is generic: it walks ``Base.metadata.sorted_tables``
and decides, per table, from this registry:

``event``
    the event row itself: copied (marked as a package), never merged back.
``tables``
    ``dialogue_table``: the packaged tables are the roots of the selection.
``people``
    ``person``: the people the packaged rows point to (seated at, hosting,
    facilitating, answering at the packaged tables).
``scoped``
    rows that belong to the packaged tables or people through their foreign
    keys: a row travels when it has at least one foreign key into a scoped
    table and every such key points to a packaged row (assignments, sessions,
    notes, commitments, survey responses...). Rows reached through a table
    foreign key also bring the people they point to.
``all``
    event-wide reference data copied whole (venues, time slots, the script,
    the survey instrument).
``return``
    nothing travels out, but rows created in the package come back (survey
    forms: earlier answers stay with the organiser, new ones are merged).
``never``
    never leaves the organiser's file and is never merged (diversity values,
    consent, pair rules, this machinery's own bookkeeping).

A table may also declare its policy on the model: ``__table_args__ = ({"info":
{"package": "scoped"}},)``. A table with no explicit policy still works (the
policy is inferred from its foreign keys) but ``tests/offline/test_policy.py``
fails, so whoever adds a table decides consciously.

``STRIPPED`` names columns that never travel (replaced by their default in the
package); ``CONTACT_COLUMNS`` travel only when the organiser ticks "with contact
details". A merge never blanks a stripped column in the organiser's file: a
stripped value is the package's baseline, so it only counts as a change when
the facilitator typed something new.
"""

from __future__ import annotations

EVENT, TABLES, PEOPLE, SCOPED, ALL, RETURN, NEVER = "event", "tables", "people", "scoped", "all", "return", "never"
POLICY_KINDS = (EVENT, TABLES, PEOPLE, SCOPED, ALL, RETURN, NEVER)

#: Explicit decisions, by table name. Names of tables that other areas add are
#: listed here too (harmless while a table does not exist).
POLICIES: dict[str, str] = {
    # foundation
    "event": EVENT,
    "dialogue_table": TABLES,
    "person": PEOPLE,
    "assignment": SCOPED,
    "person_role": SCOPED,
    "venue": ALL,
    "time_slot": ALL,
    "dimension": NEVER,  # planning data; not needed at a table
    "category": NEVER,
    "person_value": NEVER,  # "no dimension values"
    "consent": NEVER,
    "consent_text": NEVER,
    "pair_rule": NEVER,  # reveals who must sit apart: stays with the organiser
    # this machinery
    "package_manifest": NEVER,
    "package_baseline": NEVER,
    "package_merge_state": NEVER,
    # facilitation (script, sessions, notes, commitments)
    "script_phase": ALL,
    "ground_rule": ALL,
    "table_session": SCOPED,
    "phase_run": SCOPED,
    "talking_turn": SCOPED,
    "commitment": SCOPED,
    # survey (instrument travels; earlier forms stay home, new forms come back)
    "survey_item": ALL,
    "survey_response": RETURN,
    "survey_answer": RETURN,
}

#: Columns that never travel (they stay in the organiser's file only).
STRIPPED: dict[str, frozenset[str]] = {
    "person": frozenset({"notes", "identity_key", "needs"}),
    "event": frozenset({"notes"}),
    # the answer to "what happened?" weeks after the day: free text that may name people
    "commitment": frozenset({"followup_note"}),
}

#: Columns that travel only "with contact details".
CONTACT_COLUMNS: dict[str, frozenset[str]] = {
    "person": frozenset({"last_name", "email", "phone"}),
}

#: Columns the merge never compares or writes (bookkeeping of the row itself).
META_COLUMNS = frozenset({"created_at", "updated_at", "row_version"})

ANCHORS = (TABLES, PEOPLE, SCOPED)
