"""The layout of the code (issue 11): small pages, small domain modules, no import cycles.

Read on the source with `ast`, so an import inside a function or an `if TYPE_CHECKING:` block
counts like any other: an import moved into a function to dodge a cycle is still the cycle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

MAX_PAGE_LINES = 200
MAX_DOMAIN_MODULE_LINES = 520  # "about 500" (issue 11)

# Pages with a guard of their own instead of `require_page` (no logged-in user exists there).
OTHER_GUARDS = {
    "pages/setup.py": "first run: the guard is 'no account exists yet' (services/setup.py)",
    "pages/shared_view.py": "a funder's page: require_share() checks the share link",
}


def _py_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def _imported_names(path: Path, modules: set[str] | None = None, root: Path = ROOT) -> set[str]:
    """Every dotted name a file imports (relative imports resolved), anywhere in the file.

    `from a.b import c` names the module `a.b.c` when there is one (a submodule), else `a.b`:
    the edge goes to the module whose code is used, as import-graph tools count it.
    """
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                names.add(sub if modules is not None and sub in modules else base)
    return names


def import_graph(package: str = "advisory") -> dict[str, set[str]]:
    """Module -> the modules of `package` it imports (a package counts as its __init__)."""
    modules = {_module_name(p): p for p in _py_files(package)}
    return {
        name: {n for n in _imported_names(path, set(modules)) if n in modules and n != name}
        for name, path in modules.items()
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_a_cycle_within(graph, set(c)) for c in components]


def _a_cycle_within(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """The shortest cycle through the component's first module, as a path back to itself."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for nxt in sorted(graph[node] & component):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    raise AssertionError(f"no cycle in the component {sorted(component)}")


def _line_count(path: Path) -> int:
    return len(path.read_text().splitlines())


def cycle_violations() -> list[str]:
    return [f"cycle: {' -> '.join(c)}" for c in find_cycles(import_graph("advisory"))]


def long_pages() -> list[str]:
    return [f"{_rel(p)}: lines" for p in _py_files("pages") if _line_count(p) >= MAX_PAGE_LINES]


def long_domain_modules() -> list[str]:
    return [
        f"{_rel(p)}: lines"
        for p in _py_files("advisory")
        if _line_count(p) > MAX_DOMAIN_MODULE_LINES
    ]


_TRANSACTION = re.compile(r"\bwith\s+session\(|\bread_scope\(|\bwrite_scope\(")


def transactions_in_the_ui() -> list[str]:
    return [
        f"{_rel(p)}:{number}: {line.strip()}"
        for folder in ("pages", "components")
        for p in _py_files(folder)
        for number, line in enumerate(p.read_text().splitlines(), start=1)
        if _TRANSACTION.search(line)
    ]


def _calls_require_page(path: Path) -> bool:
    return any(
        isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "require_page")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "require_page")
        )
        for node in ast.walk(_tree(path))
    )


def pages_without_require_page() -> list[str]:
    return [
        f"{_rel(p)}: no require_page"
        for p in _py_files("pages")
        if _rel(p) not in OTHER_GUARDS and not _calls_require_page(p)
    ]


def test_the_cycle_finder_reports_a_cycle_and_ignores_a_chain():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_imports_inside_functions_type_checking_blocks_and_relative_imports_are_edges(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from . import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import Thing\n"
    )
    (package / "c.py").write_text("import pkg.a\n")
    modules = {"pkg", "pkg.a", "pkg.b", "pkg.c"}
    names = {
        name: _imported_names(package / f"{name[4:]}.py", modules, root=tmp_path)
        for name in ("pkg.a", "pkg.b", "pkg.c")
    }
    graph = {name: targets & modules for name, targets in names.items()}
    assert graph == {"pkg.a": {"pkg.b"}, "pkg.b": {"pkg.c"}, "pkg.c": {"pkg.a"}}
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_the_import_graph_of_advisory_has_no_cycle_counting_imports_inside_functions():
    violations = cycle_violations()
    assert violations == [], "import cycles in advisory/:\n" + "\n".join(violations)


def test_every_page_file_is_under_two_hundred_lines():
    sizes = {v: _line_count(ROOT / v.split(":")[0]) for v in long_pages()}
    assert sizes == {}, f"pages of {MAX_PAGE_LINES} lines or more (split them into components)"


def test_no_module_of_the_domain_is_over_five_hundred_and_twenty_lines():
    sizes = {v: _line_count(ROOT / v.split(":")[0]) for v in long_domain_modules()}
    assert sizes == {}, f"domain modules over {MAX_DOMAIN_MODULE_LINES} lines"


def test_no_page_or_component_opens_a_database_session_or_transaction_itself():
    assert transactions_in_the_ui() == [], "services own their transactions (issue 11)"


def test_every_page_calls_require_page():
    assert pages_without_require_page() == []
    assert all((ROOT / page).exists() for page in OTHER_GUARDS)


def test_the_domain_never_imports_streamlit_not_even_inside_a_function():
    offenders = [
        _rel(p)
        for p in _py_files("advisory")
        if any(n == "streamlit" or n.startswith("streamlit.") for n in _imported_names(p))
    ]
    assert offenders == []
