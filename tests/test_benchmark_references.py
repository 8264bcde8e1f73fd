"""Every attribute a benchmark reads from a project module exists.

Benchmarks are not run by the suite (they take minutes), but the README's numbers come from them: when
a refactor removed `geo.mentions._INDEXES`, `bench_parse.py` crashed and nothing said so.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gazetteer", "geo", "maps", "syrmap")
BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))


def _imports(nodes: list[ast.stmt]) -> dict[str, str]:
    """Local name -> project module, for the imports of project modules among these statements (not
    inside nested functions)."""
    names: dict[str, str] = {}
    for node in _own_nodes(nodes):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in PACKAGES:
                    names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] not in PACKAGES:
                continue
            for a in node.names:
                full = f"{node.module}.{a.name}"
                try:
                    importlib.import_module(full)
                except ImportError:
                    continue  # a function or class, not a submodule
                names[a.asname or a.name] = full
    return names


def _own_nodes(nodes: list[ast.stmt]):
    """Every node under these statements, without descending into nested functions or classes."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue  # its own scope
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _bound(func: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names a function binds itself other than by import: parameters and assignment targets."""
    args = func.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    names |= {n.id for n in _own_nodes(func.body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names


def _scopes(tree: ast.Module):
    """(statements, project-module names visible in them) for the module body and every function."""
    module_names = _imports(tree.body)
    yield tree.body, module_names
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            visible = {k: v for k, v in module_names.items() if k not in _bound(node)}
            yield node.body, {**visible, **_imports(node.body)}


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


@pytest.mark.parametrize("path", BENCHMARKS, ids=[p.name for p in BENCHMARKS])
def test_benchmark_reads_only_existing_module_attributes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = set()
    for body, modules in _scopes(tree):
        for node in _own_nodes(body):
            dotted = _dotted(node) if isinstance(node, ast.Attribute) else None
            if dotted is None:
                continue
            head, *rest = dotted.split(".")
            if head not in modules or not rest:
                continue
            # The longest prefix that is a module, then the attribute right after it.
            target, attrs = modules[head], rest
            while attrs:
                try:
                    importlib.import_module(f"{target}.{attrs[0]}")
                except ImportError:
                    break
                target, attrs = f"{target}.{attrs[0]}", attrs[1:]
            if attrs and not hasattr(importlib.import_module(target), attrs[0]):
                missing.add(f"{path.name}:{node.lineno} {target}.{attrs[0]}")
    assert not missing, f"benchmarks read attributes that no longer exist: {missing}"
