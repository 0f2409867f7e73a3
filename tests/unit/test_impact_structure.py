"""The impact slice keeps its shape (issue 11): a thin page, small modules, no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every `advisory...` module `path` imports, at the top or inside a function.

    `from package import submodule` imports the submodule (not the package's other names).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisory"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("advisory"))
    return found


def _modules() -> dict[str, Path]:
    out = {}
    for path in (ROOT / "advisory").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def test_the_analysis_and_impact_service_modules_import_no_cycle():
    modules = _modules()
    graph = {
        name: {m for m in _imports(path, set(modules)) if m in modules and m != name}
        for name, path in modules.items()
        if name.startswith(("advisory.analysis", "advisory.services.impact"))
    }

    def visit(name: str, trail: tuple[str, ...]) -> None:
        for target in graph.get(name, ()):
            assert target not in trail, " -> ".join((*trail, target))
            visit(target, (*trail, target))

    for name in graph:
        visit(name, (name,))


def test_the_impact_page_is_thin_and_opens_no_transaction_itself():
    page = (ROOT / "pages" / "impact.py").read_text()
    assert len(page.splitlines()) <= 150
    assert "session()" not in page and "read_scope" not in page and "write_scope" not in page
    assert "def session" not in (ROOT / "components" / "database.py").read_text()


def test_the_impact_service_modules_stay_small():
    for path in (ROOT / "advisory" / "services").glob("impact*.py"):
        assert len(path.read_text().splitlines()) <= 450, path.name
