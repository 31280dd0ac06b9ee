"""Paragraphs in a language written right to left (Arabic) on paper.

:func:`dialogue_app.printing.common.shape` puts a whole text into visual order; a reportlab
Paragraph then breaks that visual line from the left, so a two-line Arabic question would start on
its second line. :func:`wrapped` breaks the text into lines in reading order first (each line is
shaped on its own, see ``shape``), and :func:`paragraph` aligns it right.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from dialogue_app.printing.common import para_text, styles
from dialogue_app.printing.common.bidi import is_rtl_text, wrapped

__all__ = ["is_rtl_text", "paragraph", "wrapped"]


def paragraph(text: str, style: str, width: float) -> Paragraph:
    """A paragraph of plain text in the style named ``style``; right-to-left text is aligned right
    and broken into lines in reading order (``width``: the width it will be wrapped to)."""
    st = styles()[style]
    if not is_rtl_text(text):
        return Paragraph(para_text(text), st)
    rtl = ParagraphStyle(f"{style}-rtl", parent=st, alignment=TA_RIGHT)
    # a little slack: the paragraph measures words with their spaces
    return Paragraph(para_text(wrapped(text, st.fontName, st.fontSize, width - st.leftIndent - st.rightIndent - 2)),
                     rtl)
