"""Demonstration data: realistic, synthetic, and clearly labelled as such.

Two sites modelled on real programmes (a drop-in centre that later reserves one weekday for
women only; an outreach service that replaces a branded bus with an unmarked vehicle), one
advisory group of 12 members, and one demo account per role. Later parts add meetings,
recommendations and attendance (see the modules beside this one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from advisory.demo import base


@dataclass
class DemoResult:
    accounts: dict[str, str] = field(default_factory=dict)  # username -> one-time password
    summary: list[str] = field(default_factory=list)


def load(session: Session, *, by: str = "demo") -> DemoResult:
    """Load the demonstration data in the caller's transaction.

    Raises ValidationError if it is already loaded (the demo sites exist).
    """
    result = DemoResult()
    base.load(session, result, by=by)
    for extend in _extensions():
        extend(session, result, by=by)
    return result


def _extensions():  # type: ignore[no-untyped-def]
    # Each later part of the product contributes its own demo records, in dependency order.
    from importlib import import_module

    names = ("advisory.demo.meetings", "advisory.demo.attendance", "advisory.demo.adaptations")
    found = []
    for name in names:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append(module.load)
    return found
