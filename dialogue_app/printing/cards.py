"""Table cards, name tents and commitment cards.

* Table cards: per table a folded A4 tent (landscape, folded across the middle)
  with the table number large, the venue and the facilitator, followed by one name
  tent per participant of that table (first name on both halves, the upper half
  rotated 180°).
* Commitment cards: six cards per A4 sheet (cut along the dotted lines) with the
  commitment, the date and the follow-up promise; without recorded commitments, a
  blank card per participant to write on.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import inputs
from dialogue_app.printing.badges import table_line
from dialogue_app.printing.common import (
    FONT,
    FONT_BOLD,
    Grid,
    card_grid,
    draw_fitted,
    draw_paragraph_fitted,
    draw_tent,
    draw_text,
    new_canvas,
    shape,
)

TENT_PAGE = landscape(A4)
ACCENT = colors.HexColor("#1f4e79")


def facilitator_lines(t: inputs.TableInput) -> list[str]:
    """"Facilitator: Noor Meijer", or, where the facilitators change between rounds, one
    line per round ("Facilitator in round 2: Bilal Benali")."""
    rounds = [t.facilitators, *t.later_facilitators]
    if all(r == rounds[0] for r in rounds):
        if not t.facilitators:
            return []
        return [i18n.ngettext("Facilitator: {names}", "Facilitators: {names}", len(t.facilitators))
                .format(names=", ".join(t.facilitators))]
    return [i18n.ngettext("Facilitator in round {n}: {names}", "Facilitators in round {n}: {names}", len(names))
            .format(n=k, names=", ".join(names) or "–") for k, names in enumerate(rounds, 1)]


def _table_face(t: inputs.TableInput, event_title: str):
    def face(c, w, h) -> None:
        pad = 12 * mm
        c.setFillColor(colors.HexColor("#555555"))
        draw_fitted(c, event_title, pad, h - pad - 4, w - 2 * pad, font=FONT, max_size=12, min_size=7,
                    align="center")
        c.setFillColor(ACCENT)
        label = _("Training table {n}") if t.is_training else _("Table {n}")
        draw_fitted(c, label.format(n=t.number), pad, h * 0.42, w - 2 * pad, font=FONT_BOLD, max_size=96,
                    min_size=30, align="center")
        c.setFillColor(colors.black)
        y = h * 0.42 - 12 * mm
        where = " – ".join(x for x in (t.name, t.venue) if x)
        if where:
            draw_fitted(c, where, pad, y, w - 2 * pad, font=FONT, max_size=16, min_size=8, align="center")
            y -= 8 * mm
        lines = facilitator_lines(t)
        if len(lines) > 3:  # many rounds: one line, shrunk to fit
            lines = [" · ".join(lines)]
        for line in lines:
            draw_fitted(c, line, pad, y, w - 2 * pad, font=FONT, max_size=14, min_size=8, align="center")
            y -= 6 * mm
    return face


def _name_face(first_name: str, tables: tuple[int | None, ...], event_title: str):
    def face(c, w, h) -> None:
        pad = 14 * mm
        c.setFillColor(colors.black)
        draw_fitted(c, first_name, pad, h * 0.38, w - 2 * pad, font=FONT_BOLD, max_size=110, min_size=24,
                    align="center")
        c.setFillColor(colors.HexColor("#555555"))
        line = table_line(tables) + (f" · {event_title}" if event_title else "")
        draw_fitted(c, line, pad, 10 * mm, w - 2 * pad, font=FONT, max_size=11, min_size=7, align="center")
    return face


def render_table_cards(tables: list[inputs.TableInput], path: Path, *, event_title: str = "",
                       make_steps=None) -> int:
    """A table tent per table, then that table's name tents. Returns the number of pages."""
    total = sum(1 + len(t.first_names) for t in tables)
    steps = make_steps(total) if make_steps else None
    c = new_canvas(path, title=_("Table cards and name tents"), pagesize=TENT_PAGE)
    pages = 0
    for t in tables:
        draw_tent(c, _table_face(t, event_title), TENT_PAGE)
        _fold_hint(c)
        c.showPage()
        pages += 1
        if steps:
            steps.step()
        for k, name in enumerate(t.first_names):
            later = t.later_tables[k] if k < len(t.later_tables) else ()
            with i18n.language((t.languages[k] if k < len(t.languages) else "") or None):  # the wearer's
                draw_tent(c, _name_face(name, (t.number, *later), event_title), TENT_PAGE)
            c.showPage()
            pages += 1
            if steps:
                steps.step()
    if not pages:
        draw_text(c, shape(_("There are no tables to print.")), 20 * mm, TENT_PAGE[1] / 2, FONT, 12)
        c.showPage()
    c.save()
    return pages


