"""Issue 28, class 4: forgotten and purged people never come back through a table package.

Real command line (subprocesses), real files: package → facilitator edits the package (notes and a
commitment that name the person, a changed row of theirs) → forget / purge in the organiser's file →
merge with --prefer ours / theirs → no row and no byte of the person anywhere in the organiser's
folder and the data folder (scanned case-insensitively, UTF-8 and UTF-16, every file)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from dialogue_app import storage
from dialogue_app.models import Assignment, DialogueTable, Event, Person
from dialogue_app.models.facilitation import Commitment, TableSession
from tests.hardening.scan import run_cli, scan

FIRST, LAST = "Victorine", "Quartermain-Odhiambo"
EMAIL, PHONE = "victorine.quartermain@example.org", "06-11223344"
NEEDLES = (f"{FIRST} {LAST}", LAST, EMAIL, PHONE)


def _prepare(path) -> tuple[uuid.UUID, str, uuid.UUID]:
    """Give one person seated at table 1 recognisable data and a commitment that names them."""
    store = storage.open_event_file(path)
    with store.session() as s:
        t1 = s.scalars(select(DialogueTable).where(DialogueTable.number == 1)).one()
        p = s.scalars(select(Person).join(Assignment, Assignment.person_id == Person.id)
                      .where(Assignment.table_id == t1.id).order_by(Person.code)).first()
        p.first_name, p.last_name, p.email, p.phone = FIRST, LAST, EMAIL, PHONE
        ev = s.scalars(select(Event)).one()
        c = Commitment(event_id=ev.id, table_id=t1.id, person_id=p.id, text=f"{FIRST} {LAST} will host a dinner")
        s.add(c)
        s.flush()
        pid, code, cid = p.id, p.code, c.id
    store.close()
    return pid, code, cid


def _facilitator_edits(pkg, pid: uuid.UUID, cid: uuid.UUID) -> None:
    """What a facilitator records at the table, naming the person in free text."""
    store = storage.open_event_file(pkg)
    with store.session() as s:
        t1 = s.scalars(select(DialogueTable).where(DialogueTable.number == 1)).one()
        s.add(TableSession(table_id=t1.id, round=1,
                           notes=f"{FIRST} {LAST} spoke first; reach her at {EMAIL} or {PHONE}."))
        s.get(Commitment, cid).text = f"{FIRST} {LAST} will host a dinner ({EMAIL}), confirmed"
        person = s.get(Person, pid)
        person.first_name = FIRST + "e"  # changed in the package: "deleted here, changed there"
        # a walk-in who happens to share the first name: a different person, who must arrive intact
        # (seated at the package's table, as the walk-in desk does: a package may only add people
        # at its own tables)
        walk_in = Person(event_id=person.event_id, code="WALKIN7", first_name=FIRST, last_name="Nguyen")
        s.add(walk_in)
        s.flush()
        s.add(Assignment(person_id=walk_in.id, table_id=t1.id, round=1))
    store.close()


@pytest.mark.parametrize("prefer", ["ours", "theirs"])
@pytest.mark.parametrize("action", ["forget", "purge"])
def test_a_package_made_before_forget_or_purge_does_not_bring_the_person_back(
        seated_path, tmp_path_factory, isolated_data_dir, action, prefer):
    """After forget (or purge) a merge of an older package — whatever --prefer — restores no row of the
    person and no mention of their name, e-mail or phone in notes or commitments; a walk-in who shares
    their first name still arrives with it."""
    pid, code, cid = _prepare(seated_path)
    pkg = tmp_path_factory.mktemp("facilitator") / "table 1.dialogue"
    made = run_cli("package", str(seated_path), "--table", "1", "-o", str(pkg), data_dir=isolated_data_dir)
    assert made.returncode == 0, made.stderr
    _facilitator_edits(pkg, pid, cid)
    args = ["forget", str(seated_path), code, "--yes"] if action == "forget" else ["purge", str(seated_path), "--yes"]
    done = run_cli(*args, data_dir=isolated_data_dir)
    assert done.returncode == 0, done.stderr
    assert scan([seated_path.parent, isolated_data_dir], NEEDLES) == []

    merged = run_cli("merge", str(seated_path), str(pkg), "--prefer", prefer, data_dir=isolated_data_dir)

    assert merged.returncode == 0, merged.stdout + merged.stderr
    store = storage.open_event_file(seated_path, read_only=True)
    with store.session() as s:
        assert s.get(Person, pid) is None
        assert s.scalars(select(Assignment).where(Assignment.person_id == pid)).first() is None
        notes = s.scalars(select(TableSession.notes)).all()
        assert notes and all(FIRST not in n and EMAIL not in n for n in notes)  # the notes came, redacted
        walk_in = s.scalars(select(Person).where(Person.code == "WALKIN7")).one()
        assert (walk_in.first_name, walk_in.last_name) == (FIRST, "Nguyen")
        commitment = s.get(Commitment, cid)
        assert commitment.person_id is None and LAST not in commitment.text
    store.close()
    assert scan([seated_path.parent, isolated_data_dir], NEEDLES) == []
