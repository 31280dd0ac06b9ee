"""Fictional survey exports (schema 2, or 1 for the upgrade path) for tests, demos and benchmarks.

Written with the same table definitions as the real ``survey-sqlite`` export, so the impact
reader sees exactly what an event would export. Nothing here describes real people.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import URL, create_engine, insert

from dialogue_app import i18n
from dialogue_app.services.survey.exports import _metadata
from dialogue_app.survey import instrument as ins


def write_sample_export(
    path: Path, *, title: str, city: str, date: dt.date | None, lang: str = "en", respondents: int = 80,
    pair_rate: float = 0.85, shift: float = 0.35, follow_up: float = 0.0, rng: random.Random | None = None, schema: str = "2",
    skip_items: tuple[str, ...] = (), kinds: dict[str, str] | None = None, labels: dict[str, str] | None = None,
) -> Path:
    """An export with the default instrument: ``respondents`` before forms, ``pair_rate`` of them
    with an after form (plus a few unlinked after forms); 5-point answers move up by about ``shift``."""
    rng = rng or random.Random(0)
    kinds = kinds or {}
    with i18n.language(lang):
        items = [(d.key, kinds.get(d.key, d.kind), (labels or {}).get(d.key) or i18n.gettext(d.label), d.waves)
                 for d in ins.DEFAULT_ITEMS if d.key not in skip_items]
    rows = []
    for r in range(respondents):
        key = f"{rng.getrandbits(40):010x}"
        paired = rng.random() < pair_rate
        base = rng.gauss(0, 1)
        waves_of: tuple[str, ...] = ("before", "after") if paired else ("before",)
        if paired and rng.random() < follow_up:
            waves_of += ("follow-up",)
        for wave in waves_of:
            for k, kind, _label, waves in items:
                if wave not in waves:
                    continue
                if kind == "yes_no":
                    p = 0.8 if k == "met_new_people" else (0.45 if wave == "before" else 0.45 + shift / 2)
                    v = "yes" if rng.random() < p else "no"
                else:
                    mean = 3.0 + 0.6 * base + (shift if wave != "before" else 0.0)
                    v = str(min(5, max(1, round(mean + rng.gauss(0, 0.7)))))
                if rng.random() < 0.03:
                    continue  # an item left empty
                rows.append({"respondent_key": key, "wave": wave, "table_number": r // 7 + 1, "item_key": k,
                             "value": v, "language": lang})
    for _ in range(int(respondents * 0.08)):  # after forms of people who skipped the before form
        key = f"{rng.getrandbits(40):010x}"
        for k, kind, _label, waves in items:
            if "after" in waves:
                v = rng.choice(["yes", "no"]) if kind == "yes_no" else str(rng.randint(2, 5))
                rows.append({"respondent_key": key, "wave": "after", "table_number": None, "item_key": k,
                             "value": v, "language": lang})
    md, t = _metadata()
    if schema == "1":
        t["response"].c.language.nullable = True
    path.unlink(missing_ok=True)
    engine = create_engine(URL.create("sqlite", database=str(path)))
    try:
        md.create_all(engine)
        with engine.begin() as conn:
            info = [("schema_version", schema), ("language", lang), ("exported_at", "2026-12-01T10:00:00+00:00")]
            if schema != "1":
                info += [("event_title", title), ("event_date", date.isoformat() if date else ""),
                         ("event_language", lang), ("network_name", city), ("instrument_version", "sample")]
            conn.execute(insert(t["info"]), [{"key": k, "value": v} for k, v in info])
            conn.execute(insert(t["item"]), [{"key": k, "position": i, "kind": kind, "label": label,
                                              "waves": ",".join(w)} for i, (k, kind, label, w) in enumerate(items)])
            if rows:
                if schema == "1":
                    rows = [{k: v for k, v in r.items() if k != "language"} for r in rows]
                conn.execute(insert(t["response"]), rows)
    finally:
        engine.dispose()
    return path
