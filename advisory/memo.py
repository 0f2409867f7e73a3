"""A small in-process memory of computed results, bounded and thread-safe (issue 13).

Used by the impact page's analyses (services/impact_memo.py) and the funder view
(services/shared_memo.py): each keys its results on the database, what was asked, the
arguments and its own data version, read in the same read transaction as the computation, so a
result is never older than the version it is filed under. The least recently used result is
dropped when the memory is full.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class Memory:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, object] = OrderedDict()

    def remembered(
        self, session: Session, key: Hashable, version: Hashable, compute: Callable[[], T]
    ) -> T:
        """``compute()``, or what it returned before for the same database, key and version.

        why no lock around compute: two sessions asking at once may both compute (the same
        result); holding the lock would make every other page wait for one slow fit.
        """
        full = (str(session.get_bind().engine.url), key, version)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                return self._entries[full]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._entries[full] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def forget(self) -> None:
        """Drop everything remembered (tests and benchmarks that time a first computation)."""
        with self._lock:
            self._entries.clear()
