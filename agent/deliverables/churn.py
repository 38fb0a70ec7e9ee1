"""Deliverable 5: the churn intervention playbook, its tiers and early warnings."""

from __future__ import annotations

from agent.bundle import (
    ChurnPlaybook,
    ChurnReasonPlay,
    ChurnTierPlay,
    EarlyWarningSpec,
)
from agent.calculators.churn import TIERS, Tier, WarningRules
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, join_words, plural, voice_for
from agent.domain import ChurnCategory
from agent.profile import ChurnReason

TIER_ACTIONS: dict[int, tuple[str, ...]] = {
    1: (
        "Send the {persona} an automated nudge towards {first_feature} or the "
        "feature they have stopped using.",
        "{csm} is alerted and notes the dimension that costs the most points.",
        "Re-score next period; two periods in Tier 1 means a call to the champion.",
    ),
    2: (
        "{csm} calls the champion within 48 hours; a call, not an email.",
        "Write a 30-day recovery plan with the customer against the costliest "
        "dimension, with a check-in every week.",
        "Re-train the {persona} on {features} when usage is what fell.",
    ),
    3: (
        "{executive} calls the customer's executive sponsor within 24 hours.",
        "Prepare concession options before the call: extra training, a "
        "services credit, a price or term change.",
        "Review the account every day until it leaves Tier 3.",
    ),
}

# Thresholds come from the calculator's defaults so the text and the
# detection can never disagree.
_RULES = WarningRules()
EARLY_WARNINGS: tuple[tuple[str, str, str], ...] = (
    (
        "Usage down",
        f"usage more than {_RULES.usage_drop_pct:g} % below the previous period",
        "{csm} finds out why within the week: a new team, a changed process or "
        "a problem with {product}.",
    ),
    (
        "Champion left",
        "the main contact leaves or changes role",
        "Ask the departing champion for an introduction and re-onboard the "
        "successor within two weeks.",
    ),
    (
        "Competitor mentioned",
        f"{_RULES.competitor_mentions} or more mentions in a call, ticket or email",
        "Ask what the competitor offers that they want, then show the outcomes "
        "{product} already delivers for them.",
    ),
    (
        "Missed calls or meetings",
        f"{_RULES.missed_meetings} or more no-shows in the period",
        "Change channel: reach the sponsor directly and ask whether priorities "
        "have changed.",
    ),
)

COUNTER_MEASURES: dict[ChurnCategory, tuple[str, ...]] = {
    ChurnCategory.PRODUCT_GAP: (
        "Log every gap with the account, its ARR and the workaround in use; "
        "review the list with product every month.",
        "Before a customer concludes something is missing, show the {persona} "
        "the nearest thing {product} already does ({features}).",
        "Promise dates only for gaps that are really on the roadmap.",
    ),
    ChurnCategory.ONBOARDING: (
        "Hold the kickoff within two business days and agree three success "
        "outcomes in week 1.",
        "Make '{setup_step}' a week-1 task with a named owner on the customer's side.",
        "Escalate any account that passes its TTFV target without first value.",
    ),
    ChurnCategory.CHAMPION_LOSS: (
        "Build three relationships per account: the champion, an executive "
        "sponsor and a second power user among the {persona}.",
        "Treat a champion leaving as an early warning and re-onboard the "
        "successor within two weeks.",
        "Follow the departed champion to their new company: a warm lead for {product}.",
    ),
    ChurnCategory.PRICE_BUDGET: (
        "Put a quantified ROI figure in front of the budget holder at every "
        "QBR, long before renewal.",
        "Open the renewal 90 days out, while budgets are still being set.",
        "Offer to right-size seats or the plan before they cancel: "
        "contraction beats churn.",
    ),
    ChurnCategory.COMPETITOR: (
        "Treat any competitor mention as an early warning; {csm} reaches out "
        "within the week.",
        "Keep a one-page comparison with the competitors your customers name, "
        "built on outcomes {product} has delivered.",
        "Deepen the value that makes switching costly: integrations with "
        "{integrations} and workflows beyond {first_feature}.",
    ),
    ChurnCategory.BUSINESS_CHANGE: (
        "Ask about reorganisations, acquisitions and budget cycles in the "
        "15-minute priorities slot of every QBR.",
        "When a customer is acquired, meet the acquirer's team with the ROI "
        "figure before they consolidate tools.",
        "Tag this churn separately so it does not hide the churn you can prevent.",
    ),
    ChurnCategory.LOW_ADOPTION: (
        "Review feature adoption at day 45 and day 75 and run a short session "
        "on each under-used feature of {features}.",
        "Alert {csm} when usage drops more than 30 % against the previous period.",
        "Set adoption goals with whoever manages the {persona}, not only the admin.",
    ),
    ChurnCategory.SUPPORT_EXPERIENCE: (
        "Track ticket volume and sentiment per account: support load is part "
        "of the health score.",
        "{csm} personally closes the loop on every angry ticket within a day.",
        "Agree response-time targets with support and report them in the QBR.",
    ),
}
UNCATEGORISED: tuple[str, ...] = (
    "Ask the last customers who left for this reason what would have kept "
    "them, and keep their words.",
    "Decide which of the eight churn categories it belongs to, so it is "
    "counted and acted on with the rest.",
)


