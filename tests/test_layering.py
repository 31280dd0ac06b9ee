"""Architecture rules: Qt only in dialogue_app.ui, raw SQLite only in storage."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import dialogue_app

PACKAGE = Path(dialogue_app.__file__).parent


def _domain_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="dialogue_app."):
        if info.name.startswith("dialogue_app.ui") or ".migrations" in info.name:
            continue
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_domain_modules_import_without_pyside6():
    """Every module outside dialogue_app.ui imports with PySide6 made unimportable."""
    code = (
        "import sys\n"
        "class B:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, B())\n"
        "import importlib\n"
        f"for m in {_domain_modules()!r}:\n"
        "    importlib.import_module(m)\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_no_pyside6_import_outside_ui():
    """No source file outside dialogue_app/ui mentions a PySide6 import."""
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1]
        and re.search(r"^\s*(from|import)\s+PySide6", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_raw_sqlite_only_in_storage():
    """Raw SQL (PRAGMA, sqlite3, exec_driver_sql, text()) appears only in the storage package."""
    pattern = re.compile(r"\bimport sqlite3\b|exec_driver_sql|PRAGMA|sqlalchemy import .*\btext\b")
    offenders = []
    for p in PACKAGE.rglob("*.py"):
        rel = p.relative_to(PACKAGE)
        # impact/reader.py reads survey exports (not event files) read-only with sqlite3
        if rel.parts[0] == "storage" or "migrations" in rel.parts or rel.as_posix() == "impact/reader.py":
            continue
        if pattern.search(p.read_text(encoding="utf-8")):
            offenders.append(str(rel))
    assert offenders == []


def test_widgets_do_not_import_models_or_run_sql():
    """UI modules reach data through services, not ORM models or SQLAlchemy queries."""
    offenders = []
    for p in (PACKAGE / "ui").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if re.search(r"^\s*from sqlalchemy import .*\b(select|update|delete|insert)\b", text, re.M) or re.search(
            r"session\.(execute|scalars|scalar|query)\(", text
        ):
            offenders.append(p.name)
    assert offenders == []


def test_the_architecture_picture_is_the_checked_contracts():
    """docs/ARCHITECTURE.md's Layers section is generated from [tool.importlinter] in pyproject.toml
    (scripts/architecture.py): it is stale when the contracts changed and it was not regenerated."""
    root = PACKAGE.parent
    done = subprocess.run([sys.executable, str(root / "scripts" / "architecture.py"), "--check"],
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr


#: Modules allowed over 400 lines, each with its reason (docs/ARCHITECTURE.md lists the same).
LONG_MODULES: dict[str, str] = {}


def test_no_module_over_400_lines():
    """A maintainer finds small modules: none of dialogue_app/ is over 400 lines unless listed
    (with a reason) in LONG_MODULES; migrations are generated and exempt."""
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert {k: v for k, v in long.items() if k not in LONG_MODULES} == {}
