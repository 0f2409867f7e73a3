"""The overview's metric labels fit their quarter-width columns (issue 13)."""

from __future__ import annotations

from tests.ui.apptest import page_test

# A quarter of the 1280 px wide layout holds about 22 characters of a metric label before
# Streamlit cuts it with "…" ("Median days from raised to done" was cut).
FITS = 22


def test_every_progress_metric_label_fits_and_the_median_is_explained_in_its_help(
    app_env, share_world
):
    at = page_test("pages/overview.py", data_dir=app_env, username="dina", role="director").run()
    assert not at.exception
    labels = {m.label: m for m in at.metric}
    assert {"Recommendations", "Done or verified", "Days to done", "Overdue"} <= set(labels)
    assert all(len(label) <= FITS for label in labels), labels
    assert labels["Days to done"].proto.help == (
        "The median number of days from the meeting where a recommendation was raised to the "
        "day it was done: half of the done recommendations took fewer days than this."
    )
