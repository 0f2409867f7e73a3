"""Statistical analyses of attendance around an adaptation (no UI code here)."""

from advisory.analysis.its import (
    BeforeAfter,
    ITSResult,
    SensitivityResult,
    WeekdayResult,
    before_after,
    detect_frequency,
    interrupted_time_series,
    poisson_ratio_ci,
    weekday_effect,
)
from advisory.analysis.simulate import simulate_counts
from advisory.analysis.wording import (
    MEN_COMPARISON_WARNING,
    before_after_summary,
    caveat_sentence,
    its_summary,
    not_recorded_sentence,
    verdict_from_interval,
    weekday_summary,
)

__all__ = [
    "MEN_COMPARISON_WARNING",
    "BeforeAfter",
    "ITSResult",
    "SensitivityResult",
    "WeekdayResult",
    "before_after",
    "before_after_summary",
    "caveat_sentence",
    "detect_frequency",
    "interrupted_time_series",
    "its_summary",
    "not_recorded_sentence",
    "poisson_ratio_ci",
    "simulate_counts",
    "verdict_from_interval",
    "weekday_effect",
    "weekday_summary",
]
