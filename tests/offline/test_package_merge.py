"""Table packages: what they hold, editing them offline and merging them back."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import func, select

from dialogue_app import storage
from dialogue_app.cli import main
from dialogue_app.errors import EventFileReadOnly
from dialogue_app.models import (
    Assignment,
    Base,
    Consent,
    DialogueTable,
    Event,
    PackageBaseline,
    PackageManifest,
    PairRule,
    Person,
    PersonValue,
)
from dialogue_app.services.offline.merge import (
    THEIRS,
    ForeignPackage,
    MergeConflicts,
    NotAPackage,
    merge_packages,
)
from dialogue_app.services.offline.package import make_package


def dump(path) -> dict:
    """Every row of every table but the merge bookkeeping, for before/after comparisons."""
    store = storage.open_event_file(path, read_only=True)
    out = {}
    with store.session() as s:
        for t in Base.metadata.sorted_tables:
            if t.name == "package_merge_state":
                continue
            out[t.name] = sorted(tuple(map(str, r)) for r in s.execute(select(t)).all())
    store.close()
    return out


def table_people(path, number: int) -> set[uuid.UUID]:
    store = storage.open_event_file(path, read_only=True)
    with store.session() as s:
        tid = s.scalar(select(DialogueTable.id).where(DialogueTable.number == number))
        ids = set(s.scalars(select(Assignment.person_id).where(Assignment.table_id == tid)))
        host = s.scalar(select(DialogueTable.host_id).where(DialogueTable.id == tid))
    store.close()
    return ids | ({host} if host else set())


def contacts(path) -> dict:
    """Everybody's details that a package does not carry."""
    store = storage.open_event_file(path, read_only=True)
    with store.session() as s:
        out = {p.id: (p.last_name, p.email, p.phone, p.notes, p.needs) for p in s.scalars(select(Person))}
    store.close()
    return out


def make(path, tables, out, **kw):
    store = storage.open_event_file(path)
    try:
        return make_package(store, tables, out, **kw)
    finally:
        store.close()


def merge(path, packages, **kw):
    store = storage.open_event_file(path)
    try:
        return merge_packages(store, packages, **kw)
    finally:
        store.close()


def test_package_holds_only_what_its_tables_need(seated_path, tmp_path):
    """People of the table (first names and codes), seats, the plan; no values, consent, contacts."""
    expected = table_people(seated_path, 2)
    result = make(seated_path, [2], tmp_path / "t2.dialogue")
    assert result.people == len(expected) > 0
    pkg = storage.open_event_file(result.path, read_only=True)
    org = storage.open_event_file(seated_path, read_only=True)
    with pkg.session() as s, org.session() as o:
        people = list(s.scalars(select(Person)))
        assert {p.id for p in people} == expected
        assert all(p.email == "" and p.phone == "" and p.needs == "" for p in people)
        # last names stay home, except what tells two people of one first name apart ("Jessica R.")
        firsts = [p.first_name.casefold() for p in people]
        assert all(p.last_name == "" for p in people if firsts.count(p.first_name.casefold()) == 1)
        assert all(p.first_name and p.code for p in people)
        codes = {p.id: (p.first_name, p.code) for p in o.scalars(select(Person).where(Person.id.in_(expected)))}
        assert {p.id: (p.first_name, p.code) for p in people} == codes
        assert any(p.email for p in o.scalars(select(Person).where(Person.id.in_(expected))))
        for model in (PersonValue, Consent, PairRule):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert [t.number for t in s.scalars(select(DialogueTable))] == [2]
        assert s.scalar(select(func.count()).select_from(Assignment)) == len(
            [p for p in expected if p in {a for a in o.scalars(select(Assignment.person_id))}]
        )
        ev, oev = s.scalars(select(Event)).one(), o.scalars(select(Event)).one()
        assert ev.id == oev.id and ev.source_event_id == oev.id and oev.source_event_id is None
        manifest = s.scalars(select(PackageManifest)).one()
        assert manifest.source_event_id == oev.id and manifest.table_numbers == "2"
        assert s.scalar(select(func.count()).select_from(PackageBaseline)) == result.rows - 1
    pkg.close()
    org.close()


