"""Share links: read-only, expiring, revocable links that let a funder see protected progress.

A share link is a server-side capability (issue 6). The URL carries only an opaque random
token; everything the link may show (its sites, date range and sections) is fixed in the
database when the link is made, so nothing in the URL can widen it. The rules:

* The token comes from :func:`advisory.share_tokens.new_token` (256 bits) and is returned to
  the caller exactly once, by :func:`create`. Only its SHA-256 hash is stored; no audit row,
  log line or list shows the token.
* Expiry is required: 1 to 365 days, 90 by default. A link can be paused and resumed, and
  revoked for good.
* :func:`resolve` turns a token into a :class:`ShareScope`, or None. Unknown, expired, paused,
  revoked and malformed tokens all give the same None, after the same hash lookup, so callers
  cannot tell them apart and neither can a person timing the page.
* Every view of a valid link is recorded (:func:`record_link_view`): a ShareView row (the
  time only: no IP address, no browser), the link's view count and last-viewed time, and an
  audit row.

Who may manage links: the ``manage_shares`` capability (directors and admins), checked with
:func:`advisory.actors.authorise` against the stored account on every call.

why (issue 14): opening a link is a read (:func:`resolve` takes no write lock, so a funder's
reruns and a stranger's garbage tokens never queue for it); only the first run of a visit to a
valid link writes, to count the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from advisory import clock, config, i18n, share_address
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import InvalidTransition, NotFound, ValidationError
from advisory.i18n import _
from advisory.models import ShareLink, ShareView, Site, User
from advisory.services import audit
from advisory.services.share_link_checks import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MAX_LABEL,
    SECTION_LABELS,
    SECTIONS,
    clean_days,
    clean_label,
    clean_language,
    clean_sections,
    clean_sites,
)
from advisory.share_tokens import hash_token, new_token, token_matches

__all__ = ["DEFAULT_DAYS", "MAX_DAYS", "MAX_LABEL", "SECTIONS", "SECTION_LABELS"]

# A real token is 43 characters; anything much longer is garbage and is not worth hashing.
_MAX_TOKEN_CHARS = 256

STATUS_ACTIVE = "active"
STATUS_PAUSED = "paused"
STATUS_EXPIRED = "expired"
STATUS_REVOKED = "revoked"


@dataclass(frozen=True)
class ShareScope:
    """What a valid link may show. Plain values, safe to keep in session state.

    ``site_ids`` is the fixed list chosen at creation (all sites then active when none were
    chosen); ``date_from``/``date_to`` None means open-ended on that side.
    """

    link_id: int
    site_ids: tuple[int, ...]
    site_names: tuple[str, ...]
    sections: tuple[str, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    expires_at: dt.datetime
    # The language the director made the link in (issue 10): the funder reads it first.
    language: str = i18n.DEFAULT

    def covers(self, section: str) -> bool:
        return section in self.sections

    @property
    def section_labels(self) -> tuple[str, ...]:
        return tuple(_(SECTION_LABELS[s]) for s in self.sections)


@dataclass(frozen=True)
class ShareLinkView:
    """A link as the Sharing page lists it (never the token, which is not stored)."""

    id: int
    label: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    status: str
    site_ids: tuple[int, ...]
    site_names: tuple[str, ...]
    sections: tuple[str, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    last_viewed_at: dt.datetime | None
    view_count: int
    revoked_at: dt.datetime | None
    language: str = i18n.DEFAULT


@dataclass(frozen=True)
class CreatedLink:
    """The new link and its token. The token exists only here: show it once, then drop it."""

    link: ShareLinkView
    token: str

    @property
    def url(self) -> str:
        """The address with APP_URL (command line); pages use :meth:`url_at`."""
        return share_url(self.token)

    def url_at(self, base: str) -> str:
        """The address starting with ``base`` (see :mod:`advisory.share_address`)."""
        return share_address.share_url(base, self.token)

    def __repr__(self) -> str:
        # why: a CreatedLink printed in a log or traceback must not carry the token.
        return f"CreatedLink(link_id={self.link.id}, token=<hidden>)"


def share_url(token: str) -> str:
    """The address a funder opens: ``<APP_URL>/?share=<token>`` (command line: no browser)."""
    return share_address.share_url(config.app_url(), token)


def status_of(link: ShareLink, now: dt.datetime | None = None) -> str:
    """revoked, then expired, then paused, else active (the first that applies)."""
    now = now or clock.now()
    if link.revoked_at is not None:
        return STATUS_REVOKED
    if link.expires_at <= now:
        return STATUS_EXPIRED
    if link.paused:
        return STATUS_PAUSED
    return STATUS_ACTIVE


def _ids(raw: str) -> tuple[int, ...]:
    return tuple(int(part) for part in (raw or "").split(",") if part.strip())


def _sections(raw: str) -> tuple[str, ...]:
    chosen = {part for part in (raw or "").split(",") if part}
    return tuple(s for s in SECTIONS if s in chosen)


def _site_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    if not ids:
        return {}
    return dict(session.execute(select(Site.id, Site.name).where(Site.id.in_(ids))).all())


def _view(
    link: ShareLink, names: dict[int, str], creators: dict[str, str], now: dt.datetime
) -> ShareLinkView:
    site_ids = _ids(link.site_ids)
    return ShareLinkView(
        id=link.id,
        label=link.label,
        created_by=creators.get(link.created_by, link.created_by),
        created_at=link.created_at,
        expires_at=link.expires_at,
        status=status_of(link, now),
        site_ids=site_ids,
        site_names=tuple(sorted(names.get(i, _("A removed site")) for i in site_ids)),
        sections=_sections(link.sections),
        date_from=link.date_from,
        date_to=link.date_to,
        last_viewed_at=link.last_viewed_at,
        view_count=link.view_count or 0,
        revoked_at=link.revoked_at,
        language=link_language(link),
    )


def _creators(session: Session, usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    rows = session.execute(
        select(User.username, User.display_name).where(User.username.in_(usernames))
    )
    return dict(rows.all())


def link_language(link: ShareLink) -> str:
    """The link's language; links made before languages existed (None) read in English."""
    return i18n.supported(link.language) or i18n.DEFAULT


