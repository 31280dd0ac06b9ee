"""Packaging: every sub-package is installed, and the data folders ship."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject():
    """A new sub-package missing from pyproject's explicit list would be absent after `pip install .`."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "dialogue_app").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found - listed == set()
    assert {"dialogue_app.translations", "dialogue_app.resources"} <= listed


def test_translations_are_reachable_as_package_data():
    """The catalogs are found through importlib.resources (as in an installed app)."""
    import importlib.resources

    root = importlib.resources.files("dialogue_app.translations")
    assert any(entry.name == "nl" for entry in root.iterdir())


RESOURCES = ROOT / "dialogue_app" / "resources"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _desktop_entry() -> dict[str, str]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive (Name[nl])
    parser.read(RESOURCES / "dialogue-app.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _mime_type() -> tuple[str, list[str]]:
    import xml.etree.ElementTree as ET

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(RESOURCES / "dialogue-app-mime.xml").getroot()
    node = root.find("m:mime-type", ns)
    return node.get("type"), [g.get("pattern") for g in node.findall("m:glob", ns)]


def test_desktop_file_opens_dialogue_files_with_the_window():
    """The menu entry starts the window, names the icon shipped, and handles the MIME type of .dialogue."""
    entry = _desktop_entry()
    mime, globs = _mime_type()
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] == "dialogue-app-gui %f"
    assert "dialogue-app-gui" in PYPROJECT["project"]["gui-scripts"]
    assert entry["MimeType"] == f"{mime};" and globs == ["*.dialogue"]
    assert (RESOURCES / "icons" / f"{entry['Icon']}.svg").is_file()
    assert {"Name[nl]", "Name[fr]", "Comment[nl]", "Comment[fr]"} <= set(entry)


def test_desktop_and_mime_files_validate_with_the_freedesktop_tools():
    """desktop-file-validate and xmllint accept the files (skipped where the tools are not installed)."""
    import shutil
    import subprocess

    tools = {"desktop-file-validate": RESOURCES / "dialogue-app.desktop",
             "xmllint": RESOURCES / "dialogue-app-mime.xml"}
    available = {tool: path for tool, path in tools.items() if shutil.which(tool)}
    if not available:
        import pytest

        pytest.skip("desktop-file-utils and libxml2-utils are not installed")
    for tool, path in available.items():
        args = [tool, str(path)] if tool != "xmllint" else [tool, "--noout", str(path)]
        result = subprocess.run(args, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_mime_database_maps_dialogue_files_to_the_type(tmp_path):
    """update-mime-database accepts the type and maps *.dialogue to it (skipped without the tool)."""
    import shutil
    import subprocess

    if not shutil.which("update-mime-database"):
        import pytest

        pytest.skip("shared-mime-info is not installed")
    (tmp_path / "packages").mkdir()
    shutil.copy(RESOURCES / "dialogue-app-mime.xml", tmp_path / "packages" / "dialogue-app.xml")
    result = subprocess.run(["update-mime-database", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    assert "application/x-dialogue-event:*.dialogue" in (tmp_path / "globs2").read_text()


def test_icon_is_shipped_in_every_usual_size():
    """The SVG parses and each PNG size is there with those pixels (menus, taskbar, file managers)."""
    import struct
    import xml.etree.ElementTree as ET

    from dialogue_app import resources

    assert ET.parse(RESOURCES / "icons" / "dialogue-app.svg").getroot().tag.endswith("svg")
    for size, path in zip(resources.ICON_SIZES, resources.icon_files(), strict=True):
        head = path.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", path
        assert struct.unpack(">II", head[16:24]) == (size, size), path
    for name in ("dialogue-app.ico", "dialogue-app.icns"):  # Windows and macOS builds
        assert (RESOURCES / "icons" / name).stat().st_size > 1000


def test_package_data_patterns_cover_every_shipped_file():
    """Each file under translations/ and resources/ matches a package-data pattern, so a wheel has it."""
    import fnmatch

    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["*"]
    for folder in ("translations", "resources"):
        base = ROOT / "dialogue_app" / folder
        for path in base.rglob("*"):
            if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
                rel = path.relative_to(base).as_posix()
                assert any(fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns), rel


def test_dependencies_are_the_slim_qt_wheels_and_the_licence_is_declared():
    """No `PySide6` meta-package (it pulls QtWebEngine); qrcode bounded; SPDX licence with its file."""
    project = PYPROJECT["project"]
    names = [d.split(">")[0].split("<")[0].split("=")[0].strip() for d in project["dependencies"]]
    assert "PySide6" not in names and {"PySide6-Essentials", "PySide6-Pdf"} <= set(names)
    assert any(d.startswith("qrcode") and "<" in d for d in project["dependencies"])
    assert project["license"] == "EUPL-1.2"
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    for pattern in project["license-files"]:
        assert list(ROOT.glob(pattern)), pattern
    assert project["scripts"]["dialogue-app"] == "dialogue_app.cli:main"


def test_gui_script_reports_a_missing_event_file_clearly(capsys):
    """`dialogue-app-gui FILE` with a file that is not there: a clear message and exit 1, no window."""
    from dialogue_app.cli.gui import gui_main

    assert gui_main(["--lang", "nl", str(ROOT / "no-such-event.dialogue")]) == 1
    err = capsys.readouterr().err
    assert "no-such-event.dialogue" in err and "Traceback" not in err


def test_gui_script_opens_the_event_in_the_window(tmp_path, demo_path):
    """`dialogue-app-gui --lang nl FILE` (the double-click handler) shows the event in the window."""
    import os
    import subprocess
    import sys

    import pytest

    if os.environ.get("DIALOGUE_APP_BLOCK_QT") == "1":
        pytest.skip("PySide6 is blocked for this run")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DIALOGUE_APP_QUIT_WHEN_READY="yes",
               DIALOGUE_APP_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    code = "import sys; from dialogue_app.cli.gui import gui_main; sys.exit(gui_main())"
    result = subprocess.run([sys.executable, "-c", code, "--lang", "nl", str(demo_path)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"window ready: Day of Dialogue 2026 — {demo_path.name} — Dag van de Dialoog" in result.stdout
