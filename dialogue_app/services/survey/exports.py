"""Survey export writers (declared in :mod:`dialogue_app.exports`).

* ``survey-template``: the header row for bulk entry plus one example row per wave;
* ``survey-csv``: every answer in long format (respondent key, wave, table, item key, value);
* ``survey-sqlite``: a standalone SQLite file with the instrument, the answers and the
  computed results (schema in docs/notes/survey.md).

Respondents get a random key made for each export (linked forms share it). No names,
contact details, participant codes, self-generated code elements or dimension values
are written; free-text answers are left out because they may name people.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

from dialogue_app import csvsafe, i18n, outputs, sqlite_paths
from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.services import events
from dialogue_app.services.survey.items import ItemInfo, instrument
from dialogue_app.services.survey.report import _load, link, survey_report
from dialogue_app.services.survey.spreadsheet import template_header, template_rows
from dialogue_app.survey import instrument as ins

#: 1: the first export; 2: adds the event date, title, city/organiser name, instrument version (info)
#: and the language of each form (response.language). ``dialogue_app.impact.reader`` reads both.
SCHEMA_VERSION = "2"

#: What each table of the SQLite export holds (written into its ``about`` table).
TABLE_DOCS = {
    "about": N_("This list: what each table of the file holds."),
    "info": N_("Facts about the export: schema version, language, export time, event title and date, city or "
               "organiser name, instrument version, response-rate basis, match rate, how zero differences were "
               "handled, how values are written."),
    "item": N_("The survey questions: key, position, type (yes_no, agree5, freq5, choice, text), question text and "
               "the waves it is asked in."),
    "item_option": N_("The possible answers of each closed question with their labels."),
    "response": N_("One row per answer: a random respondent key made for this export (the same for the forms of "
                   "one linked person), wave, table number, question key, value and the language of the form. "
                   "Free-text answers are left out."),
    "wave_summary": N_("Forms, participants and response rate per wave."),
    "result": N_("The computed results per question: share with Wilson 95% interval, McNemar or Wilcoxon "
                 "signed-rank test with Holm-adjusted p-value, effect size and the shares improved, unchanged "
                 "and worsened."),
}


def write_survey_template(store, out: Path, options, progress, should_stop) -> int:
    with store.session() as s:
        items = instrument(s)
    with i18n.language(options.lang or i18n.current_language()):
        rows = template_rows(items)
    return csvsafe.write_csv(out, template_header(items), rows)


def _respondent_keys(forms: list, pairs: list[dict]) -> dict:
    """A fresh random key per respondent: linked forms (before–after, before–follow-up) share one."""
    parent = {f.id: f.id for f in forms}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for mapping in pairs:
        for a, b in mapping.items():
            parent[find(b)] = find(a)
    keys: dict = {}
    used: set[str] = set()
    out = {}
    for f in forms:
        root = find(f.id)
        if root not in keys:
            k = secrets.token_hex(5)
            while k in used:
                k = secrets.token_hex(5)
            used.add(k)
            keys[root] = k
        out[f.id] = keys[root]
    return out


def instrument_version(items) -> str:
    """A short fingerprint of the instrument (item keys, kinds, waves, choices; not the label wording,
    which differs by language): exports with the same version asked the same questions."""
    text = "\n".join(f"{it.key}|{it.kind}|{','.join(it.waves)}|{len(it.choices or ())}"
                     for it in sorted(items, key=lambda it: it.key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class AnswerRow(NamedTuple):
    """One closed answer as exported (the ``response`` table; the CSV leaves out the language)."""

    respondent_key: str
    wave: str
    table_number: int | None
    item_key: str
    value: str
    language: str = ""  # the form's language (only when asked for)


def answer_rows(session, with_language: bool = False) -> tuple[list[AnswerRow], list[ItemInfo]]:
    """Every closed answer, with the form language when ``with_language``."""
    items, forms, answers = _load(session)  # each form's language: the event's when not recorded
    links = [link(forms, "before", "after").pairs, link(forms, "before", "follow-up").pairs]
    keys = _respondent_keys(forms, links)
    kinds = {it.key: it.kind for it in items}
    rows: list[AnswerRow] = []
    order = {w: i for i, w in enumerate(ins.WAVES)}
    for f in sorted(forms, key=lambda f: (keys[f.id], order.get(f.wave, 9))):
        for it in items:
            v = answers.get(f.id, {}).get(it.key)
            if v and kinds[it.key] != "text":
                rows.append(AnswerRow(keys[f.id], f.wave, f.table_number, it.key, ins.export_value(kinds[it.key], v),
                                      f.language if with_language else ""))
    return rows, items


def write_survey_csv(store, out: Path, options, progress, should_stop) -> int:
    with store.session() as s:
        rows, _items = answer_rows(s)
    return csvsafe.write_csv(out, ["respondent_key", "wave", "table_number", "item_key", "value"],
                             [row[:5] for row in rows])


def _metadata() -> tuple[MetaData, dict[str, Table]]:
    md = MetaData()
    t = {
        "about": Table("about", md, Column("table_name", String, primary_key=True), Column("description", Text)),
        "info": Table("info", md, Column("key", String, primary_key=True), Column("value", Text)),
        "item": Table("item", md, Column("key", String, primary_key=True), Column("position", Integer),
                      Column("kind", String), Column("label", Text), Column("waves", String)),
        "item_option": Table("item_option", md, Column("item_key", String, primary_key=True),
                             Column("value", String, primary_key=True), Column("label", Text)),
        "response": Table("response", md, Column("respondent_key", String, index=True), Column("wave", String),
                          Column("table_number", Integer), Column("item_key", String), Column("value", String),
                          Column("language", String)),
        "wave_summary": Table("wave_summary", md, Column("wave", String, primary_key=True),
                              Column("respondents", Integer), Column("participants", Integer),
                              Column("response_rate", Float)),
        "result": Table(
            "result", md, Column("item_key", String, primary_key=True), Column("analysis", String),
            Column("waves", String), Column("n", Integer), Column("share", Float), Column("ci_low", Float),
            Column("ci_high", Float), Column("yes_to_no", Integer), Column("no_to_yes", Integer),
            Column("statistic", Float), Column("p_value", Float), Column("p_holm", Float),
            Column("effect_size", Float), Column("improved", Float), Column("unchanged", Float),
            Column("worsened", Float), Column("method", String), Column("unmatched", Integer),
        ),
    }
    return md, t


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def write_survey_sqlite(store, out: Path, options, progress, should_stop) -> int:
    out = Path(out)
    with store.session() as s:
        settings = events.get_settings(s)
        lang = options.lang or settings.language
        with i18n.language(lang):
            rows, items = answer_rows(s, with_language=True)
            report = survey_report(s)
            version = instrument_version(items)
            options_rows = [
                {"item_key": it.key, "value": v, "label": label}
                for it in items if it.kind != "text"
                for v, label in ins.answer_options(it.kind, it.choices)
            ]
            for r in options_rows:  # yes/no values as in the response table
                kind = next(it.kind for it in items if it.key == r["item_key"])
                r["value"] = ins.export_value(kind, r["value"])
    tmp = outputs.new_temporary(out, ".tmp")  # private, O_EXCL: never a planted symlink
    md, t = _metadata()
    engine = create_engine(sqlite_paths.engine_url(tmp))
    try:
        md.create_all(engine)
        with engine.begin() as conn:
            with i18n.language(lang):
                conn.execute(insert(t["about"]), [{"table_name": k, "description": _(v)}
                                                  for k, v in TABLE_DOCS.items()])
            conn.execute(insert(t["info"]), [
                {"key": "schema_version", "value": SCHEMA_VERSION},
                {"key": "language", "value": lang},
                {"key": "exported_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
                {"key": "event_title", "value": settings.title},
                {"key": "event_date", "value": settings.date.isoformat() if settings.date else ""},
                {"key": "event_language", "value": settings.language},
                {"key": "network_name", "value": settings.network_name},
                {"key": "instrument_version", "value": version},
                {"key": "response_rate_basis", "value": report.basis},
                {"key": "match_rate", "value": "" if math.isnan(report.match_rate) else repr(report.match_rate)},
                {"key": "wilcoxon_zero_method", "value": "wilcox (zero differences discarded)"},
                {"key": "yes_no_values", "value": "yes / no"},
                {"key": "scale_values", "value": "1 (strongly disagree / never) to 5 (strongly agree / very often)"},
            ])
            conn.execute(insert(t["item"]), [
                {"key": it.key, "position": k, "kind": it.kind, "label": it.label, "waves": ",".join(it.waves)}
                for k, it in enumerate(items)
            ])
            if options_rows:
                conn.execute(insert(t["item_option"]), options_rows)
            if rows:
                conn.execute(insert(t["response"]), [row._asdict() for row in rows])
            conn.execute(insert(t["wave_summary"]), [
                {"wave": w, "respondents": report.respondents.get(w, 0), "participants": report.participants,
                 "response_rate": _num(report.response_rate.get(w))} for w in ins.WAVES
            ])
            result_rows = []
            for res in report.items:
                result_rows.append({
                    "item_key": res.key, "analysis": res.analysis, "waves": ",".join(res.waves), "n": res.n,
                    "share": _num(res.share), "ci_low": _num(res.ci_low), "ci_high": _num(res.ci_high),
                    "yes_to_no": res.yes_to_no, "no_to_yes": res.no_to_yes, "statistic": _num(res.statistic),
                    "p_value": _num(res.p_value), "p_holm": _num(res.p_holm), "effect_size": _num(res.effect_size),
                    "improved": _num(res.improved), "unchanged": _num(res.unchanged), "worsened": _num(res.worsened),
                    "method": res.method, "unmatched": res.unmatched,
                })
            if result_rows:
                conn.execute(insert(t["result"]), result_rows)
    except BaseException:
        engine.dispose()
        outputs.discard(tmp)
        raise
    engine.dispose()
    outputs.finish(tmp, out)
    return len(rows)
