"""Retention: past the date the app offers a purge that anonymises every person."""

from __future__ import annotations

import datetime as dt

from privacy_helpers import FIRST, add_marked_person, traces
from sqlalchemy import func, select

from dialogue_app import cli, storage
from dialogue_app.models import Consent, Person, PersonValue
from dialogue_app.services import privacy
from dialogue_app.storage import backups


def test_retention_status(demo_store):
    """The demo keeps data a year after the event; the status says when it has passed."""
    with demo_store.session() as s:
        st = privacy.retention_status(s, today=dt.date(2027, 1, 1))
        assert st.date == dt.date(2027, 11, 5) and not st.past and st.days_left == 308
        assert privacy.retention_status(s, today=dt.date(2027, 11, 6)).past
        edit = privacy.SetRetentionDate(dt.date(2027, 3, 1), "Retention")
        undo = edit.apply(s)
        assert privacy.retention_status(s).date == dt.date(2027, 3, 1)
        undo.apply(s)
        assert privacy.retention_status(s).date == dt.date(2027, 11, 5)


def test_purge_anonymises_everyone(demo_store):
    """Purging removes every person and everything about them, and their bytes from the file and its
    backup (on a server: from every row of the event and from the pulled backup on this computer)."""
    m = add_marked_person(demo_store)
    if demo_store.is_server:
        backups.make_backup(demo_store)
    else:
        storage.backup_file(demo_store, suffix="before-upgrade")
    result, cleanup = privacy.purge(demo_store)
    assert result.people > 60 and len(cleanup.backups_removed) == 1
    with demo_store.session() as s:
        for model in (Person, PersonValue, Consent):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert privacy.retention_status(s).people == 0
    assert traces(demo_store, m.identifiers) == []


def test_cli_purge(demo_path, capsys):
    """`dialogue-app purge FILE --yes` anonymises; the file still opens and reports 0 people."""
    assert cli.main(["purge", str(demo_path), "--yes"]) == 0
    assert "Anonymised" in capsys.readouterr().out
    assert cli.main(["privacy", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "People: 0" in out and FIRST not in out


def test_cli_sets_retention_and_logs(demo_path, capsys):
    """`privacy FILE --set-retention DATE` stores the date; bad dates change nothing; the log shows it."""
    assert cli.main(["privacy", str(demo_path), "--set-retention", "2027-02-30"]) == 2
    assert cli.main(["privacy", str(demo_path), "--set-retention", "2027-03-01", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"retention_date": "2027-03-01"' in out and '"action": "retention"' in out
    assert cli.main(["privacy", str(demo_path), "--set-retention", "2020-01-01"]) == 2  # before the event


def test_log_records_actions_without_names(demo_store):
    """Forget, purge, text versions and retention changes are logged — never with a name or code."""
    m = add_marked_person(demo_store)
    privacy.forget(demo_store, m.id)
    with demo_store.session() as s:
        privacy.save_consent_text(s, "religion", "nl", "Nieuwe tekst.")
        privacy.set_retention_date(s, dt.date(2027, 1, 1))
    privacy.purge(demo_store)
    with demo_store.session() as s:
        log = privacy.privacy_log(s)
    if demo_store.is_server:  # after each erasure: what the server still keeps (see test_server_erasure.py)
        assert [r.action for r in log][::-1] == [
            "forget", "server_erasure", "consent_text", "retention", "purge", "server_erasure"]
        log = [r for r in log if r.action != "server_erasure"]
    assert [r.action for r in log][::-1] == ["forget", "consent_text", "retention", "purge"]
    forget = log[-1]
    assert forget.people == 1 and forget.deleted >= 8 and forget.redacted >= 3
    assert log[0].people > 60 and log[0].label == "Everyone was anonymised (retention)"
    text = repr(log)
    assert m.code not in text and FIRST not in text
    with demo_store.session() as s:  # suppression records: former row ids only, for package merges
        # issue 28: purged people are suppressed too (they must not come back through a package)
        ids = privacy.forgotten_ids(s)
        assert m.id in ids and len(ids) == 1 + log[0].people
    assert traces(demo_store, m.identifiers) == []
