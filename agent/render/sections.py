"""The eight deliverable sections of the Markdown playbook, one function each."""

from __future__ import annotations

from agent.bundle import (
    CapacityDeliverable,
    ChurnReasonPlay,
    HealthBandSpec,
    OnboardingPhase,
    PlaybookBundle,
    QbrRoi,
)
from agent.deliverables.voice import format_money, format_pct, plural
from agent.render.markup import (
    bullets,
    labelled,
    labelled_bullets,
    numbered,
    paragraph,
    quoted,
    table,
)


def lifecycle_section(bundle: PlaybookBundle) -> list[str]:
    """Return the lifecycle map: one table, then each stage's actions."""
    lifecycle = bundle.lifecycle
    lines = paragraph(lifecycle.summary)
    lines += table(
        ("Stage", "Window", "Owner", "In your team", "Key metric"),
        (
            (s.name, s.window, s.owner, s.assigned_to or s.owner, s.key_metric)
            for s in lifecycle.stages
        ),
    )
    for stage in lifecycle.stages:
        lines += [f"### {stage.name}", ""]
        lines += labelled("Goal:", stage.goal)
        lines += bullets(stage.actions)
        lines += labelled("Done when:", stage.exit_criteria)
    return lines


def health_section(bundle: PlaybookBundle) -> list[str]:
    """Return the health model: dimensions, bands and the scoring rules."""
    health = bundle.health_model
    lines = paragraph(health.summary)
    lines += table(
        ("Dimension", "Weight", "Raw signal", "Normaliser"),
        (
            (d.label, f"{d.weight:g} %", "; ".join(d.signals), "; ".join(d.normalisers))
            for d in health.dimensions
        ),
    )
    total = sum(d.weight for d in health.dimensions)
    lines += paragraph(f"Weights total {total:g} %.")
    lines += labelled_bullets((d.label, d.rationale) for d in health.dimensions)
    lines += table(
        ("Band", "Score", "What it means"),
        ((b.name.replace("_", "-"), _band_range(b), b.meaning) for b in health.bands),
    )
    return [*lines, "### Scoring rules", "", *bullets(health.rules)]


def _band_range(band: HealthBandSpec) -> str:
    if band.max is None:
        return f"{band.min:g} and above"
    return f"{band.min:g} to under {band.max:g}"


def onboarding_section(bundle: PlaybookBundle) -> list[str]:
    """Return the onboarding checklist with TTFV targets and three phases."""
    onboarding = bundle.onboarding
    lines = paragraph(onboarding.summary)
    lines += labelled("First value milestone:", onboarding.first_value_milestone)
    lines += table(
        ("Segment", "Time to first value target"),
        (
            (segment.label, f"under {days} days")
            for segment, days in onboarding.ttfv_target_days.items()
        ),
    )
    for phase in onboarding.phases:
        lines += _phase(phase)
    return lines


def _phase(phase: OnboardingPhase) -> list[str]:
    lines = [f"### {phase.name} ({phase.weeks})", ""]
    lines += labelled("Goal:", phase.goal)
    return lines + table(
        ("Task", "Owner", "How"), ((t.task, t.owner, t.detail) for t in phase.tasks)
    )


def qbr_section(bundle: PlaybookBundle) -> list[str]:
    """Return the QBR template: ROI status, agenda, preparation and cadence."""
    qbr = bundle.qbr
    lines = paragraph(qbr.summary)
    lines += _roi(qbr.roi, bundle.profile.company.currency)
    rows = [
        (str(n), item.topic, str(item.minutes), item.content)
        for n, item in enumerate(qbr.agenda, 1)
    ]
    rows.append(("", "Total", str(qbr.total_minutes), ""))
    lines += ["### Agenda", "", *table(("#", "Topic", "Minutes", "Content"), rows)]
    lines += ["### Preparation checklist", "", *numbered(qbr.preparation_checklist)]
    lines += ["### Cadence by segment", ""]
    return lines + table(
        ("Segment", "QBR cadence"),
        ((s.label, cadence) for s, cadence in qbr.cadence_by_segment.items()),
    )


def _roi(roi: QbrRoi, currency: str) -> list[str]:
    if roi.ready and roi.roi_pct is not None:
        value = format_money(roi.value_delivered or 0.0, currency)
        cost = format_money(roi.annual_cost or 0.0, currency)
        return labelled(
            "ROI figure:",
            f"{format_pct(roi.roi_pct)} = ({value} − {cost}) / {cost} × 100, "
            "value delivered less annual cost, over annual cost.",
        )
    lines = labelled("ROI figure missing.", "Gather these before the QBR:")
    return lines + bullets(roi.missing_inputs) + paragraph(f"{roi.formula}.")


