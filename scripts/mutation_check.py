#!/usr/bin/env python3
"""A small, dependency-free mutation tester: would our tests notice if this code were subtly wrong?

Usage (from the repository root)::

    python scripts/mutation_check.py dialogue_app/planning/validate.py \\
        --tests tests/planning/test_validate_mutants.py --timeout 120

For every mutant of the module (one small change each) the given pytest selection runs in a private
copy of the repository (the working tree is never changed); a mutant is *killed* when the tests fail
(or time out), *survived* when they pass. The score is killed / all. Mutations (AST based):

* comparisons flipped (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``, ``is`` ↔
  ``is not``); ``and`` ↔ ``or``; ``not x`` → ``x``;
* conditions negated (``if``, ``while``, ``elif``, conditional expressions, comprehension filters);
* statements dropped (``raise``, expression statements such as calls, ``+=``, ``continue``/``break``
  become ``pass``); ``return value`` → ``return None``;
* constants: integers ±1, ``True`` ↔ ``False``, non-empty strings emptied (except user-visible
  messages passed to ``_``/``ngettext``, docstrings, and the entries of literal lists, tuples, sets
  and dicts, such as tables of language names: the wording and the data are not what a guard guards).

Type annotations and decorators are not mutated. A line ending in ``# pragma: no mutate`` is skipped (for equivalent mutants; say why next to it).
Exit code 0 when the score reaches ``--min-score`` (default 0: report only).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

COMPARE_SWAP: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
MESSAGE_FUNCS = {"_", "gettext", "ngettext", "N_"}


@dataclass(frozen=True)
class Mutant:
    index: int  # position of the node in ast.walk order
    kind: str
    detail: str
    line: int


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_docstring(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    if not isinstance(parent, ast.Expr):
        return False
    owner = parents.get(id(parent))
    body = getattr(owner, "body", None)
    return isinstance(body, list) and bool(body) and body[0] is parent


def _is_message(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    while isinstance(parent, ast.JoinedStr | ast.BinOp):
        parent = parents.get(id(parent))
    if isinstance(parent, ast.Call):
        f = parent.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return name in MESSAGE_FUNCS
    return False


def _in_annotation(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """In a type annotation or a decorator (``@lru_cache(maxsize=4)``: tuning, not behaviour)."""
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and child in parent.decorator_list:
            return True
        if isinstance(parent, ast.arg | ast.AnnAssign) and getattr(parent, "annotation", None) is child:
            return True
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef) and parent.returns is child:
            return True
        child, parent = parent, parents.get(id(parent))
    return False


def candidates(tree: ast.AST, lines: list[str]) -> list[Mutant]:
    """Every mutation this module allows, in a stable order."""
    parents = _parents(tree)
    out: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if line and "pragma: no mutate" in lines[line - 1]:
            continue
        if _in_annotation(node, parents):
            continue

        def add(kind: str, detail: str, index: int = index, line: int = line) -> None:
            out.append(Mutant(index, kind, detail, line))

        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    add("compare", f"{k}:{type(op).__name__}->{COMPARE_SWAP[type(op)].__name__}")
        elif isinstance(node, ast.BoolOp):
            add("boolop", "and->or" if isinstance(node.op, ast.And) else "or->and")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            add("not", "drop not")
        elif isinstance(node, ast.If | ast.While | ast.IfExp):
            add("negate", "negate condition")
        elif isinstance(node, ast.comprehension):
            for k in range(len(node.ifs)):
                add("negate", f"negate filter {k}")
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            add("return", "return None")
        elif isinstance(node, ast.Raise | ast.AugAssign | ast.Continue | ast.Break) or (
                isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant)):
            add("drop", f"drop {type(node).__name__}")
        elif isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool):
                add("const", f"{v}->{not v}")
            elif isinstance(v, int):
                add("const", f"{v}->{v + 1}")
                add("const", f"{v}->{v - 1}")
            elif (isinstance(v, str) and v and not _is_docstring(node, parents) and not _is_message(node, parents)
                  and not isinstance(parents.get(id(node)), ast.JoinedStr | ast.List | ast.Tuple | ast.Set | ast.Dict)):
                add("const", f"{v[:20]!r}->''")
    return out


def apply(tree: ast.AST, m: Mutant) -> ast.AST:
    """A copy of ``tree`` with mutant ``m`` applied."""
    tree = copy.deepcopy(tree)
    parents = _parents(tree)
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == m.index)
    if m.kind == "compare":
        k, change = m.detail.split(":")
        node.ops[int(k)] = getattr(ast, change.split("->")[1])()
    elif m.kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif m.kind == "not":
        _replace(parents[id(node)], node, node.operand)
    elif m.kind == "negate":
        if isinstance(node, ast.comprehension):
            k = int(m.detail.rsplit(" ", 1)[1])
            node.ifs[k] = ast.UnaryOp(ast.Not(), node.ifs[k])
        else:
            node.test = ast.UnaryOp(ast.Not(), node.test)
    elif m.kind == "return":
        node.value = ast.Constant(None)
    elif m.kind == "drop":
        _replace(parents[id(node)], node, ast.Pass())
    elif m.kind == "const":
        v = node.value
        if isinstance(v, bool):
            node.value = not v
        elif isinstance(v, int):
            node.value = int(m.detail.split("->")[1])
        else:
            node.value = ""
    return ast.fix_missing_locations(tree)


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return
        if isinstance(value, list):
            for k, item in enumerate(value):
                if item is old:
                    value[k] = new
                    return
    raise RuntimeError("node not found in its parent")


def run_tests(root: Path, tests: list[str], timeout: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "passed" if done.returncode == 0 else "failed"


def run_forked(root: Path, tests: list[str], timeout: float) -> str:
    """Like :func:`run_tests` in a fork of this process (third-party imports already loaded: faster)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.chdir(root)
            sys.path.insert(0, str(root))
            sys.dont_write_bytecode = True
            os.environ.update(PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            signal.alarm(max(1, int(timeout)))
            import pytest

            code = int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", *tests]))
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "timeout" if os.WTERMSIG(status) == signal.SIGALRM else "failed"
    return "passed" if os.WEXITSTATUS(status) == 0 else "failed"


def _preload() -> None:
    """Import the heavy third-party packages once, before forking (never the project itself)."""
    for name in ("pytest", "numpy", "sqlalchemy", "sqlalchemy.orm", "babel", "babel.dates", "babel.numbers"):
        with contextlib.suppress(ImportError):
            __import__(name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("module", help="the module to mutate, e.g. dialogue_app/planning/validate.py")
    ap.add_argument("--tests", nargs="+", required=True, help="the pytest selection to run per mutant")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per test run (a timeout kills)")
    ap.add_argument("--min-score", type=float, default=0.0, help="exit 1 below this score (0-100)")
    ap.add_argument("--list", action="store_true", help="only list the mutants")
    ap.add_argument("--only", type=int, nargs="*", help="run only these mutant numbers")
    ap.add_argument("--fork", action="store_true",
                    help="run each mutant's tests in a fork of this process (faster; POSIX only)")
    args = ap.parse_args(argv)

    repo = Path.cwd()
    module = Path(args.module)
    source = (repo / module).read_text(encoding="utf-8")
    tree = ast.parse(source)
    mutants = candidates(tree, source.splitlines())
    if args.list:
        for k, m in enumerate(mutants, 1):
            print(f"{k:4} line {m.line:4} {m.kind:8} {m.detail}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        root = work / "repo"
        shutil.copytree(repo, root, ignore=shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".ruff_cache"))
        target = root / module
        start = time.monotonic()
        run = run_tests
        if args.fork:
            _preload()
            run = run_forked
        if run(root, args.tests, args.timeout) != "passed":
            print("The tests fail without any mutation; fix them first.", file=sys.stderr)
            return 2
        killed, survived = 0, []
        chosen = [(k, m) for k, m in enumerate(mutants, 1) if not args.only or k in args.only]
        for k, m in chosen:
            target.write_text(ast.unparse(apply(tree, m)) + "\n", encoding="utf-8")
            outcome = run(root, args.tests, args.timeout)
            if outcome == "passed":
                survived.append((k, m))
            else:
                killed += 1
            print(f"{k:4} line {m.line:4} {m.kind:8} {m.detail:40} {'SURVIVED' if outcome == 'passed' else outcome}",
                  flush=True)
        target.write_text(source, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = len(chosen)
    score = 100.0 * killed / total if total else 100.0
    print(f"\n{module}: {killed} of {total} mutants killed, {len(survived)} survived: score {score:.0f} % "
          f"({time.monotonic() - start:.0f} s)")
    for k, m in survived:
        print(f"  survived {k}: line {m.line} {m.kind} {m.detail}")
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
