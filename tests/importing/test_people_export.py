"""The people-csv export and its round trip through the importer."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from dialogue_app import exports, i18n, storage
from dialogue_app.importing import guess_mapping, read_table
from dialogue_app.models import Consent, Dimension, Person
from dialogue_app.services import events, people
from dialogue_app.services.importing import apply, validate


def _import(store, path):
    table = read_table(path)
    with store.session() as s:
        mapping = guess_mapping(table.headers, events.list_dimensions(s))
        preview = validate(s, table, mapping)
        result = apply(s, preview)
    return mapping, preview, result


def _people(store):
    """Everything about each person except database ids (code included)."""
    with store.reader() as s:
        rows = people.list_people(s)
    return sorted(
        (dataclasses.replace(r, id=None, table=None) for r in rows), key=lambda r: (r.code, r.last_name)
    )


def _consents(store):
    with store.reader() as s:
        return sorted(s.execute(
            select(Person.code, Dimension.key).join(Consent, Consent.person_id == Person.id)
            .join(Dimension, Dimension.id == Consent.dimension_id).where(Consent.withdrawn_at.is_(None))
        ).all())


def test_export_has_translated_headers_and_no_formulas(demo_store, tmp_path):
    """Headers in the interface language, UTF-8 with BOM, and formula-like names neutralised."""
    with demo_store.session() as s:
        p = people.PersonData(id=people.new_person().id, first_name="=cmd|' /C calc'!A0", last_name="@Evil")
        people.save_person(s, p)
    out = tmp_path / "people.csv"
    with i18n.language("fr"):
        n = exports.run_export(demo_store, "people-csv", out, exports.ExportOptions(lang="fr"))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert n == len(read_table(out).rows) == 70
    assert "'=cmd" in text and "'@Evil" in text
    with demo_store.reader() as s:
        mapping = guess_mapping(header.split(","), events.list_dimensions(s))
    assert None not in mapping.values()  # every exported column maps back


def test_sensitive_values_only_with_consent(demo_store, tmp_path):
    """Origin and religion appear only for people whose consent is active."""
    out = tmp_path / "people.csv"
    exports.run_export(demo_store, "people-csv", out)
    table = read_table(out)
    col = table.headers.index("Cultural origin")
    consent_col = table.headers.index("Consent for sensitive data")
    with_values = [r for r in table.rows if r[col]]
    assert with_values and all(r[consent_col] == "yes" for r in with_values)
    assert any(r[consent_col] == "no" and not r[col] for r in table.rows)


def test_round_trip_into_fresh_event(demo_store, tmp_path):
    """Export -> import into a fresh event with the same dimensions: same people, same values
    (codes, roles, languages, needs, attendance, sensitive values with their consents)."""
    out = tmp_path / "people.csv"
    n = exports.run_export(demo_store, "people-csv", out)
    fresh = storage.create_event_file(tmp_path / "fresh.dialogue")
    try:
        with fresh.session() as s:
            events.create_event(s, "Fresh", lang="en")
        _m, preview, result = _import(fresh, out)
        assert preview.errors == [] and preview.warnings == []
        assert result.created == n
        assert _people(fresh) == _people(demo_store)
        assert _consents(fresh) == _consents(demo_store)
    finally:
        fresh.close()


def test_round_trip_in_dutch_into_fresh_event(demo_store, tmp_path):
    """A Dutch export (Dutch headers, ja/nee, Dutch labels) maps back by itself."""
    out = tmp_path / "mensen.csv"
    with i18n.language("nl"):
        exports.run_export(demo_store, "people-csv", out, exports.ExportOptions(lang="nl"))
    fresh = storage.create_event_file(tmp_path / "fresh.dialogue")
    try:
        with fresh.session() as s:
            events.create_event(s, "Fresh", lang="en")
        mapping, preview, _result = _import(fresh, out)
        assert None not in mapping.values()
        assert preview.errors == []
        assert _people(fresh) == _people(demo_store)
    finally:
        fresh.close()


def test_round_trip_into_same_event_changes_nothing(demo_store, tmp_path, snap):
    """Export -> import into the SAME event: no one added, nothing changed."""
    out = tmp_path / "people.csv"
    n = exports.run_export(demo_store, "people-csv", out)
    before = snap(demo_store)
    _m, preview, result = _import(demo_store, out)
    assert preview.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, n)
    assert snap(demo_store) == before
