"""Deliverable 3: the 30-day onboarding checklist with TTFV targets."""

from __future__ import annotations

from dataclasses import dataclass

from agent.bundle import Onboarding, OnboardingPhase, OnboardingTask
from agent.calculators.segments import RULES_BY_SEGMENT, SEGMENT_RULES
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, fill, voice_for
from agent.domain import Segment


@dataclass(frozen=True)
class TaskRule:
    """A checklist item: who does it and a template for the detail."""

    task: str
    role: str  # lead, csm or setup (the CSM with the customer's admin)
    detail: str


@dataclass(frozen=True)
class PhaseRule:
    """A phase of onboarding as the playbook fixes it."""

    name: str
    weeks: str
    goal: str
    tasks: tuple[TaskRule, ...]


PHASES: tuple[PhaseRule, ...] = (
    PhaseRule(
        "Foundation",
        "week 1",
        "{product} is set up and three success outcomes are agreed.",
        (
            TaskRule(
                "Kickoff",
                "lead",
                "Meet the sponsor and the first {persona} within two business "
                "days of signature; confirm goals, timeline and who does what.",
            ),
            TaskRule(
                "Technical setup",
                "setup",
                "{setup_step}, then test it end to end with the customer's real "
                "data before week 2.",
            ),
            TaskRule(
                "Admin training",
                "csm",
                "Show the customer's admin how to manage users, permissions "
                "and settings in {product}.",
            ),
            TaskRule(
                "Agree three success outcomes",
                "lead",
                "Write down three measurable outcomes with the sponsor, each "
                "with a baseline and a date; they become the QBR's ROI figures.",
            ),
        ),
    ),
    PhaseRule(
        "Activation",
        "weeks 2–3",
        "The {persona} do real work in {product} and see a first quick win.",
        (
            TaskRule(
                "User training",
                "csm",
                "Train the {persona} on {features}, on their own data, in "
                "sessions of under an hour.",
            ),
            TaskRule(
                "Workflow configuration",
                "csm",
                "Configure {first_feature} to match how the customer works "
                "today, so that {product} replaces a step rather than adding one.",
            ),
            TaskRule(
                "First quick win",
                "csm",
                "Get one real result from {first_feature} in front of the "
                "sponsor and record the day: it is the customer's first value.",
            ),
        ),
    ),
    PhaseRule(
        "Handoff",
        "week 4",
        "Onboarding closes with a baseline and an agreed cadence.",
        (
            TaskRule(
                "Retrospective",
                "lead",
                "Review with the customer what went well and what slowed them "
                "down; fold the lessons into this checklist.",
            ),
            TaskRule(
                "Record baseline metrics",
                "csm",
                "Record the starting point of each success outcome, the active "
                "{persona} and feature adoption; the health score starts here.",
            ),
            TaskRule(
                "Agree the ongoing cadence",
                "csm",
                "Agree check-ins and the QBR rhythm ({cadence}) with the sponsor.",
            ),
        ),
    ),
)


def build_onboarding(context: PlaybookContext) -> Onboarding:
    """Return the onboarding checklist tailored to the product and the team."""
    voice = voice_for(context)
    words = _words(voice)
    return Onboarding(
        summary=_summary(voice, context),
        first_value_milestone=_first_value(voice),
        ttfv_target_days={r.segment: r.ttfv_target_days for r in SEGMENT_RULES},
        phases=[_phase(rule, voice, words) for rule in PHASES],
    )


def _phase(rule: PhaseRule, voice: Voice, words: dict[str, str]) -> OnboardingPhase:
    return OnboardingPhase(
        name=rule.name,
        weeks=rule.weeks,
        goal=fill(rule.goal, words),
        tasks=[
            OnboardingTask(
                task=task.task,
                owner=_owner(task.role, voice),
                detail=fill(task.detail, words),
            )
            for task in rule.tasks
        ],
    )


def _owner(role: str, voice: Voice) -> str:
    owners = voice.owners
    if role == "lead":
        return owners.lead
    if role == "setup":
        return f"{owners.csm} with the customer's admin"
    return owners.csm


def _words(voice: Voice) -> dict[str, str]:
    words = voice.words()
    segment = voice.primary_segment or Segment.MID_MARKET
    words["cadence"] = _cadence(segment)
    return words


def _cadence(segment: Segment) -> str:
    cadence = RULES_BY_SEGMENT[segment].qbr_cadence
    if cadence == "none":
        return "no QBRs for self-serve accounts; a yearly email review instead"
    return f"{cadence} for {segment.label} accounts"


def _first_value(voice: Voice) -> str:
    milestone = (
        f"The {voice.persona} complete their first real piece of work with "
        f"{voice.first_feature} in {voice.product}, on the customer's own data"
    )
    if voice.integrations:
        return f"{milestone}, with data flowing from {voice.integrations_text}."
    return f"{milestone}."


def _summary(voice: Voice, context: PlaybookContext) -> str:
    segment = voice.primary_segment
    if segment is None:
        target = "Targets by segment: first value within the days below."
    else:
        days = RULES_BY_SEGMENT[segment].ttfv_target_days
        target = (
            f"Target for your {segment.label} customers: first value within "
            f"{days} days."
        )
    parts = [f"Thirty days in three phases for every new {voice.product} customer."]
    parts += [target, _team_reading(voice)]
    if Segment.SELF_SERVE in context.segments_present:
        parts.append(
            "Self-serve accounts go through the same steps in the product "
            "(guided setup, emails, in-app checklists) without a named CSM."
        )
    return " ".join(parts)


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return (
            "You have no customers yet: run this with the first ones and time "
            "each step, since their TTFV becomes your baseline."
        )
    if voice.founder_led:
        return (
            "The founder runs the kickoff and the success-outcomes conversation "
            "in person; the rest is a checklist the first CS hire takes over."
        )
    if voice.scaled:
        return (
            "The CS team lead owns this checklist; CS operations reports TTFV "
            "for every new cohort each week."
        )
    return voice.fill(
        "{lead} owns the checklist and reviews every account that passes its "
        "TTFV target without reaching first value."
    )
