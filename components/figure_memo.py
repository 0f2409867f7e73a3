"""Plotly figures remembered by what they show (issue 14: a page run's CPU).

why: plotly validates every property of a figure in Python as it is built; on the overview,
attendance and impact pages that was a quarter to a half of a run's CPU (py-spy under
`python -m bench load`), and most reruns draw the same figures from the same numbers (a
filter changed elsewhere on the page, a button pressed, a person coming back to the page).

A figure is filed under its builder, the run's language and a fingerprint of every argument's
value (frames and series by their hashed contents, with dtypes, index and column names), so
equal inputs give the figure built before and any change builds a new one. An argument that
cannot be fingerprinted (an object of a kind not listed below, an array of Python objects)
builds the figure every time, as before.

why sharing between sessions is safe: a figure holds only what its caller passed in, so a
session is given a figure only for numbers it already had. Callers never change a figure they
were given (`st.plotly_chart` copies it with `to_dict()` before sending it). At most
MAX_FIGURES per process; the least recently used is dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import ParamSpec

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from advisory import i18n

MAX_FIGURES = 256
MAX_OBJECT_CELLS = 20_000  # beyond this, summarising costs more than building
P = ParamSpec("P")

_lock = threading.Lock()
_figures: OrderedDict[Hashable, go.Figure] = OrderedDict()


class Unfingerprintable(TypeError):
    """An argument of a kind whose value this module cannot summarise."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _column(values: pd.Series | pd.Index) -> Hashable:
    """One column or index: its exact dtype (time zone, period frequency, categories and their
    order) and its values."""
    if values.dtype == object:
        # Python objects: each by its type and repr (pandas would hash them as text, so 1 and
        # "1", or a date and its string, would look alike).
        if len(values) > MAX_OBJECT_CELLS:
            raise Unfingerprintable(f"more than {MAX_OBJECT_CELLS} Python objects")
        return ("object", tuple((type(v).__qualname__, repr(v)) for v in values))
    try:
        hashed = pd.util.hash_pandas_object(pd.Series(values), index=False).to_numpy()
    except TypeError as exc:  # cells of unhashable kinds
        raise Unfingerprintable(str(exc)) from exc
    return (repr(values.dtype), len(values), _digest(hashed.tobytes()))


def _pandas(value: pd.DataFrame | pd.Series) -> Hashable:
    index = (_column(value.index), tuple(repr(n) for n in value.index.names))
    if isinstance(value, pd.Series):
        return ("series", repr(value.name), _column(value), index)
    columns = tuple((repr(name), _column(value.iloc[:, i])) for i, name in enumerate(value.columns))
    return ("frame", columns, index)


def fingerprint(value: object) -> Hashable:
    """A hashable summary of `value` that differs whenever a figure built from it could."""
    if isinstance(value, float):
        return ("float", repr(value))  # repr: NaN equals NaN here
    if value is None or isinstance(value, str | bool | int | enum.Enum):
        return (type(value).__name__, value)
    if isinstance(value, dt.date | pd.Timestamp):  # datetimes are dates too
        return (type(value).__name__, value.isoformat())
    if isinstance(value, pd.DataFrame | pd.Series):
        return _pandas(value)
    if isinstance(value, pd.Index):
        return ("index", _column(value), tuple(repr(n) for n in value.names))
    if isinstance(value, np.ndarray):
        if value.dtype == object:  # its bytes would be the objects' addresses
            raise Unfingerprintable("an array of Python objects")
        return (
            "array",
            str(value.dtype),
            value.shape,
            _digest(np.ascontiguousarray(value).tobytes()),
        )
    if isinstance(value, np.generic):
        return (type(value).__name__, value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        values = tuple(fingerprint(getattr(value, f.name)) for f in dataclasses.fields(value))
        return (type(value).__qualname__, values)
    if isinstance(value, Mapping):
        # In order: a chart draws a mapping's entries in the order given.
        return ("mapping", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("sequence", tuple(fingerprint(v) for v in value))
    raise Unfingerprintable(type(value).__qualname__)


def remembered(build: Callable[P, go.Figure]) -> Callable[P, go.Figure]:
    """Decorate a figure builder whose figure depends only on its arguments and the language."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        try:
            key = (name, i18n.active(), fingerprint(args), fingerprint(sorted(kwargs.items())))
        except Unfingerprintable:
            return build(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        figure = build(*args, **kwargs)
        with _lock:
            _figures[key] = figure
            while len(_figures) > MAX_FIGURES:
                _figures.popitem(last=False)
        return figure

    return wrapper


def forget() -> None:
    """Drop every remembered figure (tests and benchmarks that time a first build)."""
    with _lock:
        _figures.clear()
