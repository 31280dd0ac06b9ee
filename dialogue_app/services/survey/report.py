"""The survey report: response and match rates and, per closed item, the share or the paired test."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import cast

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.models import Person, PersonRole, SurveyAnswer, SurveyItem, SurveyResponse
from dialogue_app.services.events import current_event
from dialogue_app.services.survey.items import ItemInfo, instrument
from dialogue_app.survey import instrument as ins
from dialogue_app.survey import linking, stats


# --- analysis -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemResult:
    key: str
    label: str
    kind: str
    #: "after-share" | "paired-yes-no" | "paired-scale"
    analysis: str
    #: the waves compared ("after",) or ("before", "after") / ("before", "follow-up")
    waves: tuple[str, ...]
    n: int  # answers (after-share) or linked pairs with both answers (paired)
    share: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    yes_to_no: int | None = None
    no_to_yes: int | None = None
    statistic: float | None = None
    p_value: float | None = None
    p_holm: float | None = None
    effect_size: float | None = None
    improved: float | None = None
    unchanged: float | None = None
    worsened: float | None = None
    method: str = ""
    #: answer counts per wave over every respondent of that wave, linked or not:
    #: {wave: ((value, count), ...)} — for the charts
    distribution: dict = field(default_factory=dict)
    #: respondents of the later wave who answered but are not linked (described, never tested)
    unmatched: int = 0
    headline: str = ""
    #: answers per wave and form language ({wave: {language: n}}): the wordings are pooled above
    by_language: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        d = {"key": self.key, "label": self.label, "kind": self.kind, "analysis": self.analysis,
             "waves": list(self.waves), "n": self.n}
        if self.analysis == "after-share":
            d.update(share=self.share, ci_low=self.ci_low, ci_high=self.ci_high)
        elif self.analysis == "paired-yes-no":
            d.update(yes_to_no=self.yes_to_no, no_to_yes=self.no_to_yes, statistic=self.statistic,
                     p_value=self.p_value, p_holm=self.p_holm, method=self.method)
        else:
            d.update(statistic=self.statistic, p_value=self.p_value, p_holm=self.p_holm,
                     effect_size=self.effect_size, improved=self.improved, unchanged=self.unchanged,
                     worsened=self.worsened, method=self.method)
        d["unmatched"] = self.unmatched
        d["distribution"] = {w: {v: c for v, c in counts} for w, counts in self.distribution.items()}
        d["by_language"] = self.by_language
        if self.headline:
            d["headline"] = self.headline
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in d.items()}


@dataclass(frozen=True)
class SurveyReport:
    """Headline figures and test results of the survey (see docs/notes/survey.md)."""

    #: "present" when anyone is checked in (participants marked present), else "registered"
    #: (participants not cancelled or absent)
    basis: str
    participants: int
    respondents: dict[str, int]  # forms per wave
    response_rate: dict[str, float]  # respondents / participants per wave
    match_rate: float  # share of after forms linked to a before form
    matched: int
    matched_by_code: int
    matched_by_sgc: int
    after_with_sgc: int
    follow_up_match_rate: float
    items: tuple[ItemResult, ...]
    #: forms per wave and the language they were answered in ({wave: {language: n}})
    languages: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict:
        def clean(x):
            return None if isinstance(x, float) and math.isnan(x) else x

        return {
            "response_rate": {"basis": self.basis, "participants": self.participants,
                              **{w: clean(self.response_rate.get(w, float("nan"))) for w in ins.WAVES}},
            "respondents": {w: self.respondents.get(w, 0) for w in ins.WAVES},
            "match_rate": clean(self.match_rate),
            "linking": {"matched": self.matched, "by_code": self.matched_by_code,
                        "by_self_generated_code": self.matched_by_sgc,
                        "after_forms_with_self_generated_code": self.after_with_sgc,
                        "follow_up_match_rate": clean(self.follow_up_match_rate)},
            "wilcoxon_zero_method": "wilcox (zero differences discarded)",
            "items": [it.to_json() for it in self.items],
            "languages": self.languages,
        }


def participant_basis(session: Session) -> tuple[str, int]:
    e = current_event(session)
    q = (select(Person.attendance, func.count()).join(PersonRole, PersonRole.person_id == Person.id)
         .where(Person.event_id == e.id, PersonRole.role == "participant").group_by(Person.attendance))
    counts = dict(session.execute(q).all())
    if counts.get("present", 0):
        return "present", counts["present"]
    return "registered", counts.get("registered", 0)


@dataclass(frozen=True)
class _Form:
    id: str
    wave: str
    person_id: str | None
    sgc: tuple[str, ...]
    table_number: int | None
    #: the language the form was answered in (the event's language when not recorded)
    language: str = ""


def _load(session: Session) -> tuple[list[ItemInfo], list[_Form], dict[str, dict[str, str]]]:
    """Items, forms and answers of the event. Form and person ids come back as opaque strings
    (no UUID objects are built: 5,000 people give ~50,000 answers)."""
    e = current_event(session)
    items = instrument(session)
    sgc_cols = [getattr(SurveyResponse, f"sgc_{el}") for el in ins.SGC_ELEMENTS]
    rid_col = type_coerce(SurveyResponse.id, String)
    forms = [
        _Form(row[0], row[1], row[2], tuple(row[5:]), row[3], row[4] or e.language)
        for row in session.execute(
            select(rid_col, SurveyResponse.wave, type_coerce(SurveyResponse.person_id, String),
                   SurveyResponse.table_number, SurveyResponse.language, *sgc_cols)
            .where(SurveyResponse.event_id == e.id).order_by(SurveyResponse.created_at)
        )
    ]
    answers: dict[str, dict[str, str]] = defaultdict(dict)
    for rid, key, value in session.execute(
        select(type_coerce(SurveyAnswer.response_id, String), SurveyItem.key, SurveyAnswer.value)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id).where(SurveyItem.event_id == e.id)
    ):
        answers[rid][key] = value
    return items, forms, answers


def link(forms: list[_Form], first: str, second: str) -> linking.LinkResult:
    a = [(f.id, f.person_id, f.sgc) for f in forms if f.wave == first]
    b = [(f.id, f.person_id, f.sgc) for f in forms if f.wave == second]
    return linking.link_waves(a, b)


def _headline(key: str, share: float) -> str:
    text = ins.HEADLINES.get(key)
    return _(text).format(pct=i18n.format_percent(share)) if text and not math.isnan(share) else ""


Answers = dict[str, dict[str, str]]


def _distribution(it: ItemInfo, forms: list[_Form], answers: Answers) -> dict[str, tuple[tuple[str, int], ...]]:
    """Answer counts per wave over every respondent of that wave, linked or not."""
    dist = {}
    for w in it.waves:
        c: dict[str, int] = defaultdict(int)
        for f in forms:
            if f.wave == w and it.key in answers.get(f.id, {}):
                c[answers[f.id][it.key]] += 1
        dist[w] = tuple((v, c.get(v, 0)) for v, _lab in ins.answer_options(it.kind))
    return dist


def _paired_result(it: ItemInfo, later: str, lk: linking.LinkResult, forms: list[_Form], answers: Answers,
                   dist: dict) -> ItemResult:
    """McNemar (yes/no) or Wilcoxon (scales) over the linked before/later pairs."""
    both = [(answers.get(a, {}).get(it.key), answers.get(b, {}).get(it.key)) for a, b in lk.pairs.items()]
    pairs = [(x, y) for x, y in both if x and y]
    linked_later = set(lk.pairs.values())
    unmatched = sum(1 for f in forms if f.wave == later and f.id not in linked_later
                    and it.key in answers.get(f.id, {}))
    if it.kind == "yes_no":
        yn = sum(1 for x, y in pairs if x == "1" and y == "0")
        ny = sum(1 for x, y in pairs if x == "0" and y == "1")
        m = stats.mcnemar(yn, ny)
        return ItemResult(it.key, it.label, it.kind, "paired-yes-no", ("before", later), len(pairs),
                          yes_to_no=yn, no_to_yes=ny, statistic=m.statistic,
                          p_value=m.p_value if pairs else float("nan"),
                          method="exact" if m.exact else "chi-square",
                          distribution=dist, unmatched=unmatched)
    w = stats.wilcoxon([int(x) for x, _y in pairs], [int(y) for _x, y in pairs])
    n = len(pairs)
    return ItemResult(
        it.key, it.label, it.kind, "paired-scale", ("before", later), n, statistic=w.statistic,
        p_value=w.p_value if n else float("nan"), effect_size=w.effect_size,
        improved=w.improved / n if n else float("nan"), unchanged=w.unchanged / n if n else float("nan"),
        worsened=w.worsened / n if n else float("nan"), method=w.method, distribution=dist,
        unmatched=unmatched)


def _share_result(it: ItemInfo, later: str, forms: list[_Form], answers: Answers, dist: dict) -> ItemResult:
    """The share saying yes (or agreeing) in the later wave, with its Wilson interval."""
    vals = [answers[f.id][it.key] for f in forms if f.wave == later and it.key in answers.get(f.id, {})]
    positive = {"1"} if it.kind == "yes_no" else {"4", "5"}
    s = stats.wilson(sum(1 for v in vals if v in positive), len(vals))
    return ItemResult(it.key, it.label, it.kind, "after-share", (later,), len(vals), share=s.share,
                      ci_low=s.ci_low, ci_high=s.ci_high, distribution=dist,
                      headline=_headline(it.key, s.share))


def survey_report(session: Session) -> SurveyReport:
    """Response and match rates and, per closed item, the share or the paired test (Holm across tests)."""
    items, forms, answers = _load(session)
    basis, participants = participant_basis(session)
    respondents = {w: sum(1 for f in forms if f.wave == w) for w in ins.WAVES}
    rates = {w: (respondents[w] / participants if participants else float("nan")) for w in ins.WAVES}
    links = {"after": link(forms, "before", "after"), "follow-up": link(forms, "before", "follow-up")}
    results: list[ItemResult] = []
    for it in items:
        if it.kind not in ("yes_no", *ins.SCALE_KINDS):
            continue
        dist = _distribution(it, forms, answers)
        later = "after" if it.asked_in("after") else ("follow-up" if it.asked_in("follow-up") else None)
        if later is None:
            continue
        if it.asked_in("before"):
            res = _paired_result(it, later, links[later], forms, answers, dist)
        else:
            res = _share_result(it, later, forms, answers, dist)
        by_lang = stats.counts_by_group((f.wave, f.language) for f in forms if it.key in answers.get(f.id, {}))
        results.append(replace(res, by_language=by_lang))
    paired = [k for k, r in enumerate(results) if r.analysis != "after-share" and r.n > 0]
    adjusted = stats.holm([cast(float, results[k].p_value) for k in paired])  # set on every paired result
    for k, p in zip(paired, adjusted, strict=True):
        results[k] = replace(results[k], p_holm=p)
    la = links["after"]
    return SurveyReport(
        basis, participants, respondents, rates, la.match_rate, len(la.pairs), la.by_code, la.by_sgc,
        la.second_with_sgc, links["follow-up"].match_rate, tuple(results),
        stats.counts_by_group((f.wave, f.language) for f in forms),
    )
