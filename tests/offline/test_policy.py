"""The per-table package policy registry."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, MetaData, String, Table, Uuid

from dialogue_app.models import Base
from dialogue_app.services.offline import policy as pol


def test_every_model_table_has_an_explicit_package_policy():
    """Fails when someone adds a table without deciding how it travels in a table package.

    Add the table to dialogue_app.services.offline.policy.POLICIES (or declare
    ``info={"package": ...}`` on the model) and think about STRIPPED columns.
    """
    assert pol.undecided_tables() == []
    for t in Base.metadata.sorted_tables:
        assert pol.policy(t) in pol.POLICY_KINDS


def test_sensitive_tables_never_travel():
    """Diversity values, consent and pair rules never leave the organiser's file."""
    names = {t.name for t in pol.travelling_tables()}
    assert not names & {"person_value", "consent", "pair_rule", "package_baseline", "package_merge_state",
                        "survey_response", "survey_answer"}
    assert {"event", "dialogue_table", "person", "assignment"} <= names


def test_policy_of_an_unregistered_table_is_inferred_from_its_foreign_keys():
    """A table nobody registered still travels sensibly: linked to a table -> scoped; event-only -> all."""
    md = MetaData()
    linked = Table("x_note", md, Column("id", Uuid, primary_key=True),
                   Column("table_id", ForeignKey(Base.metadata.tables["dialogue_table"].c.id)))
    eventwide = Table("x_question", md, Column("id", Uuid, primary_key=True),
                      Column("event_id", ForeignKey(Base.metadata.tables["event"].c.id)), Column("text", String))
    secret = Table("x_secret", md, Column("id", Uuid, primary_key=True),
                   Column("dimension_id", ForeignKey(Base.metadata.tables["dimension"].c.id)))
    assert pol.explicit_policy(linked) is None
    assert pol.policy(linked) == pol.SCOPED
    assert pol.policy(eventwide) == pol.ALL
    assert pol.policy(secret) == pol.NEVER


def test_contacts_are_stripped_unless_asked_for():
    """Last name, e-mail and phone travel only with contacts; notes and needs never."""
    person = Base.metadata.tables["person"]
    without = pol.stripped_columns(person, with_contacts=False)
    with_ = pol.stripped_columns(person, with_contacts=True)
    assert {"email", "phone", "last_name", "notes", "needs", "identity_key"} <= without
    assert not {"email", "phone", "last_name"} & with_
    assert {"notes", "needs"} <= with_


def test_the_answer_to_what_happened_never_travels():
    """The follow-up answer (free text weeks after the day, may name people) stays in the organiser's file."""
    commitment = Base.metadata.tables["commitment"]
    assert pol.policy(commitment) == pol.SCOPED
    assert "followup_note" in pol.stripped_columns(commitment, with_contacts=True)
    assert "text" not in pol.stripped_columns(commitment, with_contacts=True)
