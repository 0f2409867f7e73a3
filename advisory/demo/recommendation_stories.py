"""The demo's 25 recommendations and what happened to each, step by step.

Two mirror the real programmes in product.md: a women-only day at the drop-in centre
(accepted, done, verified by the group) and an unmarked vehicle in place of the branded
outreach bus (verified). Every status appears at least once, including declined with a
rationale, overdue, reopened and verified. advisory.demo.meetings plays them through the real
services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from advisory.demo import attendance as demo_attendance
from advisory.demo.base import COMPARISON, DROP_IN, OUTREACH

WOMEN_ONLY_DAY = "A women-only day at the drop-in centre"
UNMARKED_VEHICLE = "Replace the branded outreach bus with an unmarked vehicle"

# The demo accounts (advisory.demo.base) who act in the stories: usernames.
FACILITATOR = "demo-member"
DIRECTOR = "demo-director"

# A step: (kind, days after the previous step, details). "verify" happens at the first
# meeting on or after the previous step, so its days are ignored. A step with `on` happens on
# that date: the adaptations the demo attendance shows (advisory.demo.attendance) start on the
# day the matching recommendation is marked done, so the story and the charts agree.
Step = tuple[str, int, dict]


@dataclass(frozen=True)
class DemoRecommendation:
    # 0 = the oldest of the 12 meetings; None = the last meeting that leaves time for the steps
    # before the first step with a fixed date ("on").
    meeting: int | None
    title: str
    category: str
    sites: tuple[str, ...]
    description: str
    due_days: int | None  # due date: days after the meeting
    steps: tuple[Step, ...] = ()
    priority: str = "medium"
    owner_role: str | None = None  # None: the demo director owns it


def _r(kind: str, days: int = 0, **details: object) -> Step:
    """A step `days` after the previous one, or on `on(today)` when given (see below)."""
    return (kind, days, details)


def months_before(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


RECOMMENDATIONS: tuple[DemoRecommendation, ...] = (
    DemoRecommendation(
        0,
        "Do not write full names in the register",
        "Anonymity and privacy",
        (DROP_IN, OUTREACH),
        "Women said they stay away because staff write their full names. Use a code or a "
        "nickname instead.",
        60,
        (
            _r("respond", 14, decision="accepted", rationale="We will use codes from next month."),
            _r("start", 10, comment="New register printed."),
            _r(
                "done",
                30,
                what_changed="Registers use codes only; old pages locked away.",
                evidence="Checked the registers at both sites.",
            ),
            _r("verify", comment="Women we asked say staff now use nicknames. It feels safer."),
        ),
        priority="high",
    ),
    DemoRecommendation(
        0,
        "Train staff to respond to gender-based violence",
        "Gender-based-violence support",
        (DROP_IN,),
        "Several women told staff about violence and were not helped. Train all staff.",
        120,
        (
            _r(
                "respond",
                21,
                decision="accepted",
                rationale="Training booked with a local women's organisation.",
            ),
            _r("start", 20),
            _r("progress", 40, text="First training day held for 9 staff."),
            _r(
                "done",
                30,
                what_changed="All drop-in staff trained; one staff member named for "
                "violence support.",
                evidence="Attendance sheets of the two training days.",
            ),
            _r("verify", comment="Two women said she helped them."),
        ),
    ),
    DemoRecommendation(
        1,
        "Outreach at agreed meeting points, not at home",
        "Outreach method and vehicle",
        (OUTREACH,),
        "Outreach workers coming to women's homes puts them at risk with family and neighbours.",
        90,
        (
            _r("respond", 10, decision="accepted", rationale=""),
            _r("start", 5),
            _r(
                "done",
                40,
                what_changed="Outreach meets women at four agreed points only.",
                evidence="Outreach route sheet.",
            ),
            _r("verify", comment="Better. Women choose the place."),
        ),
        owner_role="Outreach coordinator",
    ),
    DemoRecommendation(
        None,
        WOMEN_ONLY_DAY,
        "Women-only space or time",
        (DROP_IN,),
        "Men dominate the drop-in centre. Women want one day a week for women only, with women "
        "staff, so they can come without being seen by men.",
        120,
        (
            _r("review", 7, comment="Talking with staff about which day works."),
            _r(
                "respond",
                14,
                decision="accepted",
                rationale="Tuesdays will be for women only, with women staff on duty.",
            ),
            _r("start", 7, comment="Told the men's group and put up posters."),
            _r("progress", 30, text="Two women staff moved to Tuesday shifts."),
            _r(
                "done",
                on=demo_attendance.women_only_start,
                what_changed="Every Tuesday the drop-in centre is open to women only, "
                "with women staff.",
                evidence="Rota and posters; first Tuesday had 14 women.",
            ),
            _r("verify", comment="Women say Tuesday is their day now. More women come."),
        ),
        priority="high",
    ),
    DemoRecommendation(
        2,
        "Separate entrance or waiting area for women",
        "Women-only space or time",
        (COMPARISON,),
        "At Hilltop women wait in the same room as men.",
        180,
        (
            _r(
                "respond",
                30,
                decision="declined",
                rationale="The landlord does not allow building work. We will try a women-only "
                "time instead and ask the group again next year.",
            ),
        ),
    ),
    DemoRecommendation(
        None,
        UNMARKED_VEHICLE,
        "Outreach method and vehicle",
        (OUTREACH,),
        "The colourful branded bus tells everyone who is using drugs. Women avoid it. Use a "
        "small unmarked car that visits women at agreed points.",
        150,
        (
            _r(
                "respond",
                14,
                decision="accepted",
                needs_funding=True,
                rationale="Yes, but we need money for a second vehicle.",
            ),
            _r(
                "escalate",
                10,
                level="organisation",
                comment="Asked the head office to move money from the bus budget.",
            ),
            _r("start", 30, comment="Head office agreed. Buying a used car."),
            _r("progress", 40, text="Car bought; no logo; outreach team trained on new points."),
            _r(
                "done",
                on=demo_attendance.vehicle_start,
                what_changed="An unmarked car now visits women at agreed points; the "
                "bus is used for men's outreach only.",
                evidence="Vehicle papers, new route.",
            ),
            _r("verify", comment="Women say nobody knows it is the outreach car. They come."),
        ),
        priority="high",
        owner_role="Outreach coordinator",
    ),
    DemoRecommendation(
        3,
        "Childcare corner during women-only hours",
        "Childcare and parenting",
        (DROP_IN,),
        "Mothers cannot come because they have nobody to watch their children.",
        120,
        (
            _r(
                "respond",
                21,
                decision="declined",
                rationale="We cannot keep children safe in the drop-in centre with the staff we "
                "have. We will refer mothers to the childcare centre next door.",
            ),
            _r("comment", 5, text="The group asked to see the referral list.", who=FACILITATOR),
        ),
    ),
    DemoRecommendation(
        2,
        "Sanitary pads and condoms in the women's toilet",
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)",
        (DROP_IN,),
        "Women do not want to ask a man for pads or condoms.",
        60,
        (
            _r("respond", 7, decision="accepted", rationale=""),
            _r("start", 3),
            _r(
                "done",
                14,
                what_changed="A box with pads and condoms is in the women's toilet.",
                evidence="Photo of the box.",
            ),
            _r("verify", comment="Yes, it is there."),
            _r(
                "reopen",
                60,
                reason="The box has been empty for a month; supplies stopped.",
                who=FACILITATOR,
            ),
        ),
    ),
    DemoRecommendation(
        4,
        "Women staff on every shift at the drop-in centre",
        "Women staff",
        (DROP_IN, COMPARISON),
        "A woman should be on duty whenever the centre is open.",
        200,
        (
            _r(
                "respond",
                20,
                decision="partly_accepted",
                needs_funding=True,
                rationale="Riverside yes, from next quarter. Hilltop needs a new post, which we "
                "have asked funders for.",
            ),
        ),
    ),
    DemoRecommendation(
        None,
        "Private room for talking about violence",
        "Gender-based-violence support",
        (DROP_IN,),
        "Women cannot talk about violence in the open room.",
        90,
        (
            _r("respond", 14, decision="accepted", rationale="The old store room will be used."),
            _r("start", 7),
            _r(
                "done",
                on=demo_attendance.violence_room_start,
                what_changed="The old store room is now a private talking room.",
                evidence="Room painted, lock on the inside.",
            ),
        ),
    ),
    DemoRecommendation(
        None,
        "Women staff at outreach points at night",
        "Women staff",
        (OUTREACH,),
        "Night outreach is always done by men.",
        120,
        (
            _r("respond", 14, decision="accepted", rationale=""),
            _r("start", 14),
            _r(
                "done",
                on=lambda today: months_before(today, 26),
                what_changed="One woman outreach worker on every night shift.",
                evidence="Night rota.",
            ),
            _r("verify", comment="Good. Women talk to her."),
            _r(
                "reopen",
                on=lambda today: months_before(today, 20),
                reason="She left the job; nights are men only again.",
                who=FACILITATOR,
            ),
            _r("start", 10, comment="Recruiting a new woman outreach worker."),
        ),
        owner_role="Outreach coordinator",
    ),
    DemoRecommendation(
        None,
        "Hire two women peer outreach workers",
        "Peer outreach and peer staff",
        (OUTREACH,),
        "Women trust other women who have used drugs.",
        150,
        (
            _r(
                "respond",
                20,
                decision="accepted",
                needs_funding=True,
                rationale="Yes, if we find the money.",
            ),
            _r(
                "escalate",
                20,
                level="district or national",
                comment="Raised with the district health office: peer posts are not funded.",
            ),
            _r("start", 30, comment="One post funded for now."),
            _r(
                "progress",
                on=lambda today: months_before(today, 5),
                text="First peer worker hired; second post still unfunded.",
            ),
        ),
        priority="high",
        owner_role="Outreach coordinator",
    ),
    DemoRecommendation(
        6,
        "Ask women what they think every six months",
        "Other",
        (DROP_IN, OUTREACH),
        "A short survey with the peer workers, not a form.",
        120,
        (
            _r("respond", 10, decision="accepted", rationale=""),
            _r("start", 10),
            _r(
                "done",
                60,
                what_changed="A six-question survey runs every April and October.",
                evidence="First survey: 42 women answered.",
            ),
            _r("verify", comment="The group helped write the questions."),
        ),
    ),
    DemoRecommendation(
        7,
        "Contraception and pregnancy tests at the drop-in centre",
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)",
        (DROP_IN,),
        "Women have to go to a clinic where they are treated badly.",
        100,
        (
            _r("respond", 14, decision="accepted", rationale="A nurse will come twice a month."),
            _r("start", 20),
            _r("progress", 30, text="Still waiting for the supplies from the district store."),
        ),
        owner_role="Clinic nurse in charge",
    ),
    DemoRecommendation(
        7,
        "List of shelters and legal aid for women",
        "Referral networks",
        (DROP_IN, OUTREACH, COMPARISON),
        "Staff do not know where to send women who need a shelter or a lawyer.",
        90,
        (
            _r("respond", 7, decision="accepted", rationale=""),
            _r("start", 7),
            _r(
                "done",
                30,
                what_changed="A checked list of shelters and legal aid is at every "
                "site and with outreach staff.",
                evidence="The printed list.",
            ),
        ),
    ),
    DemoRecommendation(
        8,
        "Referral to a women-friendly clinic for safe abortion and post-abortion care",
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)",
        (DROP_IN,),
        "Women need a clinic that will not judge them or call the police.",
        540,
        (
            _r(
                "respond",
                21,
                decision="accepted",
                rationale="We will agree a referral path with the women's health clinic.",
            ),
        ),
        owner_role="Clinic nurse in charge",
    ),
    DemoRecommendation(
        8,
        "Open later on two evenings for women who work",
        "Opening hours",
        (DROP_IN,),
        "Women who work in the day cannot come before 4 pm.",
        90,
        (
            _r(
                "respond",
                20,
                decision="deferred",
                deferred_until_days=500,
                rationale="We have no staff for evenings until the new budget year. We will look "
                "again then.",
            ),
        ),
    ),
    DemoRecommendation(
        9,
        "Text message reminders that do not say 'drug service'",
        "Anonymity and privacy",
        (DROP_IN, OUTREACH),
        "Partners read women's phones.",
        45,
        (_r("respond", 14, decision="accepted", rationale="We will change the wording."),),
    ),
    DemoRecommendation(
        9,
        "A woman security guard at the door",
        "Women staff",
        (DROP_IN,),
        "Women are searched by a man at the door.",
        60,
        (
            _r(
                "respond",
                14,
                decision="deferred",
                deferred_until_days=45,
                rationale="The security contract ends soon; we will ask for a woman guard then.",
            ),
        ),
    ),
    DemoRecommendation(
        9,
        "Naloxone training for women and their partners",
        "Other",
        (DROP_IN, OUTREACH),
        "Women see overdoses at home and do not know what to do.",
        240,
        (
            _r("respond", 7, decision="accepted", rationale=""),
            _r("start", 14, comment="First session planned."),
        ),
    ),
    DemoRecommendation(
        10,
        "Opening on Saturday mornings",
        "Opening hours",
        (COMPARISON,),
        "Hilltop is closed at weekends when women have time.",
        180,
        (_r("review", 20, comment="Asking staff who could work Saturdays."),),
    ),
    DemoRecommendation(
        10,
        "Women-only time at the clinic for STI testing",
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)",
        (DROP_IN,),
        "Women will not be tested with men waiting outside.",
        150,
        (_r("review", 30),),
        owner_role="Clinic nurse in charge",
    ),
    DemoRecommendation(
        11,
        "Peer-led support group for mothers",
        "Childcare and parenting",
        (DROP_IN,),
        "Mothers who use drugs want to meet and support each other.",
        180,
    ),
    DemoRecommendation(
        11,
        "Women's health day once a month with a visiting midwife",
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)",
        (DROP_IN, COMPARISON),
        "Pregnant women are afraid to go to the hospital.",
        200,
        priority="high",
    ),
    DemoRecommendation(
        11,
        "Clinic referral letters that do not mention drug use",
        "Anonymity and privacy",
        (DROP_IN,),
        "Letters naming drug use lead to bad treatment.",
        90,
    ),
)
