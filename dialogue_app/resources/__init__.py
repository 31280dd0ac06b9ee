"""Files shipped inside the package: fonts, the application icon, the desktop file and the
MIME type of ``.dialogue`` files (found the same way from a wheel, a source checkout and a
frozen build)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

#: the PNG sizes of the application icon in ``icons/`` (besides the SVG, .ico and .icns)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_path(*parts: str) -> Path:
    """The file ``parts`` under this folder, as a filesystem path."""
    return Path(str(importlib.resources.files(__name__).joinpath(*parts)))


def icon_files() -> list[Path]:
    """The application icon's PNG files, smallest first."""
    return [resource_path("icons", f"dialogue-app-{size}.png") for size in ICON_SIZES]
