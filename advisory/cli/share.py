"""`python -m advisory share ...`: create, list, pause, resume and revoke share links.

`share create` prints the link's full address on standard output, alone on its line, and
nothing else there (so it can be piped); the explanation goes to standard error. The link is
shown only this once: only a fingerprint of the token is stored. Commands act as the `cli`
system actor with the admin role (whoever can run this can read the database anyway).
Exit status: 0 done, 1 database problem, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from advisory import actors
from advisory.cli.database import ready_engine
from advisory.services import organisation, share_links


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as 2025-03-31."
        ) from None


def _days(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of days (1 to {share_links.MAX_DAYS})."
        ) from None


def cmd_create(args: argparse.Namespace) -> int:
    engine = ready_engine()
    site_ids = organisation.site_ids_by_name(engine, args.sites) if args.sites else None
    created = share_links.create(
        engine,
        label=args.label,
        days=args.days,
        site_ids=site_ids,
        sections=args.sections,
        date_from=args.date_from,
        date_to=args.date_to,
        actor=actors.CLI,
    )
    link = created.link
    url = created.url
    print(
        f"Created share link {link.id} for {link.label!r}; it expires on "
        f"{link.expires_at:%Y-%m-%d %H:%M} UTC. The address below is shown only now.",
        file=sys.stderr,
    )
    print(url)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    links = share_links.list_links(ready_engine(), actor=actors.CLI)
    print("id\tstatus\texpires (UTC)\tviews\tlast viewed (UTC)\tcreated by\tlabel\tsites\tshows")
    for link in links:
        last = f"{link.last_viewed_at:%Y-%m-%d %H:%M}" if link.last_viewed_at else "never"
        print(
            f"{link.id}\t{link.status}\t{link.expires_at:%Y-%m-%d %H:%M}\t{link.view_count}\t"
            f"{last}\t{link.created_by}\t{link.label}\t{', '.join(link.site_names)}\t"
            f"{','.join(link.sections)}"
        )
    return 0


def _change(args: argparse.Namespace) -> int:
    action = {
        "revoke": (share_links.revoke, "revoked"),
        "pause": (share_links.pause, "paused"),
        "resume": (share_links.resume, "resumed"),
    }[args.share_command]
    change, done = action
    change(ready_engine(), link_id=args.id, actor=actors.CLI)
    print(f"Share link {args.id} {done}.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    share = subparsers.add_parser("share", help="funders' share links: create / list / revoke")
    sub = share.add_subparsers(dest="share_command", required=True)

    create = sub.add_parser(
        "create", help="create a link and print its address (shown only this once)"
    )
    create.add_argument("--label", required=True, help="who the link is for, e.g. the funder")
    create.add_argument(
        "--days",
        type=_days,
        default=share_links.DEFAULT_DAYS,
        help=f"days until it expires, 1 to {share_links.MAX_DAYS} "
        f"(default {share_links.DEFAULT_DAYS})",
    )
    create.add_argument(
        "--sites", nargs="+", metavar="NAME", help="site names (default: every active site)"
    )
    create.add_argument(
        "--sections",
        nargs="+",
        choices=share_links.SECTIONS,
        help="what it shows (default: all of them)",
    )
    create.add_argument("--from", dest="date_from", type=_date, help="first date, e.g. 2025-01-01")
    create.add_argument("--to", dest="date_to", type=_date, help="last date, e.g. 2025-12-31")
    create.set_defaults(func=cmd_create)

    listing = sub.add_parser("list", help="list links: status, expiry, views")
    listing.set_defaults(func=cmd_list)

    for name, text in (
        ("revoke", "end a link for good"),
        ("pause", "stop a link until it is resumed"),
        ("resume", "make a paused link work again"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("id", type=int, help="the link's number (see share list)")
        command.set_defaults(func=_change)
