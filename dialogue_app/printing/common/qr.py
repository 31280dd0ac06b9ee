"""QR codes: every QR code of every document is drawn here, as one vector path."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors

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
