"""Deliverable 6: expansion signals, the plays they call for and the targets.

Targets are fixed: CSM-sourced expansion is 20-30 % of new ARR, and NRR
110-120 %.
"""

from __future__ import annotations

from agent.bundle import (
    Expansion,
    ExpansionPlaySpec,
    ExpansionSignalSpec,
    ExpansionTargets,
)
from agent.calculators.expansion import PLAYS, ExpansionRules, Play
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, voice_for

CSM_SOURCED_SHARE_PCT = (20.0, 30.0)
NRR_TARGET_PCT = (110.0, 120.0)

# Thresholds come from the calculator's defaults, so what the playbook says
# and what the account scan detects are the same numbers.
_RULES = ExpansionRules()
SIGNALS: tuple[tuple[str, str, str], ...] = (
    (
        "health_above_80",
        "The account is healthy and getting value from {product}.",
        f"health score above {_RULES.health_above:g}",
    ),
    (
        "seat_utilisation",
        "Nearly every seat bought is in use; new {persona} will need logins.",
        f"more than {_RULES.seat_utilisation_pct:g} % of purchased seats in use",
    ),
    (
        "new_use_cases",
        "The customer raises a new use case for {product} in a QBR.",
        "1 or more new use cases raised in a QBR",
    ),
    (
        "champion_promoted",
        "The champion is promoted and can take {product} to a wider team.",
        "champion promoted",
    ),
)

TALK_TRACKS: dict[str, str] = {
    "seat_expansion": (
        "'Your team uses almost every {product} seat you bought. Rather than "
        "have new {persona} wait for a login, shall we size the licence for "
        "where the team will be this year?'"
    ),
    "feature_upsell": (
        "'Twice this quarter your {persona} worked around something by hand. "
        "In {product}, {upsell_feature} does that for you; can I show you in "
        "fifteen minutes?'"
    ),
    "new_department": (
        "'You mentioned another team has the problem you solved with "
        "{product}. Would you introduce us and join the first call to tell "
        "them what changed for you?'"
    ),
    "tier_upgrade": (
        "'You are at 90 % of your plan's limits. Here is the price per user on "
        "your plan and on the next one at your real volume: the upgrade costs "
        "less per user.'"
    ),
    "multi_year": (
        "'Your team has been healthy all year and the renewal is coming up. "
        "Commit to {product} for two or three years and we will discount the "
        "price for that commitment.'"
    ),
}


def build_expansion(context: PlaybookContext) -> Expansion:
    """Return the expansion signals and plays with talk tracks for the product."""
    voice = voice_for(context)
    return Expansion(
        summary=_summary(voice),
        signals=[
            ExpansionSignalSpec(id=i, description=voice.fill(d), threshold=t)
            for i, d, t in SIGNALS
        ],
        plays=[_play(play, voice) for play in PLAYS],
        targets=ExpansionTargets(
            csm_sourced_share_of_new_arr_pct=CSM_SOURCED_SHARE_PCT,
            nrr_target_pct=NRR_TARGET_PCT,
        ),
    )


def _play(play: Play, voice: Voice) -> ExpansionPlaySpec:
    return ExpansionPlaySpec(
        id=play.id,
        name=play.name,
        trigger=play.trigger,
        approach=play.approach,
        talk_track=voice.fill(TALK_TRACKS[play.id]),
    )


def _summary(voice: Voice) -> str:
    low, high = CSM_SOURCED_SHARE_PCT
    nrr_low, nrr_high = NRR_TARGET_PCT
    targets = (
        f"Targets: CSM-sourced expansion is {low:g}–{high:g} % of new ARR and "
        f"NRR {nrr_low:g}–{nrr_high:g} %."
    )
    return f"{_team_reading(voice)} {targets}"


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return voice.fill(
            "No accounts to expand yet: price {product} with seats and plan "
            "limits now, so that growing customers have somewhere to grow into."
        )
    if voice.founder_led:
        return (
            "The founder both spots and closes expansion; write each trigger "
            "down so the first CS hire inherits the pipeline."
        )
    if voice.scaled:
        return (
            "CSMs source expansion and account executives close it; CS "
            "operations reports the CSM-sourced share every month."
        )
    return voice.fill(
        "{csm} spots the trigger and runs the play; {seller} joins to close."
    )
