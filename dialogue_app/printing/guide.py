"""The facilitator guide: one per table.

The table's first names in talking-stick order, the schedule with times, each
phase's question and back-pocket questions, the ground rules, the instructions,
and pages for notes and commitments. Works for training events too (the training
area adds its own pages with the same building blocks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import inputs, rtl
from dialogue_app.printing.cards import facilitator_lines
from dialogue_app.printing.common import FONT, MARGIN, P, bullet, doc_template

GRID_STYLE = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])


def _time(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.time()
    return i18n.format_time(value)


def _lines(n: int, width: float, height: float = 9 * mm) -> Table:
    t = Table([[""] for _i in range(n)], colWidths=[width], rowHeights=[height] * n)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#aaaaaa"))]))
    return t


def guide_story(g: inputs.GuideInput, width: float) -> list:
    """The flowables of one table's guide (starts on a new page when placed after another)."""
    orders = [g.talking_stick_order or g.first_names, *g.later_rounds]
    return [*_header_story(g), *_seating_story(orders, width), *_schedule_story(g, width), *_rounds_story(g, width),
            *_closing_story(orders[-1], width)]


def _header_story(g: inputs.GuideInput) -> list:
    """The title, the event, the place, the theme and the facilitators."""
    ev, t = g.event, g.table
    story: list = []
    title = (_("Facilitator guide – practice table {n}") if t.is_training or ev.is_training
             else _("Facilitator guide – table {n}")).format(n=t.number)
    story.append(P(title, "title"))
    facts = [ev.title]
    if ev.date:
        facts.append(i18n.format_date(ev.date, "full"))
    where = " – ".join(x for x in (t.name, t.venue, t.venue_address) if x)
    if where:
        facts.append(where)
    story.append(P(" · ".join(facts), "body"))
    if ev.theme:
        story.append(P(_("Theme: {theme}").format(theme=ev.theme), "h2"))
    for line in facilitator_lines(t):
        story.append(P(line))
    return story


def _seating_story(orders: list[tuple[str, ...]], width: float) -> list:
    """Who is at the table (in each round, when there are more), in talking-stick order."""
    story: list = []
    for rnd, order in enumerate(orders, 1):
        story.append(P(_("At your table") if len(orders) == 1 else
                       _("At your table in round {n}").format(n=rnd), "h1"))
        if order:
            if rnd == 1:
                story.append(P(_("Talking-stick order: start with the first name and go round in this order."),
                               "small"))
            rows = [[P(_("Order"), "cellbold"), P(_("First name"), "cellbold"), P(_("Spoke"), "cellbold")]]
            rows += [[P(str(i), "cell"), P(name, "cell"), ""] for i, name in enumerate(order, 1)]
            table = Table(rows, colWidths=[18 * mm, width - 18 * mm - 50 * mm, 50 * mm], repeatRows=1)
            table.setStyle(GRID_STYLE)
            story.append(table)
        else:
            story.append(P(_("Nobody is seated at this table yet."), "body"))
    return story


def _schedule_story(g: inputs.GuideInput, width: float) -> list:
    """The schedule with its times, and the ground rules (or where they are set, without a script)."""
    story: list = []
    if not g.has_script:
        story.append(Spacer(1, 4 * mm))
        story.append(P(_("The schedule, the questions and the ground rules are set in the Facilitation area."),
                       "small"))
    if g.phases:
        story.append(P(_("Schedule"), "h1"))
        rows = [[P(_("Time"), "cellbold"), P(_("Part"), "cellbold"), P(_("Minutes"), "cellbold")]]
        for ph in g.phases:
            span = " – ".join(x for x in (_time(ph.start), _time(ph.end)) if x)
            rows.append([P(span, "cell"), P(ph.title, "cell"), P(i18n.format_number(ph.minutes), "cell")])
        if g.total_minutes:
            rows.append(["", P(_("Total"), "cellbold"), P(i18n.format_number(g.total_minutes), "cellbold")])
        table = Table(rows, colWidths=[38 * mm, width - 38 * mm - 24 * mm, 24 * mm], repeatRows=1)
        table.setStyle(GRID_STYLE)
        story.append(table)
        if g.warning:
            story.append(P(g.warning, "small"))

    if g.ground_rules:
        story.append(P(_("Ground rules"), "h1"))
        story.append(P(_("Read them aloud at the start and ask whether everyone agrees."), "small"))
        for rule in g.ground_rules:
            story.append(bullet(rule))
    return story


