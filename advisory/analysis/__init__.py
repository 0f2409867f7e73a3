"""Statistical analyses of attendance around an adaptation (no UI code here)."""

from advisory.analysis.before_after import before_after, poisson_ratio_ci
from advisory.analysis.fitting import VARIANCES
from advisory.analysis.its import interrupted_time_series
from advisory.analysis.results import (
    BeforeAfter,
    ITSResult,
    OtherChange,
    RecordingCheck,
    SensitivityResult,
    ShownRange,
    WeekdayResult,
)
from advisory.analysis.series import detect_frequency
from advisory.analysis.simulate import simulate_counts
from advisory.analysis.verdicts import (
    DataState,
    Downgrade,
    Verdict,
    WeekdayConclusion,
    verdict_from_interval,
)
from advisory.analysis.weekday import weekday_effect
from advisory.analysis.wording import (
    EXPECTED_LABEL,
    MEN_COMPARISON_WARNING,
    before_after_summary,
    caveat_sentence,
    its_summary,
    not_recorded_sentence,
    weekday_summary,
)

__all__ = [
    "EXPECTED_LABEL",
    "MEN_COMPARISON_WARNING",
    "VARIANCES",
    "BeforeAfter",
    "DataState",
    "Downgrade",
    "ITSResult",
    "OtherChange",
    "RecordingCheck",
    "SensitivityResult",
    "ShownRange",
    "Verdict",
    "WeekdayConclusion",
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
