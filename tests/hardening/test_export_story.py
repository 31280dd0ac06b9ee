"""Class 11 of issue 28: one story about exports.

``dialogue_app/exports.py`` states, per export kind, what personal data it may hold
(the Privacy page shows exactly that); the README repeats it in a table. These tests
check, through the real command line on a demo event, that each kind writes what it
states and nothing more — names, participant codes, contact details, and origin or
religion (columns only where stated, values only for people who consented) — and
that the README's table says the same as exports.py.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue_app import exports, storage
from dialogue_app.models import Category, Consent, Dimension, Person

ROOT = Path(__file__).resolve().parents[2]
MARK = "Qzv"


@pytest.fixture(scope="module")
def marked_demo(tmp_path_factory, demo_template):
    """The demo event with every sensitive category renamed to an unmistakable marker, and what
    it holds: people (code, first, last, e-mail, phone), consents, sensitive dimension names."""
    import shutil

    folder = tmp_path_factory.mktemp("story")
    path = folder / "event.dialogue"
    shutil.copyfile(demo_template, path)
    store = storage.open_event_file(path)
    try:
        with store.session() as s:
            markers: dict[str, str] = {}
            for d in s.scalars(select(Dimension).where(Dimension.sensitive)):
                for i, c in enumerate(s.scalars(select(Category).where(Category.dimension_id == d.id))):
                    c.label = f"{MARK}{d.key}{i}{MARK}"
                    markers[c.label] = d.key
            sensitive_names = list(s.scalars(select(Dimension.name).where(Dimension.sensitive)))
            people = [tuple(r) for r in s.execute(select(Person.code, Person.first_name, Person.last_name,
                                                         Person.email, Person.phone))]
            consented: dict[str, set[str]] = {p[0]: set() for p in people}
            for code, key in s.execute(select(Person.code, Dimension.key)
                                       .join(Consent, Consent.person_id == Person.id)
                                       .join(Dimension, Dimension.id == Consent.dimension_id)
                                       .where(Consent.withdrawn_at.is_(None))):
                consented[code].add(key)
            # a few people with a commitment agreed to be contacted (the follow-up exports hold them)
            from dialogue_app.models.facilitation import Commitment

            contact = list(s.scalars(select(Person.code).join(Commitment, Commitment.person_id == Person.id)
                                     .distinct().order_by(Person.code).limit(3)))
    finally:
        store.close()
    from dialogue_app.cli import main

    assert contact and main(["followup-consent", str(path), *contact]) == 0
    assert any(consented.values()) and not all(consented.values()), "the demo needs both kinds of people"
    return {"path": path, "markers": markers, "sensitive_names": sensitive_names, "people": people,
            "consented": consented}


def _text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if data.startswith(b"SQLite format 3"):
        from sqlalchemy import create_engine, inspect

        from dialogue_app import sqlite_paths

        engine = create_engine(sqlite_paths.engine_url(path, read_only=True))
        try:
            cells = []
            with engine.connect() as conn:
                for name in inspect(conn).get_table_names():
                    from sqlalchemy import MetaData, Table

                    t = Table(name, MetaData(), autoload_with=conn)
                    cells += [str(v) for row in conn.execute(select(t)) for v in row if v is not None]
            return "\n".join(cells)
        finally:
            engine.dispose()
    return data.decode("utf-8-sig", errors="replace")


def _states(spec: exports.ExportSpec) -> dict[str, bool]:
    """What an export kind's statement in exports.py says it may hold."""
    said = spec.personal_data.lower()
    return {"names": "name" in said and not said.startswith("none"), "codes": "participant code" in said,
            "contacts": spec.contact_details, "sensitive": spec.sensitive_values}


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.kind) for s in exports.EXPORTS
                                  if s.kind != "trainer-pack"])
def test_each_export_holds_what_it_states(run_cli, marked_demo, tmp_path, spec):
    """An export kind written by ``dialogue-app export`` holds last names, participant codes,
    contact details and origin/religion only if exports.py states so; a kind that states them
    really holds them; origin/religion appear only as columns of an export that states them, and
    there only in the rows of people who consented to that dimension."""
    out = tmp_path / f"out.{spec.fmt}"
    r = run_cli("export", marked_demo["path"], spec.kind, "-o", out)
    assert r.code == 0, r.err
    text = _text(out)
    squashed = re.sub(r"\s+", "", text)
    states = _states(spec)
    people = marked_demo["people"]
    codes = [p[0] for p in people if p[0] and p[0] in text]
    last_names = [p[2] for p in people if p[2] and len(p[2]) > 4 and f"{p[1]} {p[2]}" in text]
    contacts = [c for p in people for c in (p[3], p[4]) if c and (c in text or c.replace(" ", "") in squashed)]
    markers = [m for m in marked_demo["markers"] if m in text or m in squashed]
    assert bool(codes) == states["codes"], (codes[:3], spec.personal_data)
    if not states["names"]:
        assert last_names == [], last_names[:3]
    assert bool(contacts) == states["contacts"], contacts[:3]
    assert bool(markers) == states["sensitive"], markers[:3]
    if spec.fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        columns = [n for n in marked_demo["sensitive_names"] if n in (rows[0] if rows else [])]
        assert bool(columns) == states["sensitive"], columns
        for row in rows[1:]:
            code = next((c for c in row if c in marked_demo["consented"]), None)
            for cell in row:
                if cell in marked_demo["markers"]:
                    assert code is not None and marked_demo["markers"][cell] in marked_demo["consented"][code], row


def _readme_table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- exports-table -->")
    rows = {}
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        m = re.fullmatch(r"`([a-z-]+)`", cells[0])
        if m:
            rows[m.group(1)] = cells[1]
    return rows


def test_readme_tells_the_same_story_as_exports_py():
    """The README's table of exports lists every kind of exports.py (and subject access) with the
    very personal-data statement exports.py makes (the one the Privacy page shows), and the README
    no longer claims that origin or religion is never exported."""
    table = _readme_table()
    specs = [*exports.EXPORTS, exports.SUBJECT_ACCESS]
    assert set(table) == {s.kind for s in specs}
    for s in specs:
        assert table[s.kind] == s.personal_data, s.kind
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "never prints or exports it" not in readme
