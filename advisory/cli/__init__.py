"""`python -m advisory ...`: the admin commands, one module per command group.

Exit status: 0 done, 1 configuration or database problem, 2 bad input (nothing written).
`main(argv)` is the entry point (tests call it in-process); `advisory/__main__.py` runs it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from advisory.cli import accounts, attendance, backups, demo_data, reminders, schema, share
from advisory.db import DatabaseConfigError
from advisory.errors import DomainError

# Command groups in the order `--help` lists them; each has `register(subparsers)`.
COMMAND_GROUPS = (schema, accounts, demo_data, attendance, share, reminders, backups)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m advisory",
        description="Advisory Dashboard admin commands.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except DatabaseConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
