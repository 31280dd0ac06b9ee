"""QR code matrices with the standard mask selection, computed with NumPy.

The ``qrcode`` library picks the mask pattern (ISO/IEC 18004: the one with the
lowest penalty) by building and scoring all eight masked symbols in pure Python,
which is 75% of the time of 2,000 badges. Here the symbol is built once (mask 0),
the raw data modules are recovered by undoing that mask, and the eight
candidates and their penalties (the same four rules as ``qrcode.util.lost_point``)
are computed as array operations. The result is the exact matrix ``qrcode``
produces with automatic masking (a test compares them on many payloads).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M
from qrcode.main import QRCode

_FINDER_LIKE = (
    np.array([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool),
    np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1], dtype=bool),
)


@lru_cache(maxsize=16)
def _masks(n: int) -> np.ndarray:
    """(8, n, n): where each mask pattern inverts a module (from qrcode's own mask functions)."""
    i, j = np.indices((n, n))
    out = np.zeros((8, n, n), dtype=bool)
    for m in range(8):
        f = util.mask_func(m)
        out[m] = np.vectorize(lambda a, b, f=f: bool(f(int(a), int(b))))(i, j)
    return out


@lru_cache(maxsize=64)
def _template(version: int, error_correction: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Function-pattern cells of a version and their values per mask: (is_function, values, test_values)
    where values[m] carries the real format information and test_values[m] the blank one qrcode scores."""
    n = version * 4 + 17
    qr = QRCode(version=version, error_correction=error_correction, border=0)
    qr.modules_count = n
    qr.modules = [[None] * n for _r in range(n)]
    qr.setup_position_probe_pattern(0, 0)
    qr.setup_position_probe_pattern(n - 7, 0)
    qr.setup_position_probe_pattern(0, n - 7)
    qr.setup_position_adjust_pattern()
    qr.setup_timing_pattern()
    blank = [row[:] for row in qr.modules]
    values = np.zeros((2, 8, n, n), dtype=bool)
    function = None
    for t, test in enumerate((False, True)):
        for m in range(8):
            qr.modules = [row[:] for row in blank]
            qr.setup_type_info(test, m)
            if version >= 7:
                qr.setup_type_number(test)
            cells = np.array([[x is not None for x in row] for row in qr.modules])
            function = cells if function is None else function
            values[t, m] = np.array([[bool(x) for x in row] for row in qr.modules])
    assert function is not None  # set by the first of the 16 passes
    return function, values[0], values[1]


def _penalty(c: np.ndarray) -> np.ndarray:
    """qrcode.util.lost_point for a stack of symbols (k, n, n) -> (k,)."""
    k, n, _n = c.shape
    total = np.zeros(k, dtype=np.int64)
    for x in (c, c.transpose(0, 2, 1)):  # rows, then columns
        eq = x[:, :, 1:] == x[:, :, :-1]  # (k, n, n-1)
        uniform5 = eq[:, :, :-3] & eq[:, :, 1:-2] & eq[:, :, 2:-1] & eq[:, :, 3:]  # 5-runs starting at p
        starts = uniform5[:, :, 0].sum(axis=1) + (uniform5[:, :, 1:] & ~eq[:, :, : n - 5]).sum(axis=(1, 2))
        total += uniform5.sum(axis=(1, 2)) + 2 * starts  # Σ (run length − 2) over runs ≥ 5
        win = sliding_window_view(x, 11, axis=2)  # (k, n, n-10, 11)
        hits = np.zeros(win.shape[:3], dtype=bool)
        for pat in _FINDER_LIKE:
            hits |= (win == pat).all(axis=3)
        total += 40 * hits.sum(axis=(1, 2))
    block = (c[:, :-1, :-1] == c[:, 1:, :-1]) & (c[:, :-1, :-1] == c[:, :-1, 1:]) & (c[:, :-1, :-1] == c[:, 1:, 1:])
    total += 3 * block.sum(axis=(1, 2))
    dark = c.sum(axis=(1, 2))
    total += np.array([int(abs(float(d) / (n**2) * 100 - 50) / 5) * 10 for d in dark], dtype=np.int64)
    return total


def qr_modules(payload: str, error_correction: int = ERROR_CORRECT_M) -> np.ndarray:
    """The QR symbol (no quiet zone) for ``payload``, masked exactly as qrcode's automatic choice."""
    qr = QRCode(border=0, error_correction=error_correction, mask_pattern=0)
    qr.add_data(payload)
    qr.make(fit=True)
    m0 = np.array(qr.modules, dtype=bool)
    n = m0.shape[0]
    function, values, test_values = _template(qr.version, error_correction)
    masks = _masks(n) & ~function
    raw = m0 ^ masks[0]
    data = raw[None, :, :] ^ masks  # (8, n, n), function cells still to be filled
    candidates = np.where(function, test_values, data)
    best = int(np.argmin(_penalty(candidates)))
    return np.where(function, values[best], data[best])
