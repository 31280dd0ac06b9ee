"""The survey SQLite export is standalone, documented and holds nothing that identifies a person."""

from __future__ import annotations

import re

from sqlalchemy import MetaData, create_engine, select

from dialogue_app import exports
from dialogue_app.models import Category, Dimension, Person, PersonValue


def _forbidden(store) -> tuple[set[str], set[str]]:
    """(case-insensitive words, case-sensitive codes) that must not appear anywhere in the export."""
    words: set[str] = set()
    codes: set[str] = set()
    with store.session() as s:
        for p in s.scalars(select(Person)):
            codes.add(p.code)
            for v in (p.first_name, p.last_name, p.email, p.phone, f"{p.first_name} {p.last_name}"):
                if v.strip():
                    words.add(v.strip().lower())
        for (label,) in s.execute(select(Category.label).join(Dimension).join(
                PersonValue, PersonValue.category_id == Category.id).where(Dimension.sensitive.is_(True))):
            words.add(label.lower())
    return words, codes


def test_sqlite_export_has_no_personal_or_sensitive_value(demo_store, tmp_path):
    """Every cell of every table is scanned against every name, contact detail, code and sensitive value."""
    out = tmp_path / "survey.sqlite"
    n = exports.run_export(demo_store, "survey-sqlite", out)
    assert n > 100
    words, codes = _forbidden(demo_store)
    assert len(codes) > 50 and any("@" in w for w in words)
    engine = create_engine(f"sqlite:///{out}")
    md = MetaData()
    md.reflect(engine)
    assert {"about", "info", "item", "item_option", "response", "wave_summary", "result"} <= set(md.tables)
    cells = 0
    with engine.connect() as conn:
        for table in md.tables.values():
            for row in conn.execute(select(table)):
                for value in row:
                    if value is None:
                        continue
                    text = str(value)
                    cells += 1
                    low = text.lower()
                    for code in codes:
                        assert code not in text, (table.name, text)
                    for w in words:
                        assert not re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low), (table.name, w, text)
    engine.dispose()
    assert cells > 1000


def test_sqlite_export_contents(demo_store, tmp_path):
    """Respondent keys are random per export, linked forms share one, results and labels are present."""
    out1, out2 = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    exports.run_export(demo_store, "survey-sqlite", out1)
    exports.run_export(demo_store, "survey-sqlite", out2)

    def load(path):
        engine = create_engine(f"sqlite:///{path}")
        md = MetaData()
        md.reflect(engine)
        with engine.connect() as conn:
            resp = conn.execute(select(md.tables["response"])).all()
            res = {r.item_key: r for r in conn.execute(select(md.tables["result"]))}
            items = {r.key: r for r in conn.execute(select(md.tables["item"]))}
        engine.dispose()
        return resp, res, items

    r1, res, items = load(out1)
    r2, _res, _items = load(out2)
    assert not {r.respondent_key for r in r1} & {r.respondent_key for r in r2}
    waves_by_key: dict[str, set] = {}
    for r in r1:
        waves_by_key.setdefault(r.respondent_key, set()).add(r.wave)
    assert sum(1 for w in waves_by_key.values() if {"before", "after"} <= w) > 20
    assert {r.value for r in r1 if r.item_key == "met_new_people"} == {"yes", "no"}
    assert res["connected"].analysis == "paired-scale" and res["connected"].p_holm is not None
    assert res["met_new_people"].share is not None
    assert items["trust"].kind == "agree5" and items["trust"].label
