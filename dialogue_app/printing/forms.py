"""Paper survey forms for before and after the dialogue.

Per wave, one form per participant with their code pre-filled as a QR code
(the QR code holds only the code), or — the anonymous variant
(``options.extra["anonymous"]``) — forms with boxes for the self-generated code.
Every closed item gets a row of tick boxes; open items get lines.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from dialogue_app import i18n
from dialogue_app.errors import UserInputError
from dialogue_app.i18n import gettext as _
from dialogue_app.printing import inputs, rtl
from dialogue_app.printing.common import (
    FONT,
    FONT_BOLD,
    MARGIN,
    draw_fitted,
    draw_qr,
    draw_text,
    new_canvas,
    para_text,
    shape,
    styles,
    tick_box,
)

WAVES = ("before", "after", "follow-up")
PAGE_W, PAGE_H = A4


def _wave_title(forms: inputs.SurveyFormsInput, wave: str) -> str:
    titles = {"before": _("Survey before the dialogue"), "after": _("Survey after the dialogue"),
              "follow-up": _("Follow-up survey")}
    return titles.get(wave, forms.wave_titles.get(wave, wave))


def _header(c, forms: inputs.SurveyFormsInput, wave: str, code: str | None, table: int | None,
            continued: bool, also: str = "") -> float:
    """Draw the form's header (``also``: the title in the event's language, on the line below it);
    returns the y below it."""
    top = PAGE_H - MARGIN
    ev = forms.event
    right_w = 34 * mm
    text_w = PAGE_W - 2 * MARGIN - right_w - 6 * mm
    c.setFillColor(colors.black)
    draw_fitted(c, _wave_title(forms, wave), MARGIN, top - 18, text_w, font=FONT_BOLD, max_size=18, min_size=11)
    c.setFillColor(colors.HexColor("#444444"))
    line = ", ".join(x for x in (ev.title, i18n.format_date(ev.date, "long")) if x)
    line = " · ".join(x for x in (also, line) if x)
    draw_fitted(c, line, MARGIN, top - 34, text_w, font=FONT, max_size=10, min_size=7)
    if continued:
        draw_fitted(c, _("(continued)"), MARGIN, top - 47, text_w, font=FONT, max_size=9, min_size=7)
    c.setFillColor(colors.black)
    if code is not None:
        qr = 26 * mm
        x = PAGE_W - MARGIN - qr
        draw_qr(c, code, x, top - qr, qr)
        c.setFont(FONT, 8)
        c.drawCentredString(x + qr / 2, top - qr - 9, code)
        if table is not None:
            draw_text(c, shape(_("Table {n}").format(n=table)), x + qr / 2, top - qr - 19, FONT, 8, "center")
        return top - qr - 26
    return top - 54


def _intro(c, forms: inputs.SurveyFormsInput, y: float) -> float:
    w = PAGE_W - 2 * MARGIN
    text = (_("Tick one box per question. No names: your personal code below links your answers before and "
              "after the dialogue, so please answer the code questions the same way both times.")
            if forms.anonymous else
            _("Tick one box per question. No names: the code in the corner links your answers before and after "
              "the dialogue."))
    p = rtl.paragraph(text, "small", w)
    _w, h = p.wrap(w, 60 * mm)
    p.drawOn(c, MARGIN, y - h)
    return y - h - 4 * mm


def _code_boxes(c, forms: inputs.SurveyFormsInput, y: float) -> float:
    """The self-generated-code questions, each with its boxes."""
    st = styles()["cell"]
    draw_text(c, shape(_("Your personal code")), MARGIN, y - 12, FONT_BOLD, 11)
    y -= 20
    box = 7 * mm
    for label, n in forms.code_questions:
        p = Paragraph(para_text(label), st)
        _w, h = p.wrap(100 * mm, 20 * mm)
        row_h = max(h, box) + 2.5 * mm
        p.drawOn(c, MARGIN, y - (row_h + h) / 2 + 1)
        for i in range(n):
            c.setLineWidth(0.8)
            c.rect(MARGIN + 110 * mm + i * (box + 1.5 * mm), y - row_h + 1.5 * mm, box, box, stroke=1, fill=0)
        y -= row_h
    return y - 4 * mm


def _question(item, width: float) -> tuple[list, float]:
    """The question's paragraphs and their height: on a form in the reader's language the event's
    wording (``item.also``) follows in smaller grey type."""
    q = rtl.paragraph(item.label, "cellbold", width)
    _w, qh = q.wrap(width, 40 * mm)
    if not item.also:
        return [q], qh
    also = rtl.paragraph(item.also, "small", width)
    _w, ah = also.wrap(width, 30 * mm)
    return [q, also], qh + ah + 0.5 * mm


def _item_height(item, width: float) -> tuple[list, float]:
    """(question paragraphs, answer paragraphs) and the item's height."""
    question, qh = _question(item, width)
    if not item.options:
        return [question], qh + 3 * mm + 3 * 8 * mm
    cell_w = width / len(item.options)
    labels = [Paragraph(para_text(o), styles()["small"]) for o in item.options]
    lh = max(p.wrap(cell_w - 7 * mm, 30 * mm)[1] for p in labels)
    return [question, *labels], qh + 2.5 * mm + max(lh, 4 * mm) + 5 * mm


