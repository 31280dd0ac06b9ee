"""Forgetting one person: gone from the event file's bytes, its WAL and the app's backups (on a server:
from every row and text of the event, and from this computer's backups of it)."""

from __future__ import annotations

from privacy_helpers import add_marked_person, find_in_files, traces
from sqlalchemy import func, or_, select

from dialogue_app import cli, storage
from dialogue_app.models import Base, Consent, DialogueTable, Event, Person
from dialogue_app.services import privacy
from dialogue_app.services.privacy import policy


def test_forget_removes_every_byte(demo_store, marked, sqlite_only):
    """After forgetting, the name, e-mail and phone are found nowhere (UTF-8/16) in the
    file, its WAL or its backups — which did hold them before. (File-only: the bytes of a file and its
    WAL; the server's counterpart is in test_server_erasure.py.)"""
    path = demo_store.path
    storage.backup_file(demo_store, suffix="before-upgrade")
    storage.backup_file(demo_store)
    demo_store.checkpoint()
    before = find_in_files(path, marked.identifiers)
    assert any("before-upgrade" in h for h in before) and any(h.startswith(path.name + ":") for h in before)

    result, cleanup = privacy.forget(demo_store, marked.id)

    assert result.people == 1 and result.deleted_rows >= 8 and result.redacted_mentions >= 3
    assert len(cleanup.backups_removed) == 2 and cleanup.wal_bytes == 0
    assert find_in_files(path, marked.identifiers) == []


def test_forget_keeps_everyone_else(demo_store, marked):
    """Other people keep their data; references to the forgotten person are cleared,
    mentions in others' notes redacted; no row anywhere points at the person."""
    with demo_store.session() as s:
        n_before = s.scalar(select(func.count()).select_from(Person))
    privacy.forget(demo_store, marked.id)
    with demo_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == n_before - 1
        other = s.get(Person, marked.other_id)
        assert other.notes.startswith("Came with […]") and "call […]" in other.notes
        assert s.scalars(select(DialogueTable).where(DialogueTable.host_id.is_(None))).first() is not None
        assert "[…]" in s.scalars(select(Event)).first().notes
        for name, cols in policy.person_links(Base.metadata).items():
            t = Base.metadata.tables[name]
            n = s.scalar(select(func.count()).select_from(t).where(or_(*[t.c[c] == marked.id for c in cols])))
            assert n == 0, name
        assert s.scalar(select(func.count()).select_from(Consent).where(Consent.person_id == marked.id)) == 0


def test_cli_forget(demo_path, capsys):
    """`dialogue-app forget FILE CODE --yes` forgets; without --yes and no terminal it refuses."""
    store = storage.open_event_file(demo_path)
    m = add_marked_person(store)
    store.close()
    assert cli.main(["forget", str(demo_path), m.code]) == 2
    assert cli.main(["forget", str(demo_path), m.code, "--yes"]) == 0
    assert m.code in capsys.readouterr().out
    assert find_in_files(demo_path, m.identifiers) == []
    # issue 28: running forget again (e.g. after an interrupted run) finishes and re-checks, exit 0
    assert cli.main(["forget", str(demo_path), m.code, "--yes"]) == 0
    assert "already forgotten" in capsys.readouterr().out
    assert cli.main(["forget", str(demo_path), "NOSUCH", "--yes"]) == 1  # an unknown code is still an error


def test_forget_reports_tables_to_rebalance(demo_store, marked):
    """Forgetting a seated person names their table (the plan used their values)."""
    with demo_store.session() as s:
        result = privacy.forget_person(s, marked.id)
    assert result.tables == (1,)


def test_forget_redacts_the_answers_to_what_happened(demo_store, marked):
    """The follow-up answer ("what happened?") is free text: forgetting a person redacts their name from others'
    answers and keeps their own answer only as an anonymous record with their identifiers redacted."""
    from privacy_helpers import FIRST, LAST

    from dialogue_app.services import commitments as cm

    with demo_store.session() as s:
        others = [c for c in cm.list_commitments(s) if c.person_id not in (None, marked.id)]
        mine = cm.new_commitment("I will invite my neighbour for coffee.")
        cm.save_commitment(s, cm.CommitmentData(id=mine.id, text=mine.text, person_id=marked.id))
        cm.SetFollowUp(((others[0].id, "done", None, f"We cooked with {FIRST} {LAST} and her kids."),
                        (mine.id, "partly", None, f"{FIRST} here: the neighbour came once.")), "fu").apply(s)
    privacy.forget(demo_store, marked.id)
    with demo_store.session() as s:
        notes = {c.id: (c.person_id, c.followup_note) for c in cm.list_commitments(s)}
    assert notes[others[0].id][1] == "We cooked with […] and her kids."
    assert notes[mine.id] == (None, "[…] here: the neighbour came once.")
    assert traces(demo_store, marked.identifiers) == []
