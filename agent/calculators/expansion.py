"""Expansion signals and the play each trigger calls for.

Signals: health above 80; more than 85 % of purchased seats in use; new use
cases raised in QBRs; champion promoted. Plays fire on their own triggers:
seat utilisation above 85 % (seat expansion), repeated workarounds (feature
upsell), a referral from the champion (new department), near the plan's
limits (tier upgrade), healthy with the renewal due (multi-year).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from agent.calculators.signals import Column, Columns

Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Play:
    """An expansion play: what fires it and how the CSM runs it."""

    id: str
    name: str
    trigger: str
    approach: str


PLAYS: tuple[Play, ...] = (
    Play(
        "seat_expansion",
        "Seat expansion",
        "seat utilisation above 85 %",
        "right-size conversation",
    ),
    Play(
        "feature_upsell",
        "Feature upsell",
        "repeated workarounds",
        "demo the feature that removes them",
    ),
    Play(
        "new_department",
        "New department",
        "referral from the champion",
        "joint introduction meeting",
    ),
    Play(
        "tier_upgrade",
        "Tier upgrade",
        "near the plan's limits",
        "show the per-user saving",
    ),
    Play(
        "multi_year", "Multi-year", "healthy and renewal due", "discount for commitment"
    ),
)
PLAYS_BY_ID = {play.id: play for play in PLAYS}


@dataclass(frozen=True)
class ExpansionRules:
    """Thresholds for signals and plays; the defaults are the playbook's."""

    health_above: float = 80.0  # strictly above
    seat_utilisation_pct: float = 85.0  # strictly above
    repeated_workarounds: int = 2  # "repeated" means twice or more
    plan_limit_pct: float = 90.0  # "near the limit": 90 % of it or more
    renewal_window_days: int = 90  # the renewal stage opens 90 days out


@dataclass(frozen=True)
class ExpansionFindings:
    """Signals and plays for many accounts, with evidence per account."""

    seat_utilisation_pct: Column
    signals: dict[str, Flags]
    plays: dict[str, Flags]
    columns: Columns
    scores: Column
    rules: ExpansionRules

    @property
    def candidate(self) -> Flags:
        """Accounts with at least one signal or play."""
        flags = list(self.signals.values()) + list(self.plays.values())
        return np.logical_or.reduce(flags) if flags else np.zeros(0, dtype=bool)

    def signal_evidence(self, row: int) -> list[dict[str, object]]:
        """Return the signals of one account, each with its evidence."""
        return [
            {"signal": name, "evidence": self._signal_evidence(name, row)}
            for name, flags in self.signals.items()
            if flags[row]
        ]

    def _signal_evidence(self, name: str, row: int) -> str:
        if name == "health_above_80":
            return f"health {self.scores[row]:.1f} is above {self.rules.health_above:g}"
        if name == "seat_utilisation":
            active = int(self.columns["seats_active"][row])
            bought = int(self.columns["seats_purchased"][row])
            share = self.seat_utilisation_pct[row]
            limit = self.rules.seat_utilisation_pct
            return (
                f"{active} of {bought} seats in use ({share:.1f} %, above {limit:g} %)"
            )
        if name == "new_use_cases":
            count = int(self.columns["new_use_cases"][row])
            return f"{count} new use case(s) raised in QBRs"
        return "the champion was promoted"

    def play_evidence(self, row: int) -> list[dict[str, object]]:
        """Return the plays one account's triggers call for."""
        return [
            {
                "play": PLAYS_BY_ID[name].id,
                "name": PLAYS_BY_ID[name].name,
                "trigger": PLAYS_BY_ID[name].trigger,
                "approach": PLAYS_BY_ID[name].approach,
            }
            for name, flags in self.plays.items()
            if flags[row]
        ]


def _column(columns: Columns, name: str, rows: int) -> Column:
    return columns.get(name, np.full(rows, np.nan))


def expansion_findings(
    columns: Columns,
    scores: Column,
    rows: int,
    rules: ExpansionRules | None = None,
) -> ExpansionFindings:
    """Detect expansion signals and plays.

    seat utilisation % = seats_active / seats_purchased x 100.
    """
    rules = rules or ExpansionRules()
    active = _column(columns, "seats_active", rows)
    bought = _column(columns, "seats_purchased", rows)
    with np.errstate(invalid="ignore", divide="ignore"):
        utilisation = np.where(bought > 0, active / bought * 100.0, np.nan)
    seats_high = np.nan_to_num(utilisation, nan=-1.0) > rules.seat_utilisation_pct
    healthy = np.nan_to_num(scores, nan=-1.0) > rules.health_above
    days_to_renewal = _column(columns, "days_to_renewal", rows)
    renewal_due = (days_to_renewal >= 0) & (
        days_to_renewal <= rules.renewal_window_days
    )
    signals = {
        "health_above_80": healthy,
        "seat_utilisation": seats_high,
        "new_use_cases": np.nan_to_num(_column(columns, "new_use_cases", rows)) >= 1,
        "champion_promoted": np.nan_to_num(_column(columns, "champion_promoted", rows))
        >= 1,
    }
    plays = {
        "seat_expansion": seats_high,
        "feature_upsell": np.nan_to_num(_column(columns, "workarounds", rows))
        >= rules.repeated_workarounds,
        "new_department": np.nan_to_num(_column(columns, "champion_referral", rows))
        >= 1,
        "tier_upgrade": np.nan_to_num(_column(columns, "plan_limit_pct", rows))
        >= rules.plan_limit_pct,
        "multi_year": (np.nan_to_num(scores, nan=-1.0) >= 80.0) & renewal_due,
    }
    return ExpansionFindings(utilisation, signals, plays, columns, scores, rules)
