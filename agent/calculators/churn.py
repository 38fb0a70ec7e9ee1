"""Churn-prevention tiers and early-warning signals.

Tiers are read from the reported health score (fixed):
    Tier 1: 60 to 79.9   automated nudges; CSM alerted
    Tier 2: 40 to 59.9   personal outreach within 48 hours; 30-day recovery plan
    Tier 3: below 40     executive escalation within 24 hours; concessions ready
A healthy account (80 or more) with any early warning is watched at Tier 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from agent.calculators.signals import Column, Columns

TIER_FLOORS = {1: 60.0, 2: 40.0, 3: 0.0}
HEALTHY_FLOOR = 80.0


@dataclass(frozen=True)
class Tier:
    """One escalation tier and what it triggers."""

    tier: int
    score_range: str
    response: str
    owner: str
    response_time: str


TIERS: tuple[Tier, ...] = (
    Tier(1, "60-79.9", "automated nudges; CSM alerted", "CSM", "within the week"),
    Tier(
        2,
        "40-59.9",
        "personal outreach within 48 hours; 30-day recovery plan",
        "CSM",
        "48 hours",
    ),
    Tier(
        3,
        "below 40",
        "executive escalation within 24 hours; concession options prepared",
        "CS lead with an executive sponsor",
        "24 hours",
    ),
)


@dataclass(frozen=True)
class WarningRules:
    """Thresholds of the early-warning signals (defaults from the playbook)."""

    usage_drop_pct: float = 30.0  # strictly more than this drop fires
    missed_meetings: int = 2  # this many no-shows or more fires
    competitor_mentions: int = 1


def tier_for_score(score: float | None, has_warning: bool = False) -> int | None:
    """Return the churn tier (1-3) of one reported score, or None if not at risk."""
    tiers = tiers_for(
        np.array([np.nan if score is None else score]), np.array([has_warning])
    )
    value = tiers[0]
    return None if value == 0 else int(value)


def tiers_for(
    scores: Column, has_warning: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int8]:
    """Return the tier of each account: 1-3, or 0 when not in a tier.

    Accounts with no score are in a tier only if a warning fired (Tier 1):
    a warning is evidence even without a score.
    """
    tiers = np.select(
        [scores < TIER_FLOORS[2], scores < TIER_FLOORS[1], scores < HEALTHY_FLOOR],
        [3, 2, 1],
        default=0,
    ).astype(np.int8)
    watched = has_warning & (tiers == 0)
    return np.where(watched, 1, tiers).astype(np.int8)


@dataclass(frozen=True)
class EarlyWarnings:
    """Per-account early warnings with their evidence, for many accounts."""

    usage_drop_pct: Column
    usage_drop: npt.NDArray[np.bool_]
    champion_left: npt.NDArray[np.bool_]
    competitor: npt.NDArray[np.bool_]
    missed_meetings: npt.NDArray[np.bool_]
    columns: Columns
    rules: WarningRules

    @property
    def any(self) -> npt.NDArray[np.bool_]:
        return (
            self.usage_drop
            | self.champion_left
            | self.competitor
            | self.missed_meetings
        )

    def evidence(self, row: int) -> list[dict[str, object]]:
        """Return the warnings of one account, each with its evidence."""
        found: list[dict[str, object]] = []
        if self.usage_drop[row]:
            previous = float(self.columns["usage_previous"][row])
            current = float(self.columns["usage_current"][row])
            found.append(
                _warning(
                    "usage_drop",
                    f"usage fell {self.usage_drop_pct[row]:.1f} % "
                    f"({previous:g} -> {current:g}), more than "
                    f"{self.rules.usage_drop_pct:g} %",
                )
            )
        if self.champion_left[row]:
            found.append(_warning("champion_left", "the champion has left"))
        if self.competitor[row]:
            mentions = int(self.columns["competitor_mentions"][row])
            found.append(
                _warning(
                    "competitor_mentioned", f"competitor mentioned {mentions} time(s)"
                )
            )
        if self.missed_meetings[row]:
            missed = int(self.columns["missed_meetings"][row])
            found.append(
                _warning(
                    "missed_meetings",
                    f"{missed} missed calls or meetings "
                    f"(threshold {self.rules.missed_meetings})",
                )
            )
        return found


def _warning(kind: str, evidence: str) -> dict[str, object]:
    return {"signal": kind, "evidence": evidence}


def early_warnings(
    columns: Columns, rows: int, rules: WarningRules | None = None
) -> EarlyWarnings:
    """Detect early-warning signals in account columns (NaN = no data).

    usage drop % = (previous - current) / previous x 100, fired when > 30.
    """
    rules = rules or WarningRules()
    absent = np.full(rows, np.nan)
    previous = columns.get("usage_previous", absent)
    current = columns.get("usage_current", absent)
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = np.where(previous > 0, (previous - current) / previous * 100.0, np.nan)
    return EarlyWarnings(
        usage_drop_pct=drop,
        usage_drop=np.nan_to_num(drop, nan=-np.inf) > rules.usage_drop_pct,
        champion_left=np.nan_to_num(columns.get("champion_left", absent)) >= 1,
        competitor=np.nan_to_num(columns.get("competitor_mentions", absent))
        >= rules.competitor_mentions,
        missed_meetings=np.nan_to_num(columns.get("missed_meetings", absent))
        >= rules.missed_meetings,
        columns=columns,
        rules=rules,
    )