def _rounds_story(g: inputs.GuideInput, width: float) -> list:
    """Each part of the script: its question, what to say and do, the back-pocket questions."""
    story: list = []
    for i, ph in enumerate(g.phases, 1):
        block: list = []
        span = " – ".join(x for x in (_time(ph.start), _time(ph.end)) if x)
        head = _("{n}. {title}").format(n=i, title=ph.title)
        minutes = i18n.ngettext("{n} minute", "{n} minutes", ph.minutes).format(n=ph.minutes)
        block.append(P(f"{head}  ({minutes}{', ' + span if span else ''})", "h2"))
        if ph.purpose:
            block.append(P(ph.purpose, "small"))
        if ph.question:
            block.append(P(ph.question, "question"))
            for lang, question in ph.question_in:  # the table's other languages, for those who read them
                block.append(P(i18n.language_name(lang), "small"))
                block.append(rtl.paragraph(question, "question", width))
        story.append(KeepTogether(block))
        if ph.say:
            story.append(P(_("Say: {text}").format(text=ph.say)))
        if ph.do:
            story.append(P(_("Do: {text}").format(text=ph.do)))
        if ph.back_pocket:
            story.append(P(_("Back-pocket questions"), "cellbold"))
            for q in ph.back_pocket:
                story.append(bullet(q, "–"))
        if ph.captures_commitments:
            story.append(P(_("Write each person's step on the commitments page at the end of this guide."),
                           "small"))
    return story


def _closing_story(order: tuple[str, ...], width: float) -> list:
    """The facilitator's role, then a page for notes and the commitments of the people of ``order``."""
    story: list = []
    story.append(P(_("Your role"), "h1"))
    for line in (_("Keep it a dialogue, not a debate: invite reactions and link the stories."),
                 _("Stay out of the content; share the time fairly, using the talking-stick order."),
                 _("Keep time, and say when a round is about to end."),
                 _("Write the first names down and use them.")):
        story.append(bullet(line))

    # notes and commitments
    story.append(PageBreak())
    story.append(P(_("Notes"), "h1"))
    story.append(_lines(12, width))
    story.append(P(_("Commitments"), "h1"))
    story.append(P(_("One small, concrete step per person (“Tomorrow I will …”), optionally with a tablemate."),
                   "small"))
    rows = [[P(_("First name"), "cellbold"), P(_("Commitment"), "cellbold"), P(_("With whom"), "cellbold")]]
    names = list(order) or [""] * 6
    rows += [[P(n, "cell"), "", ""] for n in names] + [["", "", ""]] * 2
    table = Table(rows, colWidths=[40 * mm, width - 40 * mm - 35 * mm, 35 * mm],
                  rowHeights=[None] + [11 * mm] * (len(rows) - 1), repeatRows=1)
    table.setStyle(GRID_STYLE)
    story.append(table)
    return story


class _Drawn(Flowable):
    """Takes no room; reports one guide done when the page it ends on is drawn."""

    def __init__(self, steps) -> None:
        super().__init__()
        self.steps = steps

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.steps.step()


def render_guides(guides: list[inputs.GuideInput], path: Path, *, make_steps=None) -> int:
    steps = make_steps(len(guides)) if make_steps else None
    from reportlab.lib.pagesizes import A4

    width = A4[0] - 2 * MARGIN
    title = guides[0].event.title if guides else ""
    doc, on_page = doc_template(path, title=_("Facilitator guides"), footer=title)
    story: list = []
    for i, g in enumerate(guides):
        if i:
            story.append(PageBreak())
        story.extend(guide_story(g, width))
        if steps:  # counted when the guide is drawn: building the pages is where the time goes
            story.append(_Drawn(steps))
    if not story:
        story.append(P(_("There are no tables to print."), "body"))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return len(guides)
