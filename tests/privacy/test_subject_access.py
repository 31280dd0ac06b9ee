"""Subject access: everything about one person, readable, never other people's data."""

from __future__ import annotations

import json

from privacy_helpers import EMAIL, FIRST, LAST, add_marked_person
from sqlalchemy import func, or_, select

from dialogue_app import cli
from dialogue_app.models import Base
from dialogue_app.services.privacy import policy


def test_subject_access_json(demo_path, tmp_path, capsys):
    """The JSON holds the person, values (sensitive ones too), consent history with texts,
    every linked record, and mentions; other people appear only as "another person"."""
    from dialogue_app import storage

    store = storage.open_event_file(demo_path)
    m = add_marked_person(store)
    store.close()
    out = tmp_path / "sa.json"
    assert cli.main(["subject-access", str(demo_path), m.code, "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["first_name"] == FIRST and data["person"]["email"] == EMAIL
    assert {v["dimension"] for v in data["background_values"] if v["sensitive"]} == {
        "Cultural origin", "Religion or worldview"}
    assert len(data["consent_history"]) == 2 and all(c["text"] and c["text_version"] for c in data["consent_history"])
    store = storage.open_event_file(demo_path, read_only=True)
    with store.session() as s:  # every table holding a row that points at the person is in "records"
        holding = set()
        for name, cols in policy.person_links(Base.metadata).items():
            t = Base.metadata.tables[name]
            if name != "person" and s.scalar(
                    select(func.count()).select_from(t).where(or_(*[t.c[c] == m.id for c in cols]))):
                holding.add(name)
    store.close()
    assert holding == set(data["records"])
    assert {"assignment", "consent", "dialogue_table", "pair_rule", "person_role", "person_value"} <= holding
    rule = data["records"]["pair_rule"][0]
    assert "self" in (rule["person_a_id"], rule["person_b_id"]) and "another person" in (
        rule["person_a_id"], rule["person_b_id"])
    assert data["records"]["assignment"][0]["table_label"] == 1
    assert any(f"{FIRST} {LAST}" in x["text"] for x in data["mentions"])
    assert data["retention"].startswith("Kept until 2027-11-05")


def test_unknown_code(demo_path, tmp_path, capsys):
    """An unknown code is one clear line and exit 1, no file written."""
    out = tmp_path / "x.json"
    assert cli.main(["subject-access", str(demo_path), "NOPE99", "-o", str(out)]) == 1
    assert "NOPE99" in capsys.readouterr().err and not out.exists()
