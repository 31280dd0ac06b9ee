"""Printable follow-up letters: one page per person who made a commitment and agreed to be contacted,
in that person's language, with their participant code as a QR code for the follow-up form and the
follow-up questions ("did you do it?", "what happened?") to fill in on paper."""

from __future__ import annotations

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
    new_canvas,
    tick_box,
)
from dialogue_app.services import commitments as cm
from dialogue_app.services import followup
from dialogue_app.services.printing.writers import export_pdf


def _collect(session, options):
    from dialogue_app.services.events import current_event

    e = current_event(session)
    return e.title, e.date, followup.followup_list(session)


def draw_letter(c, title: str, date, person: followup.FollowUpPerson) -> None:
    w, h = A4
    x, width = MARGIN, w - 2 * MARGIN
    y = h - MARGIN
    with i18n.language(person.language):
        draw_fitted(c, title, x, y - 8 * mm, width - 45 * mm, font=FONT_BOLD, max_size=18, min_size=10)
        c.setFont(FONT, 10)
        if date:
            c.drawString(x, y - 15 * mm, i18n.format_date(date, "long"))
        qr = 34 * mm
        draw_qr(c, person.code, w - MARGIN - qr, y - qr - 2 * mm, qr)
        c.setFont(FONT_BOLD, 11)
        c.drawCentredString(w - MARGIN - qr / 2, y - qr - 7 * mm, person.code)
        y -= qr + 16 * mm
        used = draw_paragraph_fitted(c, followup.letter_text(person, title), x, y, width, 40 * mm, max_size=12)
        y -= used + 8 * mm
        c.setFont(FONT_BOLD, 11)
        c.drawString(x, y, _("Your small step"))
        y -= 4 * mm
        for com in person.commitments:
            used = draw_paragraph_fitted(c, f"• {com.text} ({cm.kind_label(com.kind)})", x, y, width, 22 * mm,
                                         max_size=11)
            y -= used + 2 * mm
        y -= 6 * mm
        c.setFont(FONT_BOLD, 11)
        c.drawString(x, y, _("Did you do it?"))
        y -= 8 * mm
        c.setFont(FONT, 11)
        bx = x
        for status in ("done", "partly", "not_yet"):
            tick_box(c, bx, y - 1 * mm)
            label = cm.status_label(status)
            c.drawString(bx + 6 * mm, y, label)
            bx += 12 * mm + c.stringWidth(label, FONT, 11)
        y -= 12 * mm
        c.setFont(FONT_BOLD, 11)
        c.drawString(x, y, _("What happened?"))
        c.setLineWidth(0.4)
        for k in range(5):
            ly = y - (k + 1) * 9 * mm
            c.line(x, ly, x + width, ly)
        y -= 6 * 9 * mm + 4 * mm
        draw_paragraph_fitted(c, _("Scan the code at the top right in the follow-up form, or give this page back "
                                   "to the organisers. Your answer is used only to see what came of the day."),
                              x, y, width, 20 * mm, style="small", max_size=9)
    c.showPage()


def render_letters(data, path: Path, *, make_steps=None) -> int:
    title, date, people = data
    steps = make_steps(max(1, len(people))) if make_steps else None
    c = new_canvas(path, title=_("Follow-up letters"))
    for p in people:
        draw_letter(c, title, date, p)
        if steps:
            steps.step()
    if not people:
        c.setFont(FONT, 12)
        c.drawString(20 * mm, A4[1] / 2, _("Nobody with a commitment has agreed to be contacted."))
        c.showPage()
    c.save()
    return len(people)


def write_followup_letters(store, out: Path, options, progress, should_stop) -> int:
    return export_pdf(store, out, options, progress, should_stop, _collect,
                      lambda data, tmp, make_steps: render_letters(data, tmp, make_steps=make_steps))
