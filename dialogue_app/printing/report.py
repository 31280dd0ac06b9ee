"""The event report for the organisers and the city council.

Theme, date, numbers of tables, participants and facilitators, the diversity
achieved (event level only: categories present per dimension and the mean Blau
index across tables, never anything about one person), the survey's headline
figures and paired results with bar charts, and the commitments by kind with
examples. No count of people below 5 is printed (see :mod:`.suppress`).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import inputs, suppress
from dialogue_app.printing.common import (
    FONT,
    FONT_BOLD,
    MARGIN,
    P,
    bullet,
    doc_template,
    fit_text,
    shape,
    text_width,
)

ACCENT = colors.HexColor("#1f4e79")
GRID_STYLE = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
])
FEWER = "<5"


def people(n: int) -> str:
    """A count of people as printed: the number, or "fewer than 5"."""
    return _("fewer than 5") if suppress.small(n) else i18n.format_number(n)


# --- charts ----------------------------------------------------------------------------------

def _label(d: Drawing, x: float, y: float, text: str, font: str, size: float, anchor: str = "start",
           **kw) -> None:
    """A chart label (already shaped: Arabic joined and in reading order), Ethiopic letters in the fallback font (a
    reportlab String draws one font only, so one String per run)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dialogue_app.printing.common.fonts import runs

    parts = runs(text, font)
    width = sum(stringWidth(t, f, size) for f, t in parts)
    x -= {"end": width, "middle": width / 2}.get(anchor, 0)
    for f, t in parts:
        d.add(String(x, y, t, fontName=f, fontSize=size, **kw))
        x += stringWidth(t, f, size)


def bar_chart(rows: list[tuple[str, float | None, str]], width: float, *, bar_h: float = 11,
              label_w: float | None = None) -> Drawing:
    """Horizontal bars for values between 0 and 1: (label, value or None, text printed after the bar)."""
    label_w = label_w if label_w is not None else width * 0.45
    gap = 5
    h = len(rows) * (bar_h + gap) + 4
    d = Drawing(width, h, initialFontName=FONT, initialFontSize=8)
    bar_max = width - label_w - 40
    for i, (label, value, text) in enumerate(rows):
        y = h - (i + 1) * (bar_h + gap)
        fitted = fit_text(label, FONT, label_w - 6, 8.5, 5.5)
        _label(d, label_w - 6, y + 2.5, fitted.text, FONT, fitted.size, "end")
        d.add(Rect(label_w, y, bar_max, bar_h, fillColor=colors.HexColor("#f1f1f1"), strokeColor=None))
        if value is not None:
            d.add(Rect(label_w, y, max(0.5, bar_max * max(0.0, min(1.0, value))), bar_h, fillColor=ACCENT,
                       strokeColor=None))
        _label(d, label_w + bar_max + 4, y + 2.5, shape(text), FONT_BOLD, 8.5)
    return d


CHANGE_COLOURS = (colors.HexColor("#2e7d32"), colors.HexColor("#bdbdbd"), colors.HexColor("#c62828"))


def change_chart(rows: list[tuple[str, tuple[float, float, float] | str]], width: float) -> Drawing:
    """Stacked bars of improved / unchanged / worsened shares, with the percentages written in
    (a string instead of the shares says why the bar is not shown)."""
    label_w = width * 0.42
    bar_h, gap = 13, 6
    legend_h = 16
    h = len(rows) * (bar_h + gap) + legend_h + 4
    d = Drawing(width, h, initialFontName=FONT, initialFontSize=8)
    bar_max = width - label_w - 4
    names = (_("improved"), _("unchanged"), _("worsened"))
    x = label_w
    for name, colour in zip(names, CHANGE_COLOURS, strict=True):
        d.add(Rect(x, h - 11, 8, 8, fillColor=colour, strokeColor=None))
        _label(d, x + 11, h - 10, shape(name), FONT, 8)
        x += 11 + text_width(name, FONT, 8) + 14
    for i, (label, parts) in enumerate(rows):
        y = h - legend_h - (i + 1) * (bar_h + gap)
        fitted = fit_text(label, FONT, label_w - 6, 8.5, 5.5)
        _label(d, label_w - 6, y + 3, fitted.text, FONT, fitted.size, "end")
        if isinstance(parts, str):
            _label(d, label_w, y + 3, shape(parts), FONT, 8, fillColor=colors.grey)
            continue
        x = label_w
        for share, colour in zip(parts, CHANGE_COLOURS, strict=True):
            w = bar_max * share
            if w <= 0:
                continue
            d.add(Rect(x, y, w, bar_h, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5))
            text = i18n.format_percent(share)
            if w > 26:
                d.add(String(x + w / 2, y + 3.5, text, fontName=FONT_BOLD, fontSize=7.5, textAnchor="middle",
                             fillColor=colors.white if colour != CHANGE_COLOURS[1] else colors.black))
            x += w
    return d


# --- the story ---------------------------------------------------------------------------------

def _table(rows, widths) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(GRID_STYLE)
    return t