def test_package_with_contacts_carries_contact_details(seated_path, tmp_path):
    """Ticking "with contacts" packs e-mail, phone and last name (never notes)."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue", with_contacts=True)
    pkg = storage.open_event_file(result.path, read_only=True)
    with pkg.session() as s:
        people = list(s.scalars(select(Person)))
        assert any(p.email for p in people) and all(p.last_name for p in people)
        assert all(p.notes == "" for p in people)
    pkg.close()


def test_bad_package_requests_are_refused(seated_path, tmp_path):
    """Unknown table numbers, no tables, and packaging a package are clear errors."""
    from dialogue_app.errors import NotFound, UserInputError

    with pytest.raises(NotFound, match="99"):
        make(seated_path, [1, 99], tmp_path / "x.dialogue")
    with pytest.raises(UserInputError):
        make(seated_path, [], tmp_path / "x.dialogue")
    assert not (tmp_path / "x.dialogue").exists()
    result = make(seated_path, [1], tmp_path / "p.dialogue")
    with pytest.raises(UserInputError, match="itself a table package"):
        make(result.path, [1], tmp_path / "pp.dialogue")


def _edit_package(path, *, first_name=None):
    """What a facilitator does: attendance, a walk-in with a seat, maybe a name fix."""
    store = storage.open_event_file(path)
    with store.session() as s:
        table = s.scalars(select(DialogueTable)).first()
        people = list(s.scalars(select(Person).order_by(Person.code)))
        for p in people[:3]:
            p.attendance = "present"
        people[3].attendance = "absent"
        if first_name:
            people[0].first_name = first_name
        walk_in = Person(event_id=table.event_id, code="WALK01", first_name="Walk", walk_in=True,
                         attendance="present", email="walk@example.org")
        s.add(walk_in)
        s.flush()
        s.add(Assignment(person_id=walk_in.id, table_id=table.id, round=1, seated=True))
    store.close()
    return people[0].id, walk_in.id


def test_edit_in_package_then_merge_brings_everything_back_once(seated_path, tmp_path):
    """New rows arrive with the same UUIDs, changes are applied, contacts are not blanked; twice = no change."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    first, walk = _edit_package(result.path, first_name="Renamed")
    private = contacts(seated_path)
    assert any(email for _l, email, _p, _n, _ne in private.values())
    report = merge(seated_path, [result.path])
    assert report.written and not report.conflicts
    assert report.by_table["person"] == {"inserted": 1, "updated": 4, "deleted": 0}
    assert report.by_table["assignment"]["inserted"] == 1
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        p = s.get(Person, first)
        assert p.first_name == "Renamed" and p.attendance == "present"
        w = s.get(Person, walk)
        assert w.code == "WALK01" and w.email == "walk@example.org" and w.walk_in
        assert s.scalar(select(Assignment.seated).where(Assignment.person_id == walk)) is True
    org.close()
    after = contacts(seated_path)
    assert {k: v for k, v in after.items() if k != walk} == private  # never blanked by the stripped copy
    before = dump(seated_path)
    again = merge(seated_path, [result.path])
    assert (again.inserted, again.updated, again.deleted, again.conflicts) == (0, 0, 0, ())
    assert dump(seated_path) == before


