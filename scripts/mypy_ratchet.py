"""Types as a ratchet: mypy on ``dialogue_app`` with an exemption list that only shrinks.

    python scripts/mypy_ratchet.py            # check (CI: .ci/run)
    python scripts/mypy_ratchet.py --write    # rewrite the list to today's modules with errors

The settings are ``[tool.mypy]`` in pyproject.toml; the exemption list is the
``[[tool.mypy.overrides]]`` with ``ignore_errors = true`` between the MYPY-EXEMPT markers.
mypy runs once with every module checked (the exemption left out), then:

* a module outside the list with errors fails the check (fix it: the list does not grow);
* a module on the list without errors fails it too: remove it from the list (printed), so
  the list only shrinks.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
START, END = "# MYPY-EXEMPT-START", "# MYPY-EXEMPT-END"
ERROR = re.compile(r"^(?P<path>[^:\n]+\.py):\d+(?::\d+)?: error: ", re.M)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def read_config(text: str) -> tuple[dict, list[dict], list[str]]:
    """mypy's settings, its overrides without the exemption, and the exempt modules."""
    mypy = tomllib.loads(text)["tool"]["mypy"]
    settings = {k: v for k, v in mypy.items() if k != "overrides"}
    overrides, exempt = [], []
    for block in mypy.get("overrides", []):
        modules = block["module"] if isinstance(block["module"], list) else [block["module"]]
        if block.get("ignore_errors"):
            exempt.extend(modules)
        else:
            overrides.append(block)
    return settings, overrides, sorted(exempt)


def run_mypy(settings: dict, overrides: list[dict]) -> str:
    """mypy's output with every module checked (the exemption list left out)."""
    lines = ["[tool.mypy]"] + [f"{k} = {_toml_value(v)}" for k, v in settings.items()]
    for block in overrides:
        lines += ["", "[[tool.mypy.overrides]]"] + [f"{k} = {_toml_value(v)}" for k, v in block.items()]
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mypy.toml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(config)], cwd=ROOT,
                              capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or ("error: " not in done.stdout and done.returncode):
        sys.exit(f"mypy did not run:\n{done.stdout}{done.stderr}")
    return done.stdout


def module_of(path: str) -> str:
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def errors_by_module(output: str) -> Counter[str]:
    return Counter(module_of(m["path"]) for m in ERROR.finditer(output))


def exempt_block(modules: list[str]) -> str:
    if not modules:
        return f"{START} (scripts/mypy_ratchet.py keeps this list; it may only shrink)\n{END}"
    body = "\n".join(f'    "{m}",' for m in sorted(modules))
    return (f"{START} (scripts/mypy_ratchet.py keeps this list; it may only shrink)\n"
            f"[[tool.mypy.overrides]]\nmodule = [\n{body}\n]\nignore_errors = true\n{END}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="set the list to today's modules with errors")
    opts = parser.parse_args(argv)
    text = PYPROJECT.read_text(encoding="utf-8")
    settings, overrides, exempt = read_config(text)
    found = errors_by_module(run_mypy(settings, overrides))
    print(f"mypy: {sum(found.values())} errors in {len(found)} modules; {len(exempt)} modules exempt")
    if opts.write:
        start, end = text.index(START), text.index(END) + len(END)
        PYPROJECT.write_text(text[:start] + exempt_block(sorted(found)) + text[end:], encoding="utf-8")
        print(f"wrote the exemption list: {len(found)} modules")
        return 0
    new = sorted(m for m in found if m not in exempt)
    clean = sorted(m for m in exempt if m not in found)
    for m in new:
        print(f"{m}: {found[m]} mypy errors, and it is not on the exemption list: fix them")
    if clean:
        print("These exempt modules have no mypy errors now: remove them from the list in pyproject.toml:")
        for m in clean:
            print(f'    "{m}",')
    return 1 if new or clean else 0


if __name__ == "__main__":
    sys.exit(main())
