"""What the analyses return: plain frozen dataclasses, no sentences built here."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from advisory.analysis.autocorrelation import NO_AUTOCORRELATION, Autocorrelation
from advisory.analysis.series import Frequency
from advisory.analysis.verdicts import (
    MIN_PERIODS_APART,
    DataState,
    Downgrade,
    Verdict,
    WeekdayConclusion,
)


@dataclass(frozen=True)
class SensitivityResult:
    """Level change and its 95% interval under another variance option."""

    variance: str
    level_change: float
    level_change_ci: tuple[float, float]
    verdict: Verdict


@dataclass(frozen=True)
class RecordingCheck:
    """The not-recorded share around the start, and the fit that shares those visits out."""

    share_before: float
    share_after: float
    #: The share clearly moved at the start by at least 2 percentage points of all visits.
    shifted: bool
    #: Odds ratio of the not-recorded share at the start (None when not tested).
    share_change_ci: tuple[float, float] | None
    #: Women's share of the visits whose gender was recorded, before the start.
    women_share: float
    #: The after-period ratio when the not-recorded visits are shared out in that proportion.
    adjusted_ratio: float
    adjusted_ratio_ci: tuple[float, float]
    adjusted_verdict: Verdict
    #: The main verdict and the shared-out verdict are the same.
    agree: bool


@dataclass(frozen=True)
class OtherChange:
    """Another adaptation at the site whose start falls inside the series."""

    name: str
    start: pd.Timestamp
    #: Periods from this adaptation's start to the other's (negative: the other came first).
    periods_apart: int
    #: True when it has its own step in the model (False: same period as this one).
    modelled: bool
    level_change: float | None = None
    level_change_ci: tuple[float, float] | None = None
    #: The day it ended, when it ended inside the series (its step then ends too).
    end: pd.Timestamp | None = None
    #: Periods from this adaptation's start to the other's end (None: did not end in the series).
    end_periods_apart: int | None = None

    @property
    def separable(self) -> bool:
        """Far enough apart (8 periods or more) for the two changes to be told apart.

        Both its start and its end count: the end of another adaptation just as this one
        started would look like a change too.
        """
        gaps = [self.periods_apart]
        if self.end_periods_apart is not None:
            gaps.append(self.end_periods_apart)
        return all(abs(g) >= MIN_PERIODS_APART for g in gaps)


@dataclass(frozen=True)
class ShownRange:
    """One estimate shown with its likely range (what the calibration checks for coverage)."""

    ratio: float
    ci: tuple[float, float]
    what: str  # "main" or "not-recorded shared out"


@dataclass(frozen=True, eq=False)
class ITSResult:
    """Everything the dashboard shows for one interrupted time series analysis.

    Ratios are rate ratios (1.0 = no change). Intervals are 95% ("likely range" in the wording).
    ``verdict`` is one of the four :class:`~advisory.analysis.verdicts.Verdict` values; when a
    check downgraded it to "we can't tell yet", ``downgrades`` says which and ``verdict_reasons``
    says why in plain words (also for a plain wide range).
    """

    level_change: float
    level_change_ci: tuple[float, float]
    slope_change: float | None
    slope_change_ci: tuple[float, float] | None
    #: Fitted / expected over the whole after period; equals ``level_change`` without a slope term.
    after_ratio: float
    after_ratio_ci: tuple[float, float]
    observed_after: float
    expected_after: float
    expected_after_ci: tuple[float, float]
    #: observed - expected over the after period (the cumulative effect), with its interval.
    difference_after: float
    difference_after_ci: tuple[float, float]
    n_before: int
    n_after: int
    frequency: Frequency
    intervention: pd.Timestamp
    state: DataState
    verdict: Verdict
    warnings: list[str]
    summary: str
    frame: pd.DataFrame = field(repr=False)
    sensitivity: dict[str, SensitivityResult]
    min_detectable_ratio: float
    #: Rough number of further after-periods for a clearer answer (None when not applicable).
    more_periods_needed: int | None
    variance: str
    seasonality: int
    label: str
    intervention_name: str
    comparison_change: float | None = None
    comparison_change_ci: tuple[float, float] | None = None
    comparison_label: str | None = None
    other_changes: tuple[str, ...] = ()
    small_count_threshold: int | None = 5
    params: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    cov_params: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    scale: float = 1.0
    nb_alpha: float | None = None
    #: The verdict from the likely range alone, before any downgrade.
    interval_verdict: Verdict = Verdict.CANT_TELL
    downgrades: tuple[Downgrade, ...] = ()
    verdict_reasons: list[str] = field(default_factory=list)
    autocorrelation: Autocorrelation = NO_AUTOCORRELATION
    recording: RecordingCheck | None = None
    others: tuple[OtherChange, ...] = ()
    #: Periods left out because the site had no open days.
    closed_periods: int = 0
    #: Periods right after the start left out while the change took effect.
    phase_in: int = 0
    #: Degrees of freedom of the t quantile behind the likely ranges (inf: normal).
    df: float = float("inf")
    exposure_used: bool = False
    #: Records before the start needed for seasons to be allowed for (0 when they are).
    more_baseline_needed: int = 0
    #: Periods on each side that the estimate really rests on (other adaptations cut them).
    n_before_effective: int = 0
    n_after_effective: int = 0

    @property
    def controlled(self) -> bool:
        """True when the estimate is relative to a comparison series."""
        return self.comparison_change is not None

    @property
    def likely_ranges(self) -> tuple[ShownRange, ...]:
        """The estimates shown with a likely range.

        None while it is too early, nor when seasons can't be allowed for over a long window:
        the seasonal swing would then be part of the estimate, and no range could say how much.
        """
        if self.state == DataState.TOO_EARLY or Downgrade.SEASONS in self.downgrades:
            return ()
        shown = [ShownRange(self.after_ratio, self.after_ratio_ci, "main")]
        if self.recording is not None and self.recording.shifted:
            rec = self.recording
            shown.append(
                ShownRange(rec.adjusted_ratio, rec.adjusted_ratio_ci, "not-recorded shared out")
            )
        return tuple(shown)


@dataclass(frozen=True, eq=False)
class WeekdayResult:
    """Daily model separating the change on the adapted weekday(s) from the other days."""

    on_day_change: float
    on_day_ci: tuple[float, float]
    other_days_change: float
    other_days_ci: tuple[float, float]
    conclusion: WeekdayConclusion
    summary: str
    weekdays: tuple[int, ...]
    state: DataState
    n_before_weeks: int
    n_after_weeks: int
    #: Modelled extra visits over the after period on the adapted days / on the other days.
    extra_on_day: float
    extra_other_days: float
    warnings: list[str]
    label: str
    params: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    cov_params: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    #: The net weekly change over all days (same model, delta method), with its likely range.
    net_change: float = 1.0
    net_ci: tuple[float, float] = (0.0, float("inf"))


@dataclass(frozen=True)
class BeforeAfter:
    """Raw totals in equal windows either side of the start date (no adjustment at all)."""

    window: int
    frequency: Frequency
    before_total: int
    after_total: int
    ratio: float
    ratio_ci: tuple[float, float]
    before_start: pd.Timestamp
    before_end: pd.Timestamp
    after_start: pd.Timestamp
    after_end: pd.Timestamp
    label: str = "raw totals, not adjusted for trend or season"
    summary: str = ""
