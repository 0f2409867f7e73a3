"""The referral directory and work with other services on SQLite and PostgreSQL (issue 12)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import func, select

from advisory import clock
from advisory.db import read_scope
from advisory.errors import PermissionDenied, StaleEdit, ValidationError
from advisory.exports import referral_card as card_html
from advisory.exports import referrals_export
from advisory.models import AuditEvent, ReferralCheck, ReferralCount, ReferralEntry, Training
from advisory.periods import Quarter
from advisory.reports import quarterly, quarterly_html
from advisory.reports.working_with_services_html import section_html
from advisory.services import referral_card, referral_links, referral_work, referrals
from tests import factories
from tests.factories import entry_fields, seed_referral_world

TODAY = clock.today()
THIS_QUARTER = Quarter.of(TODAY)


@pytest.fixture
def world(engine):
    return seed_referral_world(engine)


def _rows(engine, model) -> int:
    with read_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_director_adds_an_entry_that_lists_its_attributes_and_needs_a_first_check(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    listed = referrals.list_entries(engine, site_id=world.site_a)
    assert [e.id for e in listed] == [entry.id]
    assert listed[0].name == "Mercy women's clinic: Post-abortion care"
    assert listed[0].kind == "Safe abortion and post-abortion care"
    assert listed[0].attributes == ("women_staff", "no_id_required", "accepts_women_using_drugs")
    assert listed[0].site_names == ("Riverside drop-in centre",)
    assert listed[0].needs_checking and listed[0].last_check is None
    assert referrals.list_entries(engine, site_id=world.site_b) == []
    with read_scope(engine) as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == entry.id)))
    assert "referral_entry.create" in actions


def test_a_member_may_read_but_not_edit_the_directory(engine, world):
    with pytest.raises(PermissionDenied):
        referrals.create_entry(engine, **entry_fields(world), actor=world.member)
    assert _rows(engine, ReferralEntry) == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation": "   "}, "organisation"),
        ({"kind_id": 9999}, "kind"),
        ({"phone": "call Aye on her mobile"}, "phone"),
        ({"site_ids": [9999]}, "sites"),
        ({"attributes": ["free_drinks"]}, "attributes"),
    ],
)
def test_bad_directory_input_is_refused_at_its_field_and_saves_nothing(
    engine, world, overrides, field
):
    with pytest.raises(ValidationError) as caught:
        referrals.create_entry(engine, **entry_fields(world, **overrides), actor=world.director)
    assert caught.value.field == field
    assert _rows(engine, ReferralEntry) == 0


def test_a_member_flags_problems_at_a_meeting_and_the_entry_shows_the_finding(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    with pytest.raises(ValidationError) as caught:
        referrals.check_entry(
            engine,
            entry_id=entry.id,
            finding=referrals.PROBLEMS,
            meeting_id=world.meeting_id,
            actor=world.member,
        )
    assert caught.value.field == "note"
    assert _rows(engine, ReferralCheck) == 0
    referrals.check_entry(
        engine,
        entry_id=entry.id,
        finding=referrals.PROBLEMS,
        meeting_id=world.meeting_id,
        note="Two women were asked for ID at reception.",
        actor=world.member,
    )
    shown = referrals.get_entry(engine, entry.id)
    assert shown.finding == referrals.PROBLEMS
    assert shown.last_check.checked_on == world.meeting_held_on
    assert shown.last_check.meeting_id == world.meeting_id
    assert shown.last_check.note == "Two women were asked for ID at reception."
    assert not shown.needs_checking
    assert shown.recommended  # still on the card, with a warning


def test_an_entry_last_checked_over_twelve_months_ago_needs_checking(engine, world):
    old = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    fresh = referrals.create_entry(
        engine, **entry_fields(world, organisation="Safe House"), actor=world.director
    )
    referrals.check_entry(
        engine,
        entry_id=old.id,
        finding=referrals.STILL_GOOD,
        meeting_id=None,
        checked_on=TODAY - dt.timedelta(days=370),
        actor=world.member,
    )
    referrals.check_entry(
        engine,
        entry_id=fresh.id,
        finding=referrals.STILL_GOOD,
        meeting_id=world.meeting_id,
        actor=world.member,
    )
    assert [e.id for e in referrals.entries_needing_check(engine)] == [old.id]


def test_a_check_dated_in_the_future_or_with_an_unknown_finding_is_refused(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    for kwargs, field in (
        ({"finding": "lovely"}, "finding"),
        (
            # two days ahead: still in the future if the run crosses midnight (UTC)
            {"finding": referrals.STILL_GOOD, "checked_on": TODAY + dt.timedelta(days=2)},
            "checked_on",
        ),
        ({"finding": referrals.STILL_GOOD, "meeting_id": 9999}, "meeting"),
    ):
        kwargs.setdefault("meeting_id", None)
        with pytest.raises(ValidationError) as caught:
            referrals.check_entry(engine, entry_id=entry.id, actor=world.member, **kwargs)
        assert caught.value.field == field
    assert _rows(engine, ReferralCheck) == 0


def test_an_edit_from_a_stale_form_is_refused(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    referrals.edit_entry(
        engine,
        entry_id=entry.id,
        expected_version=entry.version,
        **entry_fields(world, cost="Small fee"),
        actor=world.director,
    )
    with pytest.raises(StaleEdit):
        referrals.edit_entry(
            engine,
            entry_id=entry.id,
            expected_version=entry.version,
            **entry_fields(world, cost="Free again"),
            actor=world.director,
        )
    assert referrals.get_entry(engine, entry.id).cost == "Small fee"


def test_kinds_are_editable_by_directors_and_refuse_duplicates(engine, world):
    added = referrals.add_kind(engine, name="Harm reduction for sex workers", actor=world.director)
    assert added.name in [k.name for k in referrals.list_kinds(engine)]
    with pytest.raises(ValidationError) as caught:
        referrals.add_kind(engine, name="legal AID", actor=world.director)
    assert caught.value.field == "kind_name"
    with pytest.raises(PermissionDenied):
        referrals.add_kind(engine, name="Food bank", actor=world.member)


def test_staff_enter_referral_counts_per_quarter_and_kind_and_bad_counts_save_nothing(
    engine, world
):
    kind = world.kinds["Legal aid"]
    previous = THIS_QUARTER.previous()
    referral_work.set_referral_count(
        engine, quarter=previous.label, kind_id=kind, count=4, actor=world.director
    )
    referral_work.set_referral_count(
        engine, quarter=previous, kind_id=kind, count=7, actor=world.director
    )
    assert referral_work.referral_counts(engine) == [
        referral_work.CountRow(previous.label, "Legal aid", 7)
    ]
    for kwargs, field in (
        ({"count": -1}, "count"),
        ({"count": 2.5}, "count"),
        ({"kind_id": 9999}, "kind"),
        # Two quarters ahead: still ahead if the run crosses midnight into the next quarter.
        ({"quarter": THIS_QUARTER.next().next()}, "quarter"),
        ({"quarter": "last spring"}, "quarter"),
    ):
        args = {"quarter": THIS_QUARTER, "kind_id": kind, "count": 3, **kwargs}
        with pytest.raises(ValidationError) as caught:
            referral_work.set_referral_count(engine, **args, actor=world.director)
        assert caught.value.field == field
    with pytest.raises(PermissionDenied):
        referral_work.set_referral_count(
            engine, quarter=THIS_QUARTER, kind_id=kind, count=3, actor=world.member
        )
    assert _rows(engine, ReferralCount) == 1


def _training(world, **overrides):
    fields = {
        "held_on": TODAY - dt.timedelta(days=3),
        "organisation": "City hospital maternity ward",
        "kind_id": world.kinds[
            "Maternal and newborn health, prevention of mother-to-child transmission"
        ],
        "topics": ["gender", "stigma"],
        "delivered_by": "both",
        "participants": 14,
        "follow_up": "Visit again in three months",
    }
    fields.update(overrides)
    return fields


def test_a_member_logs_a_training_linked_to_the_clinic_that_was_trained(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    logged = referral_work.log_training(
        engine, **_training(world, entry_id=entry.id), actor=world.member
    )
    assert logged.entry_name == entry.name
    assert logged.topic_words == "Gender, Stigma and discrimination"
    assert [
        t.id for t in referral_work.list_trainings(engine, quarter=Quarter.of(logged.held_on))
    ] == [logged.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": TODAY + dt.timedelta(days=2)}, "held_on"),  # ahead even after a midnight
        ({"organisation": ""}, "organisation"),
        ({"kind_id": 9999}, "kind"),
        ({"topics": []}, "topics"),
        ({"topics": ["astrology"]}, "topics"),
        ({"delivered_by": "robots"}, "delivered_by"),
        ({"participants": -3}, "participants"),
    ],
)
def test_bad_training_input_is_refused_at_its_field_and_saves_nothing(
    engine, world, overrides, field
):
    with pytest.raises(ValidationError) as caught:
        referral_work.log_training(engine, **_training(world, **overrides), actor=world.member)
    assert caught.value.field == field
    assert _rows(engine, Training) == 0


def test_members_list_networks_and_forums_and_bad_ones_are_refused(engine, world):
    referral_work.add_network(
        engine, name="INPUD", level="international", link="https://inpud.net", actor=world.member
    )
    with pytest.raises(ValidationError) as caught:
        referral_work.add_network(
            engine, name="Local net", level="local", link="javascript:alert(1)", actor=world.member
        )
    assert caught.value.field == "link"
    with pytest.raises(ValidationError) as caught:
        referral_work.add_network(engine, name="X", level="galactic", link="", actor=world.member)
    assert caught.value.field == "level"
    referral_work.log_forum(
        engine,
        held_on=TODAY,
        forum="National HIV council",
        level="national",
        raised="Clinics asking women for ID",
        outcome="Ministry to write to clinics",
        actor=world.member,
    )
    with pytest.raises(ValidationError) as caught:
        referral_work.log_forum(
            engine,
            held_on=TODAY + dt.timedelta(days=2),
            forum="Later",
            level="local",
            actor=world.member,
        )
    assert caught.value.field == "held_on"
    assert [n.name for n in referral_work.list_networks(engine)] == ["INPUD"]
    assert [f.forum for f in referral_work.list_forums(engine)] == ["National HIV council"]


def test_the_shared_summary_protects_counts_of_people_and_drops_typed_text(engine, world):
    quarter = THIS_QUARTER.previous()
    day = quarter.start + dt.timedelta(days=5)
    referral_work.log_training(
        engine, **_training(world, held_on=day, participants=3), actor=world.member
    )
    referral_work.log_training(
        engine,
        **_training(world, held_on=day, participants=1, organisation="Police"),
        actor=world.member,
    )
    for name, n in (("Legal aid", 2), ("Shelter", 30), ("HIV treatment", 12)):
        referral_work.set_referral_count(
            engine, quarter=quarter, kind_id=world.kinds[name], count=n, actor=world.director
        )
    referral_work.log_forum(
        engine,
        held_on=day,
        forum="City forum",
        level="local",
        raised="Aye spoke about ID",
        actor=world.member,
    )

    shared = referral_work.summary(engine, quarter=quarter, shared=True)
    assert shared.trainings_held == 2  # trainings identify no one: exact
    assert shared.participants == "<5"
    by_kind = dict(shared.referrals)
    # Legal aid (2) is small; HIV treatment (12) is hidden too, or 44 - 30 - 12 would give it.
    assert by_kind == {"Shelter": "30", "HIV treatment": "<5", "Legal aid": "<5", "Total": "44"}
    assert [f.raised for f in shared.forums] == [""]
    assert "<5" in shared.note

    internal = referral_work.summary(engine, quarter=quarter, shared=False)
    assert internal.participants == "4"
    assert dict(internal.referrals) == {
        "Shelter": "30",
        "HIV treatment": "12",
        "Legal aid": "2",
        "Total": "44",
    }
    assert internal.forums[0].raised == "Aye spoke about ID"


def test_the_shared_card_has_no_contact_details_and_leaves_out_entries_no_longer_recommended(
    engine, world
):
    good = referrals.create_entry(
        engine, **entry_fields(world, organisation="<b>Mercy</b> & co"), actor=world.director
    )
    dropped = referrals.create_entry(
        engine, **entry_fields(world, organisation="Rude clinic"), actor=world.director
    )
    referrals.check_entry(
        engine,
        entry_id=dropped.id,
        finding=referrals.NOT_RECOMMENDED,
        meeting_id=world.meeting_id,
        note="Staff shouted at us",
        actor=world.member,
    )
    internal = referral_card.card(engine, site_id=world.site_a, shared=False)
    assert [e.name for e in internal.entries] == [good.name]
    assert internal.entries[0].phone == "+255 22 555 0100"
    shared = referral_card.card(engine, site_id=world.site_a, shared=True)
    html = card_html.render(shared)
    assert "555 0100" not in html and "Market Street" not in html and "09:00" not in html
    assert "&lt;b&gt;Mercy&lt;/b&gt; &amp; co" in html and "<b>Mercy" not in html
    assert "No ID or registration needed" in html and "Rude clinic" not in html
    assert "http" not in html.split("<body>")[1]  # self-contained: loads nothing
    assert card_html.file_name(shared) == "referral-card-riverside-drop-in-centre-shared.html"


def test_exports_are_formula_neutralised_and_carry_every_list(engine, world):
    referrals.create_entry(
        engine,
        **entry_fields(world, organisation='=HYPERLINK("http://x")'),
        actor=world.director,
    )
    text = referrals_export.csv_bytes(engine, which="directory").decode("utf-8-sig")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK(")
    book = pd.read_excel(io.BytesIO(referrals_export.xlsx_bytes(engine)), sheet_name=None)
    assert list(book) == list(referrals_export.LISTS)
    assert book["directory"]["organisation"].tolist() == ['\'=HYPERLINK("http://x")']


def test_a_recommendation_can_point_at_the_entry_it_is_about(engine, world):
    entry = referrals.create_entry(engine, **entry_fields(world), actor=world.director)
    rec_id = factories.make_recommendation(engine, world)
    referral_links.link_recommendation(
        engine, recommendation_id=rec_id, entry_ids=[entry.id], actor=world.member
    )
    assert [e.id for e in referral_links.entries_for_recommendation(engine, rec_id)] == [entry.id]


def test_the_report_section_of_a_shared_summary_is_escaped_and_protected(engine, world):
    quarter = THIS_QUARTER.previous()
    day = quarter.start + dt.timedelta(days=3)
    referral_work.log_training(
        engine, **_training(world, held_on=day, participants=2), actor=world.member
    )
    referral_work.log_forum(
        engine,
        held_on=day,
        forum="<script>x</script> council",
        level="local",
        raised="RAISED-SECRET",
        actor=world.member,
    )
    shared = section_html(referral_work.summary(engine, quarter=quarter, shared=True))
    assert "&lt;script&gt;x&lt;/script&gt; council" in shared and "<script>" not in shared
    assert '<span class="n">&lt;5</span>people trained' in shared
    assert "RAISED-SECRET" not in shared
    internal = section_html(referral_work.summary(engine, quarter=quarter, shared=False))
    assert '<span class="n">2</span>people trained' in internal and "RAISED-SECRET" in internal


def test_the_quarterly_report_carries_the_section_protected_in_its_shareable_version(engine, world):
    quarter = THIS_QUARTER.previous()
    referral_work.set_referral_count(
        engine, quarter=quarter, kind_id=world.kinds["Shelter"], count=3, actor=world.director
    )
    shareable = quarterly_html.render_html(quarterly.build(engine, quarter=quarter, shareable=True))
    assert "<h2>Working with other services</h2>" in shareable
    assert '<td>Shelter</td><td class="n">&lt;5</td>' in shareable
    internal = quarterly_html.render_html(quarterly.build(engine, quarter=quarter, shareable=False))
    assert '<td>Shelter</td><td class="n">3</td>' in internal
