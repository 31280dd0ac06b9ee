"""The survey SQLite export is standalone, documented and holds nothing that identifies a person."""

from __future__ import annotations

import re

from sqlalchemy import MetaData, create_engine, insert, select

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


def _leaks(path, words, codes) -> tuple[list[tuple], int]:
    """(table, cell) of every cell holding a forbidden word or code, and the number of cells scanned."""
    engine = create_engine(f"sqlite:///{path}")
    md = MetaData()
    md.reflect(engine)
    found, cells = [], 0
    with engine.connect() as conn:
        for table in md.tables.values():
            for row in conn.execute(select(table)):
                for value in row:
                    if value is None:
                        continue
                    text = str(value)
                    cells += 1
                    low = text.lower()
                    if any(code in text for code in codes) or any(
                        re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low) for w in words
                    ):
                        found.append((table.name, text))
    engine.dispose()
    return found, cells


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
    engine.dispose()
    assert {"about", "info", "item", "item_option", "response", "wave_summary", "result"} <= set(md.tables)
    found, cells = _leaks(out, words, codes)
    assert found == []
    assert cells > 1000
    # the scan itself finds a planted e-mail address and a planted code
    email = next(w for w in words if "@" in w)
    code = next(iter(codes))
    engine = create_engine(f"sqlite:///{out}")
    with engine.begin() as conn:
        conn.execute(insert(md.tables["response"]), [
            {"respondent_key": "x", "wave": "after", "item_key": "note", "value": f"mail {email.upper()}"},
            {"respondent_key": code, "wave": "after", "item_key": "note", "value": "1"},
        ])
    engine.dispose()
    found, _cells = _leaks(out, words, codes)
    assert len(found) == 2


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
