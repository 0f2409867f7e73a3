"""The reminder digest's words, built from fixed lists (no database, no server)."""

from __future__ import annotations

import datetime as dt

from advisory import digest
from advisory.services.reminders import Attention, Item

TODAY = dt.date(2026, 12, 2)


def _items(n: int, *, due: dt.date | None = None) -> tuple[Item, ...]:
    return tuple(
        Item(id=i, title=f"Item {i}", status="raised", due_on=due) for i in range(1, n + 1)
    )


def _attention(**lists: tuple[Item, ...]) -> Attention:
    empty: tuple[Item, ...] = ()
    return Attention(
        today=TODAY,
        waiting_for_response=lists.get("waiting", empty),
        due_soon=lists.get("due", empty),
        overdue=lists.get("overdue", empty),
        awaiting_verification=lists.get("done", empty),
    )


def test_a_long_list_names_the_first_twenty_and_counts_the_rest_exactly():
    text = digest.body("Riverside", _attention(waiting=_items(23)), app_url="https://x.example")
    lines = text.splitlines()
    start = lines.index("23 waiting for your response:")
    assert lines[start + 1 : start + 22] == [f"- Item {i}" for i in range(1, 21)] + [
        "…and 3 more on the overview."
    ]


def test_one_item_reads_in_the_singular_and_due_dates_are_given():
    attention = _attention(done=_items(1, due=dt.date(2026, 11, 1)))
    message = digest.message("Riverside", attention, app_url="https://x.example")
    assert message["Subject"] == "Riverside: 1 recommendation needs your attention"
    assert (
        "1 done, waiting for the group to verify it at a meeting:\n- Item 1 (due Nov 1, 2026)"
        in (message.get_content())
    )


def test_a_line_break_in_the_organisation_name_cannot_add_a_header():
    message = digest.message(
        "Riverside\r\nBcc: someone@example.org", _attention(overdue=_items(2)), app_url="x"
    )
    assert message["Subject"] == (
        "Riverside Bcc: someone@example.org: 2 recommendations need your attention"
    )
    assert message["Bcc"] is None
