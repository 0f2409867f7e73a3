"""Demo referral directory, referral counts, trainings, networks and forums (issue 12).

Services near the two demo sites, modelled on what such groups list: a women's clinic with
post-abortion care, a gender-based-violence shelter, HIV and hepatitis treatment, legal aid.
The group's checks are dated at the demo meetings; one entry has problems reported, one is no
longer recommended, one was last checked over a year ago and one never, so the badges show.
Networks are real public networks of people and of women who use drugs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.actors import SystemActor
from advisory.demo.base import DROP_IN, OUTREACH
from advisory.models import Meeting, ReferralKind, Site
from advisory.periods import Quarter
from advisory.services import referral_work, referrals

if TYPE_CHECKING:
    from advisory.demo.base import DemoResult

# (organisation, service, kind, sites, area, hours, phone, languages, cost, attributes, check)
# check: ("good"|"problems"|"dropped"|"old"|None, note)
ENTRIES = (
    (
        "Mercy women's clinic",
        "Post-abortion care and contraception",
        "Safe abortion and post-abortion care",
        (DROP_IN,),
        "Market Street 4, by the bus station",
        "Mon-Fri 08:00-16:00",
        "+95 74 555 0101",
        "Burmese, Jinghpaw",
        "Free",
        ("women_staff", "no_id_required", "accepts_women_using_drugs", "accompanied_referral"),
        ("good", "Women said staff were kind and did not ask about drug use."),
    ),
    (
        "Safe House women's shelter",
        "Shelter and gender-based-violence support",
        "Gender-based-violence support",
        (DROP_IN, OUTREACH),
        "Ask staff: the address is private",
        "Open day and night",
        "+95 74 555 0102",
        "Burmese",
        "Free",
        (
            "women_staff",
            "childcare",
            "trans_women_welcome",
            "no_police_reporting",
            "accepts_women_using_drugs",
        ),
        ("good", "Took in two women this quarter; children welcome."),
    ),
    (
        "District hospital",
        "HIV treatment clinic",
        "HIV treatment",
        (DROP_IN,),
        "Hospital Road, building C",
        "Mon-Sat 09:00-13:00",
        "+95 74 555 0103",
        "Burmese, English",
        "Free",
        ("no_id_required",),
        ("problems", "Women were asked for their ID card at registration again."),
    ),
    (
        "Legal Aid Centre",
        "Free legal advice",
        "Legal aid",
        (DROP_IN, OUTREACH),
        "Court Street 12, first floor",
        "Tue and Thu 10:00-15:00",
        "+95 74 555 0104",
        "Burmese, Jinghpaw",
        "Free",
        ("women_staff", "no_police_reporting"),
        ("old", "Still helpful with custody cases."),
    ),
    (
        "Kariakoo health centre",
        "Maternal and newborn care, PMTCT",
        "Maternal and newborn health, prevention of mother-to-child transmission",
        (OUTREACH,),
        "Kariakoo, near the market",
        "Mon-Fri 07:30-15:30",
        "+255 22 555 0105",
        "Swahili",
        "Free",
        ("women_staff", "childcare", "accepts_women_using_drugs"),
        ("good", "Midwives welcomed the women we accompanied."),
    ),
    (
        "Mwanamke Salama",
        "Hepatitis C testing and treatment",
        "Hepatitis treatment",
        (OUTREACH,),
        "Mnazi Mmoja, blue gate",
        "Wed 09:00-14:00",
        "+255 22 555 0106",
        "Swahili, English",
        "Small fee, waived on request",
        ("trans_women_welcome", "accepts_women_using_drugs"),
        None,
    ),
    (
        "Bright Start daycare",
        "Childcare during appointments",
        "Childcare",
        (OUTREACH,),
        "Upanga, behind the church",
        "Mon-Fri 07:00-18:00",
        "+255 22 555 0107",
        "Swahili",
        "Free for clients",
        ("childcare",),
        ("dropped", "Staff refused children of women who use drugs."),
    ),
)
NETWORKS = (
    ("International Network of People who Use Drugs (INPUD)", "international", "https://inpud.net"),
    (
        "Women and Harm Reduction International Network (WHRIN)",
        "international",
        "https://www.whrin.site",
    ),
    ("Asian Network of People who Use Drugs (ANPUD)", "regional", "https://www.anpud.org"),
    ("Women who use drugs peer circle, Myitkyina", "local", ""),
)
FINDING = {
    "good": referrals.STILL_GOOD,
    "old": referrals.STILL_GOOD,
    "problems": referrals.PROBLEMS,
    "dropped": referrals.NOT_RECOMMENDED,
}
# Referrals made per quarter (oldest first, six quarters up to the last whole one), by kind.
COUNTS = {
    "Safe abortion and post-abortion care": (3, 5, 6, 8, 7, 9),
    "Gender-based-violence support": (6, 8, 11, 14, 12, 15),
    "HIV treatment": (12, 10, 13, 11, 14, 12),
    "Legal aid": (2, 1, 4, 3, 5, 4),
    "Maternal and newborn health, prevention of mother-to-child transmission": (4, 6, 5, 7, 9, 8),
}


def load(session: Session, result: DemoResult, *, by: str) -> None:
    today = result.today
    actor = SystemActor(by)
    sites = {s.name: s.id for s in session.scalars(select(Site))}
    kinds = {k.name: k.id for k in session.scalars(select(ReferralKind))}
    meetings = list(session.scalars(select(Meeting).order_by(Meeting.held_on.desc())))
    latest = meetings[0] if meetings else None
    year_old = next((m for m in meetings if (today - m.held_on).days > 380), None)
    for org, service, kind, where, area, hours, phone, langs, cost, attrs, check in ENTRIES:
        entry = referrals.create_entry(
            session,
            organisation=org,
            service_name=service,
            kind_id=kinds[kind],
            site_ids=[sites[s] for s in where],
            area=area,
            opening_hours=hours,
            phone=phone,
            languages=langs,
            cost=cost,
            attributes=attrs,
            actor=actor,
        )
        if check is None:
            continue
        state, note = check
        meeting = year_old if state == "old" else latest
        referrals.check_entry(
            session,
            entry_id=entry.id,
            finding=FINDING[state],
            meeting_id=meeting.id if meeting else None,
            note=note,
            checked_on=None
            if meeting
            else today - dt.timedelta(days=400 if state == "old" else 20),
            actor=actor,
        )
    last_whole = Quarter.of(today).previous()
    for kind, series in COUNTS.items():
        for back, n in enumerate(reversed(series)):
            referral_work.set_referral_count(
                session,
                quarter=last_whole.previous(back),
                kind_id=kinds[kind],
                count=n,
                actor=actor,
            )
    trainings = (
        (
            200,
            "District hospital",
            "HIV treatment",
            ("gender", "stigma"),
            "both",
            18,
            "Visit the registration desk again about ID",
            "District hospital",
        ),
        (120, "Township police station", None, ("drugs", "gbv"), "staff", 9, "", None),
        (
            75,
            "Mercy women's clinic",
            "Safe abortion and post-abortion care",
            ("gender", "drugs", "stigma"),
            "peers",
            4,
            "Second session for night staff",
            "Mercy women's clinic",
        ),
        (
            30,
            "Kariakoo health centre",
            "Maternal and newborn health, prevention of mother-to-child transmission",
            ("stigma", "gbv"),
            "both",
            22,
            "",
            "Kariakoo health centre",
        ),
    )
    entry_ids = {e.organisation: e.id for e in referrals.list_entries(session)}
    for days, org, kind, topics, delivered, people, follow, entry in trainings:  # type: ignore[assignment]
        referral_work.log_training(
            session,
            held_on=today - dt.timedelta(days=days),
            organisation=org,
            kind_id=kinds[kind] if kind else None,
            topics=topics,
            delivered_by=delivered,
            participants=people,
            follow_up=follow,
            entry_id=entry_ids.get(entry or ""),  # type: ignore[arg-type]
            outcome_notes="",
            actor=actor,
        )
    for name, level, link in NETWORKS:
        referral_work.add_network(session, name=name, level=level, link=link, actor=actor)
    forums = (
        (
            150,
            "National HIV and harm reduction technical working group",
            "national",
            "Clinics still ask women who use drugs for ID.",
            "The ministry will write to clinics.",
        ),
        (
            60,
            "City health committee",
            "local",
            "Women need childcare during appointments.",
            "A daycare will take children for free during clinic visits.",
        ),
        (
            25,
            "Regional women who use drugs meeting",
            "regional",
            "Women-only days at drop-in centres.",
            "Two services will try a women-only day.",
        ),
    )
    for days, forum, level, raised, outcome in forums:
        referral_work.log_forum(
            session,
            held_on=today - dt.timedelta(days=days),
            forum=forum,
            level=level,
            raised=raised,
            outcome=outcome,
            actor=actor,
        )
    result.summary.append(
        f"{len(ENTRIES)} referral directory entries, {len(trainings)} trainings, "
        f"{len(NETWORKS)} networks, {len(forums)} forums"
    )
