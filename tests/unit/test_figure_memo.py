"""Figures remembered by what they show (components/figure_memo.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from advisory import i18n
from advisory.analysis import interrupted_time_series, simulate_counts
from advisory.services.recommendation_views import QuarterCount
from components import figure_memo, impact_charts, progress_charts


@pytest.fixture(autouse=True)
def _empty_memory():
    figure_memo.forget()
    yield
    figure_memo.forget()


def _counting_builder():
    calls: list[object] = []

    @figure_memo.remembered
    def build(frame: object, *, title: str = "t") -> go.Figure:
        calls.append(frame)
        return go.Figure(layout={"title": {"text": title}})

    return build, calls


def _frame() -> pd.DataFrame:
    index = pd.date_range("2024-01-01", periods=4, freq="W-MON", name="period")
    return pd.DataFrame({"Women": [1, 2, 3, 4], "Men": [5, 6, 7, 8]}, index=index)


def test_equal_inputs_give_the_figure_built_before_without_building_again():
    build, calls = _counting_builder()
    first = build(_frame(), title="Visits")
    again = build(_frame(), title="Visits")  # a new frame with the same values
    assert again is first
    assert len(calls) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(Women=[1, 2, 3, 5]),  # one count
        lambda f: f.rename(columns={"Men": "Trans women"}),  # a column name
        lambda f: f.rename_axis("week"),  # the index name
        lambda f: f.set_axis(f.index + pd.Timedelta(days=7)),  # the dates
        lambda f: f.astype(float),  # the type of the counts
        lambda f: f.iloc[:3],  # a period fewer
    ],
)
def test_any_change_in_a_frame_builds_a_new_figure(change):
    build, calls = _counting_builder()
    first = build(_frame())
    other = build(change(_frame()))
    assert other is not first
    assert len(calls) == 2


def test_a_different_keyword_argument_builds_a_new_figure():
    build, calls = _counting_builder()
    assert build(_frame(), title="a") is not build(_frame(), title="b")
    assert len(calls) == 2


def test_the_same_numbers_in_another_language_build_a_figure_in_that_language():
    counts = [QuarterCount("2024 Q1", 3, 1), QuarterCount("2024 Q2", 2, 2)]
    english = progress_charts.per_quarter_figure(counts)
    with i18n.use("fr"):
        french = progress_charts.per_quarter_figure(counts)
    assert french is not english
    assert [t.name for t in english.data] == ["Raised", "Completed"]
    assert [t.name for t in french.data] != ["Raised", "Completed"]
    assert progress_charts.per_quarter_figure(counts) is english


def test_a_remembered_figure_is_the_one_a_fresh_build_would_give():
    counts = {"raised": 3, "accepted": 2, "done": 1}
    remembered = progress_charts.status_figure(counts)
    assert progress_charts.status_figure(dict(counts)) is remembered
    figure_memo.forget()
    assert progress_charts.status_figure(counts).to_json() == remembered.to_json()


def test_an_analysis_result_is_fingerprinted_by_value_so_its_chart_is_remembered():
    y = simulate_counts("2022-01-03", 80, "W", base_rate=20, seed=3)
    result = interrupted_time_series(y, y.index[50])
    fingerprint = figure_memo.fingerprint(result)  # raises if any part could not be summarised
    assert fingerprint == figure_memo.fingerprint(interrupted_time_series(y, y.index[50]))
    chart = impact_charts.its_figure(result, title="Women's visits", start_label="start")
    assert impact_charts.its_figure(result, title="Women's visits", start_label="start") is chart


def test_an_argument_that_cannot_be_fingerprinted_builds_the_figure_every_time():
    build, calls = _counting_builder()
    opaque = object()
    build(opaque)
    build(opaque)
    assert len(calls) == 2
    with pytest.raises(figure_memo.Unfingerprintable):
        figure_memo.fingerprint(opaque)


def test_values_of_every_kind_a_chart_is_given_have_stable_fingerprints():
    values = [
        None,
        True,
        3,
        float("nan"),
        "text",
        dt.date(2024, 1, 2),
        pd.Timestamp("2024-01-02 10:00"),
        np.array([1.0, 2.0]),
        np.int64(4),
        pd.Series([1, 2], name="Women"),
        pd.Index([1, 2]),
        [("a", 1)],
        {"b": 2},
    ]
    assert [figure_memo.fingerprint(v) for v in values] == [
        figure_memo.fingerprint(v) for v in values
    ]
    assert figure_memo.fingerprint(1) != figure_memo.fingerprint(True)
    assert figure_memo.fingerprint({"a": 1, "b": 2}) != figure_memo.fingerprint({"b": 2, "a": 1})


def test_the_memory_keeps_at_most_max_figures(monkeypatch):
    monkeypatch.setattr(figure_memo, "MAX_FIGURES", 3)
    build, calls = _counting_builder()
    first = build("0")
    for i in range(1, 4):
        build(str(i))
    assert build("0") is not first  # the least recently used was dropped
    assert len(calls) == 5


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            pd.Series([1, 2], index=pd.date_range("2024-01-01", periods=2)),
            pd.Series([1, 2], index=pd.date_range("2024-01-01", periods=2, tz="UTC")),
        ),
        (
            pd.Series([1, 2], index=pd.period_range("2024-01", periods=2, freq="M")),
            pd.Series([1, 2], index=pd.period_range("2024Q1", periods=2, freq="Q")),
        ),
        (
            pd.Series([1, 2], index=[dt.date(2024, 1, 1), dt.date(2024, 1, 2)]),
            pd.Series([1, 2], index=["2024-01-01", "2024-01-02"]),
        ),
        (pd.Series([1, 0], index=[1, 0]), pd.Series([1, 0], index=[True, False])),
        (
            pd.Series(pd.Categorical(["a", "b"], categories=["a", "b"])),
            pd.Series(pd.Categorical(["a", "b"], categories=["b", "a"], ordered=True)),
        ),
        (pd.Series([1, "a"], dtype=object), pd.Series(["1", "a"], dtype=object)),
        (pd.DataFrame({1: [1]}), pd.DataFrame({"1": [1]})),
        (pd.Series([1], name=None), pd.Series([1], name="None")),
    ],
)
def test_values_a_chart_would_draw_differently_have_different_fingerprints(one, other):
    assert figure_memo.fingerprint(one) != figure_memo.fingerprint(other)


def test_an_array_of_python_objects_is_not_fingerprinted_by_its_addresses():
    with pytest.raises(figure_memo.Unfingerprintable):
        figure_memo.fingerprint(np.array([dt.date(2024, 1, 1)], dtype=object))
