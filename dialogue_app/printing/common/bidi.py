"""Right-to-left text broken into lines in reading order (used by :mod:`.documents` and
:mod:`dialogue_app.printing.rtl`)."""

from __future__ import annotations

import unicodedata

from dialogue_app.printing.common.fonts import shape
from dialogue_app.printing.common.text import text_width


def is_rtl_text(text: str) -> bool:
    """True when the text's first letter with a direction is written right to left (Arabic)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def wrapped(text: str, font: str, size: float, width: float) -> str:
    """``text`` with line breaks where its shaped lines would overflow ``width`` (in reading order)."""
    out = []
    for para in text.split("\n"):
        line: list[str] = []
        for word in para.split():
            if line and text_width(shape(" ".join([*line, word])), font, size) > width:
                out.append(" ".join(line))
                line = []
            line.append(word)
        out.append(" ".join(line))
    return "\n".join(out)