def report_story(r: inputs.ReportInput, width: float) -> list:
    ev = r.event
    story: list = [P(_("Event report"), "small"), P(ev.title, "title")]
    if ev.theme:
        story.append(P(_("Theme: {theme}").format(theme=ev.theme), "h2"))
    if ev.date:
        story.append(P(i18n.format_date(ev.date, "full")))

    # key figures
    story.append(P(_("The day in numbers"), "h1"))
    rows = [[P(_("What"), "cellbold"), P(_("Number"), "cellbold")],
            [P(_("Tables"), "cell"), P(i18n.format_number(r.tables), "cell")],
            [P(_("Tables with participants"), "cell"), P(i18n.format_number(r.tables_used), "cell")],
            [P(_("Venues"), "cell"), P(i18n.format_number(r.venues), "cell")],
            [P(_("Participants registered"), "cell"), P(people(r.participants), "cell")],
            [P(_("Participants present"), "cell"), P(people(r.participants_present), "cell")],
            [P(_("Facilitators"), "cell"), P(people(r.facilitators), "cell")]]
    story.append(_table(rows, [width * 0.7, width * 0.3]))
    if r.participants and not r.participants_present:
        story.append(P(_("Nobody has been checked in yet, so “present” is still zero."), "small"))

    # diversity
    story.append(P(_("Diversity achieved"), "h1"))
    story.append(P(_("Per dimension: how many of its categories are present among the participants, and the "
                     "mean Blau index of the tables (0 = everyone at a table alike; higher = more mixed; "
                     "“prefer not to say” is left out). Only event-level figures are shown."), "small"))
    rows = [[P(_("Dimension"), "cellbold"), P(_("Categories present"), "cellbold"),
             P(_("Mean Blau index of the tables"), "cellbold")]]
    chart_rows = []
    for d in r.diversity:
        present = _("{present} of {defined}").format(present=i18n.format_number(d.categories_present),
                                                     defined=i18n.format_number(d.categories_defined))
        blau = i18n.format_decimal(d.average_blau, 2) if d.average_blau is not None else "–"
        rows.append([P(d.dimension, "cell"), P(present, "cell"), P(blau, "cell")])
        chart_rows.append((d.dimension, d.average_blau, blau))
    story.append(_table(rows, [width * 0.45, width * 0.25, width * 0.3]))
    if any(v is not None for _l, v, _t in chart_rows):
        story.append(Spacer(1, 3 * mm))
        story.append(KeepTogether([P(_("Mean Blau index of the tables per dimension"), "cellbold"),
                                   bar_chart(chart_rows, width)]))

    # survey
    story.append(P(_("Survey"), "h1"))
    s = r.survey
    if s is None:
        story.append(P(_("No survey answers have been entered.")))
    else:
        story.extend(_survey_story(s, width))

    # commitments
    story.append(P(_("Commitments to action"), "h1"))
    if not r.has_commitments_area or r.commitments_total == 0:
        story.append(P(_("No commitments have been recorded.")))
    else:
        story.append(P(_("Commitments recorded: {n}").format(n=people(r.commitments_total))))
        counts = [n for _k, n in r.commitments_by_kind]
        hidden = suppress.hidden_cells(counts)
        rows = [[P(_("Kind"), "cellbold"), P(_("Commitments"), "cellbold")]]
        for (kind, n), hide in zip(r.commitments_by_kind, hidden, strict=True):
            rows.append([P(kind, "cell"), P(FEWER if hide else i18n.format_number(n), "cell")])
        story.append(_table(rows, [width * 0.7, width * 0.3]))
        if r.follow_through:
            story.append(P(_("Follow-through per kind (did people take their step?)"), "h2"))
            story.append(_table([[P(h, "cellbold") for h in (_("Kind"), _("Asked"), _("Done"), _("Partly"),
                                                              _("Not yet"))]]
                                + [[P(k, "cell")] + [P(people(v) if v is not None else FEWER, "cell")
                                                     for v in vals] for k, *vals in r.follow_through],
                                [width * 0.36, width * 0.16, width * 0.16, width * 0.16, width * 0.16]))
        if r.followup_quotes:
            story.append(P(_("What happened? In their own words"), "h2"))
            story.append(P(_("Answers to the follow-up, without names or codes."), "small"))
            for text in r.followup_quotes:
                story.append(bullet(_("“{text}”").format(text=text)))
        shown_kinds = [k for (k, _n), hide in zip(r.commitments_by_kind, hidden, strict=True) if not hide]
        for kind in shown_kinds:
            examples = r.commitment_examples.get(kind, ())
            if examples:
                story.append(P(_("Examples: {kind}").format(kind=kind), "h2"))
                for text in examples:
                    story.append(bullet(_("“{text}”").format(text=text)))
    story.append(Spacer(1, 6 * mm))
    story.append(P(_("Privacy: counts of fewer than 5 people are not shown (“<5”), nor counts that would "
                     "reveal them from a total. No document shows a person's background."), "small"))
    return story


