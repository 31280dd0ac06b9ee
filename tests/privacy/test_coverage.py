"""Subject access and erasure cover exactly the tables and columns the models say hold
personal data; a personal table or column nobody decided about fails here."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text, Uuid, func, insert, select

from dialogue_app.models import Base
from dialogue_app.services.privacy import access, erasure, policy


def _derived(md: MetaData) -> dict[str, set[str]]:
    """Metadata-derived truth: tables pointing at person (+ person) and personal columns."""
    out: dict[str, set[str]] = {name: set(cols) for name, cols in policy.person_links(md).items()}
    for name, cols in policy.personal_columns(md).items():
        out.setdefault(name, set()).update(cols)
    out.setdefault(policy.PERSON_TABLE, set())
    return out


def _assert_covers(covered: dict[str, set[str]], md: MetaData) -> None:
    derived = _derived(md)
    assert set(covered) == set(derived)
    for name, cols in derived.items():
        assert cols <= covered[name], (name, cols - covered[name])


def test_registry_covers_the_models():
    """Every table pointing at person and every personal column has a valid decision."""
    assert policy.coverage_problems(Base.metadata) == []


def test_access_and_erasure_cover_the_same_tables():
    """Subject access and erasure read/change exactly the metadata-derived tables and columns."""
    _assert_covers(access.covered(Base.metadata), Base.metadata)
    _assert_covers(erasure.covered(Base.metadata), Base.metadata)
    assert access.covered(Base.metadata) == erasure.covered(Base.metadata)


def test_the_known_personal_columns_are_marked():
    """The foundation's personal columns carry info={"personal": True}."""
    cols = policy.personal_columns(Base.metadata)
    assert {"code", "first_name", "last_name", "email", "phone", "notes", "needs", "identity_key"} <= set(
        cols["person"])
    assert {"text", "recorded_by"} <= set(cols["consent"]) and "note" in cols["pair_rule"]


def _copy_with_dummy(personal_column: bool = True) -> MetaData:
    md = MetaData()
    for t in Base.metadata.sorted_tables:
        t.to_metadata(md)
    Table(
        "dummy_diary", md,
        Column("id", Uuid, primary_key=True, default=uuid.uuid4),
        Column("person_id", Uuid, ForeignKey("person.id"), nullable=True),
        Column("entry", Text, default="", info={"personal": personal_column}),
        Column("mood", Integer, default=0),
    )
    return md


def test_an_unregistered_person_table_fails_the_coverage():
    """Adding a table with a foreign key to person, without a decision, is reported."""
    md = _copy_with_dummy()
    problems = policy.coverage_problems(md)
    assert any(p.startswith("dummy_diary:") for p in problems)
    # ... and the plans still handle it the strict way until someone decides
    step = next(s for s in policy.plan(md) if s.table == "dummy_diary")
    assert step.action == policy.DELETE and "entry" in step.erased
    _assert_covers(access.covered(md), md)
    _assert_covers(erasure.covered(md), md)


def test_a_registered_person_table_passes():
    """Once registered (here: kept anonymously with its entry redacted) the coverage holds."""
    md = _copy_with_dummy()
    regs = {**policy.POLICIES, "dummy_diary": policy.TablePolicy(policy.KEEP, free_text=("entry",), keep=("entry",))}
    assert policy.coverage_problems(md, regs) == []


def test_an_unlisted_personal_column_fails_the_coverage():
    """A new personal column in a free-text table that the policy does not list is reported."""
    md = MetaData()
    for t in Base.metadata.sorted_tables:
        t.to_metadata(md)
    md.tables["event"].append_column(Column("contact_person", String(200), info={"personal": True}))
    assert any("contact_person" in p for p in policy.coverage_problems(md))


@pytest.mark.parametrize("registered", [False, True])
def test_erasure_and_access_act_on_a_new_table(demo_store, marked, registered):
    """Generic code: a new person table's rows appear in subject access and are erased by forget
    (deleted when undecided; kept anonymously with the name redacted when so registered)."""
    md = _copy_with_dummy()
    regs = dict(policy.POLICIES)
    if registered:
        regs["dummy_diary"] = policy.TablePolicy(policy.KEEP, free_text=("entry",), keep=("entry",))
    diary = md.tables["dummy_diary"]
    diary.create(demo_store.engine)
    with demo_store.session() as s:
        s.execute(insert(diary).values(id=uuid.uuid4(), person_id=marked.id, entry="Zéphyrine felt heard", mood=4))
        s.execute(insert(diary).values(id=uuid.uuid4(), person_id=marked.other_id, entry="Met Zéphyrine Ökonkwo-Lindqvist"))
        data = access.collect(s, marked.id, md, regs)
        assert [r["entry"] for r in data["records"]["dummy_diary"]] == ["Zéphyrine felt heard"]
        assert any(m["table"] == "dummy_diary" for m in data["mentions"])
        erasure.erase(s, [marked.id], md, regs)
        rows = s.execute(select(diary.c.person_id, diary.c.entry).order_by(diary.c.entry)).all()
    if registered:
        assert sorted(r.entry for r in rows) == ["Met […]", "[…] felt heard"]
        assert all(r.person_id != marked.id for r in rows)
    else:
        assert [r.entry for r in rows] == ["Met […]"]
    with demo_store.session() as s:
        assert s.scalar(select(func.count()).select_from(diary).where(diary.c.person_id == marked.id)) == 0
