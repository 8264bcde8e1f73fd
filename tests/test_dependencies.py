"""Every third-party module the packages import is a declared dependency.

CI installs what pyproject.toml lists on a fresh machine; a module that happens to be installed here
(wordfreq once was) passes every other test and then fails for the first user.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the check needs to run on one interpreter only

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gazetteer", "geo", "maps", "syrmap")


def _imported_modules() -> dict[str, str]:
    """Top-level module name -> one file importing it, for every import in the packages."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {re.split(r"[\[<>=!~ ;]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_every_third_party_import_is_declared():
    dists = packages_distributions()
    declared = _declared()
    missing = {}
    for module, where in _imported_modules().items():
        if module in sys.stdlib_module_names or module in PACKAGES:
            continue
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            missing[module] = where
    assert not missing, f"imported but not in pyproject.toml: {missing}"
