"""Building blocks shared by every printed document (and by the trainer pack).

* Fonts: DejaVu Sans (regular and bold) shipped in ``resources/fonts`` and
  embedded as subsets, so Turkish, Polish, Cyrillic, Greek and Arabic names
  print instead of vanishing.
* :func:`shape` puts right-to-left text (Arabic, Hebrew) into visual order with
  joined letter forms before it reaches reportlab.
* :func:`fit_text` shrinks a line to fit a width and elides only as a last resort.
* :func:`atomic_pdf` writes to a temporary file and renames it at the end, so a
  cancelled or failed export leaves no half file.
* Page templates, paragraph styles, :func:`card_grid` and :func:`draw_tent` for
  cards, badges and folded name tents.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dialogue_app.errors import Cancelled

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
ETHIOPIC = "NotoSansEthiopic"
ETHIOPIC_BOLD = "NotoSansEthiopic-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               ETHIOPIC: "NotoSansEthiopic-Regular.ttf", ETHIOPIC_BOLD: "NotoSansEthiopic-Bold.ttf"}
#: Fonts tried, in order, for characters the main font lacks (DejaVu Sans has no Ethiopic script,
#: used for Tigrinya and Amharic names). Scripts in none of them print as empty boxes: see
#: :func:`missing_glyphs`.
FALLBACKS = {FONT: (ETHIOPIC,), FONT_BOLD: (ETHIOPIC_BOLD,)}
_font_lock = threading.Lock()
_registered = False


def font_path(name: str) -> Path:
    res = importlib.resources.files("dialogue_app.resources") / "fonts" / _FONT_FILES[name]
    return Path(str(res))


def register_fonts() -> None:
    """Register the shipped fonts with reportlab once (they are embedded as subsets)."""
    global _registered
    with _font_lock:
        if _registered:
            return
        for name in _FONT_FILES:
            pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        pdfmetrics.registerFontFamily(ETHIOPIC, normal=ETHIOPIC, bold=ETHIOPIC_BOLD, italic=ETHIOPIC,
                                      boldItalic=ETHIOPIC_BOLD)
        # Compressed page streams are written as binary rather than ASCII85 text: smaller files and
        # without reportlab's C accelerator a large saving in time (2,000 badges: ~1.5 s).
        from reportlab import rl_config

        rl_config.useA85 = 0
        _registered = True


@lru_cache(maxsize=8)
def _font_cmap(name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` (after shaping) that neither the main fonts nor their fallbacks can draw."""
    fonts = [FONT, FONT_BOLD, *FALLBACKS[FONT], *FALLBACKS[FONT_BOLD]]
    return {c for c in shape(text) if not c.isspace()
            and not (ord(c) in _font_cmap(FONT) and ord(c) in _font_cmap(FONT_BOLD))
            and not any(ord(c) in _font_cmap(f) for f in fonts[2:])}


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font, piece) runs: the main font where it has the glyph, else a fallback."""
    base = _font_cmap(font)
    if all(ord(c) in base for c in text):
        return [(font, text)] if text else []
    out: list[list[str]] = []
    for ch in text:
        f = font
        if ord(ch) not in base and not ch.isspace():
            f = next((fb for fb in FALLBACKS.get(font, ()) if ord(ch) in _font_cmap(fb)), font)
        if out and out[-1][0] == f:
            out[-1][1] += ch
        else:
            out.append([f, ch])
    return [(f, t) for f, t in out]


def draw_text(c, text: str, x: float, y: float, font: str, size: float, align: str = "left") -> float:
    """Draw one line (already shaped) in ``font`` with fallbacks; returns its width."""
    parts = runs(text, font)
    width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in parts)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for f, t in parts:
        c.setFont(f, size)
        c.drawString(x, y, t)
        x += pdfmetrics.stringWidth(t, f, size)
    return width


# --- right-to-left text ---------------------------------------------------------

def _is_rtl_char(c: str) -> bool:
    o = ord(c)
    return 0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFEFF


@lru_cache(maxsize=20000)
def shape(text: str) -> str:
    """Text in visual order with Arabic letters joined; unchanged when it holds no RTL letters."""
    if not text or not any(_is_rtl_char(c) for c in text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def para_text(text: str) -> str:
    """Escape and shape plain text for a reportlab Paragraph (fallback fonts marked up per run)."""
    from xml.sax.saxutils import escape

    parts = runs(shape(text), FONT)
    return "".join(escape(t) if f == FONT else f'<font name="{f}">{escape(t)}</font>' for f, t in parts
                   ).replace("\n", "<br/>")


# --- measuring and fitting ------------------------------------------------------------

def text_width(text: str, font: str, size: float) -> float:
    """Width of one line in ``font`` (with its fallbacks) at ``size``."""
    register_fonts()
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs(text, font))


@dataclass(frozen=True)
class FittedText:
    text: str  # shaped, maybe elided
    size: float
    elided: bool


def fit_text(text: str, font: str, max_width: float, max_size: float, min_size: float) -> FittedText:
    """The largest size between ``min_size`` and ``max_size`` at which ``text`` fits on one line.

    Text that does not fit even at ``min_size`` is cut and ends in "…" (the last
    resort). The result never exceeds ``max_width``.
    """
    shaped = shape(text.strip())
    if not shaped:
        return FittedText("", max_size, False)
    width_at_1 = text_width(shaped, font, 1.0)
    if width_at_1 <= 0:
        return FittedText(shaped, max_size, False)
    size = min(max_size, max_width / width_at_1)
    if size >= min_size:
        size = int(size * 4) / 4  # quarter points, rounded down so it still fits
        return FittedText(shaped, max(size, min_size), False)
    return FittedText(elide(shaped, font, min_size, max_width), min_size, True)


def elide(text: str, font: str, size: float, max_width: float) -> str:
    ell = "…"
    if text_width(text, font, size) <= max_width:
        return text
    rtl = any(_is_rtl_char(c) for c in text)
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix (suffix for RTL visual order) that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        cand = ell + text[len(text) - mid:] if rtl else text[:mid].rstrip() + ell
        if text_width(cand, font, size) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ell if text_width(ell, font, size) <= max_width else ""
    return ell + text[len(text) - lo:] if rtl else text[:lo].rstrip() + ell


def draw_fitted(c, text: str, x: float, y: float, max_width: float, *, font: str = FONT_BOLD,
                max_size: float = 24, min_size: float = 8, align: str = "left") -> FittedText:
    """Draw one line shrunk to fit ``max_width`` (baseline at ``y``)."""
    fitted = fit_text(text, font, max_width, max_size, min_size)
    if fitted.text:
        anchor = {"center": x + max_width / 2, "right": x + max_width}.get(align, x)
        draw_text(c, fitted.text, anchor, y, font, fitted.size, align)
    return fitted


# --- QR codes -------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of a QR code holding exactly ``payload`` (no quiet zone), error correction M,
    mask chosen as the standard prescribes (see :mod:`dialogue_app.printing.qrfast`).

    Every QR code of every document goes through here (tests capture the payloads)."""
    from dialogue_app.printing.qrfast import qr_modules

    return tuple(tuple(row) for row in qr_modules(payload).tolist())


