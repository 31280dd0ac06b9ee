"""Fonts: DejaVu Sans (regular and bold) shipped in ``resources/fonts`` and embedded as subsets, so
Turkish, Polish, Cyrillic, Greek and Arabic names print instead of vanishing, with Noto Sans Ethiopic
as a fallback; :func:`shape` puts right-to-left text (Arabic, Hebrew) into visual order with joined
letter forms before it reaches reportlab.
"""

from __future__ import annotations

import importlib.resources
import threading
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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
