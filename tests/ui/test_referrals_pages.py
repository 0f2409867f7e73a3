"""The referral directory and "Working with other services" pages in AppTest (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from advisory import clock
from advisory.periods import Quarter
from advisory.services import referral_work, referrals, share_links
from tests.factories import ReferralWorld, entry_fields, make_recommendation, seed_referral_world
from tests.ui.apptest import engine_for, page_test, texts

TODAY = clock.today()


@pytest.fixture
def world(app_env) -> ReferralWorld:
    engine = engine_for(app_env)
    seeded = seed_referral_world(engine)
    engine.dispose()
    return seeded


def _click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def _entries(app_env):
    engine = engine_for(app_env)
    out = referrals.list_entries(engine)
    engine.dispose()
    return out


def test_a_director_adds_an_entry_and_an_empty_name_is_refused_keeping_what_was_typed(
    app_env, world
):
    at = page_test("pages/referrals.py", data_dir=app_env, username="dina", role="director").run()
    assert not at.exception
    at.text_input(key="referral_new_phone").input("+255 22 555 0100")
    _click(at, "Add to the directory")
    assert [e.value for e in at.error] == ["Enter the organisation's name."]
    assert at.text_input(key="referral_new_phone").value == "+255 22 555 0100"
    assert _entries(app_env) == []

    at.text_input(key="referral_new_org").input("Mercy women's clinic")
    at.multiselect(key="referral_new_sites").set_value([world.site_a])
    _click(at, "Add to the directory")
    assert not at.exception
    assert "Added Mercy women's clinic." in texts(at)
    assert [e.organisation for e in _entries(app_env)] == ["Mercy women's clinic"]
    assert "Not checked by the group yet" in texts(at) and "Needs checking" in texts(at)


def test_a_member_reads_the_directory_without_the_add_form_and_records_a_check(app_env, world):
    engine = engine_for(app_env)
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    engine.dispose()
    at = page_test("pages/referrals.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert "Add to the directory" not in [b.label for b in at.button]
    at.radio(key=f"referral_check_{entry.id}_finding").set_value(referrals.PROBLEMS)
    _click(at, "Save the check")
    assert [e.value for e in at.error] == [
        "Write what the problem is, so the next person knows what to ask."
    ]
    at.text_area(key=f"referral_check_{entry.id}_note").input("Asked for ID at the desk.")
    _click(at, "Save the check")
    assert not at.exception
    shown = texts(at)
    assert "Problems reported" in shown and "Asked for ID at the desk\\." in shown
    assert _entries(app_env)[0].finding == referrals.PROBLEMS


def test_a_member_logs_a_training_and_a_future_date_is_refused_at_the_field(app_env, world):
    at = page_test(
        "pages/other_services.py", data_dir=app_env, username="mary", role="member"
    ).run()
    assert not at.exception
    assert "Save the count" not in [b.label for b in at.button]
    at.date_input(key="ows_training_form_date").set_value(TODAY + dt.timedelta(days=2))
    at.text_input(key="ows_training_form_org").input("City hospital")
    at.number_input(key="ows_training_form_people").set_value(12)
    _click(at, "Log the training")
    assert [e.value for e in at.error] == [
        "That date is in the future; log it once it has happened."
    ]
    engine = engine_for(app_env)
    assert referral_work.list_trainings(engine) == []
    engine.dispose()


def test_a_director_enters_a_referral_count_and_a_negative_one_is_refused(app_env, world):
    at = page_test(
        "pages/other_services.py", data_dir=app_env, username="dina", role="director"
    ).run()
    at.number_input(key="ows_count_form_count").set_value(-2)
    _click(at, "Save the count")
    assert [e.value for e in at.error] == ["A count cannot be negative; enter 0 or more."]
    at.number_input(key="ows_count_form_count").set_value(9)
    _click(at, "Save the count")
    assert not at.exception
    engine = engine_for(app_env)
    assert [r.count for r in referral_work.referral_counts(engine)] == [9]
    engine.dispose()


def test_the_overview_and_what_happened_list_entries_needing_a_check(app_env, world):
    engine = engine_for(app_env)
    referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    engine.dispose()
    notice = "1 referral directory entry needs checking by the group"
    at = page_test("pages/overview.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert notice in texts(at)
    at = page_test("pages/feedback.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert notice in texts(at)
    assert "Mercy women's clinic: Post-abortion care" in texts(at).replace("\\", "")


def test_a_recommendation_is_linked_to_the_directory_entry_it_is_about(app_env, world):
    engine = engine_for(app_env)
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    rec_id = make_recommendation(engine, world)
    engine.dispose()
    at = page_test("pages/recommendations.py", data_dir=app_env, username="mary", role="member")
    at.query_params["id"] = str(rec_id)
    at.run()
    assert not at.exception
    at.multiselect(key=f"rec_{rec_id}_referrals_entries").set_value([entry.id])
    _click(at, "Save the links")
    assert not at.exception
    assert "Saved the links to the referral directory." in texts(at)
    assert "Mercy women's clinic: Post-abortion care" in texts(at).replace("\\", "")


def _shared_section(token: str) -> None:
    """A funder-view page drawing only the section (the lead hooks it into pages/shared_view)."""
    import streamlit as st

    from advisory.services import share_links
    from components import shared_working_with_services
    from components.database import get_engine
    from components.share_gate import TOKEN_KEY

    st.session_state[TOKEN_KEY] = token
    scope = share_links.resolve(get_engine(), token)
    shared_working_with_services.show(scope, key="shared_ows")


def test_the_funder_section_protects_counts_and_its_card_has_no_contact_details(app_env, world):
    engine = engine_for(app_env)
    referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    # The quarter the funder section shows is the one before the clock's, read now.
    quarter = Quarter.of(clock.today()).previous()
    for kind, n in (("Legal aid", 3), ("Shelter", 40), ("HIV treatment", 11)):
        referral_work.set_referral_count(
            engine, quarter=quarter, kind_id=world.kinds[kind], count=n, actor=world.director
        )
    token = share_links.create(
        engine, label="Funder", site_ids=[world.site_a], actor=world.director
    ).token
    engine.dispose()
    at = AppTest.from_function(_shared_section, args=(token,), default_timeout=20)
    at.run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert dict(zip(shown.iloc[:, 0], shown.iloc[:, 1], strict=True)) == {
        "Shelter": "40",
        "HIV treatment": "<5",
        "Legal aid": "<5",
        "Total": "54",
    }
    assert "counts from 1 to 4 are shown as <5" in texts(at)
    (button,) = at.get("download_button")
    assert "Riverside drop-in centre" in button.proto.label


def test_a_director_renames_a_kind_and_a_duplicate_name_is_refused_at_the_field(app_env, world):
    at = page_test("pages/referrals.py", data_dir=app_env, username="dina", role="director").run()
    at.text_input(key="referral_kinds_new_name").input("legal aid")
    _click(at, "Add the kind")
    assert [e.value for e in at.error] == ["There is already a kind called Legal aid."]
    kind = world.kinds["Other"]
    at.selectbox(key="referral_kinds_pick").set_value(kind).run()
    at.text_input(key=f"referral_kinds_edit_name_{kind}").input("Something else")
    _click(at, "Save the kind")
    assert not at.exception
    engine = engine_for(app_env)
    assert "Something else" in [k.name for k in referrals.list_kinds(engine)]
    engine.dispose()