def churn_section(bundle: PlaybookBundle) -> list[str]:
    """Return the churn playbook: tiers, early warnings and reasons."""
    churn = bundle.churn_playbook
    lines = paragraph(churn.summary)
    lines += table(
        ("Tier", "Health score", "Response", "Owner", "Respond within"),
        (
            (f"Tier {t.tier}", t.score_range, t.response, t.owner, t.response_time)
            for t in churn.tiers
        ),
    )
    for tier in churn.tiers:
        lines += [f"### Tier {tier.tier} actions", "", *bullets(tier.actions)]
    lines += ["### Early warnings", ""]
    lines += table(
        ("Signal", "Fires when", "First response"),
        ((w.signal, w.threshold, w.response) for w in churn.early_warnings),
    )
    lines += bullets(churn.rules)
    lines += ["### Your churn reasons", ""]
    for reason in churn.reasons:
        lines += _reason(reason)
    return lines


def _reason(reason: ChurnReasonPlay) -> list[str]:
    category = reason.category.label if reason.category else "no category yet"
    return quoted(reason.reason, f"({category})") + bullets(reason.counter_measures)


def expansion_section(bundle: PlaybookBundle) -> list[str]:
    """Return expansion targets, signals, plays and talk tracks."""
    expansion = bundle.expansion
    share_low, share_high = expansion.targets.csm_sourced_share_of_new_arr_pct
    nrr_low, nrr_high = expansion.targets.nrr_target_pct
    lines = paragraph(expansion.summary)
    lines += labelled_bullets(
        (
            ("CSM-sourced expansion", f"{share_low:g}–{share_high:g} % of new ARR"),
            ("NRR", f"{nrr_low:g}–{nrr_high:g} %"),
        )
    )
    lines += ["### Signals", ""]
    lines += table(
        ("Signal", "Threshold", "What it tells you"),
        (
            (s.id.replace("_", " "), s.threshold, s.description)
            for s in expansion.signals
        ),
    )
    lines += ["### Plays", ""]
    lines += table(
        ("Play", "Trigger", "Approach"),
        ((p.name, p.trigger, p.approach) for p in expansion.plays),
    )
    return lines + labelled_bullets((p.name, p.talk_track) for p in expansion.plays)


CAPACITY_HEADERS = (
    "Segment",
    "Accounts",
    "Accounts per CSM",
    "Touch",
    "CSMs lean",
    "CSMs rich",
)


def capacity_section(bundle: PlaybookBundle) -> list[str]:
    """Return the capacity plan: headcount by segment, totals and advice."""
    plan = bundle.capacity_plan
    lines = paragraph(plan.summary)
    lines += table(CAPACITY_HEADERS, _capacity_rows(plan))
    gap = f"{plan.hiring_gap_lean} lean, {plan.hiring_gap_rich} rich"
    lines += labelled_bullets(
        (("Current team", _current_team(plan.current_team)), ("Hiring gap", gap))
    )
    return [*lines, "### Recommendations", "", *bullets(plan.recommendations)]


def _capacity_rows(plan: CapacityDeliverable) -> list[tuple[str, ...]]:
    rows = [
        (
            s.segment.label,
            str(s.accounts),
            _ratio(s.accounts_per_csm_low, s.accounts_per_csm_high),
            s.touch,
            str(s.csms_lean),
            str(s.csms_rich),
        )
        for s in plan.segments
    ]
    accounts = str(sum(s.accounts for s in plan.segments))
    lean, rich = str(plan.total_csms_lean), str(plan.total_csms_rich)
    return [*rows, ("Total", accounts, "", "", lean, rich)]


def _current_team(size: int) -> str:
    return "no CSMs (founder-led CS)" if size == 0 else plural(size, "CSM")


def _ratio(low: int | None, high: int | None) -> str:
    if low is None or high is None:
        return "no named CSM"
    return f"{low}–{high}"


def metrics_section(bundle: PlaybookBundle) -> list[str]:
    """Return the dashboard specification, one row per metric."""
    dashboard = bundle.metrics_dashboard
    lines = paragraph(dashboard.summary)
    return lines + table(
        ("Metric", "Definition", "Data source", "Cadence", "Owner", "Target"),
        (
            (m.name, m.definition, m.data_source, m.cadence, m.owner, m.target)
            for m in dashboard.metrics
        ),
    )
