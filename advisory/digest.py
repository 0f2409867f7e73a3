"""The reminder digest's words: what needs a director's attention, as a plain-text e-mail.

why (issue 13): nothing reminded a director of due, overdue or waiting items. The digest holds
only what a director sees on the overview's "Needs your attention" panel: the organisation's
name, counts, and the titles and due dates of recommendations. No minutes, comments, member
or owner names, and no attendance figures: an e-mail leaves the app's login.
"""

from __future__ import annotations

from email.message import EmailMessage

from advisory.i18n import _, format_date, ngettext
from advisory.services.reminders import DUE_SOON_DAYS, Attention, Item

MAX_LISTED = 20  # titles listed per section; the count is always exact


def _line(item: Item) -> str:
    if item.due_on is None:
        return f"- {item.title}"
    return "- " + _("{title} (due {date})").format(title=item.title, date=format_date(item.due_on))


def _section(heading: str, items: tuple[Item, ...], none: str) -> list[str]:
    if not items:
        return [none, ""]
    lines = [heading]
    lines += [_line(i) for i in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        more = len(items) - MAX_LISTED
        lines.append(
            ngettext(
                "…and {n} more on the overview.", "…and {n} more on the overview.", more
            ).format(n=more)
        )
    return lines + [""]


def subject(organisation: str, attention: Attention) -> str:
    n = attention.total
    return ngettext(
        "{organisation}: {n} recommendation needs your attention",
        "{organisation}: {n} recommendations need your attention",
        n,
    ).format(organisation=organisation, n=n)


def body(organisation: str, attention: Attention, *, app_url: str) -> str:
    waiting = len(attention.waiting_for_response)
    due = len(attention.due_soon)
    overdue = len(attention.overdue)
    done = len(attention.awaiting_verification)
    lines = [
        _("What needs your attention at {organisation} on {date}:").format(
            organisation=organisation, date=format_date(attention.today)
        ),
        "",
    ]
    lines += _section(
        ngettext(
            "{n} waiting for your response:", "{n} waiting for your response:", waiting
        ).format(n=waiting),
        attention.waiting_for_response,
        _("Nothing is waiting for your response."),
    )
    lines += _section(
        ngettext("{n} due within {days} days:", "{n} due within {days} days:", due).format(
            n=due, days=DUE_SOON_DAYS
        ),
        attention.due_soon,
        _("Nothing is due within the next {days} days.").format(days=DUE_SOON_DAYS),
    )
    lines += _section(
        ngettext("{n} overdue:", "{n} overdue:", overdue).format(n=overdue),
        attention.overdue,
        _("Nothing is overdue."),
    )
    lines += _section(
        ngettext(
            "{n} done, waiting for the group to verify it at a meeting:",
            "{n} done, waiting for the group to verify them at a meeting:",
            done,
        ).format(n=done),
        attention.awaiting_verification,
        _("Nothing done is waiting for the group's verification."),
    )
    lines.append(_("Open the dashboard to respond: {url}").format(url=app_url))
    lines.append("")
    lines.append(
        _(
            "You receive this because your address is in the dashboard's reminder settings "
            "(REMINDER_RECIPIENTS). Ask the person who runs the dashboard to remove it."
        )
    )
    return "\n".join(lines) + "\n"


def message(organisation: str, attention: Attention, *, app_url: str) -> EmailMessage:
    """The digest as an e-mail without sender and recipients (advisory.mail.send adds them)."""
    msg = EmailMessage()
    # why: a line break in a header would end it (header injection); the name is one line.
    msg["Subject"] = " ".join(subject(organisation, attention).split())
    msg.set_content(body(organisation, attention, app_url=app_url))
    return msg