def _survey_story(s, width: float) -> list:
    out: list = []
    waves = [w for w in ("before", "after", "follow-up") if s.respondents.get(w)]
    from dialogue_app.printing.survey_adapter import wave_label

    rows = [[P(_("Wave"), "cellbold"), P(_("Forms"), "cellbold"), P(_("Response rate"), "cellbold")]]
    for w in waves:
        n = s.respondents.get(w, 0)
        rate = s.response_rate.get(w)
        rows.append([P(wave_label(w), "cell"), P(people(n), "cell"),
                     P(i18n.format_percent(rate) if rate is not None and not suppress.small(n) else "–", "cell")])
    out.append(_table(rows, [width * 0.4, width * 0.3, width * 0.3]))
    if s.match_rate is not None and not suppress.small(s.matched):
        out.append(P(_("{rate} of the after forms were linked to a before form ({n} pairs).").format(
            rate=i18n.format_percent(s.match_rate), n=i18n.format_number(s.matched))))

    if s.plain:
        out.append(P(_("In plain words"), "h2"))
        out.extend(bullet(text) for text in s.plain)
    if s.headline:
        out.append(P(_("Headline figures"), "h2"))
        out.append(P(_("Share of the respondents who said yes or agreed, with its 95% confidence interval."),
                     "small"))
        chart: list[tuple[str, float | None, str]] = []
        rows = [[P(_("Statement"), "cellbold"), P(_("Share"), "cellbold"),
                 P(_("95% interval"), "cellbold"), P(_("Answers"), "cellbold")]]
        any_hidden = False
        messages: list[str] = []
        for h in s.headline:
            hide = any(suppress.hidden_cells([h.k, h.n - h.k]))
            any_hidden |= hide
            if hide:
                rows.append([P(h.label, "cell"), P("–", "cell"), P("–", "cell"), P(people(h.n), "cell")])
                chart.append((h.label, None, _("not shown")))
                continue
            pct = i18n.format_percent(h.share)
            ci = (f"{i18n.format_percent(h.low)} – {i18n.format_percent(h.high)}"
                  if h.low is not None and h.high is not None else "–")
            if h.headline:
                messages.append(h.headline)
            rows.append([P(h.label, "cell"), P(pct, "cell"), P(ci, "cell"),
                         P(i18n.format_number(h.n), "cell")])
            chart.append((h.label, h.share, pct))
        out.extend(bullet(m) for m in messages)
        out.append(Spacer(1, 2 * mm))
        out.append(KeepTogether([bar_chart(chart, width), Spacer(1, 3 * mm)]))
        out.append(_table(rows, [width * 0.52, width * 0.13, width * 0.2, width * 0.15]))
        if any_hidden:
            out.append(P(_("“–”: not shown because fewer than 5 people gave one of the answers."), "small"))

    if s.paired:
        out.append(P(_("Before and after (linked respondents)"), "h2"))
        out.append(P(_("Only people whose before and after forms are linked count here. Yes/no items: McNemar "
                       "test; scales: Wilcoxon signed-rank test; p-values Holm-adjusted across items."), "small"))
        rows = [[P(_("Item"), "cellbold"), P(_("Pairs"), "cellbold"), P(_("Improved"), "cellbold"),
                 P(_("Unchanged"), "cellbold"), P(_("Worsened"), "cellbold"), P(_("p (Holm)"), "cellbold")]]
        changes: list[tuple[str, tuple[float, float, float] | str]] = []
        for p in s.paired:
            if suppress.small(p.n):
                rows.append([P(p.label, "cell"), P(people(p.n), "cell"), "", "", "", ""])
                changes.append((p.label, _("too few pairs to show")))
                continue
            hidden = suppress.hidden_cells([p.improved, p.unchanged, p.worsened])
            cells = [FEWER if h else i18n.format_number(c)
                     for c, h in zip((p.improved, p.unchanged, p.worsened), hidden, strict=True)]
            pval = "–" if p.p_holm is None else ("< 0.001" if p.p_holm < 0.001 else i18n.format_decimal(p.p_holm, 3))
            rows.append([P(p.label, "cell"), P(i18n.format_number(p.n), "cell")] + [P(x, "cell") for x in cells]
                        + [P(pval, "cell")])
            changes.append((p.label, _("not shown: fewer than 5 people in a group") if any(hidden)
                            else (p.improved / p.n, p.unchanged / p.n, p.worsened / p.n)))
        out.append(_table(rows, [width * 0.31, width * 0.1, width * 0.145, width * 0.165, width * 0.145,
                                 width * 0.135]))
        out.append(Spacer(1, 3 * mm))
        out.append(KeepTogether([change_chart(changes, width)]))
    return out


def render_report(r: inputs.ReportInput, path: Path, *, make_steps=None) -> int:
    steps = make_steps(1) if make_steps else None
    width = A4[0] - 2 * MARGIN
    doc, on_page = doc_template(path, title=_("Event report") + f" – {r.event.title}", footer=r.event.title)
    story = report_story(r, width)
    if steps:
        steps.check()
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    if steps:
        steps.step()
    return doc.page
