"""Printable follow-up letters: one page per person who made a commitment and agreed to be contacted,
in that person's language, with their participant code as a QR code for the follow-up form and the
follow-up questions ("did you do it?", "what happened?") to fill in on paper."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from dialogue_app import i18n
from dialogue_app.i18n import gettext as _
from dialogue_app.printing.common import (
    FONT,
    FONT_BOLD,
    MARGIN,
    draw_fitted,
    draw_paragraph_fitted,
    draw_qr,
    draw_text,
    new_canvas,
    shape,
    tick_box,
)


@dataclass(frozen=True)
class Letter:
    """One person's letter, its words already in their language (``services.followup.letters_input``)."""

    code: str
    language: str
    message: str
    #: (commitment text, kind label)
    commitments: tuple[tuple[str, str], ...]
    #: the labels of the tick boxes: done, partly, not yet
    status_labels: tuple[str, ...]


@dataclass(frozen=True)
class LettersInput:
    title: str
    date: dt.date | None
    letters: tuple[Letter, ...]


def _line(c, text: str, x: float, y: float, font: str, size: float) -> float:
    """One line in reading order with joined Arabic letters and the Ethiopic fallback; its width."""
    return draw_text(c, shape(text), x, y, font, size)


def draw_letter(c, title: str, date, person: Letter) -> None:
    w, h = A4
    x, width = MARGIN, w - 2 * MARGIN
    y = h - MARGIN
    with i18n.language(person.language):
        draw_fitted(c, title, x, y - 8 * mm, width - 45 * mm, font=FONT_BOLD, max_size=18, min_size=10)
        if date:
            _line(c, i18n.format_date(date, "long"), x, y - 15 * mm, FONT, 10)
        qr = 34 * mm
        draw_qr(c, person.code, w - MARGIN - qr, y - qr - 2 * mm, qr)
        c.setFont(FONT_BOLD, 11)
        c.drawCentredString(w - MARGIN - qr / 2, y - qr - 7 * mm, person.code)
        y -= qr + 16 * mm
        used = draw_paragraph_fitted(c, person.message, x, y, width, 40 * mm, max_size=12)
        y -= used + 8 * mm
        _line(c, _("Your small step"), x, y, FONT_BOLD, 11)
        y -= 4 * mm
        for text, kind in person.commitments:
            used = draw_paragraph_fitted(c, f"• {text} ({kind})", x, y, width, 22 * mm, max_size=11)
            y -= used + 2 * mm
        y -= 6 * mm
        _line(c, _("Did you do it?"), x, y, FONT_BOLD, 11)
        y -= 8 * mm
        bx = x
        for label in person.status_labels:
            tick_box(c, bx, y - 1 * mm)
            bx += 12 * mm + _line(c, label, bx + 6 * mm, y, FONT, 11)
        y -= 12 * mm
        _line(c, _("What happened?"), x, y, FONT_BOLD, 11)
        c.setLineWidth(0.4)
        for k in range(5):
            ly = y - (k + 1) * 9 * mm
            c.line(x, ly, x + width, ly)
        y -= 6 * 9 * mm + 4 * mm
        draw_paragraph_fitted(c, _("Scan the code at the top right in the follow-up form, or give this page back "
                                   "to the organisers. Your answer is used only to see what came of the day."),
                              x, y, width, 20 * mm, style="small", max_size=9)
    c.showPage()


def render_letters(data: LettersInput, path: Path, *, make_steps=None) -> int:
    title, date, people = data.title, data.date, data.letters
    steps = make_steps(max(1, len(people))) if make_steps else None
    c = new_canvas(path, title=_("Follow-up letters"))
    for p in people:
        draw_letter(c, title, date, p)
        if steps:
            steps.step()
    if not people:
        _line(c, _("Nobody with a commitment has agreed to be contacted."), 20 * mm, A4[1] / 2, FONT, 12)
        c.showPage()
    c.save()
    return len(people)

