"""The shape of the code: imports point one way, packages export exactly what they say."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {"loaders": 0, "ontology": 1, "graph": 2, "viz": 3, "api": 4}


def project_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


@pytest.mark.parametrize("package", RANK)
def test_imports_point_down(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        for lineno, target in project_imports(path):
            if target in RANK:
                assert RANK[target] <= RANK[package], f"{path.relative_to(ROOT)}:{lineno} imports {target}"


def test_the_check_catches_an_upward_import(tmp_path):
    bad = tmp_path / "records.py"
    bad.write_text("from api.cli import main\n", encoding="utf-8")
    assert [target for _, target in project_imports(bad)] == ["api"]


@pytest.mark.parametrize("package", ["loaders", "ontology", "graph"])
def test_public_names_are_exactly_all(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        getattr(module, name)  # a package may load its names on first use; each must resolve
    public = {name for name in dir(module) if not name.startswith("_") and not isinstance(
        getattr(module, name), type(importlib))}
    assert public == set(module.__all__)
