"""Expansion signals and plays."""

from __future__ import annotations

import numpy as np

from agent.calculators.expansion import expansion_findings
from tests.fakes import columns


def test_seat_utilisation_above_85_percent_fires_seat_expansion() -> None:
    found = expansion_findings(
        columns(seats_active=[85, 86, 120], seats_purchased=[100, 100, 100]),
        np.array([50.0, 50.0, 50.0]),
        3,
    )
    assert list(found.signals["seat_utilisation"]) == [False, True, True]
    assert list(found.plays["seat_expansion"]) == [False, True, True]
    assert found.signal_evidence(1) == [
        {
            "signal": "seat_utilisation",
            "evidence": "86 of 100 seats in use (86.0 %, above 85 %)",
        }
    ]


def test_health_signal_needs_a_score_above_80() -> None:
    found = expansion_findings({}, np.array([80.0, 80.1, np.nan]), 3)
    assert list(found.signals["health_above_80"]) == [False, True, False]


def test_multi_year_needs_healthy_and_renewal_due_within_90_days() -> None:
    found = expansion_findings(
        columns(days_to_renewal=[30, 120, 30, -5]),
        np.array([85.0, 85.0, 70.0, 90.0]),
        4,
    )
    assert list(found.plays["multi_year"]) == [True, False, False, False]


def test_workarounds_referrals_and_plan_limits_fire_their_plays() -> None:
    found = expansion_findings(
        columns(
            workarounds=[1, 2, 0],
            champion_referral=[0, 0, 1],
            plan_limit_pct=[89, 90, 0],
        ),
        np.array([60.0, 60.0, 60.0]),
        3,
    )
    assert list(found.plays["feature_upsell"]) == [False, True, False]
    assert list(found.plays["tier_upgrade"]) == [False, True, False]
    assert list(found.plays["new_department"]) == [False, False, True]
    assert [p["play"] for p in found.play_evidence(1)] == [
        "feature_upsell",
        "tier_upgrade",
    ]
    assert list(found.candidate) == [False, True, True]


def test_new_use_cases_and_promoted_champion_are_signals() -> None:
    found = expansion_findings(
        columns(new_use_cases=[2, 0], champion_promoted=[0, 1]),
        np.array([50.0, 50.0]),
        2,
    )
    assert found.signal_evidence(0) == [
        {"signal": "new_use_cases", "evidence": "2 new use case(s) raised in QBRs"}
    ]
    assert found.signal_evidence(1) == [
        {"signal": "champion_promoted", "evidence": "the champion was promoted"}
    ]
