"""Segments from ACV and the CSM capacity plan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.calculators.capacity import capacity_plan, segment_capacity
from agent.calculators.segments import segment_for_acv, segments_for_acv
from agent.domain import Segment


@pytest.mark.parametrize(
    ("acv", "segment"),
    [
        (250_000, Segment.ENTERPRISE),
        (100_000, Segment.ENTERPRISE),
        (99_999.99, Segment.MID_MARKET),
        (25_000, Segment.MID_MARKET),
        (24_999, Segment.SMB),
        (5_000, Segment.SMB),
        (4_999, Segment.SELF_SERVE),
        (0, Segment.SELF_SERVE),
    ],
)
def test_segment_floors_are_inclusive(acv: float, segment: Segment) -> None:
    assert segment_for_acv(acv) is segment


def test_segments_for_a_column_match_one_by_one() -> None:
    acvs = np.array([250_000, 100_000, 60_000, 5_000, 10, np.nan])
    assert list(segments_for_acv(acvs)) == [
        "enterprise",
        "enterprise",
        "mid_market",
        "smb",
        "self_serve",
        "",
    ]


@pytest.mark.parametrize(
    ("segment", "accounts", "lean", "rich"),
    [
        (Segment.ENTERPRISE, 16, 2, 2),  # ceil(16/15)=2, ceil(16/10)=2
        (Segment.ENTERPRISE, 31, 3, 4),
        (Segment.MID_MARKET, 48, 2, 2),  # ceil(48/40)=2, ceil(48/25)=2
        (Segment.MID_MARKET, 81, 3, 4),
        (Segment.SMB, 81, 2, 2),  # ceil(81/80)=2, ceil(81/50)=2
        (Segment.SMB, 400, 5, 8),
        (Segment.SELF_SERVE, 5000, 0, 0),
        (Segment.ENTERPRISE, 0, 0, 0),
    ],
)
def test_headcount_is_ceiling_of_accounts_over_ratio(
    segment: Segment, accounts: int, lean: int, rich: int
) -> None:
    capacity = segment_capacity(segment, accounts)
    assert (capacity.csms_lean, capacity.csms_rich) == (lean, rich)


def test_plan_totals_and_hiring_gap() -> None:
    mix = {Segment.ENTERPRISE: 6, Segment.MID_MARKET: 48, Segment.SMB: 41}
    plan = capacity_plan(mix, current_team=2, arr=4_200_000)
    by_segment = {s.segment: (s.csms_lean, s.csms_rich) for s in plan.segments}
    assert by_segment == {
        Segment.ENTERPRISE: (1, 1),
        Segment.MID_MARKET: (2, 2),
        Segment.SMB: (1, 1),
        Segment.SELF_SERVE: (0, 0),
    }
    assert (plan.total_csms_lean, plan.total_csms_rich) == (4, 4)
    assert (plan.hiring_gap_lean, plan.hiring_gap_rich) == (2, 2)
    assert plan.csms_by_arr_guidepost == 2.1


def test_team_larger_than_needed_has_no_gap_and_a_surplus() -> None:
    plan = capacity_plan({Segment.SMB: 60}, current_team=5, arr=900_000)
    assert (plan.hiring_gap_lean, plan.hiring_gap_rich) == (0, 0)
    assert plan.surplus_lean == 3


@given(
    st.dictionaries(st.sampled_from(list(Segment)), st.integers(0, 10_000)),
    st.integers(0, 100),
)
def test_lean_never_exceeds_rich_and_gap_is_never_negative(
    mix: dict[Segment, int], team: int
) -> None:
    plan = capacity_plan(mix, team, 0)
    assert plan.total_csms_lean <= plan.total_csms_rich
    assert plan.hiring_gap_lean >= 0
    assert plan.hiring_gap_rich >= plan.hiring_gap_lean
