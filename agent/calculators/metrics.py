"""Retention and programme metrics with their fixed definitions.

NRR = (start + expansion - contraction - churned) / start
GRR = (start - contraction - churned) / start, never above 100 %
Both cover only customers present at the start (arr_start > 0): new
customers acquired in the period never count. NPS = % promoters (9-10) -
% detractors (0-6). Coverage = scored / active accounts. QBR completion =
held / due. TTFV is the median of days to first value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agent.calculators.rounding import round_half_up
from agent.calculators.signals import Column


@dataclass(frozen=True)
class RetentionFigures:
    """Revenue movements of the customers present at the start of the period."""

    accounts: int
    starting: float
    expansion: float
    contraction: float
    churned: float
    nrr_pct: float | None
    grr_pct: float | None


def retention(arr_start: Column, arr_end: Column) -> RetentionFigures:
    """Return NRR and GRR (percent, one decimal) from start and end ARR columns.

    Rows with no start ARR (new customers) or no end ARR are left out.
    """
    cohort = (np.nan_to_num(arr_start) > 0) & ~np.isnan(arr_end)
    start, end = arr_start[cohort], arr_end[cohort]
    change = end - start
    churned = float(start[end <= 0].sum())
    expansion = float(change[change > 0].sum())
    contraction = float(-change[(change < 0) & (end > 0)].sum())
    starting = float(start.sum())
    if starting == 0:
        return RetentionFigures(0, 0.0, 0.0, 0.0, 0.0, None, None)
    net = (starting + expansion - contraction - churned) / starting * 100
    gross = min((starting - contraction - churned) / starting * 100, 100.0)
    return RetentionFigures(
        accounts=int(cohort.sum()),
        starting=starting,
        expansion=expansion,
        contraction=contraction,
        churned=churned,
        nrr_pct=round_half_up(net, 1),
        grr_pct=round_half_up(gross, 1),
    )


def nps(responses: Column) -> float | None:
    """Return NPS (-100 to 100, one decimal) from 0-10 answers; None if none."""
    answered = responses[~np.isnan(responses)]
    if answered.size == 0:
        return None
    promoters = np.count_nonzero(answered >= 9)
    detractors = np.count_nonzero(answered <= 6)
    return round_half_up((promoters - detractors) / answered.size * 100, 1)


def ratio_pct(part: float, whole: float) -> float | None:
    """Return part / whole in percent (one decimal), or None when whole is 0."""
    return None if whole == 0 else round_half_up(part / whole * 100, 1)


def median_days(days: Column) -> float | None:
    """Return the median of the known values, or None when there are none."""
    known = days[~np.isnan(days)]
    return None if known.size == 0 else float(np.median(known))


def qbr_roi_pct(value_delivered: float, annual_cost: float) -> float | None:
    """Return QBR ROI in percent: (value delivered - annual cost) / annual cost.

    None when the annual cost is 0: a ratio against nothing is no figure.
    """
    if annual_cost <= 0:
        return None
    return round_half_up((value_delivered - annual_cost) / annual_cost * 100, 1)
