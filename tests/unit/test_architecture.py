"""Rules of the codebase that keep data safe, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from tests.conftest import ROOT

PY_FILES = [
    p
    for p in ROOT.rglob("*.py")
    if not any(part in {".venv", "tests", "migrations", "bench"} for part in p.parts)
]


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(), filename=str(path))


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_app_pages_components_and_the_launcher_import_streamlit():
    offenders = []
    for path in PY_FILES:
        rel = path.relative_to(ROOT)
        # serve.py starts the server (`streamlit run` without Nagle's delay); it draws nothing.
        if rel.parts[0] in {"pages", "components"} or rel in {Path("app.py"), Path("serve.py")}:
            continue
        if any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(_tree(path))):
            offenders.append(str(rel))
    assert offenders == []


def _calls(tree: ast.AST):  # type: ignore[no-untyped-def]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return ""


def test_html_is_never_built_from_data():
    offenders = []
    for path in PY_FILES:
        for call in _calls(_tree(path)):
            unsafe = any(
                k.arg == "unsafe_allow_html"
                and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in call.keywords
            )
            is_html = _name(call) == "html" and isinstance(call.func, ast.Attribute)
            if (unsafe or is_html) and not all(isinstance(a, ast.Constant) for a in call.args):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert offenders == []


def test_no_cache_data_anywhere_in_the_app():
    # st.cache_data is shared by every user of the process; our data is role-dependent.
    offenders = []
    for path in PY_FILES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and node.attr == "cache_data":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_every_download_button_downloads_without_rerunning_the_page():
    """why: by default a press also reruns the page, and in Streamlit 1.67 that rerun races the
    file the browser asks for (it can replace the callable first: "Failed to generate file for
    download"). A download changes nothing on the page (components/downloads.py)."""
    offenders, found = [], 0
    for path in PY_FILES:
        for call in _calls(_tree(path)):
            if _name(call) != "download_button":
                continue
            found += 1
            on_click = next((k.value for k in call.keywords if k.arg == "on_click"), None)
            if not (isinstance(on_click, ast.Constant) and on_click.value == "ignore"):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert found >= 10, f"only {found} download buttons found: is the search still right?"
    assert offenders == []


def test_the_login_library_is_never_given_an_api_key_or_registration_features():
    forbidden = {
        "register_user",
        "forgot_password",
        "forgot_username",
        "api_key",
        "experimental_guest_login",
        "password_hint",
    }
    offenders = []
    for path in PY_FILES:
        source = path.read_text()
        for word in forbidden:
            if word in source:
                offenders.append(f"{path.relative_to(ROOT)}: {word}")
    assert offenders == []


def test_every_page_file_calls_a_role_guard_before_anything_else_is_drawn():
    for path in sorted((ROOT / "pages").glob("*.py")):
        if path.name == "setup.py":
            continue  # guarded by its own "no account exists yet" check
        tree = _tree(path)
        first_st_call = None
        guard_line = None
        for call in sorted(_calls(tree), key=lambda c: c.lineno):
            name = _name(call)
            if name in {"require_role", "require_page", "require_share"} and guard_line is None:
                guard_line = call.lineno
            if (
                isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "st"
                and first_st_call is None
            ):
                first_st_call = call.lineno
        assert guard_line is not None, f"{path.name} has no role guard"
        assert first_st_call is None or guard_line <= first_st_call, path.name


def test_no_literal_credentials_are_committed_outside_tests():
    out = subprocess.run(
        ["git", "grep", "-n", "-i", "-E", "password *[=:] *['\"][^'\"]{6,}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    hits = [
        line for line in out.stdout.splitlines() if not line.startswith(("tests/", "README.md"))
    ]
    assert hits == []
