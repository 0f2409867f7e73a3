"""Every page x every role (and logged out): the server-side guard decides, per permissions."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from advisory.permissions import PAGE_ROLES
from advisory.services import users
from components.navigation import PAGES
from tests.ui.apptest import TIMEOUT, engine_for, page_test, texts

ROLES = ("admin", "director", "member")
CASES = [(spec.key, spec.path, role) for spec in PAGES for role in (*ROLES, None)]


@pytest.mark.parametrize(
    ("key", "path", "role"), CASES, ids=[f"{k}-{r or 'logged-out'}" for k, _, r in CASES]
)
def test_each_page_shows_only_to_the_roles_allowed_to_see_it(app_env, key, path, role):
    at = page_test(path, data_dir=app_env, username=f"{role}1" if role else None, role=role)
    at.run()
    assert not at.exception
    shown = texts(at)
    if role in PAGE_ROLES[key]:
        assert "You don't have access to this page" not in shown
        assert at.title, f"{path} rendered no title for {role}"
    else:
        assert [e.value for e in at.error] == ["You don't have access to this page."]
        # Nothing else is rendered but the refusal's title and the way home: no table, no form.
        assert [t.value for t in at.title] == ["No access"]
        assert not at.dataframe and not at.text_input
        assert "Go to the home page" in texts(at)


def test_every_page_in_the_registry_has_a_permission_entry():
    assert {spec.key for spec in PAGES} <= set(PAGE_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_navigation_lists_only_the_pages_the_role_may_open(app_env, role):
    at = page_test("app.py", data_dir=app_env, username=f"{role}1", role=role)
    at.run()
    assert not at.exception
    allowed = [spec for spec in PAGES if role in PAGE_ROLES[spec.key]]
    refused = [spec for spec in PAGES if role not in PAGE_ROLES[spec.key]]
    # AppTest only knows the pages registered by the last run: refused ones are unknown.
    for spec in refused:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.path)
    for spec in allowed:
        at.switch_page(spec.path)
        at.run()
        assert not at.exception
        assert "You don't have access" not in texts(at)


def test_a_deactivated_users_open_session_is_refused_on_the_next_run(app_env):
    at = page_test("pages/users.py", data_dir=app_env, username="boss", role="admin")
    page_test("pages/users.py", data_dir=app_env, username="other", role="admin")
    at.run()
    assert "You don't have access" not in texts(at)
    engine = engine_for(app_env)
    users.set_active(engine, username="boss", active=False, actor=users.get_view(engine, "other"))
    engine.dispose()
    at.run()
    assert [e.value for e in at.error] == ["You don't have access to this page."]


def _hidden_refusal_page() -> None:
    """What app.py registers at an address the role may not open (components/navigation.py)."""
    from components.navigation import _refusal_page

    _refusal_page("pages/overview.py")()


def test_an_address_the_role_may_not_open_shows_a_titled_refusal_with_a_link_home(app_env):
    at = AppTest.from_function(_hidden_refusal_page, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["No access"]
    assert [e.value for e in at.error] == ["You don't have access to this page."]
    # Outside app.py's navigation the home page is not registered: the link is the app's address.
    assert [m.value for m in at.markdown] == ["[Go to the home page](./)"]
