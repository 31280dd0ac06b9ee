"""list_people reads ids as stored text for speed: the rows must still carry real
UUIDs with their own roles, values and table (no mix-ups between people)."""

from __future__ import annotations

import uuid

from dialogue_app.services import people


def test_rows_have_uuid_ids_and_their_own_details(demo_store):
    """Every row's id is a UUID and its roles and values equal what get_person reports."""
    with demo_store.session() as s:
        rows = people.list_people(s)
        assert rows and all(isinstance(r.id, uuid.UUID) for r in rows)
        assert len({r.id for r in rows}) == len(rows)
        for r in rows[::7]:
            data = people.get_person(s, r.id)
            assert (data.code, data.first_name) == (r.code, r.first_name)
            assert set(r.roles) == set(data.roles)
            assert len(r.values) == len(data.values)
