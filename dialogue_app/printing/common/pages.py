"""Page geometry: A4 with the shared margin, :func:`card_grid` for label sheets and cards,
:func:`draw_tent` for folded name tents, :func:`tick_box`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from dialogue_app.printing.common.files import Steps

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


def tick_box(c, x: float, y: float, size: float = 3.6 * mm) -> None:
    c.saveState()
    c.setLineWidth(0.8)
    c.rect(x, y, size, size, stroke=1, fill=0)
    c.restoreState()