def _fold_hint(c) -> None:
    c.saveState()
    c.setFillColor(colors.grey)
    draw_text(c, shape(_("Fold along the dotted line")), 10 * mm, TENT_PAGE[1] / 2 + 1.5 * mm, FONT, 7)
    c.restoreState()


#: options.extra["split"] of table cards: all tables in one PDF, or one PDF per table into a folder
SPLITS = ("none", "table")


def table_file_name(number: int, width: int = 2, training: bool = False) -> str:
    """The file of one table's cards in the document language: "Table card table 03.pdf"."""
    label = _("Training table card {n}") if training else _("Table card table {n}")
    name = label.format(n=str(number).zfill(width)) + ".pdf"
    return name.replace("/", "-").replace("\\", "-")


# --- commitment cards -------------------------------------------------------------------------

COMMITMENT_GRID = Grid(A4, 2, 3, 95 * mm, 88 * mm, left=10 * mm, top=16.5 * mm, gap_x=0)


def draw_commitment_card(c, card: inputs.CommitmentCardInput, x: float, y: float, w: float, h: float) -> None:
    pad = 7 * mm
    inner = w - 2 * pad
    top = y + h - pad
    c.setFillColor(ACCENT)
    heading = _("My small step")
    if card.first_name:
        heading = _("{name}'s small step").format(name=card.first_name)
    draw_fitted(c, heading, x + pad, top - 14, inner, font=FONT_BOLD, max_size=15, min_size=9)
    c.setFillColor(colors.black)
    text_top = top - 22
    # from the bottom up: the follow-up promise, the date, the target date, then the commitment
    promise_top = y + 5 * mm + 10 * mm
    when_y = promise_top + 2.5 * mm
    target_y = when_y + 5 * mm
    text_bottom = (target_y if card.target_date else when_y) + 6 * mm
    box_h = text_top - text_bottom
    if card.text:
        text = card.text
        if card.partner_first_name:
            text += "\n" + _("Together with {name}").format(name=card.partner_first_name)
        draw_paragraph_fitted(c, text, x + pad, text_top, inner, box_h, max_size=13, min_size=7)
    else:
        c.saveState()
        c.setStrokeColor(colors.HexColor("#999999"))
        c.setLineWidth(0.5)
        yy = text_top - 9 * mm
        while yy > text_bottom:
            c.line(x + pad, yy, x + w - pad, yy)
            yy -= 9 * mm
        c.restoreState()
    c.setFillColor(colors.HexColor("#333333"))
    if card.target_date:
        draw_fitted(c, _("I will do it by {date}").format(date=i18n.format_date(card.target_date, "long")),
                    x + pad, target_y, inner, font=FONT_BOLD, max_size=9.5, min_size=6)
    when = ", ".join(x_ for x_ in (card.event_title, i18n.format_date(card.event_date, "long")) if x_)
    if when:
        draw_fitted(c, when, x + pad, when_y, inner, font=FONT, max_size=8.5, min_size=6)
    draw_paragraph_fitted(c, _("In a few weeks we will ask you whether you took your step. "
                               "Keep this card as a reminder."), x + pad, promise_top, inner, 10 * mm,
                          style="small", max_size=8.5, min_size=6)


def render_commitment_cards(cards: list[inputs.CommitmentCardInput], path: Path, *, make_steps=None) -> int:
    steps = make_steps(len(cards)) if make_steps else None
    c = new_canvas(path, title=_("Commitment cards"))

    def draw(c_, card, x, y, w, h) -> None:
        with i18n.language(card.language or None):  # in the language its writer reads
            draw_commitment_card(c_, card, x, y, w, h)

    if cards:
        card_grid(c, cards, draw, COMMITMENT_GRID, steps=steps, cut_marks=True)
    else:
        draw_text(c, shape(_("There are no commitments to print.")), 20 * mm, A4[1] / 2, FONT, 12)
        c.showPage()
    c.save()
    return len(cards)
