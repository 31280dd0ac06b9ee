"""Platypus documents and canvases: paragraph styles in the shipped fonts, :func:`P` and
:func:`bullet` paragraphs of plain text, a document template with page numbers, a new canvas, and
:func:`draw_paragraph_fitted` (a wrapped paragraph shrunk to fit its box).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from dialogue_app.printing.common.fonts import FONT, FONT_BOLD, draw_text, para_text, register_fonts, shape
from dialogue_app.printing.common.pages import MARGIN
from dialogue_app.printing.common.text import fit_text

# --- platypus documents ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _styles_cached() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=10.5, leading=14, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27, spaceAfter=8),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=10,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=8,
                             spaceAfter=4),
        "question": ParagraphStyle("question", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                                   leftIndent=8, borderPadding=6, backColor=colors.HexColor("#eef3f8"),
                                   spaceBefore=4, spaceAfter=8),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=4),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12,
                                   spaceAfter=0),
    }


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the shipped fonts: body, small, title, h1, h2, question, bullet, center, cell."""
    return _styles_cached()


def P(text: str, style: str = "body"):
    """A paragraph of plain text (escaped and shaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(para_text(text), styles()[style])


def doc_template(path: Path, *, title: str, footer: str = "", pagesize=A4):
    """A SimpleDocTemplate with the shared margins and a footer with page numbers."""
    from reportlab.platypus import SimpleDocTemplate

    from dialogue_app.i18n import gettext as _

    register_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=title, author="dialogue_app",
                            initialFontName=FONT, initialFontSize=10)
    page_label = _("Page {n}")

    def on_page(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        w = pagesize[0]
        if footer:
            fitted = fit_text(footer, FONT, w - 2 * MARGIN - 30 * mm, 8, 6)
            draw_text(canvas, fitted.text, MARGIN, MARGIN - 2 * mm, FONT, fitted.size)
        draw_text(canvas, shape(page_label.format(n=doc_.page)), w - MARGIN, MARGIN - 2 * mm, FONT, 8, align="right")
        canvas.restoreState()

    return doc, on_page


def new_canvas(path: Path, *, title: str, pagesize=A4):
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    c = Canvas(str(path), pagesize=pagesize, pageCompression=1, initialFontName=FONT, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor("dialogue_app")
    return c


def bullet(text: str, mark: str = "•"):
    """A bulleted paragraph of plain text."""
    from reportlab.platypus import Paragraph

    return Paragraph(para_text(text), styles()["bullet"], bulletText=mark)


def draw_paragraph_fitted(c, text: str, x: float, y_top: float, w: float, h: float, *, style: str = "body",
                          max_size: float = 12, min_size: float = 7) -> float:
    """Wrap ``text`` into the box below ``y_top``, shrinking the font until it fits; the last
    resort cuts lines at the bottom (ending in "…"). Returns the height used."""
    from reportlab.platypus import Paragraph

    from dialogue_app.printing.common import bidi as rtl

    base = styles()[style]
    size = max_size
    right_to_left = rtl.is_rtl_text(text)  # broken into lines in reading order, aligned right
    while True:
        st = ParagraphStyle(f"fit{size}", parent=base, fontSize=size, leading=size * 1.25, spaceAfter=0,
                            alignment=TA_RIGHT if right_to_left else base.alignment)
        para = Paragraph(para_text(rtl.wrapped(text, st.fontName, size, w - 2) if right_to_left else text), st)
        _w, used = para.wrap(w, h)
        if used <= h or size <= min_size:
            break
        size = max(min_size, size - 0.5)
    if used > h:  # keep the lines that fit
        lines = max(1, int(h // st.leading))
        words = text.split()
        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            cand = Paragraph(para_text(" ".join(words[:mid]) + "…"), st)
            if cand.wrap(w, h)[1] <= lines * st.leading + 0.1:
                lo = mid
            else:
                hi = mid - 1
        para = Paragraph(para_text(" ".join(words[:lo]) + "…"), st)
        _w, used = para.wrap(w, h)
    para.drawOn(c, x, y_top - used)
    return used
