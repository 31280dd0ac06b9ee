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
