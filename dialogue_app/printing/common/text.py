"""Measuring and fitting text: :func:`fit_text` shrinks a line to fit a width and elides only as a
last resort (:func:`dialogue_app.printing.common.documents.draw_paragraph_fitted` does the same for a
wrapped paragraph in a box).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics

from dialogue_app.printing.common.fonts import (
    FONT_BOLD,
    _is_rtl_char,
    draw_text,
    register_fonts,
    runs,
    shape,
)

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