# --- managing links --------------------------------------------------------------------------


@writes
def create(
    session: Session,
    *,
    label: str,
    actor: Actor,
    days: int = DEFAULT_DAYS,
    site_ids: Iterable[int] | None = None,
    sections: Iterable[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> CreatedLink:
    """Make a link; the returned :class:`CreatedLink` carries the token, which is stored nowhere.

    ``site_ids`` None means every site active now (the list is fixed: sites added later are not
    shown); ``sections`` None means all three. ValidationError (nothing saved) for a missing or
    long label, days outside 1..365, unknown sites or sections, ``date_from`` after
    ``date_to``, or a language the app has no catalog for. ``language`` None: the language of
    this run (the director's). PermissionDenied unless ``actor`` may manage share links.
    """
    authorise(session, actor, "manage_shares")
    by = actor.username
    now = now or clock.now()
    checked_label = clean_label(label)
    checked_days = clean_days(days)
    ids = clean_sites(session, site_ids)
    chosen_sections = clean_sections(sections)
    chosen_language = clean_language(language)
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError(
            _("The start of the date range is after its end; swap them or change one."),
            field="date_from",
        )
    token = new_token()
    link = ShareLink(
        token_hash=hash_token(token),
        label=checked_label,
        created_by=by,
        created_at=now,
        expires_at=now + dt.timedelta(days=checked_days),
        paused=False,
        site_ids=",".join(map(str, ids)),
        sections=",".join(chosen_sections),
        date_from=date_from,
        date_to=date_to,
        view_count=0,
        language=chosen_language,
    )
    session.add(link)
    session.flush()
    audit.record(
        session,
        actor=by,
        action="share.create",
        entity="share_link",
        entity_id=link.id,
        detail=(
            f"expires {link.expires_at:%Y-%m-%d}; sections {','.join(chosen_sections)}; "
            f"sites {link.site_ids or 'none'}; language {chosen_language}"
        ),
    )
    view = _view(link, _site_names(session, ids), _creators(session, {by}), now)
    return CreatedLink(link=view, token=token)


@reads
def list_links(
    session: Session, *, actor: Actor, now: dt.datetime | None = None
) -> list[ShareLinkView]:
    """Every link, newest first, with its status now. PermissionDenied for members."""
    authorise(session, actor, "manage_shares")
    now = now or clock.now()
    links = list(session.scalars(select(ShareLink).order_by(ShareLink.id.desc())))
    site_ids = {i for link in links for i in _ids(link.site_ids)}
    names = _site_names(session, site_ids)
    creators = _creators(session, {link.created_by for link in links})
    return [_view(link, names, creators, now) for link in links]


@reads
def get(
    session: Session, *, link_id: int, actor: Actor, now: dt.datetime | None = None
) -> ShareLinkView:
    authorise(session, actor, "manage_shares")
    link = _load(session, link_id)
    now = now or clock.now()
    return _view(
        link,
        _site_names(session, _ids(link.site_ids)),
        _creators(session, {link.created_by}),
        now,
    )


def _load(session: Session, link_id: int) -> ShareLink:
    link = session.get(ShareLink, link_id)
    if link is None:
        raise NotFound(_("There is no share link number {number}.").format(number=link_id))
    return link


@writes
def pause(session: Session, *, link_id: int, actor: Actor, now: dt.datetime | None = None) -> None:
    """Stop a link working until it is resumed. InvalidTransition if revoked or expired."""
    authorise(session, actor, "manage_shares")
    link = _load(session, link_id)
    state = status_of(link, now)
    if state in (STATUS_REVOKED, STATUS_EXPIRED):
        raise InvalidTransition(
            _("This link is revoked; there is nothing to pause.")
            if state == STATUS_REVOKED
            else _("This link is expired; there is nothing to pause.")
        )
    if state == STATUS_PAUSED:
        raise InvalidTransition(_("This link is already paused."))
    link.paused = True
    audit.record(
        session, actor=actor.username, action="share.pause", entity="share_link", entity_id=link.id
    )


@writes
def resume(session: Session, *, link_id: int, actor: Actor, now: dt.datetime | None = None) -> None:
    """Make a paused link work again. InvalidTransition if revoked, expired or not paused."""
    authorise(session, actor, "manage_shares")
    link = _load(session, link_id)
    state = status_of(link, now)
    if state == STATUS_REVOKED:
        raise InvalidTransition(_("This link is revoked for good; create a new one instead."))
    if state == STATUS_EXPIRED:
        raise InvalidTransition(_("This link has expired; create a new one instead."))
    if state != STATUS_PAUSED:
        raise InvalidTransition(_("This link is not paused."))
    link.paused = False
    audit.record(
        session, actor=actor.username, action="share.resume", entity="share_link", entity_id=link.id
    )


@writes
def revoke(session: Session, *, link_id: int, actor: Actor, now: dt.datetime | None = None) -> None:
    """End a link for good (takes effect on the funder's next page run).

    InvalidTransition if it is already revoked.
    """
    authorise(session, actor, "manage_shares")
    link = _load(session, link_id)
    if link.revoked_at is not None:
        raise InvalidTransition(_("This link is already revoked."))
    link.revoked_at = now or clock.now()
    audit.record(
        session, actor=actor.username, action="share.revoke", entity="share_link", entity_id=link.id
    )


# --- opening a link --------------------------------------------------------------------------


@reads
def resolve(
    session: Session,
    token: object,
    *,
    now: dt.datetime | None = None,
) -> ShareScope | None:
    """The scope of the link ``token`` opens, or None when it opens nothing. Writes nothing.

    Contract: ``token`` is untrusted (straight from the URL, any type). The same work is done
    for every input: hash it, look the hash up (one indexed query), compare in constant time
    (:func:`advisory.share_tokens.token_matches`), then check revoked / expired / paused. All
    failures return the same None; nothing is logged and no token is stored.

    The caller counts the view of a valid link with :func:`record_link_view` (the funder view
    does so on the first run of a visit, not on its later reruns).
    """
    now = now or clock.now()
    text = token if isinstance(token, str) and len(token) <= _MAX_TOKEN_CHARS else ""
    # why: always hash and query, even for garbage, so every invalid kind costs the same.
    link = session.scalar(select(ShareLink).where(ShareLink.token_hash == hash_token(text)))
    stored = link.token_hash if link is not None else "0" * 64
    matched = token_matches(text, stored)
    if link is None or not matched or status_of(link, now) != STATUS_ACTIVE:
        return None
    site_ids = _ids(link.site_ids)
    names = _site_names(session, site_ids)
    return ShareScope(
        link_id=link.id,
        site_ids=site_ids,
        site_names=tuple(names.get(i, _("A removed site")) for i in site_ids),
        sections=_sections(link.sections),
        date_from=link.date_from,
        date_to=link.date_to,
        expires_at=link.expires_at,
        language=link_language(link),
    )


@writes
def record_link_view(session: Session, *, link_id: int, now: dt.datetime | None = None) -> None:
    """Count one view: ShareView (time only), view_count + 1, last_viewed_at, audit row.

    One UPDATE adds 1 to the count, so simultaneous views are all counted.
    """
    now = now or clock.now()
    session.add(ShareView(link_id=link_id, at=now))
    session.execute(
        update(ShareLink)
        .where(ShareLink.id == link_id)
        .values(view_count=ShareLink.view_count + 1, last_viewed_at=now)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        session, actor="share-link", action="share.view", entity="share_link", entity_id=link_id
    )


@reads
def views(session: Session, *, link_id: int, actor: Actor) -> list[dt.datetime]:
    """The times a link was viewed, newest first (there is nothing else to show)."""
    authorise(session, actor, "manage_shares")
    _load(session, link_id)
    rows = session.scalars(
        select(ShareView.at).where(ShareView.link_id == link_id).order_by(ShareView.at.desc())
    )
    return list(rows)
