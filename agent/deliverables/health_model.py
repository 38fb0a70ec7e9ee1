"""Deliverable 2: the health score model with weights, normalisers and bands."""

from __future__ import annotations

from agent.bundle import HealthBandSpec, HealthDimensionSpec, HealthModelDeliverable
from agent.calculators.churn import TIERS
from agent.calculators.health_model import Band, Dimension, DimensionInput
from agent.calculators.signals import SIGNALS
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, possessive, voice_for

# Why each dimension predicts renewal, in words filled from the profile.
RATIONALES: dict[str, str] = {
    "usage": (
        "How many {persona} open {product} on a typical day out of those "
        "active in the month: a daily habit is the strongest sign the product "
        "is part of the work."
    ),
    "feature_breadth": (
        "An account that only uses {first_feature} is easy to replace; use "
        "across {features} makes {product} part of the workflow."
    ),
    "support": (
        "Many or angry tickets mean the account is fighting {product}; few, "
        "calm tickets mean it simply works."
    ),
    "executive_engagement": (
        "A sponsor above the {persona} who meets you every quarter keeps "
        "budget and attention on {product}."
    ),
    "satisfaction": "What the users themselves say: the latest NPS answer or CSAT.",
    "growth": (
        "Seats or usage growing means the customer is spreading {product} "
        "to more of its people."
    ),
    "payment": (
        "Paying on time is a quiet vote of confidence; late invoices often "
        "come before a cancellation."
    ),
}

# Bands map onto churn tiers by score: monitor is Tier 1, at-risk Tier 2,
# critical Tier 3 (the tier ranges and the bands share their floors).
_BAND_TIER = {"monitor": 1, "at_risk": 2, "critical": 3}
_TIERS_BY_NUMBER = {tier.tier: tier for tier in TIERS}
_HEALTHY_MEANING = (
    "No action beyond the regular cadence; a candidate for expansion and "
    "advocacy. With an early warning it is watched at Tier 1."
)

# How every score is made, stated as the playbook applies it.
SCORING_RULES: tuple[str, ...] = (
    "Weights are percentages and total exactly 100; a model that does not "
    "total 100 is rejected with an error naming the total.",
    "Each dimension turns its raw signal into a 0–100 sub-score with the "
    "normaliser shown (linear ramp between a floor and a target, clamped, "
    "or threshold steps); several inputs are averaged by their shares.",
    "Composite = Σ weight × sub-score / 100.",
    "Missing data: a dimension with no data is left out and its weight is "
    "shared among the present dimensions in proportion to their weights; "
    "the score records the missing dimensions and the coverage (share of "
    "the total weight with data). An account with no data has no score.",
    "Rounding: the composite is reported to one decimal, rounding half up "
    "(79.95 becomes 80.0), and the band is read from the reported value, "
    "so the number and the band always agree.",
    "Every score is explained: per dimension its raw value, sub-score, "
    "weight and points, and the dimension that costs the most points, "
    "weight × (100 − sub-score) / 100, named in plain words.",
    "Bands lead to churn tiers: monitor is Tier 1, at-risk Tier 2, "
    "critical Tier 3; a healthy account with an early warning is watched "
    "at Tier 1.",
)
OVERRIDE_RULE = (
    "Every weight, normaliser and band can be overridden in the model file; "
    "{ops} owns changes and the checks above run on every load."
)


def build_health_model(context: PlaybookContext) -> HealthModelDeliverable:
    """Return the health model as the playbook presents it."""
    voice = voice_for(context)
    model = context.health_model
    bands = sorted(model.bands, key=lambda band: -band.min)
    return HealthModelDeliverable(
        summary=_summary(voice, model.dimensions),
        dimensions=[_dimension(d, voice) for d in model.dimensions],
        bands=[_band(band, voice) for band in bands],
        rules=_rules(voice),
    )


def _dimension(dimension: Dimension, voice: Voice) -> HealthDimensionSpec:
    template = RATIONALES.get(dimension.id, "")
    return HealthDimensionSpec(
        id=dimension.id,
        label=dimension.label,
        weight=dimension.weight,
        signals=[SIGNALS[i.signal].description for i in dimension.inputs],
        normalisers=[_normaliser(i, dimension) for i in dimension.inputs],
        rationale=voice.fill(template),
    )


def _normaliser(source: DimensionInput, dimension: Dimension) -> str:
    described = f"{source.signal}: {source.normaliser.describe()}"
    if len(dimension.inputs) == 1:
        return described
    total = sum(i.weight for i in dimension.inputs)
    return f"{described}; {source.weight / total:.0%} of the dimension"


def _band(band: Band, voice: Voice) -> HealthBandSpec:
    return HealthBandSpec(
        name=band.name,
        min=band.min,
        max=band.max,
        meaning=_band_meaning(band.name, voice),
    )


def _band_meaning(name: str, voice: Voice) -> str:
    if name == "healthy":
        return _HEALTHY_MEANING
    tier_number = _BAND_TIER.get(name)
    if tier_number is None:
        return "A band of your own model; map it to a churn tier before use."
    tier = _TIERS_BY_NUMBER[tier_number]
    owner = voice.owners.executive if tier_number == 3 else voice.owners.csm
    return f"Tier {tier.tier}: {tier.response} ({owner} acts)."


def _rules(voice: Voice) -> list[str]:
    return [*SCORING_RULES, voice.fill(OVERRIDE_RULE)]


def _summary(voice: Voice, dimensions: list[Dimension]) -> str:
    heaviest = max(dimensions, key=lambda d: d.weight)
    opening = (
        f"{possessive(voice.product)} health score runs from 0 to 100 across "
        f"{len(dimensions)} dimensions; {heaviest.label.lower()} weighs most "
        f"({heaviest.weight:g} %)."
    )
    return f"{opening} {_setup_advice(voice)}"


def _setup_advice(voice: Voice) -> str:
    if voice.pre_revenue:
        return voice.fill(
            "Set the model up before the first customer signs: make {product} "
            "record daily and monthly active users and feature use from day "
            "one, so the first accounts are scored from their first month."
        )
    if voice.founder_led:
        return (
            "Start simple: the founder scores every account once a month in a "
            "spreadsheet from product usage, tickets and invoices, and acts on "
            "anything below 60."
        )
    if voice.scaled:
        return (
            "CS operations owns the model: scores refresh weekly, and the "
            "weights are checked twice a year against the accounts that "
            "actually churned."
        )
    return voice.fill(
        "{lead} owns the model: score every account monthly and review the "
        "monitor, at-risk and critical lists in the weekly team meeting."
    )
