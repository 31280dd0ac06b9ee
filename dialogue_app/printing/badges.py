"""Name badges with a QR code holding only the participant code.

Layouts: A4 label sheets 2 × 4 (99.1 × 67.7 mm, Avery L7165 and compatible),
3 × 7 (63.5 × 38.1 mm, Avery L7160 and compatible), and single badges (one
100 × 70 mm page each, for badge printers and sleeves). The first page says to
print at actual size; the PDF also asks viewers not to scale (PrintScaling None).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from dialogue_app import i18n
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import N_
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import inputs
from dialogue_app.printing.common import (
    FONT,
    FONT_BOLD,
    Grid,
    card_grid,
    draw_fitted,
    draw_qr,
    draw_text,
    fit_text,
    new_canvas,
    shape,
)
from dialogue_app.wording import table_sequence


@dataclass(frozen=True)
class LabelLayout:
    key: str
    title: str  # N_-marked
    grid: Grid
    sheet: bool  # True: A4 label sheet; False: one badge per page


LAYOUTS: dict[str, LabelLayout] = {
    "L7165": LabelLayout("L7165", N_("A4 sheet, 2 × 4 labels of 99.1 × 67.7 mm (Avery L7165 or compatible)"),
                         Grid(A4, 2, 4, 99.1 * mm, 67.7 * mm, left=4.65 * mm, top=13.1 * mm, gap_x=2.5 * mm),
                         True),
    "L7160": LabelLayout("L7160", N_("A4 sheet, 3 × 7 labels of 63.5 × 38.1 mm (Avery L7160 or compatible)"),
                         Grid(A4, 3, 7, 63.5 * mm, 38.1 * mm, left=7.25 * mm, top=15.15 * mm, gap_x=2.5 * mm),
                         True),
    "single": LabelLayout("single", N_("Single badges of 100 × 70 mm, one per page"),
                          Grid((100 * mm, 70 * mm), 1, 1, 100 * mm, 70 * mm, left=0, top=0), False),
}
DEFAULT_LAYOUT = "L7165"

ROLE_LABELS = {"facilitator": N_("Facilitator"), "host": N_("Host"), "trainer": N_("Trainer")}


def layout(key: str | None) -> LabelLayout:
    lay = LAYOUTS.get(key or DEFAULT_LAYOUT)
    if lay is None:
        raise UserInputError(_("Unknown label layout “{key}”; choose one of: {keys}.").format(
            key=key, keys=", ".join(LAYOUTS)))
    return lay


def actual_size_note(lay: LabelLayout) -> str:
    return _("Print at actual size (100%), not “fit to page”.") + " " + _(lay.title)


def badge_labels() -> dict[str, str]:
    """The translated words of a badge, looked up once per document."""
    return {"table": _("Table {n}"), "tables": _("Tables {numbers}"), "every_round": _("Table {n} (every round)"),
            **{role: _(text) for role, text in ROLE_LABELS.items()}}


def draw_badge(c, b: inputs.BadgeInput, x: float, y: float, w: float, h: float, event_title: str = "",
               labels: dict[str, str] | None = None) -> None:
    """One badge inside the rectangle (x, y, w, h); nothing is drawn outside it."""
    labels = labels or badge_labels()
    pad = max(3 * mm, min(w, h) * 0.07)
    small = h < 45 * mm
    qr = min(h - 2 * pad - (2.5 * mm if small else 4 * mm), 0.3 * w, 30 * mm)
    code_size = 6 if small else 7
    qx, qy = x + w - pad - qr, y + h - pad - qr
    draw_qr(c, b.code, qx, qy, qr)
    c.setFillColor(colors.HexColor("#555555"))
    c.setFont(FONT, code_size)
    c.drawCentredString(qx + qr / 2, qy - code_size - 0.5, b.code)
    text_x = x + pad
    text_w = w - 2 * pad - qr - 2 * mm
    top = y + h - pad
    c.setFillColor(colors.HexColor("#555555"))
    if event_title and not small:
        fitted = draw_fitted(c, event_title, text_x, top - 7, text_w, font=FONT, max_size=8, min_size=6)
        top -= fitted.size + 5
    c.setFillColor(colors.black)
    first_max = min(h * (0.24 if small else 0.22), 34)
    first_min = 9 if small else 11
    first = fit_text(b.first_name or b.last_name, FONT_BOLD, text_w, first_max, first_min)
    table_size = 9 if small else 13
    bottom = y + pad
    last = None
    if b.last_name and b.first_name:
        last = fit_text(b.last_name, FONT, text_w, min(16, max(first.size * 0.5, 8 if small else 10)), 6.5)
    role = labels.get(b.role) if b.role in ROLE_LABELS else None
    role_size = 7 if small else 9
    # on large labels the name block sits a little above the middle of the space over the table line
    block = first.size * 1.15 + (last.size + 1 if last else 0) + (role_size + 2 if role else 0)
    free = top - (bottom + table_size + 4) - block
    line_y = top - first.size * 0.9 - (max(2 * mm, free * 0.4) if not small else 0.5 * mm)
    if first.text:
        draw_text(c, first.text, text_x, line_y, FONT_BOLD, first.size)
    next_y = line_y - first.size * 0.25
    if last is not None:
        next_y -= last.size + 1
        if next_y > bottom + table_size + 1:
            draw_text(c, last.text, text_x, next_y, FONT, last.size)
    if role:
        next_y -= role_size + 2
        if next_y > bottom + table_size + 1:
            c.setFillColor(colors.HexColor("#1f4e79"))
            draw_fitted(c, role, text_x, next_y, text_w, font=FONT_BOLD, max_size=role_size, min_size=6)
            c.setFillColor(colors.black)
    line = table_line((b.table_number, *b.later_tables), labels)
    if line:
        draw_fitted(c, line, text_x, bottom, text_w, font=FONT_BOLD, max_size=table_size, min_size=7)


def table_line(tables: tuple[int | None, ...], labels: dict[str, str] | None = None) -> str:
    """"Table 3"; with more rounds each round's table in order, "Tables 3 → 7 → 12" ("–" for
    a round without a seat yet), or "Table 3 (every round)"; empty without any table."""
    labels = labels or badge_labels()
    if all(t is None for t in tables):
        return ""
    if len(tables) == 1:
        return labels["table"].format(n=tables[0])
    if all(t == tables[0] for t in tables):
        return labels["every_round"].format(n=tables[0])
    return labels["tables"].format(numbers=table_sequence(tables))


def render_badges(badges: list[inputs.BadgeInput], path: Path, *, layout_key: str | None = None,
                  event_title: str = "", make_steps=None) -> int:
    lay = layout(layout_key)
    steps = make_steps(len(badges)) if make_steps else None
    c = new_canvas(path, title=_("Name badges") + (f" – {event_title}" if event_title else ""),
                   pagesize=lay.grid.page)
    c.setViewerPreference("PrintScaling", "None")

    def first_page(c_) -> None:
        note = actual_size_note(lay)
        page_w, page_h = lay.grid.page
        c_.saveState()
        c_.setFillColor(colors.HexColor("#444444"))
        if lay.sheet:  # in the top margin, above the first row of labels
            draw_fitted(c_, note, 8 * mm, page_h - 8 * mm, page_w - 16 * mm, font=FONT, max_size=8, min_size=5,
                        align="center")
        else:  # along the bottom edge of the first badge
            draw_fitted(c_, note, 2 * mm, 1.2 * mm, page_w - 4 * mm, font=FONT, max_size=5.5, min_size=4,
                        align="center")
        c_.restoreState()

    labels: dict[str, dict[str, str]] = {}  # language -> the badge's words in it

    def draw(c_, b, x, y, w, h) -> None:
        with i18n.language(b.language or None) as lang:  # the words in the language its wearer reads
            if lang not in labels:
                labels[lang] = badge_labels()
            draw_badge(c_, b, x, y, w, h, event_title, labels[lang])

    if not badges:
        first_page(c)
        draw_text(c, shape(_("Nobody to print a badge for.")), 20 * mm, lay.grid.page[1] / 2, FONT, 11)
        c.showPage()
    else:
        card_grid(c, badges, draw, lay.grid, steps=steps, first_page=first_page)
    c.save()
    return len(badges)


def badge_order(key: str | None) -> str:
    """"table" (default) or "name"; anything else is refused with a message."""
    key = key or "table"
    if key not in inputs.BADGE_ORDERS:
        raise UserInputError(_("Unknown badge order “{key}”; choose one of: {keys}.").format(
            key=key, keys=", ".join(inputs.BADGE_ORDERS)))
    return key
