"""Render the application icon (SVG) to the PNG sizes, a Windows .ico and a macOS .icns.

Run after editing ``dialogue_app/resources/icons/dialogue-app.svg``; the results are committed
(building the app does not need this script). Uses QtSvg (in PySide6-Essentials) and Pillow
(already there through reportlab)::

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "dialogue_app" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int, out: Path) -> None:
    """One square PNG of ``size`` pixels, transparent around the rounded square."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise OSError(f"cannot write {out}")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (Qt needs it)
    svg = ICONS / "dialogue-app.svg"
    for size in SIZES:
        render(svg, size, ICONS / f"dialogue-app-{size}.png")
    big = Image.open(ICONS / "dialogue-app-512.png")
    big.save(ICONS / "dialogue-app.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / "dialogue-app.icns")
    print("\n".join(sorted(p.name for p in ICONS.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
