"""CSM capacity plan: headcount by segment and the hiring gap.

For a segment with n accounts and a coverage ratio of low-high accounts per
CSM: lean headcount = ceil(n / high), rich headcount = ceil(n / low).
Self-serve accounts get no named CSM. The hiring gap is the headcount above
the current team (never negative). ARR / $2M is shown as a cross-check only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import BaseModel

from agent.calculators.segments import RULES_BY_SEGMENT, SEGMENT_RULES
from agent.domain import Segment

# A widely quoted guidepost, not a rule: about $2M of ARR per CSM.
ARR_PER_CSM_GUIDEPOST = 2_000_000.0


class SegmentCapacity(BaseModel):
    """Headcount one segment needs."""

    segment: Segment
    accounts: int
    accounts_per_csm_low: int | None
    accounts_per_csm_high: int | None
    csms_lean: int
    csms_rich: int
    touch: str


class CapacityPlan(BaseModel):
    """Headcount by segment, totals and the gap against the current team."""

    segments: list[SegmentCapacity]
    current_team: int
    total_csms_lean: int
    total_csms_rich: int
    hiring_gap_lean: int
    hiring_gap_rich: int
    surplus_lean: int
    arr: float
    arr_per_csm_guidepost: float
    csms_by_arr_guidepost: float


def segment_capacity(segment: Segment, accounts: int) -> SegmentCapacity:
    """Return the lean and rich headcount for n accounts of one segment."""
    rule = RULES_BY_SEGMENT[segment]
    if rule.accounts_per_csm is None:
        return SegmentCapacity(
            segment=segment,
            accounts=accounts,
            accounts_per_csm_low=None,
            accounts_per_csm_high=None,
            csms_lean=0,
            csms_rich=0,
            touch=rule.touch,
        )
    low, high = rule.accounts_per_csm
    return SegmentCapacity(
        segment=segment,
        accounts=accounts,
        accounts_per_csm_low=low,
        accounts_per_csm_high=high,
        csms_lean=math.ceil(accounts / high),
        csms_rich=math.ceil(accounts / low),
        touch=rule.touch,
    )


def capacity_plan(
    mix: Mapping[Segment, int], current_team: int, arr: float
) -> CapacityPlan:
    """Return the capacity plan for an account mix against the current team."""
    segments = [
        segment_capacity(r.segment, mix.get(r.segment, 0)) for r in SEGMENT_RULES
    ]
    lean = sum(s.csms_lean for s in segments)
    rich = sum(s.csms_rich for s in segments)
    return CapacityPlan(
        segments=segments,
        current_team=current_team,
        total_csms_lean=lean,
        total_csms_rich=rich,
        hiring_gap_lean=max(0, lean - current_team),
        hiring_gap_rich=max(0, rich - current_team),
        surplus_lean=max(0, current_team - rich),
        arr=arr,
        arr_per_csm_guidepost=ARR_PER_CSM_GUIDEPOST,
        csms_by_arr_guidepost=round(arr / ARR_PER_CSM_GUIDEPOST, 1),
    )