def test_later_edits_in_the_same_package_merge_again(seated_path, tmp_path):
    """A facilitator who keeps working after a first merge: only the new changes come in."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    first, walk = _edit_package(result.path)
    merge(seated_path, [result.path])
    store = storage.open_event_file(result.path)
    with store.session() as s:
        s.get(Person, first).attendance = "cancelled"
        s.get(Person, walk).first_name = "Walter"
    store.close()
    report = merge(seated_path, [result.path])
    assert report.updated == 2 and report.inserted == 0 and not report.conflicts
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        assert s.get(Person, first).attendance == "cancelled"
        assert s.get(Person, walk).first_name == "Walter"
    org.close()


def test_conflicting_edits_are_not_overwritten_silently(seated_path, tmp_path):
    """Same row and column changed in both places: refused (file unchanged) until the organiser chooses."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    first, _walk = _edit_package(result.path, first_name="Theirs")
    org = storage.open_event_file(seated_path)
    with org.session() as s:
        p = s.get(Person, first)
        p.first_name = "Ours"
        p.languages = "nl,fr"  # a column only the organiser changed
    org.close()
    before = dump(seated_path)
    with pytest.raises(MergeConflicts) as err:
        merge(seated_path, [result.path])
    assert dump(seated_path) == before
    (conflict,) = err.value.report.unresolved
    assert (conflict.table, conflict.column, conflict.ours, conflict.theirs) == ("person", "first_name", "Ours", "Theirs")
    assert "Ours" in err.value.details[0] and "Theirs" in err.value.details[0]

    dry = merge(seated_path, [result.path], dry_run=True)
    assert not dry.written and len(dry.unresolved) == 1 and dump(seated_path) == before

    report = merge(seated_path, [result.path], resolutions={conflict.key: THEIRS})
    assert report.written and len(report.conflicts) == 1
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        p = s.get(Person, first)
        assert (p.first_name, p.languages, p.attendance) == ("Theirs", "nl,fr", "present")
    org.close()


def test_prefer_ours_keeps_the_organisers_value(seated_path, tmp_path):
    """--prefer ours resolves every conflict for the organiser's file and still merges the rest."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    first, walk = _edit_package(result.path, first_name="Theirs")
    org = storage.open_event_file(seated_path)
    with org.session() as s:
        s.get(Person, first).first_name = "Ours"
    org.close()
    report = merge(seated_path, [result.path], prefer="ours")
    assert len(report.conflicts) == 1 and not report.unresolved
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        assert s.get(Person, first).first_name == "Ours"
        assert s.get(Person, walk) is not None
    org.close()
    assert merge(seated_path, [result.path]).changes == 0  # the choice is remembered


def test_package_of_another_event_is_refused(seated_path, tmp_path):
    """A package cut from a different event is refused with a clear message; nothing changes."""
    from dialogue_app.services import demo
    from tests.offline.conftest import seat_everyone

    foreign = demo.create_demo_file(tmp_path / "foreign.dialogue", participants=20, seed=9)
    store = storage.open_event_file(foreign)
    seat_everyone(store)
    store.close()
    pkg = make(foreign, [1], tmp_path / "foreign-t1.dialogue")
    before = dump(seated_path)
    with pytest.raises(ForeignPackage, match="another event"):
        merge(seated_path, [pkg.path])
    with pytest.raises(NotAPackage, match="not a table package"):
        merge(seated_path, [foreign])
    assert dump(seated_path) == before


def test_deletions_propagate_only_for_rows_the_package_created(seated_path, tmp_path):
    """A walk-in added then removed in the package goes; an organiser's person removed there stays."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    first, walk = _edit_package(result.path)
    merge(seated_path, [result.path])
    store = storage.open_event_file(result.path)
    with store.session() as s:
        s.delete(s.get(Person, walk))
        s.delete(s.get(Person, first))
    store.close()
    report = merge(seated_path, [result.path])
    assert report.by_table["person"]["deleted"] == 1
    assert len(report.kept) >= 1 and any("person" in k for k in report.kept)
    org = storage.open_event_file(seated_path, read_only=True)
    with org.session() as s:
        assert s.get(Person, walk) is None
        assert s.get(Person, first) is not None
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.person_id == walk)) == 0
    org.close()
    assert merge(seated_path, [result.path]).changes == 0


def test_merge_needs_a_writable_file(seated_path, tmp_path):
    """Merging into a file opened read-only is refused clearly."""
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    store = storage.open_event_file(seated_path, read_only=True)
    with pytest.raises(EventFileReadOnly):
        merge_packages(store, [result.path])
    store.close()