def draw_form(c, forms: inputs.SurveyFormsInput, wave: str, code: str | None, table: int | None,
              lang: str = "") -> int:
    """One participant's form for one wave (one page, or more for a long instrument), in the language
    they read (``lang``, "" for the document's). Returns pages."""
    items = forms.translated.get(lang, {}).get(wave) if lang else None
    also = _wave_title(forms, wave) if items is not None else ""  # the title in the event's language
    with i18n.language(lang or None):
        return _draw_form(c, forms, wave, code, table, forms.items.get(wave, ()) if items is None else items, also)


def _draw_form(c, forms: inputs.SurveyFormsInput, wave: str, code: str | None, table: int | None,
               items: tuple, also: str) -> int:
    pages = 1
    y = _header(c, forms, wave, code, table, False, also)
    y = _intro(c, forms, y)
    if code is None:
        y = _code_boxes(c, forms, y)
    width = PAGE_W - 2 * MARGIN - 8 * mm
    rtl = i18n.is_right_to_left()  # the number on the side the question starts
    x0 = MARGIN if rtl else MARGIN + 8 * mm
    for n, item in enumerate(items, 1):
        paras, h = _item_height(item, width)
        if y - h < MARGIN:
            c.showPage()
            pages += 1
            y = _header(c, forms, wave, code, table, True, also)
        c.setFont(FONT_BOLD, 10)
        if rtl:
            c.drawRightString(PAGE_W - MARGIN, y - 10, f"{n}.")
        else:
            c.drawString(MARGIN, y - 10, f"{n}.")
        yy = y
        for k, q in enumerate(paras[0]):
            _w, qh = q.wrap(width, 40 * mm)
            q.drawOn(c, x0, yy - qh)
            yy -= qh + (0.5 * mm if k == 0 else 0)
        yy -= 2.5 * mm - (0.5 * mm if len(paras[0]) > 1 else 0)
        if item.options:
            cell_w = width / len(item.options)
            for i, p in enumerate(paras[1:]):
                bx = x0 + i * cell_w
                tick_box(c, bx, yy - 3.6 * mm)
                _pw, ph = p.wrap(cell_w - 7 * mm, 30 * mm)
                p.drawOn(c, bx + 5.5 * mm, yy - ph + 0.5)
        else:
            c.saveState()
            c.setStrokeColor(colors.HexColor("#999999"))
            for k in range(3):
                c.line(x0, yy - (k + 1) * 8 * mm, x0 + width, yy - (k + 1) * 8 * mm)
            c.restoreState()
        y -= h
        c.setStrokeColor(colors.HexColor("#dddddd"))
        c.line(MARGIN, y + 2 * mm, PAGE_W - MARGIN, y + 2 * mm)
        c.setStrokeColor(colors.black)
    c.setFont(FONT, 9)
    c.setFillColor(colors.HexColor("#444444"))
    draw_text(c, shape(_("Thank you!")), PAGE_W / 2, MARGIN - 6 * mm, FONT, 9, "center")
    c.setFillColor(colors.black)
    c.showPage()
    return pages


def render_survey_forms(forms: inputs.SurveyFormsInput, path: Path, *, waves: tuple[str, ...] = ("before", "after"),
                        make_steps=None) -> int:
    """Per wave, a form per respondent (or ``copies`` anonymous forms). Returns the number of forms."""
    who: list[tuple[str | None, int | None]] = (
        [(None, None)] * forms.copies if forms.anonymous else list(forms.respondents))
    total = len(who) * len(waves)
    steps = make_steps(total) if make_steps else None
    c = new_canvas(path, title=_("Survey forms"))
    n = 0
    languages = forms.languages if len(forms.languages) == len(who) else ("",) * len(who)
    for wave in waves:
        for (code, table), lang in zip(who, languages, strict=True):
            draw_form(c, forms, wave, code, table, lang)
            n += 1
            if steps:
                steps.step()
    if not n:
        draw_text(c, shape(_("Nobody to print a survey form for.")), MARGIN, PAGE_H / 2, FONT, 12)
        c.showPage()
    c.save()
    return n


def waves_of(options) -> tuple[str, ...]:
    """The survey waves an export asks for (``options.extra["waves"]``: a tuple or "before,after")."""
    raw = (options.extra or {}).get("waves") or ("before", "after")
    if isinstance(raw, str):
        raw = tuple(w.strip() for w in raw.split(",") if w.strip())
    bad = [w for w in raw if w not in WAVES]
    if bad or not raw:
        raise UserInputError(_("Unknown survey wave “{wave}”; choose from: {waves}.").format(
            wave=", ".join(bad), waves=", ".join(WAVES)))
    return tuple(raw)
