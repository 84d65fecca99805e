"""The package's shape: no import cycle among symbp's modules (what they import when they are
imported: the statements at module level; imports inside functions are how symbp stays fast to
import and are resolved when called), and the core knows no exercise (it imports nothing of the
network's or the graph's modules, at any depth)."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

CORE = "symbp.core"
EXERCISES = ("symbp.network", "symbp.derivation", "symbp.evaluate", "symbp.losses", "symbp.graph", "symbp.render",
             "symbp.api")


def _module_names() -> dict[str, Path]:
    found = {}
    for path in sorted((REPO / "symbp").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, nodes) -> set[str]:
    """The symbp modules the given import statements of a file name (relative ones resolved)."""
    parts = path.relative_to(REPO).with_suffix("").parts
    package = ".".join(parts[:-1]) if parts[-1] != "__init__" else ".".join(parts[:-1])
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.startswith("symbp")}


def test_no_module_imports_itself_back_when_imported():
    names = _module_names()
    edges = {name: {m for m in _imports(path, ast.parse(path.read_text(encoding="utf-8")).body)
                    if m in names and m != name} for name, path in names.items()}
    state: dict = {}

    def visit(name, trail):
        if state.get(name) == "active":
            raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(name):] + [name]))
        if state.get(name) != "done":
            state[name] = "active"
            for target in sorted(edges[name]):
                visit(target, trail + [name])
            state[name] = "done"

    for name in sorted(edges):
        visit(name, [])
    assert len(edges) > 60  # every module was read


def test_the_core_imports_no_exercise():
    names = _module_names()
    core = {name: path for name, path in names.items() if name.startswith(CORE)}
    imported = {m for path in core.values() for m in _imports(path, ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert {m for m in imported if m.startswith(EXERCISES)} == set()
