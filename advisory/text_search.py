"""Text search in SQL: every word typed must appear in one of the columns, in any case.

why (issue 13): people expect a search box on recommendations and meetings. The match runs in
the database (bound parameters, LIKE wildcards in the typed text escaped, so "50%" or "a_b"
match literally) and behaves the same on SQLite and PostgreSQL:

* case is ignored beyond ASCII ("ÉCOLE" finds "école", "ЖЕНЩИНЫ" finds "женщины"): the typed
  text is lower-cased in Python and compared with the lower-cased column. PostgreSQL's
  `lower()` follows the database's locale; SQLite's built-in `lower()` knows only ASCII, so on
  SQLite a Unicode-aware `advisory_lower()` is registered on the connection the query runs on.
* words are split on spaces; each must appear somewhere (in any of the columns), so
  "women day" finds "A day for women only".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import and_, false, func, or_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

ESCAPE = "\\"
MAX_WORDS = 10  # more words than this are ignored (a pasted paragraph is not a search)
SQLITE_LOWER = "advisory_lower"


def words(text: str | None) -> list[str]:
    """The words to look for, lower-cased, without repeats, at most MAX_WORDS."""
    seen: list[str] = []
    for word in (text or "").lower().split():
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def like_pattern(word: str) -> str:
    """`%word%` with the LIKE wildcards and the escape character in `word` escaped."""
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def _unicode_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _lower(session: Session) -> Callable[..., ColumnElement[str]]:
    """The SQL function that lower-cases a column on this session's database."""
    if session.get_bind().dialect.name != "sqlite":
        return func.lower
    raw = session.connection().connection.driver_connection
    if raw is not None:
        raw.create_function(SQLITE_LOWER, 1, _unicode_lower, deterministic=True)
    return getattr(func, SQLITE_LOWER)


def matches(
    session: Session, columns: Sequence[ColumnElement[str]], text: str | None
) -> ColumnElement[bool] | None:
    """A WHERE clause: every word of `text` is in at least one of `columns`; None without words.

    NULL columns never match (coalesced to ''). Call it inside the session that runs the query
    (on SQLite it registers the lower-casing function on that connection).
    """
    wanted = words(text)
    if not wanted:
        return None
    if not columns:
        return false()
    lower = _lower(session)
    return and_(
        *(
            or_(
                *(
                    lower(func.coalesce(column, "")).like(like_pattern(word), escape=ESCAPE)
                    for column in columns
                )
            )
            for word in wanted
        )
    )
