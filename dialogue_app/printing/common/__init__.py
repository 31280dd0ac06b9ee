"""Building blocks shared by every printed document (and by the trainer pack and the impact report).

* :mod:`.fonts`: the shipped fonts embedded as subsets (DejaVu Sans, an Ethiopic fallback) and
  right-to-left shaping;
* :mod:`.text`: measuring and fitting a line (shrink, elide only as a last resort);
* :mod:`.qr`: QR codes as one vector path;
* :mod:`.files`: atomic PDF files, progress and Cancel, rendering in the document language;
* :mod:`.pages`: page geometry, :func:`card_grid` and :func:`draw_tent` for cards, badges and tents;
* :mod:`.documents`: paragraph styles, document templates, canvases, paragraphs fitted to a box.

The package re-exports their public names: ``from dialogue_app.printing.common import FONT, fit_text``.
"""

from dialogue_app.printing.common.documents import (
    P,
    bullet,
    doc_template,
    draw_paragraph_fitted,
    new_canvas,
    styles,
)
from dialogue_app.printing.common.files import (
    Steps,
    atomic_pdf,
    render_pdf,
)
from dialogue_app.printing.common.fonts import (
    ETHIOPIC,
    ETHIOPIC_BOLD,
    FALLBACKS,
    FONT,
    FONT_BOLD,
    draw_text,
    font_path,
    missing_glyphs,
    para_text,
    register_fonts,
    runs,
    shape,
)
from dialogue_app.printing.common.pages import (
    MARGIN,
    PAGE,
    Grid,
    card_grid,
    draw_tent,
    tick_box,
)
from dialogue_app.printing.common.qr import (
    draw_qr,
    qr_matrix,
)
from dialogue_app.printing.common.text import (
    FittedText,
    draw_fitted,
    elide,
    fit_text,
    text_width,
)

__all__ = [
    "ETHIOPIC",
    "ETHIOPIC_BOLD",
    "FALLBACKS",
    "FONT",
    "FONT_BOLD",
    "MARGIN",
    "PAGE",
    "FittedText",
    "Grid",
    "P",
    "Steps",
    "atomic_pdf",
    "bullet",
    "card_grid",
    "doc_template",
    "draw_fitted",
    "draw_paragraph_fitted",
    "draw_qr",
    "draw_tent",
    "draw_text",
    "elide",
    "fit_text",
    "font_path",
    "missing_glyphs",
    "new_canvas",
    "para_text",
    "qr_matrix",
    "register_fonts",
    "render_pdf",
    "runs",
    "shape",
    "styles",
    "text_width",
    "tick_box",
]
