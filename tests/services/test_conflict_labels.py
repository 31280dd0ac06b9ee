"""A refused save shows both values as the screens show them: a commitment's kind and follow-up as
their labels ("Done", "Together with others"), dates as dates in the user's language, never the
stored codes ("not_asked", "together")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from dialogue_app import i18n
from dialogue_app.services import commitments as cm
from dialogue_app.services.versions import StaleEdit
from tests.backends import apply_edit as _apply


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
