"""Churn tiers and early-warning signals."""

from __future__ import annotations

import numpy as np
import pytest

from agent.calculators.churn import early_warnings, tier_for_score, tiers_for
from tests.fakes import columns


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        pytest.param(100.0, None, id="100"),
        pytest.param(80.0, None, id="80"),
        pytest.param(79.9, 1, id="79.9"),
        pytest.param(60.0, 1, id="60"),
        pytest.param(59.9, 2, id="59.9"),
        pytest.param(40.0, 2, id="40"),
        pytest.param(39.9, 3, id="39.9"),
        pytest.param(0.0, 3, id="0"),
        pytest.param(None, None, id="unscored"),
    ],
)
def test_tier_edges(score: float | None, tier: int | None) -> None:
    assert tier_for_score(score) == tier


def test_healthy_account_with_a_warning_is_watched_at_tier_1() -> None:
    assert tier_for_score(92.0, has_warning=True) == 1


def test_warning_does_not_lower_a_worse_tier() -> None:
    assert tier_for_score(35.0, has_warning=True) == 3
    assert tier_for_score(50.0, has_warning=True) == 2


def test_unscored_account_with_a_warning_is_watched() -> None:
    tiers = tiers_for(np.array([np.nan, np.nan]), np.array([True, False]))
    assert list(tiers) == [1, 0]


def test_usage_drop_fires_only_above_30_percent() -> None:
    found = early_warnings(
        columns(usage_previous=[100, 100, 100, 0], usage_current=[70, 69.9, 50, 10]), 4
    )
    assert list(found.usage_drop) == [False, True, True, False]
    assert found.evidence(1) == [
        {
            "signal": "usage_drop",
            "evidence": "usage fell 30.1 % (100 -> 69.9), more than 30 %",
        }
    ]


def test_missed_meetings_fire_at_two_or_more() -> None:
    found = early_warnings(columns(missed_meetings=[0, 1, 2, 5]), 4)
    assert list(found.missed_meetings) == [False, False, True, True]
    assert "2 missed calls or meetings" in str(found.evidence(2))


def test_champion_left_and_competitor_mentions_fire_with_evidence() -> None:
    found = early_warnings(
        columns(champion_left=[1, 0, None], competitor_mentions=[0, 3, None]), 3
    )
    assert [w["signal"] for w in found.evidence(0)] == ["champion_left"]
    assert found.evidence(1) == [
        {"signal": "competitor_mentioned", "evidence": "competitor mentioned 3 time(s)"}
    ]
    assert found.evidence(2) == []
    assert list(found.any) == [True, True, False]
