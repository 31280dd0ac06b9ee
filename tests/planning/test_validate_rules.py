"""The hard-rule validator behind the "broken rule" warnings, rule by rule and at each boundary.

Each test gives a small plan and the exact list of broken rules the organiser would be warned about
(which rule, which people, which table). Written so that weakening or removing any check changes a
result (``scripts/mutation_check.py dialogue_app/planning/validate.py`` measures that)."""

from __future__ import annotations

import numpy as np

from dialogue_app.planning.model import Person, PlanProblem, Table, Violation
from dialogue_app.planning.validate import validate

F = Person(is_facilitator=True)
P = Person()


def check(people, plan, tables=None, **kw) -> list[Violation]:
    tables = tables if tables is not None else [Table(2, 3), Table(2, 3)]
    return validate(PlanProblem(tables=tables, people=people, **kw), np.array(plan))


def test_a_valid_plan_at_the_size_limits_breaks_nothing():
    """A full table (size = max) and a smallest table (size = min), one facilitator each: no warning."""
    assert check([F, P, P, F, P], [0, 0, 0, 1, 1]) == []


def test_a_plan_of_the_wrong_length_is_one_warning():
    """An assignment that does not cover everybody is reported as such, and nothing else."""
    assert check([F, P, P, F, P], [0, 0, 0, 1]) == [Violation("wrong_length")]


def test_unseated_and_out_of_range_people_are_not_seated():
    """-1 and a table number past the last table both mean "not seated" for an attending person."""
    got = check([F, P, P, F, P, P, P], [0, 0, 0, 1, 1, -1, 2])
    assert got == [Violation("not_seated", people=(5,)), Violation("not_seated", people=(6,))]


def test_absent_people_must_not_have_a_seat():
    """Someone who is not coming but has a seat is a warning naming the table; -1 is fine for them."""
    gone = Person(attending=False)
    assert check([F, P, P, F, P, gone], [0, 0, 0, 1, 1, -1]) == []
    assert check([F, P, F, P, gone], [0, 0, 1, 1, 1]) == [Violation("absent_seated", people=(4,), tables=(1,))]
    assert check([F, P, P, F, P, gone], [0, 0, 0, 1, 1, 2]) == [Violation("absent_seated", people=(5,))]
    assert check([F, P, P, F, P, gone], [0, 0, 0, 1, 1, -2]) == [Violation("absent_seated", people=(5,))]


def test_over_and_under_capacity_name_the_table_and_its_people():
    """Four at a table of at most three, one at a table of at least two."""
    got = check([F, P, P, P, F], [0, 0, 0, 0, 1])
    assert got == [Violation("over_capacity", people=(0, 1, 2, 3), tables=(0,)),
                   Violation("under_capacity", people=(4,), tables=(1,))]


def test_each_table_needs_its_facilitators():
    """No facilitator, or one at a training table, is a warning; two at a training table is right."""
    tables = [Table(2, 3), Table(2, 3, training=True)]
    assert check([P, P, F, P, P], [0, 0, 1, 1, 1], tables) == [
        Violation("facilitator_count", tables=(0,)), Violation("facilitator_count", people=(2,), tables=(1,))]
    assert check([F, P, F, F, P], [0, 0, 1, 1, 1], tables) == []
    assert check([P, P, P, P], [0, 0, 1, 1], facilitators_required=False) == []


def test_wheelchair_users_sit_at_accessible_tables():
    """Needing access at a table without it is a warning; others may sit there."""
    needs = Person(needs_accessible=True)
    tables = [Table(2, 3, accessible=False), Table(2, 3)]
    assert check([F, P, F, needs], [0, 0, 1, 1], tables) == []
    assert check([F, needs, F, P], [0, 0, 1, 1], tables) == [Violation("not_accessible", people=(1,), tables=(0,))]


