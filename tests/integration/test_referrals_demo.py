"""The demo's referral directory, counts, trainings, networks and forums (issue 12)."""

from __future__ import annotations

from advisory import clock, demo
from advisory.actors import CLI
from advisory.db import session_scope
from advisory.demo import base
from advisory.periods import Quarter
from advisory.services import organisation, referral_card, referral_work, referrals


def test_the_demo_gives_both_sites_a_directory_with_every_badge_and_a_year_of_work(engine):
    with session_scope(engine) as s:
        result = demo.load(s, actor=CLI)
    assert "7 referral directory entries, 4 trainings, 4 networks, 3 forums" in result.summary
    sites = {s.name: s.id for s in organisation.list_sites(engine)}
    entries = referrals.list_entries(engine)
    findings = {e.organisation: e.finding for e in entries}
    assert findings["District hospital"] == referrals.PROBLEMS
    assert findings["Bright Start daycare"] == referrals.NOT_RECOMMENDED
    assert findings["Mwanamke Salama"] is None
    due = {e.organisation for e in referrals.entries_needing_check(engine)}
    assert due == {"Legal Aid Centre", "Mwanamke Salama"}
    for site in (base.DROP_IN, base.OUTREACH):
        card = referral_card.card(engine, site_id=sites[site], shared=True)
        assert len(card.entries) >= 3
        assert all(e.phone == "" and e.area == "" for e in card.entries)
    outreach_card = referral_card.card(engine, site_id=sites[base.OUTREACH], shared=False)
    assert "Bright Start daycare: Childcare during appointments" not in [
        e.name for e in outreach_card.entries
    ]
    last_whole = Quarter.of(clock.today()).previous()
    summary = referral_work.summary(engine, quarter=last_whole, shared=True)
    assert dict(summary.referrals)["Total"] == "48"
    assert len(summary.networks) == 4
    assert len(referral_work.list_trainings(engine)) == 4
