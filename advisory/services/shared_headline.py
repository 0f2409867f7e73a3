"""The headline figures a funder reads first: the loop from request to verified change.

Issue 13: on a phone the funder must see, before any table, how many recommendations the
group raised and how many were responded to, done and verified by the group, how long those
steps took, and how many adaptations are in place. All of these count requests and changes to
a service, which identify no one, so they are shown exactly (:func:`advisory.privacy.format_exact`).

Pure: built from allowlisted recommendation rows (anything with ``raised_on``,
``responded_on``, ``done_on`` and ``verified_on``); the funder view and the shareable report
both use it, so they say the same thing.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from advisory import i18n, privacy
from advisory.i18n import _, ngettext


class Dated(Protocol):
    raised_on: dt.date
    responded_on: dt.date | None
    done_on: dt.date | None
    verified_on: dt.date | None


@dataclass(frozen=True)
class Headline:
    raised: int
    responded: int
    done: int  # done or verified (a verified recommendation was done first)
    verified: int
    median_days_to_response: float | None  # raised -> responded, over those responded
    median_days_to_done: float | None  # raised -> done, over those done
    adaptations_in_place: int | None  # None when the link does not show adaptations
    has_recommendations: bool = True  # False: the link does not show recommendations


def _median_days(pairs: Sequence[tuple[dt.date, dt.date]]) -> float | None:
    days = [max((end - start).days, 0) for start, end in pairs]
    return float(statistics.median(days)) if days else None


def headline(
    items: Sequence[Dated] | None,
    *,
    adaptations_in_place: int | None,
    within: Callable[[dt.date], bool] | None = None,
) -> Headline:
    """The figures over ``items``; with ``within`` (a quarter's ``contains``), each step is
    counted when it happened in that period (raised in it, responded to in it, ...)."""

    def happened(day: dt.date | None) -> bool:
        return day is not None and (within is None or within(day))

    if items is None:
        return Headline(0, 0, 0, 0, None, None, adaptations_in_place, has_recommendations=False)
    responded = [(i.raised_on, i.responded_on) for i in items if happened(i.responded_on)]
    done = [(i.raised_on, i.done_on) for i in items if happened(i.done_on)]
    return Headline(
        raised=sum(happened(i.raised_on) for i in items),
        responded=len(responded),
        done=len(done),
        verified=sum(happened(i.verified_on) for i in items),
        median_days_to_response=_median_days(responded),  # type: ignore[arg-type]
        median_days_to_done=_median_days(done),  # type: ignore[arg-type]
        adaptations_in_place=adaptations_in_place,
    )


def days_text(days: float | None) -> str:
    """'12 days', '1 day', '2.5 days'; 'none yet' without any."""
    if days is None:
        return _("none yet")
    if days == int(days):
        n = int(days)
        return ngettext("{n} day", "{n} days", n).format(n=i18n.format_number(n))
    return _("{n} days").format(n=i18n.format_number(days, 1))


def figures(h: Headline) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs, in reading order, for metrics and the report's figure boxes."""
    out = []
    if h.has_recommendations:
        out += [
            (_("Recommendations raised"), privacy.format_exact(h.raised)),
            (_("Responded to"), privacy.format_exact(h.responded)),
            (_("Done"), privacy.format_exact(h.done)),
            (_("Verified by the group"), privacy.format_exact(h.verified)),
            (_("Median time to a response"), days_text(h.median_days_to_response)),
            (_("Median time to done"), days_text(h.median_days_to_done)),
        ]
    if h.adaptations_in_place is not None:
        out.append((_("Adaptations in place"), privacy.format_exact(h.adaptations_in_place)))
    return tuple(out)
