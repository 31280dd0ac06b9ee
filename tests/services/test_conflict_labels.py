"""A refused save shows both values as the screens show them: a commitment's kind and follow-up as
their labels ("Done", "Together with others"), dates as dates in the user's language, never the
stored codes ("not_asked", "together")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from dialogue_app import i18n, storage
from dialogue_app.services import commitments as cm
from dialogue_app.services.versions import StaleEdit


@pytest.fixture
def other(new_event, backend):
    """A second organiser's own store on the same event (file or server)."""
    if backend == "sqlite":
        store = storage.EventStore(path=new_event.path, engine=storage.make_engine(new_event.path))
    else:
        store = storage.open_event(new_event.location)
    yield store
    store.close()


def _apply(store, edit):
    with store.session() as s:
        return edit.apply(s)


def _commitment(store, cid):
    with store.read_session() as s:
        return next(c for c in cm.list_commitments(s) if c.id == cid)


def test_commitment_conflict_shows_labels_not_codes(new_event, other):
    """Anne marks a commitment done (together with others, by a date); Bo, who opened it before, saves
    "partly": the question shows "Done" against "Partly", the kinds and the date as on screen."""
    cid = uuid.uuid4()
    _apply(new_event, cm.SaveCommitment(cm.CommitmentData(id=cid, text="Visit the mosque"), "Add"))
    bo_saw = _commitment(other, cid)
    anne = _commitment(new_event, cid)
    date = dt.date(2027, 3, 14)
    _apply(new_event, cm.SaveCommitment(dataclasses.replace(
        anne, kind="together", followup_status="done", target_date=date), "Edit"))
    with pytest.raises(StaleEdit) as refused:
        _apply(other, cm.SaveCommitment(dataclasses.replace(bo_saw, followup_status="partly"), "Edit"))
    shown = {f.name: (f.theirs, f.mine) for f in refused.value.conflict.fields}
    assert shown["Follow-up"] == (cm.status_label("done"), cm.status_label("partly")) == ("Done", "Partly")
    assert shown["Kind"] == ("Together with others", "Personal")
    assert shown["Target date"] == (i18n.format_date(date, "short"), "")
    text = "\n".join(refused.value.details)
    for code in ("not_asked", "partly", "together", "personal", "2027-03-14"):
        assert code not in text
