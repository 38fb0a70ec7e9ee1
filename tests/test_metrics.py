"""Retention and programme metrics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.calculators.metrics import (
    median_days,
    nps,
    qbr_roi_pct,
    ratio_pct,
    retention,
)


def arrays(*values: list[float | None]) -> list[np.ndarray]:
    return [np.array([np.nan if v is None else v for v in col]) for col in values]


def test_nrr_and_grr_from_expansion_contraction_and_churn() -> None:
    start, end = arrays([100, 100, 100, 100], [150, 80, 0, 100])
    figures = retention(start, end)
    # start 400; expansion 50; contraction 20; churned 100
    assert (figures.expansion, figures.contraction, figures.churned) == (50, 20, 100)
    assert figures.nrr_pct == 82.5  # (400 + 50 - 20 - 100) / 400
    assert figures.grr_pct == 70.0  # (400 - 20 - 100) / 400


def test_new_customers_never_count_toward_nrr_or_grr() -> None:
    start, end = arrays([100, 0, None], [110, 500, 900])
    figures = retention(start, end)
    assert figures.accounts == 1
    assert figures.nrr_pct == 110.0
    assert figures.grr_pct == 100.0


def test_grr_is_never_above_100_percent() -> None:
    start, end = arrays([100, 100], [200, 300])
    figures = retention(start, end)
    assert figures.nrr_pct == 250.0
    assert figures.grr_pct == 100.0


def test_retention_without_a_starting_cohort_has_no_figures() -> None:
    start, end = arrays([0, 0], [10, 20])
    assert retention(start, end).nrr_pct is None


@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e7, allow_nan=False), st.floats(0, 1e7, allow_nan=False)
        ),
        max_size=40,
    )
)
def test_grr_bounds(rows: list[tuple[float, float]]) -> None:
    start = np.array([r[0] for r in rows], dtype=float)
    end = np.array([r[1] for r in rows], dtype=float)
    figures = retention(start, end)
    if figures.grr_pct is not None:
        assert 0 <= figures.grr_pct <= 100
        assert figures.nrr_pct is not None
        assert figures.nrr_pct >= figures.grr_pct


def test_nps_is_promoters_minus_detractors() -> None:
    # promoters: 9, 10, 10; passives: 7, 8; detractors: 0, 6
    (answers,) = arrays([9, 10, 10, 7, 8, 0, 6, None])
    assert nps(answers) == pytest.approx(14.3)  # (3 - 2) / 7
    assert nps(np.array([np.nan])) is None


def test_ratios_medians_and_roi() -> None:
    assert ratio_pct(17, 20) == 85.0
    assert ratio_pct(1, 0) is None
    assert median_days(np.array([10, 30, np.nan, 20, 40])) == 25
    assert median_days(np.array([np.nan])) is None
    assert qbr_roi_pct(180_000, 44_000) == 309.1  # (180k - 44k) / 44k
    assert qbr_roi_pct(10, 0) is None
