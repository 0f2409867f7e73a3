"""The "Working with other services" section of the quarterly report, as HTML (issue 12).

Uses the report's own classes (advisory/reports/quarterly_html.py: .figures, .figure, .n,
.note, its table style). Every value is escaped. Built from a `referral_work.summary`; for a
shareable report pass the summary made with `shared=True`: its counts of people are already
protected and its forums carry no typed text.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from advisory import i18n
from advisory.i18n import _, ngettext
from advisory.services.referral_work import LEVELS, WorkSummary


def section_html(summary: WorkSummary) -> str:
    trainings = i18n.format_number(summary.trainings_held)
    parts = [
        f"<h2>{escape(_('Working with other services'))}</h2>",
        '<div class="figures">',
        f'<div class="figure"><span class="n">{escape(trainings)}</span>'
        f"{escape(_('trainings given to other services'))}</div>",
        f'<div class="figure"><span class="n">{escape(summary.participants)}</span>'
        f"{escape(_('people trained'))}</div>",
        "</div>",
    ]
    if summary.referrals:
        rows = "".join(
            f'<tr><td>{escape(kind)}</td><td class="n">{escape(count)}</td></tr>'
            for kind, count in summary.referrals
        )
        parts.append(
            f"<h3>{escape(_('Referrals made, by kind of service'))}</h3>"
            f"<table><thead><tr><th>{escape(_('Kind of service'))}</th>"
            f'<th class="r">{escape(_("Referrals"))}</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    else:
        parts.append(f'<p class="note">{escape(_("No referral counts entered."))}</p>')
    if summary.networks:
        items = "".join(
            f"<li>{escape(n.name)} ({escape(_(LEVELS[n.level]))})"
            + (f": {escape(n.link)}" if n.link else "")
            + "</li>"
            for n in summary.networks
        )
        parts.append(f"<h3>{escape(_('Networks women are linked to'))}</h3><ul>{items}</ul>")
    if summary.forums:
        heading = ngettext(
            "{n} forum where group members represented the community",
            "{n} forums where group members represented the community",
            len(summary.forums),
        ).format(n=i18n.format_number(len(summary.forums)))
        items = "".join(
            f"<li>{escape(_day(f.held_on))}: {escape(f.forum)} ({escape(_(LEVELS[f.level]))})"
            + (f"<br>{escape(_('Raised: {text}').format(text=f.raised))}" if f.raised else "")
            + (f"<br>{escape(_('Outcome: {text}').format(text=f.outcome))}" if f.outcome else "")
            + "</li>"
            for f in summary.forums
        )
        parts.append(f"<h3>{escape(heading)}</h3><ul>{items}</ul>")
    if summary.shared:
        parts.append(f'<p class="note">{escape(summary.note)}</p>')
    return "".join(parts)


def _day(day: dt.date) -> str:
    """ "03 Mar 2025" (as before) in the run's language."""
    return i18n.format_date(day, "dd MMM y")
