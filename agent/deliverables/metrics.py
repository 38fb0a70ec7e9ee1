"""Deliverable 8: the metrics dashboard: definition, source, cadence, owner, target.

Definitions and targets are fixed; sources, cadences and owners are tailored
to the product and the team. Outside medians are shown as context only.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.bundle import MetricsDashboard, MetricSpec
from agent.calculators.segments import RULES_BY_SEGMENT
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, voice_for
from agent.domain import Segment


@dataclass(frozen=True)
class MetricRule:
    """A metric as the domain fixes it: name, definition and target."""

    id: str
    name: str
    definition: str
    target: str


def _ttfv_target() -> str:
    days = {s: RULES_BY_SEGMENT[s].ttfv_target_days for s in Segment}
    return (
        f"< {days[Segment.SMB]} d SMB, < {days[Segment.ENTERPRISE]} d Enterprise "
        f"(defaults: < {days[Segment.MID_MARKET]} d mid-market, "
        f"< {days[Segment.SELF_SERVE]} d self-serve)"
    )


METRICS: tuple[MetricRule, ...] = (
    MetricRule(
        "nrr",
        "Net revenue retention (NRR)",
        "(starting recurring revenue + expansion − contraction − churned) / "
        "starting, for customers present at the start",
        "> 110 %",
    ),
    MetricRule(
        "grr",
        "Gross revenue retention (GRR)",
        "(starting − contraction − churned) / starting; never above 100 %",
        "> 90 %",
    ),
    MetricRule(
        "ttfv",
        "Time to first value (TTFV)",
        "days from contract start to the first agreed value milestone (median)",
        _ttfv_target(),
    ),
    MetricRule(
        "health_coverage",
        "Health score coverage",
        "accounts with a score / active accounts",
        "100 %",
    ),
    MetricRule("qbr_completion", "QBR completion", "QBRs held / QBRs due", "> 85 %"),
    MetricRule(
        "nps",
        "Net Promoter Score (NPS)",
        "% promoters (9–10) − % detractors (0–6)",
        "> 50",
    ),
)

# SaaS Capital 2023, private B2B SaaS: median NRR and GRR by ACV, as
# (ACV below, band label, NRR %, GRR %). Outside context, never a target.
OUTSIDE_MEDIANS: tuple[tuple[float, str, int, int], ...] = (
    (12_000, "under $12K", 100, 90),
    (25_000, "$12–25K", 102, 90),
    (50_000, "$25–50K", 103, 92),
    (100_000, "$50–100K", 105, 93),
    (250_000, "$100–250K", 107, 93),
    (float("inf"), "over $250K", 110, 93),
)

_SOURCES: dict[str, str] = {
    "nrr": (
        "Billing system or CRM: recurring revenue per account at the start and "
        "end of the period, with expansion, contraction and churn tagged."
    ),
    "grr": "The same billing or CRM export as NRR; expansion is left out.",
    "health_coverage": (
        "{product} usage data (daily and monthly active {persona}, feature "
        "use), help-desk tickets, executive meetings from the calendar, NPS or "
        "CSAT answers and invoices, scored by the health model."
    ),
    "qbr_completion": (
        "Calendar or CRM activities: QBRs held against those due at each "
        "segment's cadence."
    ),
    "nps": "A survey of the {persona} and their sponsors, in {product} or by email.",
}


def build_metrics_dashboard(context: PlaybookContext) -> MetricsDashboard:
    """Return the six dashboard metrics tailored to the product and team."""
    voice = voice_for(context)
    return MetricsDashboard(
        summary=_summary(voice, context.profile.acv),
        metrics=[_metric(rule, voice) for rule in METRICS],
    )


def _metric(rule: MetricRule, voice: Voice) -> MetricSpec:
    return MetricSpec(
        id=rule.id,
        name=rule.name,
        definition=rule.definition,
        data_source=_source(rule.id, voice),
        cadence=_cadence(rule.id, voice),
        owner=_owner(rule.id, voice),
        target=rule.target,
    )


def _source(metric_id: str, voice: Voice) -> str:
    if metric_id != "ttfv":
        return voice.fill(_SOURCES[metric_id])
    source = (
        f"Contract start from the CRM; the first-value date is logged when the "
        f"{voice.persona} first complete real work with {voice.first_feature} "
        f"in {voice.product}"
    )
    if voice.integrations:
        return f"{source}, with data flowing from {voice.integrations_text}."
    return f"{source}."


def _cadence(metric_id: str, voice: Voice) -> str:
    if voice.founder_led:
        founder = {"ttfv": "for every new customer", "nps": "twice a year"}
        return founder.get(metric_id, "monthly")
    cadence = {
        "nrr": "monthly, trailing twelve months; reviewed each quarter",
        "grr": "monthly, trailing twelve months; reviewed each quarter",
        "ttfv": "weekly, for each cohort of new customers",
        "health_coverage": "weekly",
        "qbr_completion": "monthly",
        "nps": "quarterly" if voice.scaled else "twice a year",
    }
    return cadence[metric_id]


def _owner(metric_id: str, voice: Voice) -> str:
    if voice.scaled and metric_id in ("nrr", "grr"):
        return "the VP of Customer Success; CS operations builds the report"
    if voice.scaled:
        return "CS operations"
    return voice.owners.ops


def _summary(voice: Voice, acv: float | None) -> str:
    parts = [
        "Six metrics with fixed definitions and targets. New customers acquired "
        "during the period never count toward NRR or GRR; active accounts are "
        "those not churned in the period.",
        _team_reading(voice),
    ]
    # The outside medians are banded in US dollars; comparing another
    # currency's ACV against them would put the account in the wrong band.
    if acv is not None and voice.currency == "USD":
        parts.append(_outside_context(acv))
    return " ".join(parts)


def _outside_context(acv: float) -> str:
    band, nrr, grr = next(
        (label, nrr, grr) for upper, label, nrr, grr in OUTSIDE_MEDIANS if acv < upper
    )
    return (
        f"Outside context, not targets: SaaS Capital (2023) reports a median "
        f"NRR of {nrr} % and GRR of {grr} % for private B2B SaaS with ACV "
        f"{band}, and B2B SaaS NPS averages sit in the 30s."
    )


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return (
            "You have no customers yet: build the dashboard now so it shows "
            "its first readings as soon as the first accounts go live."
        )
    if voice.founder_led:
        return (
            "The founder keeps the dashboard in a spreadsheet and reviews it "
            "monthly with the leadership team."
        )
    if voice.scaled:
        return (
            "CS operations owns the dashboard and publishes it weekly; the VP "
            "of Customer Success reviews retention with finance each quarter."
        )
    return "Your CS lead owns the dashboard and reviews it with the CEO monthly."
