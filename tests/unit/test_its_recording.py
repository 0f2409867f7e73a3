"""A change in how gender is recorded can't pass for a change in women's visits (issue 9, 1)."""

from __future__ import annotations

import pandas as pd
import pytest

from advisory.analysis import Downgrade, Verdict, interrupted_time_series, simulate_counts
from advisory.analysis.simulate import simulate_recording

START = "2023-01-02"


def site(
    seed: int, *, women_ratio: float = 1.0, before: float = 0.30, after: float = 0.05, rate=30
):
    common = {"intervention": START, "seasonal_amplitude": 0.15, "trend_per_year": 0.03}
    women = simulate_counts(
        "2021-01-04", 156, "W", base_rate=rate, rate_ratio=women_ratio, seed=seed, **common
    )
    others = simulate_counts("2021-01-04", 156, "W", base_rate=4 * rate, seed=seed + 1, **common)
    return simulate_recording(
        women, others, share_before=before, share_after=after, intervention=START, seed=seed
    )


def analyse(data: pd.DataFrame):
    return interrupted_time_series(
        data["women"],
        START,
        label="women's visits",
        intervention_name="women staff at reception",
        not_recorded=data["not_recorded"],
        all_visits=data["all_visits"],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_better_recording_alone_gives_cant_tell_with_the_reason_and_both_numbers(seed):
    data = site(seed)
    res = analyse(data)
    # The pitfall: visits recorded as women's rise by about a third (0.95 / 0.70) on their own.
    assert res.after_ratio > 1.15 * res.recording.adjusted_ratio
    assert res.verdict == Verdict.CANT_TELL == "we can't tell yet"
    assert res.downgrades == (Downgrade.RECORDING,)
    rec = res.recording
    assert rec.shifted and not rec.agree
    assert rec.share_before == pytest.approx(0.30, abs=0.02)
    assert rec.share_after == pytest.approx(0.05, abs=0.01)
    assert rec.adjusted_ratio_ci[0] < 1.0 < rec.adjusted_ratio_ci[1]
    assert res.verdict_reasons[0].startswith("Gender was recorded differently after the change")
    assert (
        "We can't tell yet whether women's visits changed after women staff at reception "
        "started: gender was recorded differently after the change." in res.summary
    )
    assert "Counting the visits as recorded, women's visits changed by +" in res.summary
    assert "sharing out the visits with no gender recorded as before the change" in res.summary
    assert len(res.likely_ranges) == 2


def test_a_real_rise_survives_the_recording_check_when_both_fits_agree():
    res = analyse(site(4, women_ratio=1.8))
    assert res.recording.shifted and res.recording.agree
    assert res.verdict == Verdict.UP
    assert res.recording.adjusted_ratio == pytest.approx(1.8, rel=0.15)
    assert "sharing out the visits with no gender recorded" in res.summary


def test_steady_recording_is_not_a_shift_and_changes_nothing():
    data = site(5, women_ratio=1.5, before=0.08, after=0.08)
    res = analyse(data)
    assert not res.recording.shifted
    assert Downgrade.RECORDING not in res.downgrades
    assert res.verdict == interrupted_time_series(data["women"], START).verdict
    assert len(res.likely_ranges) == 1


def test_with_few_visits_both_fits_can_agree_that_we_cant_tell_yet():
    res = analyse(site(7, rate=3))
    assert res.recording.shifted
    assert res.verdict == Verdict.CANT_TELL
    # Both numbers are still shown, and the warning says what happened to the recording.
    assert "sharing out the visits with no gender recorded" in res.summary
    assert any("Gender was not recorded for 5% of visits" in w for w in res.warnings)


def test_the_shared_out_series_uses_womens_share_of_recorded_visits_before_the_start():
    data = site(6)
    res = analyse(data)
    before = data.index < START
    recorded = (data["all_visits"] - data["not_recorded"])[before].sum()
    assert res.recording.women_share == pytest.approx(data["women"][before].sum() / recorded)
