"""Deliverable 1: the customer lifecycle map, six fixed stages in order."""

from __future__ import annotations

from dataclasses import dataclass

from agent.bundle import Lifecycle, LifecycleStage
from agent.calculators.segments import RULES_BY_SEGMENT
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, fill, voice_for
from agent.domain import Segment


@dataclass(frozen=True)
class StageRule:
    """A lifecycle stage as the domain fixes it, plus its tailoring templates."""

    name: str
    window: str
    owner: str
    key_metric: str
    role: str  # which of the team's owners does the work
    goal: str
    actions: tuple[str, ...]
    exit_criteria: str


# Name, window, owner and key metric are fixed by the lifecycle model;
# goals, actions and exit criteria are templates filled from the profile.
STAGES: tuple[StageRule, ...] = (
    StageRule(
        "Onboarding",
        "days 0–30",
        "CS lead",
        "time to first value (TTFV)",
        "lead",
        "Every new customer reaches first value in {product} within {ttfv} days.",
        (
            "Hold the kickoff within two business days of signature",
            "{setup_step} in week 1",
            "Agree three success outcomes with the customer's sponsor",
            "Train the {persona} on {features}",
        ),
        "First value milestone reached and baseline metrics recorded.",
    ),
    StageRule(
        "Adoption",
        "days 30–90",
        "CSM",
        "feature adoption %",
        "csm",
        "Move the {persona} from a first win to weekly use of {features}.",
        (
            "Review feature adoption at day 45 and day 75",
            "Run a short session on each under-used feature",
            "Onboard new {persona} as they join the customer",
        ),
        "Feature adoption at the agreed level and the account scored healthy.",
    ),
    StageRule(
        "Retention",
        "ongoing",
        "CSM",
        "health score, NRR",
        "csm",
        "Keep every account healthy and catch risk early.",
        (
            "Score health every month and act on the churn tier it gives",
            "Watch the early warnings: usage drop, champion left, competitor "
            "mentioned, missed meetings",
            "Hold QBRs at the segment's cadence, always with an ROI figure",
        ),
        "Ongoing: the account stays in the healthy or monitor band.",
    ),
    StageRule(
        "Expansion",
        "when a trigger fires",
        "CSM with account executive",
        "expansion MRR",
        "csm",
        "Grow accounts that already get value from {product}.",
        (
            "Run the play the trigger calls for (seats, features, new "
            "department, tier, multi-year)",
            "Agree the need with the customer, then {seller} closes the deal",
        ),
        "Expansion closed or the trigger recorded as not now, with a reason.",
    ),
    StageRule(
        "Renewal",
        "from 90 days before renewal date",
        "CSM",
        "renewal rate",
        "csm",
        "Renew on time with no surprises.",
        (
            "At 90 days out, confirm the decision-maker, budget and process",
            "Present the value delivered by {product} with a quantified ROI",
            "Offer a multi-year term to healthy accounts",
        ),
        "Contract renewed, or the loss recorded with its churn category.",
    ),
    StageRule(
        "Advocacy",
        "after renewal",
        "CS lead",
        "NPS, referrals",
        "lead",
        "Turn renewed customers into references for {product}.",
        (
            "Send the NPS survey after renewal",
            "Ask promoters (9–10) for a reference call, case study or review",
            "Ask the champion for a referral to a peer or another department",
        ),
        "A reference, referral or case study agreed, or the NPS followed up.",
    ),
)


def build_lifecycle(context: PlaybookContext) -> Lifecycle:
    """Return the six-stage lifecycle map tailored to the profile."""
    voice = voice_for(context)
    words = _words(voice, context)
    return Lifecycle(
        summary=_summary(voice),
        stages=[_stage(rule, voice, words) for rule in STAGES],
    )


def _stage(rule: StageRule, voice: Voice, words: dict[str, str]) -> LifecycleStage:
    return LifecycleStage(
        name=rule.name,
        window=rule.window,
        owner=rule.owner,
        key_metric=rule.key_metric,
        assigned_to=_assignee(rule, voice),
        goal=fill(rule.goal, words),
        actions=[fill(action, words) for action in rule.actions],
        exit_criteria=fill(rule.exit_criteria, words),
    )


def _assignee(rule: StageRule, voice: Voice) -> str:
    owners = voice.owners
    person = {"lead": owners.lead, "csm": owners.csm}[rule.role]
    if rule.name == "Expansion" and not voice.founder_led:
        return f"{person} with {voice.owners.seller}"
    return person


def _words(voice: Voice, context: PlaybookContext) -> dict[str, str]:
    segment = context.primary_segment or Segment.SMB
    words = voice.words()
    words["ttfv"] = str(RULES_BY_SEGMENT[segment].ttfv_target_days)
    return words


def _summary(voice: Voice) -> str:
    opening = (
        f"Six stages every customer of {voice.product_intro} moves through, "
        "each with one owner and one metric."
    )
    return f"{opening} {_team_reading(voice)}"


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return (
            "You have no customers yet: walk your first customers through "
            "these stages by hand and write down what each one needed."
        )
    if voice.founder_led:
        return (
            "With no CS team yet, the founder holds every CS lead and CSM "
            "role below; the map shows what the first CS hire takes over."
        )
    if voice.scaled:
        return (
            "CS lead means the segment team leads; CSM means the named CSM; "
            "CS operations keeps the data behind every key metric."
        )
    if voice.team_size == 1:
        return (
            "With one person in CS, your CS lead holds every role below; "
            "the map shows which work to hand to the second hire."
        )
    return (
        f"With a team of {voice.team_size}, your CS lead owns onboarding and "
        "advocacy; the account's CSM owns the stages in between."
    )
