"""The benchmark runs and reports its one number."""

from __future__ import annotations

from bench.its_bench import analyse_adaptation, make_site_data, run


def test_the_benchmark_reports_seconds_for_the_full_analysis_set():
    result = run()
    assert set(result) == {"its_daily_6y_s"}
    assert 0 < result["its_daily_6y_s"] < 30


def test_the_benchmark_data_gives_sensible_answers():
    out = analyse_adaptation(make_site_data())
    assert out["primary"].state == "estimate"
    assert out["weekday"].on_day_change > 1.3
    assert out["before_after"].window == 12
