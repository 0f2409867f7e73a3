"""The seeded simulator behaves as documented."""

from __future__ import annotations

import numpy as np
import pytest

from advisory.analysis import simulate_counts


def test_the_same_seed_gives_the_same_series_and_counts_are_whole_numbers():
    a = simulate_counts("2024-01-01", 50, "W", base_rate=10, overdispersion=0.2, seed=4)
    b = simulate_counts("2024-01-01", 50, "W", base_rate=10, overdispersion=0.2, seed=4)
    assert a.equals(b)
    assert a.dtype == np.int64 and (a >= 0).all()
    assert a.index.freqstr == "W-MON"


def test_frequencies_and_the_mean_rate_match_the_request():
    assert simulate_counts("2024-01-01", 24, "M", base_rate=5, seed=1).index.freqstr == "MS"
    y = simulate_counts("2024-01-01", 5000, "D", base_rate=8, seed=1)
    assert y.mean() == pytest.approx(8, rel=0.03)


def test_full_displacement_moves_visits_between_days_without_adding_any():
    kw = {"base_rate": 30, "intervention": "2025-01-07", "rate_ratio": 2.0, "seed": 2}
    kw |= {"weekday_profile": [1, 1, 1, 1, 1, 1, 1], "adapted_weekdays": [1]}
    moved = simulate_counts("2024-01-01", 2 * 366, "D", displacement=1.0, **kw)
    new = simulate_counts("2024-01-01", 2 * 366, "D", displacement=0.0, **kw)
    before = moved.loc[:"2025-01-06"].mean()
    assert moved.loc["2025-01-07":].mean() == pytest.approx(before, rel=0.03)
    assert new.loc["2025-01-07":].mean() == pytest.approx(before * 8 / 7, rel=0.03)
    tuesdays = moved.loc["2025-01-07":]
    assert tuesdays[tuesdays.index.day_of_week == 1].mean() == pytest.approx(60, rel=0.05)


def test_weekday_options_are_refused_for_weekly_series():
    with pytest.raises(ValueError, match="daily"):
        simulate_counts("2024-01-01", 10, "W", base_rate=3, adapted_weekdays=[1])
