"""Segment accounts by ACV and the coverage model each segment gets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from agent.domain import Segment


@dataclass(frozen=True)
class SegmentRule:
    """One row of the coverage model: who a segment is and how it is served."""

    segment: Segment
    min_acv: float
    accounts_per_csm: tuple[int, int] | None
    touch: str
    qbr_cadence: str
    qbrs_per_year: int
    ttfv_target_days: int


# ACV floors and ratios are fixed by the coverage model. The SMB and
# Enterprise TTFV targets are fixed too; mid-market (21 days) sits between
# them and self-serve (7 days) must reach value without a human, so it has
# to be faster than SMB: the rationale is in knowledge/onboarding.md.
SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(Segment.ENTERPRISE, 100_000, (10, 15), "high-touch", "monthly", 12, 30),
    SegmentRule(
        Segment.MID_MARKET, 25_000, (25, 40), "medium-touch", "quarterly", 4, 21
    ),
    SegmentRule(
        Segment.SMB,
        5_000,
        (50, 80),
        "tech-touch plus pooled CSMs",
        "twice a year",
        2,
        14,
    ),
    SegmentRule(Segment.SELF_SERVE, 0, None, "automated, digital only", "none", 0, 7),
)
RULES_BY_SEGMENT = {rule.segment: rule for rule in SEGMENT_RULES}


def segment_for_acv(acv: float) -> Segment:
    """Return the segment of an account whose annual value is acv.

    Enterprise >= 100K; mid-market 25K to < 100K; SMB 5K to < 25K;
    self-serve < 5K. Floors are inclusive.
    """
    for rule in SEGMENT_RULES:
        if acv >= rule.min_acv:
            return rule.segment
    return Segment.SELF_SERVE


def segments_for_acv(acv: npt.NDArray[np.float64]) -> npt.NDArray[np.str_]:
    """Return the segment id of every account in a column of ACVs.

    NaN (no ACV known) maps to an empty string.
    """
    floors = [rule.min_acv for rule in SEGMENT_RULES]
    names = [rule.segment.value for rule in SEGMENT_RULES]
    choices = [acv >= floor for floor in floors]
    return np.select(choices, names, default="")
