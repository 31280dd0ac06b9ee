"""The impact report PDF: what changed across events, in plain words, with a forest chart per item.

Every figure printed is an aggregate (see :mod:`.analysis`); an event with fewer than 5 people for
an item shows no figures of its own. Charts are reportlab drawings with the numbers written on them
(colour is never the only signal: the pooled result is a diamond, events are squares).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import cast

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.impact.analysis import EventResult, ImpactReport, ItemImpact, Pooled
from dialogue_app.impact.words import event_sentence, pooled_sentence
from dialogue_app.printing.common import FONT, FONT_BOLD, MARGIN, P, atomic_pdf, doc_template, fit_text
from dialogue_app.survey import instrument as ins

ACCENT = colors.HexColor("#1f5f99")
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 8.5), ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8.5),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
])
NOTE_TEXT = {
    "none": lambda item: (_("nobody answered") if item.analysis == "after-share"
                          else _("no pairs: nobody filled in both forms")),
    "small": lambda item: _("fewer than 5 people: counted in the pooled result only"),
    "constant": lambda item: _("everyone changed by the same amount: no effect size"),
    "few-changed": lambda item: _("fewer than 5 people changed one way: counted in the pooled result only"),
}


def _ok(x) -> bool:
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def measure_name(item: ItemImpact) -> str:
    if item.analysis == "after-share":
        return _("share answering yes") if item.kind == "yes_no" else _("share agreeing (4–5)")
    if item.analysis == "paired-yes-no":
        return _("net change: moved to yes minus moved to no (percentage points)")
    return _("standardised mean change d (0 = no change; 0.2 small, 0.5 moderate, 0.8 large)")


def _fmt(item: ItemImpact, x: float) -> str:
    if item.analysis == "after-share":
        return i18n.format_percent(x)
    if item.analysis == "paired-yes-no":
        return ("+" if x > 0 else "") + i18n.format_decimal(100 * x, 0)
    return i18n.format_decimal(x, 2)


def _value_text(item: ItemImpact, r: EventResult | Pooled) -> str:
    if not _ok(r.estimate):
        return ""
    text = _("{value} ({low} to {high})").format(value=_fmt(item, r.estimate), low=_fmt(item, r.ci_low),
                                                 high=_fmt(item, r.ci_high))
    return text + "  " + _("n = {n}").format(n=i18n.format_number(r.n))


def _nice_ticks(lo: float, hi: float) -> list[float]:
    raw = (hi - lo) / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step + 1e-9) + 1)]


def forest_chart(item: ItemImpact, width: float) -> Drawing:
    """One row per event (square with its 95% interval, or why it has none) and the pooled diamond."""
    rows: list[tuple[str, EventResult | Pooled, bool]] = [(r.event, r, False) for r in item.events]
    rows.append((_("All events (pooled)"), item.pooled, True))
    row_h, top = 13.0, 16.0
    h = top + row_h * len(rows) + 14
    label_w, text_w = width * 0.34, width * 0.27
    plot_x, plot_w = label_w + 4, width - label_w - text_w - 8
    d = Drawing(width, h, initialFontName=FONT, initialFontSize=8)
    values = [v for _n, r, _p in rows if r.n >= 5 for v in (r.ci_low, r.ci_high) if _ok(v)]
    if item.analysis == "after-share":
        lo, hi = 0.0, 1.0
    else:
        lo, hi = min([0.0, *values]), max([0.0, *values])
        pad = (hi - lo) * 0.08 or 0.1
        lo, hi = lo - pad, hi + pad

    def x_of(v: float) -> float:
        return plot_x + (max(lo, min(hi, v)) - lo) / (hi - lo) * plot_w

    # axis: reference line (no change / 50 %) and ticks with numbers
    ref = 0.5 if item.analysis == "after-share" else 0.0
    d.add(Line(x_of(ref), 10, x_of(ref), h - top + 4, strokeColor=colors.grey, strokeDashArray=[2, 2]))
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0] if item.analysis == "after-share" else _nice_ticks(lo, hi)
    d.add(Line(plot_x, 10, plot_x + plot_w, 10, strokeColor=colors.black, strokeWidth=0.5))
    for t in ticks:
        d.add(Line(x_of(t), 8, x_of(t), 10, strokeColor=colors.black, strokeWidth=0.5))
        d.add(String(x_of(t), 0, _fmt(item, t), fontName=FONT, fontSize=6.5, textAnchor="middle"))
    d.add(String(plot_x, h - 9, fit_text(measure_name(item), FONT, plot_w + text_w, 7, 5.5).text, fontName=FONT,
                 fontSize=fit_text(measure_name(item), FONT, plot_w + text_w, 7, 5.5).size))
    max_n = max([r.n for _n, r, p in rows if not p] + [1])
    for i, (name, r, pooled) in enumerate(rows):
        y = h - top - (i + 1) * row_h + 4
        font = FONT_BOLD if pooled else FONT
        fitted = fit_text(name, font, label_w - 4, 8, 5.5)
        d.add(String(label_w - 2, y, fitted.text, fontName=font, fontSize=fitted.size, textAnchor="end"))
        if pooled and i:
            d.add(Line(0, y + row_h - 2.5, width, y + row_h - 2.5, strokeColor=colors.HexColor("#999999"),
                       strokeWidth=0.4))
        # the rows not pooled are the events' own results
        if not _ok(r.estimate) or (not pooled and not cast(EventResult, r).shown):
            note = NOTE_TEXT[getattr(r, "note", "") or ("few-changed" if r.n and pooled else "none")](item)
            d.add(Rect(plot_x, y - 2, text_w + plot_w, row_h - 3, fillColor=colors.white, strokeColor=None))
            d.add(String(plot_x, y, fit_text(note, FONT, plot_w + text_w, 7, 5.5).text, fontName=FONT,
                         fontSize=fit_text(note, FONT, plot_w + text_w, 7, 5.5).size, fillColor=colors.HexColor("#555555")))
            continue
        cy = y + 2.5
        d.add(Line(x_of(r.ci_low), cy, x_of(r.ci_high), cy, strokeColor=colors.black, strokeWidth=0.8))
        cx = x_of(r.estimate)
        if pooled:
            d.add(Polygon([x_of(r.ci_low), cy, cx, cy + 4.5, x_of(r.ci_high), cy, cx, cy - 4.5],
                          fillColor=ACCENT, strokeColor=colors.black, strokeWidth=0.5))
        else:
            s = 2.5 + 3.0 * math.sqrt(r.n / max_n)
            d.add(Rect(cx - s / 2, cy - s / 2, s, s, fillColor=colors.black, strokeColor=None))
        d.add(String(plot_x + plot_w + 6, y, _value_text(item, r), fontName=font, fontSize=7.5))
    return d


def _year_table(item: ItemImpact, width: float) -> Table | None:
    if len(item.by_year) < 2:
        return None
    rows = [[_("Year"), _("Events"), _("People"), _("Result (95% CI)")]]
    for year, p in item.by_year:
        people = i18n.format_number(p.n) if p.n >= 5 else (_("fewer than 5") if p.n else "–")
        rows.append([str(year), i18n.format_number(p.k), people,
                     _value_text(item, p).split("  ")[0] or "–"])
    t = Table(rows, colWidths=[width * 0.12, width * 0.17, width * 0.16, width * 0.4], hAlign="LEFT")
    t.setStyle(GRID)
    return t


def _difference_text(d) -> str:
    events = ", ".join(d.events)
    if d.what == "missing":
        return _("“{key}” was not asked at: {events}.").format(key=d.key, events=events)
    if d.what == "asked-differently":
        return _("“{key}” was asked differently (other answer type or other forms) at: {events}; these events are "
                 "shown as a separate line, not mixed in.").format(key=d.key, events=events)
    return _("“{key}” was worded differently at: {events} (pooled, as the question's meaning is the same).").format(
        key=d.key, events=events)


def impact_story(report: ImpactReport, width: float, title: str = "") -> list:
    n_ev = len(report.events)
    story: list = [P(_("Impact report"), "small"), P(title or _("What the Days of Dialogue changed"), "title")]
    years = sorted({e.year for e in report.events if e.year})
    cities = sorted({e.network_name for e in report.events if e.network_name})
    story.append(P(ngettext("This report puts together the surveys of {n} event", "This report puts together the "
                            "surveys of {n} events", n_ev).format(n=n_ev)
                   + (" " + _("({cities}; {first}–{last}).").format(cities=", ".join(cities), first=years[0],
                                                                    last=years[-1]) if cities and years else ".")))
    story.append(P(_("Each sentence below says what changed, how many people it rests on and how sure we can be. "
                     "“Unlikely to be chance” means that a difference this large would rarely appear if the day "
                     "changed nothing (p below 0.05). No figure about fewer than 5 people is shown.")))
    story.append(P(_("At a glance"), "h1"))
    for item in report.items:
        if item.pooled.n:
            story.append(P("• " + pooled_sentence(item), "bullet"))
    story.append(P(_("The events"), "h1"))
    rows = [[P(h, "cellbold") for h in (_("Event"), _("Language"), _("Before forms"), _("After forms"),
                                         _("Paired"), _("Questionnaire"))]]
    for e in report.events:
        forms = [e.forms.get(w, 0) for w in ("before", "after")]
        rows.append([P(e.name, "cell"), e.language] + [i18n.format_number(f) if f >= 5 else _("fewer than 5")
                                                       for f in forms]
                    + [i18n.format_percent(e.match_rate) if _ok(e.match_rate) else "–", e.instrument_version])
    t = Table(rows, colWidths=[width * 0.25, width * 0.09, width * 0.16, width * 0.16, width * 0.15, width * 0.19],
              repeatRows=1)
    t.setStyle(GRID)
    story.append(t)
    if report.differences:
        story.append(P(_("Where the questionnaires differ"), "h2"))
        story += [P("• " + _difference_text(d), "bullet") for d in report.differences]
    for item in report.items:
        story.append(CondPageBreak(70 * mm))
        head = [P(item.label, "h1"), P(_("{analysis}; compared: {waves}").format(
            analysis=_analysis_name(item), waves=" → ".join(ins.wave_label(w) for w in item.waves)), "small")]
        if item.variant:
            head.append(P(_("These events asked this question differently from the others, so they are shown "
                            "on their own."), "small"))
        if not item.pooled.n:
            story.append(KeepTogether([*head, P(pooled_sentence(item))]))
            continue
        story.append(KeepTogether([*head, P(pooled_sentence(item)), forest_chart(item, width)]))
        yt = _year_table(item, width)
        if yt is not None:
            story += [P(_("By year"), "h2"), yt]
        shown = [r for r in item.events if r.shown]
        if shown:
            story.append(P(_("Per event"), "h2"))
            story += [P("• " + r.event + ": " + event_sentence(item, r), "small") for r in shown]
    story += [PageBreak(), P(_("How the figures are made"), "h1")]
    for text in METHOD_NOTES:
        story.append(P(_(text)))
    return story


def _analysis_name(item: ItemImpact) -> str:
    return {"after-share": _("share of those who answered"), "paired-yes-no": _("before/after, yes or no"),
            "paired-scale": _("before/after, five-point scale")}[item.analysis]


METHOD_NOTES = (
    i18n.N_("Forms of the same person are paired within each event (by badge code or self-generated code); "
            "unpaired forms are described but never used in a before/after comparison. The pairing rate is the "
            "share of the later forms that could be paired."),
    i18n.N_("Yes/no questions asked before and after: the pairs of all events are pooled with the Mantel–Haenszel "
            "method for matched pairs (odds ratio = people who moved to yes / people who moved to no) and tested "
            "with the Cochran–Mantel–Haenszel test on the people who changed (exact binomial test when fewer than "
            "25 changed). The chart shows the net change in percentage points."),
    i18n.N_("Five-point questions asked before and after: each event's standardised mean change (mean change divided "
            "by the spread of the changes) is pooled with DerSimonian–Laird random effects; I² says how much the "
            "events differ beyond chance (below 25 %: they agree; above 50 %: they differ a lot) and τ² is the "
            "variance between events."),
    i18n.N_("Shares (met new people, changed view, exchanged contacts): each event's share is pooled on the logit "
            "scale with DerSimonian–Laird random effects; intervals are 95 % confidence intervals."),
    i18n.N_("Questions are matched between events by their key; an event that asked a question differently is shown "
            "separately and listed under “Where the questionnaires differ”."),
)


def write_impact_pdf(report: ImpactReport, out: Path, *, title: str = "",
                     progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the report (in the active language) atomically to ``out``."""
    width = A4[0] - 2 * MARGIN
    with atomic_pdf(Path(out)) as tmp:
        doc, on_page = doc_template(tmp, title=title or _("Impact report"), footer=_("Impact report"))
        story = impact_story(report, width, title)
        story.insert(0, Spacer(1, 0))
        if progress:
            progress(1, 2)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
        if progress:
            progress(2, 2)
    return Path(out)
