"""Building blocks shared by every printed document (and by the trainer pack and the impact report).

Re-exports the public names of the modules of this package, so ``from dialogue_app.printing.common
import FONT, fit_text`` keeps working.
"""

from dialogue_app.printing.common.text import (
    ETHIOPIC,
    ETHIOPIC_BOLD,
    FALLBACKS,
    FONT,
    FONT_BOLD,
    MARGIN,
    PAGE,
    FittedText,
    Grid,
    P,
    Steps,
    atomic_pdf,
    bullet,
    card_grid,
    doc_template,
    draw_fitted,
    draw_paragraph_fitted,
    draw_qr,
    draw_tent,
    draw_text,
    elide,
    fit_text,
    font_path,
    missing_glyphs,
    new_canvas,
    para_text,
    qr_matrix,
    register_fonts,
    render_pdf,
    runs,
    shape,
    styles,
    text_width,
    tick_box,
)

__all__ = ['ETHIOPIC', 'ETHIOPIC_BOLD', 'FALLBACKS', 'FONT', 'FONT_BOLD', 'MARGIN', 'PAGE', 'FittedText', 'Grid', 'P', 'Steps', 'atomic_pdf', 'bullet', 'card_grid', 'doc_template', 'draw_fitted', 'draw_paragraph_fitted', 'draw_qr', 'draw_tent', 'draw_text', 'elide', 'fit_text', 'font_path', 'missing_glyphs', 'new_canvas', 'para_text', 'qr_matrix', 'register_fonts', 'render_pdf', 'runs', 'shape', 'styles', 'text_width', 'tick_box']
