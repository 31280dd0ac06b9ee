"""The trainer pack PDF: agendas, exercises, scenario cards, practice guests, the practice
rounds, the facilitator checklist, the coordinator handout and an attendance list.

Built with the shared printing blocks (:mod:`dialogue_app.printing.common`: embedded
DejaVu fonts, paragraph styles, page template, atomic writing, progress and cancel),
in the event language or ``options.lang``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.i18n import ngettext
from dialogue_app.printing.common import FONT, MARGIN, P, bullet, doc_template, para_text, styles
from dialogue_app.training import content

GRID = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
])
CARD = TableStyle([
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#777777")),
    ("LINEABOVE", (0, 0), (-1, 0), 0, colors.white),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ("RIGHTPADDING", (0, 0), (-1, -1), 7),
    ("TOPPADDING", (0, 0), (-1, -1), 6),
])
SECTIONS = 9  # cover, agendas, exercises, scenarios, guests, rounds, checklist, coordinators, attendance


@dataclass(frozen=True)
class PackTrainee:
    name: str
    city: str
    track: str


@dataclass(frozen=True)
class PackSession:
    title: str
    date: dt.date | None
    start: dt.time | None
    kind: str = "basic"


@dataclass(frozen=True)
class PackInput:
    title: str
    theme: str
    date: dt.date | None
    trainees: tuple[PackTrainee, ...] = ()
    sessions: tuple[PackSession, ...] = ()
    practice: tuple = ()  # PracticeTableInfo
    extra: dict = field(default_factory=dict)


def collect_pack(session, options) -> PackInput:
    from dialogue_app.services import training as tr
    from dialogue_app.services.events import current_event

    e = current_event(session)
    trainees = tr.list_trainees(session)
    sessions = tuple(
        PackSession(s.title, s.date, s.start_time, s.kind) for s in tr.list_sessions(session))
    return PackInput(e.title, e.theme, e.date,
                     tuple(PackTrainee(t.name, t.city, t.track) for t in trainees), sessions,
                     tuple(tr.list_practice(session)))


def _clock(start: dt.time, minutes: int) -> str:
    t = (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)).time()
    return i18n.format_time(t)


def agenda_story(a: content.Agenda, width: float) -> list:
    starts = {"evening": dt.time(19, 0)}
    start = starts.get(a.key, dt.time(9, 30))
    hours = a.total_minutes / 60
    out: list = [P(_(a.title), "h2"),
                 P(ngettext("{n} minute of programme", "{n} minutes of programme", a.total_minutes)
                   .format(n=a.total_minutes) + f" ({i18n.format_decimal(hours, 1)} h)", "small")]
    for d, items in enumerate(a.days):
        if len(a.days) > 1:
            out.append(P(_("Day {n}").format(n=d + 1), "cellbold"))
        rows = [[P(_("Time"), "cellbold"), P(_("Minutes"), "cellbold"), P(_("Part"), "cellbold")]]
        at = 0
        for it in items:
            text = f"<b>{para_text(_(it.title))}</b>"
            if it.detail:
                text += f"<br/>{para_text(_(it.detail))}"
            rows.append([P(_clock(start, at), "cell"), P(str(it.minutes), "cell"), Paragraph(text, styles()["cell"])])
            at += it.minutes
        rows.append([P(_clock(start, at), "cell"), "", P(_("End"), "cell")])
        t = Table(rows, colWidths=[22 * mm, 20 * mm, width - 42 * mm], repeatRows=1)
        t.setStyle(GRID)
        out.append(t)
        out.append(Spacer(1, 4 * mm))
    return out


def _card(title: str, body: list, width: float, height: float, kicker: str) -> Table:
    cell = [P(kicker, "small"), P(title, "h2"), *body]
    t = Table([[cell]], colWidths=[width], rowHeights=[height])
    t.setStyle(CARD)
    return t


def scenario_cards(width: float) -> list:
    w = (width - 6 * mm) / 2
    h = 108 * mm
    cards = []
    for s in content.SCENARIOS:
        body = [P(_(s.situation), "body"), P(_("What the facilitator can do"), "cellbold")]
        body += [bullet(_(m), "–") for m in s.moves]
        cards.append(_card(_(s.title), body, w, h, _("Scenario card")))
    return _grid(cards, w, h)


def persona_cards(width: float, n: int = 10) -> list:
    w = (width - 6 * mm) / 2
    h = 40 * mm
    cards = []
    for p in content.practice_personas(n, seed=7):
        title = _("{name}, {age}").format(name=f"{p.first_name} {p.last_name}", age=p.age)
        cards.append(_card(title, [P(_(p.sketch), "body")], w, h, _("Practice guest (fictional)")))
    return _grid(cards, w, h)


def _grid(cards: list, w: float, h: float) -> list:
    rows = [cards[i:i + 2] + [""] * (2 - len(cards[i:i + 2])) for i in range(0, len(cards), 2)]
    t = Table(rows, colWidths=[w + 3 * mm, w + 3 * mm], rowHeights=[h + 4 * mm] * len(rows))
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [t]


def practice_story(data: PackInput, width: float) -> list:
    out: list = [P(_("Practice rounds"), "h1")]
    if not data.practice:
        out.append(P(_("No practice rounds are planned yet. Plan them in the Training area: every trainee "
                       "facilitates at least once and meets as many others as possible."), "body"))
        return out
    out.append(P(_("Each trainee facilitates at least once; the others play guests from the practice guest cards. "
                   "Give one guest the table's scenario card face down."), "small"))
    rows = [[P(_("Round"), "cellbold"), P(_("Table"), "cellbold"), P(_("Facilitator"), "cellbold"),
             P(_("Guests"), "cellbold"), P(_("Scenario"), "cellbold")]]
    for t in data.practice:
        sc = content.scenario(t.scenario)
        rows.append([P(str(t.round), "cell"), P(str(t.number), "cell"), P(t.facilitator, "cell"),
                     P(", ".join(t.members[1:]), "cell"), P(_(sc.title) if sc else "", "cell")])
    tbl = Table(rows, colWidths=[17 * mm, 16 * mm, 38 * mm, width - 111 * mm, 40 * mm], repeatRows=1)
    tbl.setStyle(GRID)
    out.append(tbl)
    return out


def attendance_story(data: PackInput, width: float) -> list:
    out: list = []
    sessions = data.sessions or (PackSession(_("Training session"), None, None),)
    for i, s in enumerate(sessions):
        trainees = [t for t in data.trainees if s.kind != "coordinator" or t.track == "coordinator"]
        trainees = trainees or [PackTrainee("", "", "")] * 12
        if i:
            out.append(PageBreak())
        out.append(P(_("Attendance list"), "h1"))
        when = " – ".join(x for x in (i18n.format_date(s.date) if s.date else "",
                                       i18n.format_time(s.start) if s.start else "") if x)
        out.append(P(f"{s.title}" + (f" · {when}" if when else ""), "h2"))
        rows = [[P(_("Name"), "cellbold"), P(_("City"), "cellbold"), P(_("Present"), "cellbold"),
                 P(_("Signature"), "cellbold")]]
        rows += [[P(t.name, "cell"), P(t.city, "cell"), "☐", ""] for t in trainees]
        rows += [["", "", "☐", ""]] * 3
        tbl = Table(rows, colWidths=[62 * mm, 38 * mm, 18 * mm, width - 118 * mm],
                    rowHeights=[None] + [9 * mm] * (len(rows) - 1), repeatRows=1)
        tbl.setStyle(GRID)
        out.append(tbl)
    return out


def pack_story(data: PackInput, width: float, steps=None) -> list:
    def step() -> None:
        if steps is not None:
            steps.step()

    story: list = [P(_("Trainer pack"), "title"), P(data.title, "h2")]
    if data.theme:
        story.append(P(_("Theme: {theme}").format(theme=data.theme), "body"))
    if data.date:
        story.append(P(i18n.format_date(data.date, "long"), "body"))
    story.append(Spacer(1, 4 * mm))
    story.append(P(_("Contents"), "h2"))
    for line in (_("Agendas: a two-hour evening, a full day, two days"), _("Exercises"), _("Scenario cards"),
                 _("Practice guests"), _("Practice rounds"), _("Facilitator checklist"),
                 _("Running a Day of Dialogue in your city (for coordinators)"), _("Attendance list")):
        story.append(bullet(line))
    story.append(Spacer(1, 4 * mm))
    story.append(P(_("The method in brief"), "h2"))
    story.append(P(_("Residents who would not normally meet sit at small tables with a trained facilitator and "
                     "talk about one theme in four rounds: getting acquainted, experiences, dream and do. The "
                     "questions are appreciative: they ask for positive experiences and wishes, not for problems "
                     "and opinions. A facilitator keeps it a dialogue, not a debate."), "body"))
    step()
    story.append(PageBreak())
    story.append(P(_("Agendas"), "h1"))
    for a in content.AGENDAS:
        story.append(CondPageBreak(60 * mm))
        story.extend(agenda_story(a, width))
    step()
    story.append(PageBreak())
    story.append(P(_("Exercises"), "h1"))
    for ex in content.EXERCISES:
        story.append(KeepTogether([P(_(ex.title), "h2"),
                                   P(ngettext("{n} minute", "{n} minutes", ex.minutes).format(n=ex.minutes), "small"),
                                   P(_(ex.steps), "body")]))
    step()
    story.append(PageBreak())
    story.append(P(_("Scenario cards"), "h1"))
    story.append(P(_("Cut out the cards. Deal one to a guest at a practice table; the guest plays the situation "
                     "and the facilitator responds. Afterwards, talk about what worked."), "small"))
    story.extend(scenario_cards(width))
    step()
    story.append(PageBreak())
    story.append(P(_("Practice guests"), "h1"))
    story.append(P(_("Fictional guests for role play at practice tables. Trainees who play them add their own "
                     "experiences; nobody has to share anything personal."), "small"))
    story.extend(persona_cards(width))
    step()
    story.append(PageBreak())
    story.extend(practice_story(data, width))
    step()
    story.append(PageBreak())
    story.append(P(_("Facilitator checklist"), "h1"))
    rows = [["☐", P(_(line), "body")] for line in content.CHECKLIST]
    tbl = Table(rows, colWidths=[9 * mm, width - 9 * mm])
    tbl.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (0, -1), 14),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story.append(tbl)
    story.append(P(_("Ground rules to explain at the start"), "h2"))
    for rule in (_("Let others finish."), _("Speak from “I”, not “people say”."),
                 _("Hold back judgement; ask instead."), _("Silences are fine; nobody has to answer."),
                 _("What is shared stays at the table.")):
        story.append(bullet(rule))
    step()
    story.append(PageBreak())
    story.append(P(_("Running a Day of Dialogue in your city"), "h1"))
    story.append(P(_("A handout for coordinators: the steps from the app's point of view."), "small"))
    for i, (title, text) in enumerate(content.COORDINATOR_SECTIONS, start=1):
        story.append(KeepTogether([P(f"{i}. {_(title)}", "h2"), P(_(text), "body")]))
    story.append(P(_("Timeline"), "h2"))
    for line in (_("Three months before: theme, partners, hosts."),
                 _("Six weeks before: registration opens; train facilitators."),
                 _("Two weeks before: plan the tables; print badges, cards and guides."),
                 _("On the day: check-in, the rounds with the timer, commitments and surveys."),
                 _("Afterwards: enter surveys, write the report, follow up the commitments.")):
        story.append(bullet(line))
    step()
    story.append(PageBreak())
    story.extend(attendance_story(data, width))
    step()
    return story


def render_pack(data: PackInput, path: Path, *, make_steps=None) -> int:
    steps = make_steps(SECTIONS) if make_steps else None
    width = A4[0] - 2 * MARGIN
    doc, on_page = doc_template(path, title=_("Trainer pack"), footer=data.title)
    doc.build(pack_story(data, width, steps), onFirstPage=on_page, onLaterPages=on_page)
    return SECTIONS


def write_trainer_pack(store, out: Path, options, progress, should_stop) -> int:
    """Write the trainer pack of the event in ``store`` to ``out`` (PDF); returns the sections written."""
    from dialogue_app.services.printing.writers import export_pdf

    return export_pdf(store, out, options, progress, should_stop, collect_pack,
                      lambda data, tmp, make_steps: render_pack(data, tmp, make_steps=make_steps))