def test_cli_package_and_merge(seated_path, tmp_path, capsys):
    """`package` and `merge` on the command line; conflicts exit 1 with a JSON list."""
    out = tmp_path / "cli-t3.dialogue"
    assert main(["package", str(seated_path), "--table", "3", "--table", "4", "-o", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["tables"] == [3, 4] and out.exists()
    first, _walk = _edit_package(out, first_name="Theirs")
    org = storage.open_event_file(seated_path)
    with org.session() as s:
        s.get(Person, first).first_name = "Ours"
    org.close()
    assert main(["merge", str(seated_path), str(out), "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["written"] is False and data["unresolved"][0]["theirs"] == "Theirs"
    assert "Nothing was merged" in captured.err and "Traceback" not in captured.err
    assert main(["merge", str(seated_path), str(out), "--prefer", "theirs"]) == 0
    assert "Added 2," in capsys.readouterr().out
    from dialogue_app.storage import backups

    assert [b.label for b in backups.list_backups(seated_path)].count("before-merge") == 2
    assert main(["merge", str(seated_path), str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["updated"] == 0


def test_return_only_tables_do_not_travel_but_new_rows_come_back(seated_path, tmp_path, monkeypatch):
    """A "return" table (like survey forms): nothing packed, rows made at the table are merged back."""
    from dialogue_app.models import PersonRole
    from dialogue_app.services.offline import policy as pol

    monkeypatch.setitem(pol.POLICIES, "person_role", pol.RETURN)
    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    assert _count(result.path, PersonRole) == 0
    _first, walk = _edit_package(result.path)
    store = storage.open_event_file(result.path)
    with store.session() as s:
        s.add(PersonRole(person_id=walk, role="participant"))
    store.close()
    before = _count(seated_path, PersonRole)
    report = merge(seated_path, [result.path])
    assert report.by_table["person_role"]["inserted"] == 1
    assert _count(seated_path, PersonRole) == before + 1
    assert merge(seated_path, [result.path]).changes == 0


def _count(path, model) -> int:
    store = storage.open_event_file(path, read_only=True)
    with store.session() as s:
        n = s.scalar(select(func.count()).select_from(model))
    store.close()
    return n


def test_a_package_file_copied_while_open_holds_every_commit(seated_path, tmp_path):
    """With checkpoint_after_commit (set by the GUI for packages) the .dialogue file alone is complete."""
    import shutil

    result = make(seated_path, [1], tmp_path / "t1.dialogue")
    store = storage.open_event_file(result.path)
    store.checkpoint_after_commit = True
    with store.session() as s:
        p = s.scalars(select(Person).order_by(Person.code)).first()
        p.attendance = "present"
        pid = p.id
    copy = tmp_path / "usb" / "t1.dialogue"
    copy.parent.mkdir()
    shutil.copyfile(result.path, copy)  # the main file only, while the app still has it open
    store.close()
    other = storage.open_event_file(copy, read_only=True)
    with other.session() as s:
        assert s.get(Person, pid).attendance == "present"
    other.close()


def test_forgotten_person_never_comes_back(seated_path, tmp_path):
    """A person forgotten in the organiser's file after packaging stays forgotten when the package,
    which still holds them, is merged (their commitment comes back only as an anonymous record)."""
    from dialogue_app.models.facilitation import Commitment
    from dialogue_app.services import privacy

    pkg = tmp_path / "t1.dialogue"
    with storage.open_event_file(seated_path) as store:
        make_package(store, [1], pkg)
    victim = sorted(table_people(seated_path, 1), key=str)[0]
    with storage.open_event_file(pkg) as store, store.session() as s:
        s.get(Person, victim).first_name = "Edited at the table"
        s.add(Commitment(event_id=s.scalar(select(Event.id)), person_id=victim, text="I will visit the library"))
    with storage.open_event_file(seated_path) as store:
        privacy.forget(store, victim)
        report = merge_packages(store, [pkg], prefer=THEIRS)
        with store.session() as s:
            assert s.get(Person, victim) is None
            assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.person_id == victim)) == 0
            c = s.scalars(select(Commitment).where(Commitment.text == "I will visit the library")).one()
            assert c.person_id is None
    assert report.written