def draw_qr(c, payload: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of side ``size`` (quiet zone included) with its lower left corner at (x, y).

    The modules are drawn as one vector path in module units (runs of dark modules
    merged into one rectangle), so 2,000 badges stay fast and print crisp."""
    matrix = qr_matrix(payload)
    n = len(matrix)
    module = size / (n + 8)  # 4 modules of quiet zone on each side
    c.saveState()
    c.setFillColor(colors.white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(colors.black)
    c.translate(x + 4 * module, y + 4 * module)
    c.scale(module, module)
    p = c.beginPath()
    p._code.extend(_qr_path_ops(matrix))  # integer coordinates: no float formatting per module
    c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def _qr_path_ops(matrix) -> list[str]:
    n = len(matrix)
    ops = []
    for r, row in enumerate(matrix):
        top = n - r - 1
        start = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                ops.append(f"{start} {top} {col - start} 1 re")
                start = None
    return ops


# --- files, progress, cancel ----------------------------------------------------------

@contextlib.contextmanager
def atomic_pdf(out: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``out``; on success it replaces ``out``, else it is removed."""
    from dialogue_app import outputs  # private temporary file, never replaces an event file or a device

    out = Path(out)
    if not outputs.is_stream(out):
        out.parent.mkdir(parents=True, exist_ok=True)
    with outputs.atomic_output(out) as tmp:
        yield tmp


class Steps:
    """Progress reporting and cancelling over ``total`` units of work."""

    def __init__(self, total: int, progress: Callable[..., None], should_stop: Callable[[], bool],
                 start: float = 0.0, end: float = 1.0) -> None:
        self.total = max(1, total)
        self.progress, self.should_stop = progress, should_stop
        self.start, self.end = start, end
        self.done = 0
        self._every = max(1, self.total // 100)

    def check(self) -> None:
        if self.should_stop():
            raise Cancelled(_cancelled_message())

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.done % self._every == 0 or self.done >= self.total:
            self.check()
            self.progress(self.start + (self.end - self.start) * min(1.0, self.done / self.total))


def _cancelled_message() -> str:
    from dialogue_app.i18n import gettext as _

    return _("Printing was cancelled; no file was written.")


# --- page geometry ------------------------------------------------------------------------

PAGE = A4
MARGIN = 18 * mm


@dataclass(frozen=True)
class Grid:
    """A grid of equal cells on a page (label sheets, cards)."""

    page: tuple[float, float]
    cols: int
    rows: int
    cell_w: float
    cell_h: float
    left: float  # page edge to the first column
    top: float  # page edge to the first row
    gap_x: float = 0.0
    gap_y: float = 0.0

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    def cell(self, index: int) -> tuple[float, float]:
        """Lower-left corner of cell ``index`` (0-based, row by row from the top left) on its page."""
        i = index % self.per_page
        r, col = divmod(i, self.cols)
        x = self.left + col * (self.cell_w + self.gap_x)
        y = self.page[1] - self.top - (r + 1) * self.cell_h - r * self.gap_y
        return x, y


def card_grid(c, items, draw_item: Callable, grid: Grid, *, steps: Steps | None = None,
              first_page: Callable | None = None, every_page: Callable | None = None,
              cut_marks: bool = False) -> int:
    """Draw ``items`` into the cells of ``grid``, one page after the other. Returns pages drawn.

    ``draw_item(c, item, x, y, w, h)`` draws inside one cell. ``first_page(c)`` and
    ``every_page(c, page_number)`` add page furniture (instructions, headers).
    """
    items = list(items)
    pages = 0
    for i, item in enumerate(items):
        if i % grid.per_page == 0:
            if i:
                c.showPage()
            pages += 1
            if pages == 1 and first_page is not None:
                first_page(c)
            if every_page is not None:
                every_page(c, pages)
        x, y = grid.cell(i)
        if cut_marks:
            c.saveState()
            c.setStrokeColor(colors.lightgrey)
            c.setLineWidth(0.3)
            c.setDash(2, 2)
            c.rect(x, y, grid.cell_w, grid.cell_h, stroke=1, fill=0)
            c.restoreState()
        c.saveState()
        draw_item(c, item, x, y, grid.cell_w, grid.cell_h)
        c.restoreState()
        if steps is not None:
            steps.step()
    if pages:
        c.showPage()
    return pages


def draw_tent(c, draw_face: Callable, page: tuple[float, float]) -> None:
    """A folded tent card: the page is folded across the middle; the lower half is drawn
    upright and the upper half rotated 180° so both sides read when it stands on the table.
    ``draw_face(c, w, h)`` draws one half with (0, 0) at its lower left corner."""
    w, h = page
    half = h / 2
    c.saveState()
    draw_face(c, w, half)
    c.restoreState()
    c.saveState()
    c.translate(w, h)
    c.rotate(180)
    draw_face(c, w, half)
    c.restoreState()
    c.saveState()
    c.setStrokeColor(colors.grey)
    c.setLineWidth(0.4)
    c.setDash(4, 3)
    c.line(8 * mm, half, w - 8 * mm, half)
    c.restoreState()


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
            canvas.setFont(FONT, fitted.size)
            canvas.drawString(MARGIN, MARGIN - 2 * mm, fitted.text)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(w - MARGIN, MARGIN - 2 * mm, page_label.format(n=doc_.page))
        canvas.restoreState()

    return doc, on_page


def new_canvas(path: Path, *, title: str, pagesize=A4):
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    c = Canvas(str(path), pagesize=pagesize, pageCompression=1, initialFontName=FONT, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor("dialogue_app")
    return c


def tick_box(c, x: float, y: float, size: float = 3.6 * mm) -> None:
    c.saveState()
    c.setLineWidth(0.8)
    c.rect(x, y, size, size, stroke=1, fill=0)
    c.restoreState()


# --- the writers' common frame -----------------------------------------------------------------

def render_pdf(data, out: Path, lang: str, progress: Callable[..., None], should_stop: Callable[[], bool],
               render_fn: Callable) -> int:
    """Render collected inputs to ``out`` atomically in the document language ``lang`` (the second part of
    an export writer, after the inputs were collected: ``services.printing.writers.export_pdf``).

    ``render_fn(data, tmp_path, steps)`` draws them and returns the number of items written.
    """
    from dialogue_app import i18n

    register_fonts()
    with i18n.language(lang), atomic_pdf(out) as tmp:
        n = render_fn(data, tmp, lambda total: Steps(total, progress, should_stop, 0.1, 1.0))
    progress(1.0)
    return n


def draw_paragraph_fitted(c, text: str, x: float, y_top: float, w: float, h: float, *, style: str = "body",
                          max_size: float = 12, min_size: float = 7) -> float:
    """Wrap ``text`` into the box below ``y_top``, shrinking the font until it fits; the last
    resort cuts lines at the bottom (ending in "…"). Returns the height used."""
    from reportlab.platypus import Paragraph

    base = styles()[style]
    size = max_size
    while True:
        st = ParagraphStyle(f"fit{size}", parent=base, fontSize=size, leading=size * 1.25, spaceAfter=0)
        para = Paragraph(para_text(text), st)
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


def bullet(text: str, mark: str = "•"):
    """A bulleted paragraph of plain text."""
    from reportlab.platypus import Paragraph

    return Paragraph(para_text(text), styles()["bullet"], bulletText=mark)
