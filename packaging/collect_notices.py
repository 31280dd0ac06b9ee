"""Write THIRD-PARTY-NOTICES.txt for a build: every distribution the app depends on (found by
walking ``Requires-Dist`` from ``dialogue_app`` in the running environment), with its version,
licence and the licence files it ships, then the full LGPL-3.0 and GPL-3.0 texts for Qt for
Python (PySide6 and shiboken6 wheels ship no licence file) and where Qt's source is.

    python packaging/collect_notices.py OUTPUT_FILE

Run in the environment the build is made from, so the versions are the bundled ones.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
QT_DISTRIBUTIONS = {"pyside6", "pyside6-essentials", "pyside6-pdf", "pyside6-addons", "shiboken6"}
QT_NOTE = """\
Qt for Python (PySide6, shiboken6) and the Qt libraries bundled with it are used under the
GNU Lesser General Public License v3 (LGPL-3.0), whose text and that of the GNU GPL v3 it
refers to follow at the end of this file. The Qt libraries are shipped as separate, unmodified
shared libraries (PySide6/Qt/lib, or the Qt*.dll / Qt*.framework files of the build), so you can
replace them with your own build of the same Qt version. The source code of Qt is available at
https://download.qt.io/official_releases/qt/ and of Qt for Python at
https://download.qt.io/official_releases/QtForPython/ (the versions are listed above).
"""


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def closure(root: str = "dialogue_app") -> list[metadata.Distribution]:
    """``root`` and every installed distribution it requires, directly or not (no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for req in dist.requires or []:
            if "extra ==" in req or "extra==" in req:
                continue
            todo.append(_name(req))
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) < 100:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(classifiers) or (text.splitlines()[0] if text else "see the project")


def licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of the licence and notice files in the distribution's metadata."""
    out = []
    for file in dist.files or []:
        parts = Path(str(file)).parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        name = parts[-1].upper()
        if any(key in name for key in ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")):
            try:
                out.append(("/".join(parts[1:]), Path(str(dist.locate_file(file))).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return out


def notices() -> str:
    dists = closure()
    lines = ["Third-party software in this build of Day of Dialogue (dialogue_app)", "=" * 70, ""]
    for dist in dists:
        meta = dist.metadata
        urls = {u.split(",", 1)[0].strip().lower(): u.split(",", 1)[1].strip()
                for u in meta.get_all("Project-URL") or [] if "," in u}
        home = meta.get("Home-page") or next(
            (urls[k] for k in ("homepage", "home", "source", "source code", "repository") if k in urls), "")
        lines.append(f"- {meta['Name']} {dist.version}: {licence_of(dist)}" + (f"  <{home}>" if home else ""))
    lines += ["", "Python itself: Python Software Foundation License (PSF-2.0).",
              "Fonts in dialogue_app/resources/fonts: see LICENSE-DejaVu.txt and LICENSE-Noto.txt there.", ""]
    lines += [QT_NOTE]
    for dist in dists:
        for name, text in licence_files(dist):
            lines += ["", "-" * 70, f"{dist.metadata['Name']} {dist.version}: {name}", "-" * 70, text.rstrip()]
    for name in ("LGPL-3.0-only.txt", "GPL-3.0-only.txt"):
        lines += ["", "-" * 70, f"Qt for Python and Qt: {name[:-4]}", "-" * 70,
                  (HERE / "licenses" / name).read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    Path(argv[0]).write_text(notices(), encoding="utf-8")
    print(f"wrote {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
