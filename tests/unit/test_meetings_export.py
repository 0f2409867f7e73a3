"""Exports of meetings and of recommendations: exact bytes, with spreadsheet formulas neutralised.

Golden output: cells starting with =, +, -, @, tab or carriage return come out prefixed with
an apostrophe; numbers and dates are untouched; minutes appear only when asked for.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import Engine, select

from advisory.db import session_scope
from advisory.exports import meetings_export, recommendations_export
from advisory.models import Meeting, RecommendationEvent
from advisory.services import meetings, recommendations
from tests.integration.meetings_setup import World, build_world

HELD = dt.date(2025, 5, 14)
NOW = dt.datetime(2025, 5, 14, 15, 30)
TODAY = dt.date(2025, 9, 1)


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    world = build_world(sqlite_engine)
    with session_scope(sqlite_engine) as s:
        m = meetings.create_meeting(
            s,
            held_on=HELD,
            format="in person",
            place="=1+2",
            member_ids=[world.member_ids["Aye"], world.member_ids["Zahra"]],
            guests=2,
            women_consulted=0,
            consultation_methods=["focus group"],
            agenda="@SUM(A1)",
            minutes="-2 women said the bus is too visible",
            decisions="",
            next_meeting_on=dt.date(2025, 8, 13),
            actor=world.mary,
            now=NOW,
        )
        rec = recommendations.raise_recommendation(
            s,
            meeting_id=m.id,
            title='=HYPERLINK("http://x.example","click")',
            description="+44 call us",
            category_id=world.category_ids["Outreach method and vehicle"],
            site_ids=[world.site_ids["Harbour"]],
            priority="high",
            owner_role="@outreach lead",
            due_on=dt.date(2025, 8, 1),
            actor=world.mary,
            now=NOW,
        )
        recommendations.respond(
            s,
            recommendation_id=rec.id,
            expected_version=rec.version,
            decision="accepted",
            rationale="-1 bus, +1 car",
            needs_funding=True,
            actor=world.dina,
            now=dt.datetime(2025, 6, 2, 9, 0),
            today=dt.date(2025, 6, 2),
        )
        recommendations.add_comment(
            s,
            recommendation_id=rec.id,
            text="waiting",
            actor=world.mary,
            now=dt.datetime(2025, 6, 3, 10, 0),
        )
        # The services strip leading whitespace, so a tab or carriage return can only arrive by
        # another path (an older version, a direct database import): put them there directly.
        s.get(Meeting, m.id).decisions = "\tcmd"
        s.scalars(
            select(RecommendationEvent).where(RecommendationEvent.kind == "comment")
        ).one().comment = "\rwaiting"
    return world


def test_the_meetings_csv_is_exact_with_formulas_neutralised_and_no_minutes(world):
    data = meetings_export.meetings_csv(world.engine)
    assert (
        data
        == (
            "\ufeffmeeting date,quarter,format,place,members present,guests,women consulted,"
            "how women were consulted,agenda,decisions,next meeting,recommendations raised\r\n"
            "2025-05-14,2025 Q2,in person,'=1+2,2,2,0,focus group,'@SUM(A1),'\tcmd,2025-08-13,1\r\n"
        ).encode()
    )


def test_minutes_are_exported_only_when_asked_for(world):
    without = meetings_export.meetings_frame(world.engine)
    with_minutes = meetings_export.meetings_frame(world.engine, include_minutes=True)
    data = meetings_export.meetings_csv(world.engine, include_minutes=True)
    assert "minutes" not in without.columns
    assert list(with_minutes["minutes"]) == ["-2 women said the bus is too visible"]
    assert data.endswith(b",1,'-2 women said the bus is too visible\r\n")


def test_the_recommendations_csv_is_exact_with_formulas_neutralised(world):
    data = recommendations_export.recommendations_csv(world.engine, today=TODAY)
    assert (
        data
        == (
            "\ufeffid,title,description,category,sites,priority,owner,due date,status,overdue,"
            "raised at,raised on,response,rationale,needs funding,deferred until,done on,"
            "what changed,evidence,verified at,group's comment,escalation level,escalated on\r\n"
            '1,"\'=HYPERLINK(""http://x.example"",""click"")",\'+44 call us,'
            "Outreach method and vehicle,Harbour,high,'@outreach lead,2025-08-01,Accepted,yes,"
            '2025 Q2 meeting,2025-05-14,Accepted,"\'-1 bus, +1 car",yes,,,,,,,,\r\n'
        ).encode()
    )


def test_the_history_csv_is_exact_with_formulas_neutralised(world):
    data = recommendations_export.history_csv(world.engine)
    title = '"\'=HYPERLINK(""http://x.example"",""click"")"'
    assert (
        data
        == (
            "\ufeffrecommendation id,title,when (UTC),who,what,from,to,comment\r\n"
            f"1,{title},2025-05-14 15:30:00,Mary,Raised,,Raised,\r\n"
            f"1,{title},2025-06-02 09:00:00,Dina,Raised → Under review,Raised,Under review,\r\n"
            f"1,{title},2025-06-02 09:00:00,Dina,Under review → Accepted,Under review,Accepted,"
            '"\'-1 bus, +1 car"\r\n'
            f'1,{title},2025-06-03 10:00:00,Mary,Comment,,,"\'\rwaiting"\r\n'
        ).encode()
    )


def test_the_workbook_has_both_sheets_with_text_cells_neutralised_and_numbers_kept(world):
    book = openpyxl.load_workbook(
        io.BytesIO(recommendations_export.recommendations_xlsx(world.engine, today=TODAY))
    )
    meetings_book = openpyxl.load_workbook(io.BytesIO(meetings_export.meetings_xlsx(world.engine)))
    assert book.sheetnames == ["Recommendations", "History"]
    rows = list(book["Recommendations"].iter_rows(values_only=True))
    assert rows[1][:3] == (1, '\'=HYPERLINK("http://x.example","click")', "'+44 call us")
    assert book["Recommendations"]["B2"].data_type == "s"
    history = list(book["History"].iter_rows(values_only=True))
    assert [r[7] for r in history[1:]] == [None, None, "'-1 bus, +1 car", "'\nwaiting"]
    meeting_rows = list(meetings_book["Meetings"].iter_rows(values_only=True))
    assert meeting_rows[1][3:8] == ("'=1+2", 2, 2, 0, "focus group")
