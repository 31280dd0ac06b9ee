"""Dimension edits of the Event area keep people's values and consents across undo."""

from __future__ import annotations

from dataclasses import replace

from dialogue_app.services import events, people
from dialogue_app.services.dimension_edits import EditDimension, RemoveDimension, values_without_consent


def _dim(s, key):
    return next(d for d in events.list_dimensions(s) if d.key == key)


def _holders(s, key, label=None):
    return {r.id for r in people.list_people(s) if key in r.values and (label is None or r.values[key] == label)}


def test_removed_category_values_come_back_on_undo(demo_store):
    """Removing a used category deletes its values; applying the inverse restores category and values."""
    with demo_store.session() as s:
        gender = _dim(s, "gender")
        cat = gender.categories[0]
        holders = _holders(s, "gender", cat.label)
        assert holders
        inverse = EditDimension(replace(gender, categories=gender.categories[1:]), "x").apply(s)
    with demo_store.session() as s:
        assert _holders(s, "gender", cat.label) == set()
        inverse.apply(s)
    with demo_store.session() as s:
        assert _holders(s, "gender", cat.label) == holders


def test_becoming_sensitive_drops_unconsented_values_until_undone(demo_store):
    """A dimension made sensitive keeps only consented values; the inverse edit brings the others back."""
    with demo_store.session() as s:
        dim = _dim(s, "neighbourhood")
        before = _holders(s, "neighbourhood")
        assert len(values_without_consent(s, dim.id)) == len(before) > 0
        inverse = EditDimension(replace(dim, sensitive=True), "x").apply(s)
    with demo_store.session() as s:
        assert _dim(s, "neighbourhood").sensitive and _holders(s, "neighbourhood") == set()
        inverse.apply(s)
    with demo_store.session() as s:
        assert not _dim(s, "neighbourhood").sensitive and _holders(s, "neighbourhood") == before


def test_remove_dimension_undo_restores_consents(demo_store):
    """Removing a sensitive dimension and undoing it restores its values and the consents behind them."""
    with demo_store.session() as s:
        origin = _dim(s, "origin")
        holders = _holders(s, "origin")
        consents = {pid: people.get_person(s, pid).consents for pid in holders}
        inverse = RemoveDimension(origin.id, "x").apply(s)
    with demo_store.session() as s:
        assert all(d.key != "origin" for d in events.list_dimensions(s))
        again = inverse.apply(s)
    with demo_store.session() as s:
        assert _holders(s, "origin") == holders
        assert {pid: people.get_person(s, pid).consents for pid in holders} == consents
        again.apply(s)  # and removing it again works
    with demo_store.session() as s:
        assert all(d.key != "origin" for d in events.list_dimensions(s))
