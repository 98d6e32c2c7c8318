"""The architecture holds (README, Architecture): each part of src/kpitool imports only the
parts below it, and no module imports itself back through a cycle. Read from the source with
``ast``, imports inside functions and under TYPE_CHECKING included."""

from __future__ import annotations

import ast
from pathlib import Path

from paths import REPO

SRC = REPO / "src" / "kpitool"
#: the parts each part may import besides itself (the engine and the renderers are siblings:
#: both read results, neither imports the other; only the command line sees everything)
ALLOWED = {
    "cli": {"report", "render", "engine", "store", "config", "kpis", "results", "io", "errors"},
    # the review pack: HTML of results, with render's pure value formatting; never the engine
    "report": {"render", "results", "kpis", "io", "errors"},
    "store": {"results", "io", "errors"},
    "render": {"results", "kpis", "io", "errors"},
    "engine": {"config", "kpis", "results", "io", "errors"},
    "config": {"kpis", "errors"},
    "kpis": {"errors"},
    "results": {"io", "errors"},
    "io": {"errors"},
    "errors": set(),
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "kpitool" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _module(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_each_part_imports_only_the_parts_it_may() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        mine = _part(_module(path))
        if mine not in ALLOWED:
            continue  # kpitool/__init__.py (the API) and __main__.py sit above everything
        for imported in _imports(path):
            theirs = _part(imported)
            if theirs in ALLOWED and theirs != mine and theirs not in ALLOWED[mine]:
                wrong.append(f"{_module(path)} imports {imported}")
    assert wrong == []


def test_no_import_cycle_between_modules() -> None:
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graph = {
        m: {i for i in _imports(p) if i in modules and i != m and modules[i].name != "__init__.py"}
        for m, p in modules.items()
    }
    seen: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(m: str, path: list[str]) -> list[str] | None:
        seen[m] = 1
        for n in sorted(graph[m]):
            if seen.get(n) == 1:
                return [*path, m, n]
            if n not in seen:
                found = visit(n, [*path, m])
                if found:
                    return found
        seen[m] = 2
        return None

    for m in sorted(graph):
        if m not in seen:
            assert visit(m, []) is None