def test_everybody_is_served_in_a_language_they_speak():
    """Table languages and facilitators' languages serve; an interpreter serves everybody."""
    fr, nl_fr, anyone = Person(languages=frozenset({"fr"})), Person(languages=frozenset({"fr", "nl"})), P
    tables = [Table(2, 3, languages=frozenset({"nl"})), Table(2, 3)]
    assert check([F, nl_fr, anyone, F, P], [0, 0, 0, 1, 1], tables) == []
    assert check([F, fr, F, P], [0, 0, 1, 1], tables) == [Violation("language", people=(1,), tables=(0,))]
    speaks_fr = Person(is_facilitator=True, languages=frozenset({"fr"}))
    assert check([speaks_fr, fr, F, P], [0, 0, 1, 1], tables) == []
    only_ar = Person(is_facilitator=True, languages=frozenset({"ar"}))
    assert check([only_ar, P, F, P], [0, 0, 1, 1], tables) == []
    # without the facilitator rule, facilitators neither serve nor are exempt
    assert check([speaks_fr, fr, F, P], [0, 0, 1, 1], tables, facilitators_required=False) == [
        Violation("language", people=(0,), tables=(0,)), Violation("language", people=(1,), tables=(0,))]
    tables[0] = Table(2, 3, languages=frozenset({"nl"}), interpreter=True)
    assert check([F, fr, F, P], [0, 0, 1, 1], tables) == []


def test_locked_people_keep_their_table():
    """A locked person moved elsewhere is a warning naming the locked table; kept in place is fine."""
    at1, at0 = Person(locked_table=1), Person(locked_table=0)
    assert check([F, at0, F, at1], [0, 0, 1, 1]) == []
    assert check([F, at1, F, P], [0, 0, 1, 1]) == [Violation("locked_moved", people=(1,), tables=(1,))]
    assert check([F, P, P, F, P, at1], [0, 0, 0, 1, 1, -1]) == [Violation("not_seated", people=(5,))]
    assert check([F, P, P, F, P, at1], [0, 0, 0, 1, 1, 2]) == [Violation("not_seated", people=(5,))]
    absent = Person(locked_table=1, attending=False)
    assert check([F, P, F, P, absent], [0, 0, 1, 1, -1]) == []


def test_guests_sit_with_their_host():
    """A guest at another table than the host is a warning; an absent host frees the guest."""
    guest_of_0 = Person(host=0)
    assert check([F, guest_of_0, F, P], [0, 0, 1, 1]) == []
    assert check([F, P, F, guest_of_0], [0, 0, 1, 1]) == [Violation("guest_not_with_host", people=(3, 0))]
    gone = Person(is_facilitator=True, attending=False)
    assert check([gone, P, P, F, guest_of_0], [-1, 0, 0, 1, 1], facilitators_required=False) == []
    for outside in (4, -1):  # a host number outside the list is ignored
        assert check([F, Person(host=outside), F, P], [0, 0, 1, 1]) == []


def test_people_kept_apart_do_not_share_a_table():
    """Two people who must sit apart at one table is a warning; apart, absent or unseated is not."""
    people = [F, P, P, F, P]
    assert check(people, [0, 0, 0, 1, 1], apart=[(1, 4)]) == []
    assert check(people, [0, 0, 0, 1, 1], apart=[(1, 2)]) == [Violation("apart_together", people=(1, 2),
                                                                          tables=(0,))]
    gone = Person(attending=False)
    assert check([F, P, gone, F, P], [0, 0, 0, 1, 1], apart=[(1, 2)], tables=[Table(2, 3), Table(2, 3)]) == [
        Violation("absent_seated", people=(2,), tables=(0,))]
    for nowhere in (-1, 2):
        assert check([F, P, P, F, P, P, P], [0, 0, 0, 1, 1, nowhere, nowhere], apart=[(5, 6)]) == [
            Violation("not_seated", people=(5,)), Violation("not_seated", people=(6,))]


def test_people_kept_together_share_a_table():
    """A group split over two tables is a warning naming the present members; an absent member is not."""
    gone = Person(attending=False)
    assert check([F, P, P, F, P], [0, 0, 0, 1, 1], together=[(1, 2)]) == []
    assert check([F, P, P, F, P], [0, 0, 0, 1, 1], together=[(1, 2, 4)]) == [
        Violation("together_split", people=(1, 2, 4))]
    assert check([F, P, P, F, P, gone], [0, 0, 0, 1, 1, -1], together=[(1, 2, 5)]) == []