def build_churn_playbook(context: PlaybookContext) -> ChurnPlaybook:
    """Return the tiers, early warnings and counter-measures per churn reason."""
    voice = voice_for(context)
    reasons = context.profile.company.churn_reasons
    return ChurnPlaybook(
        summary=_summary(voice, reasons),
        tiers=[_tier(tier, voice) for tier in TIERS],
        early_warnings=[
            EarlyWarningSpec(signal=s, threshold=t, response=voice.fill(r))
            for s, t, r in EARLY_WARNINGS
        ],
        reasons=[_reason(reason, voice) for reason in reasons],
        rules=_rules(),
    )


def _tier(tier: Tier, voice: Voice) -> ChurnTierPlay:
    return ChurnTierPlay(
        tier=tier.tier,
        score_range=tier.score_range,
        response=tier.response,
        owner=_tier_owner(tier, voice),
        response_time=tier.response_time,
        actions=[voice.fill(action) for action in TIER_ACTIONS[tier.tier]],
    )


def _tier_owner(tier: Tier, voice: Voice) -> str:
    owners = voice.owners
    if tier.tier < 3:
        return owners.csm
    if voice.founder_led:
        return "the founder, as executive sponsor"
    return f"{owners.lead} with {owners.executive} as executive sponsor"


def _reason(reason: ChurnReason, voice: Voice) -> ChurnReasonPlay:
    templates = COUNTER_MEASURES[reason.category] if reason.category else UNCATEGORISED
    return ChurnReasonPlay(
        reason=reason.text,
        category=reason.category,
        counter_measures=[voice.fill(t) for t in templates],
    )


def _rules() -> list[str]:
    return [
        "The tier is read from the reported health score: Tier 1 60–79.9, "
        "Tier 2 40–59.9, Tier 3 below 40.",
        "A healthy account (80 or more) with any early warning is watched at "
        "Tier 1 at least; so is an account with a warning but no score.",
        "Every warning is reported with its evidence, for example the usage "
        "before and after or the number of missed meetings.",
    ]


def _summary(voice: Voice, reasons: list[ChurnReason]) -> str:
    return f"{_reasons_reading(reasons)} {_team_reading(voice)}"


def _reasons_reading(reasons: list[ChurnReason]) -> str:
    if not reasons:
        return (
            "You named no churn reasons: record one for every lost account, "
            "in the customer's words and with one of the eight categories."
        )
    categories = sorted({r.category.label for r in reasons if r.category})
    named = join_words(categories) if categories else "no known category"
    return (
        f"You named {plural(len(reasons), 'churn reason')} ({named}); each has "
        "its counter-measures below, in your words."
    )


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return (
            "With no customers yet there is nothing to churn: switch the early "
            "warnings on with the first account, long before its first renewal."
        )
    if voice.founder_led:
        return (
            "The founder is both CSM and executive sponsor: Tier 3 means the "
            "founder calls the customer's executive the same day."
        )
    if voice.scaled:
        return (
            "CSMs run Tiers 1 and 2; Tier 3 goes to the team lead and the VP of "
            "Customer Success, and CS operations reviews the tier lists weekly."
        )
    if voice.team_size == 1:
        return (
            "Your CS lead runs every tier, with the CEO as executive sponsor at Tier 3."
        )
    return voice.fill(
        "{csm} runs Tiers 1 and 2; {lead} takes Tier 3 with the CEO as "
        "executive sponsor."
    )
