"""`python -m advisory demo`: load the demonstration data and one demo account per role."""

from __future__ import annotations

import argparse

from advisory import actors, demo
from advisory.cli.database import ready_engine


def cmd_demo(args: argparse.Namespace) -> int:
    result = demo.load(ready_engine(), actor=actors.CLI)
    print("Demonstration data loaded: " + "; ".join(result.summary))
    if result.accounts:
        print("Demo accounts (passwords shown only now; write them down):")
        for username, password in result.accounts.items():
            print(f"  {username}: {password}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    demo_parser = sub.add_parser("demo", help="load the demonstration data and demo accounts")
    demo_parser.set_defaults(func=cmd_demo)
