"""Deliverable 7: the CSM capacity plan with its reading and recommendations.

Every headcount comes from calculators/capacity.py; this module only words
it. The $2M-ARR-per-CSM figure is an outside guidepost, never the plan.
"""

from __future__ import annotations

from agent.bundle import CapacityDeliverable
from agent.calculators.capacity import CapacityPlan, SegmentCapacity
from agent.calculators.segments import RULES_BY_SEGMENT
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, format_money, join_words, plural, voice_for
from agent.domain import Stage

# Who to hire changes with the company's stage more than with its size.
_STAGE_ADVICE = {
    Stage.SEED: (
        "At seed, hire a generalist who can onboard, support and renew; "
        "specialise later."
    ),
    Stage.SERIES_A: (
        "At Series A, hire CSMs who also run onboarding; add an onboarding "
        "specialist once new customers arrive every week."
    ),
    Stage.GROWTH: (
        "At growth stage, split onboarding from ongoing CSM work so that new "
        "customers do not starve existing accounts of attention."
    ),
    Stage.SCALE: (
        "At scale, give each segment its own playbook and leader, with "
        "dedicated onboarding and renewals where the volume justifies them."
    ),
}
_SEGMENT_ADVICE = {
    "enterprise": "named CSMs, monthly QBRs and an executive sponsor each",
    "mid_market": "named CSMs with quarterly QBRs",
    "smb": "a pooled team of CSMs behind tech-touch journeys, QBRs twice a year",
    "self_serve": "automated onboarding, in-product guidance and email; no named CSM",
}


def build_capacity(context: PlaybookContext) -> CapacityDeliverable:
    """Return the capacity plan with a summary and hiring recommendations."""
    voice = voice_for(context)
    plan = context.capacity
    return CapacityDeliverable(
        **plan.model_dump(),
        summary=_summary(plan, voice),
        recommendations=_recommendations(plan, voice),
    )


def _summary(plan: CapacityPlan, voice: Voice) -> str:
    team = _team(plan.current_team)
    if voice.pre_revenue:
        return f"No accounts yet, so the coverage model needs no CSMs today. {team}"
    accounts = sum(s.accounts for s in plan.segments)
    mix = join_words(
        [f"{s.accounts} {s.segment.label}" for s in plan.segments if s.accounts]
    )
    need = (
        f"{plural(accounts, 'account')} ({mix}) need "
        f"{_headcount(plan.total_csms_lean, plan.total_csms_rich)}."
    )
    return f"{need} {team} {_gap_reading(plan)}"


def _team(current: int) -> str:
    if current == 0:
        return "You have no CSMs yet: the founder carries customer success."
    return f"You have {plural(current, 'CSM')}."


def _headcount(lean: int, rich: int) -> str:
    if rich == 0:
        return "no named CSMs (self-serve is served digitally)"
    if lean == rich:
        return f"{plural(lean, 'CSM')} at lean and rich coverage alike"
    return f"{lean} to {rich} CSMs, from lean to rich coverage"


def _gap_reading(plan: CapacityPlan) -> str:
    if plan.hiring_gap_lean > 0:
        return (
            f"Hiring gap: {plan.hiring_gap_lean} for lean coverage, "
            f"{plan.hiring_gap_rich} for rich."
        )
    if plan.hiring_gap_rich > 0:
        return (
            f"The team covers the lean plan; {plan.hiring_gap_rich} more would "
            "give rich coverage."
        )
    if plan.surplus_lean > 0:
        return (
            f"The team is {plan.surplus_lean} larger than even rich coverage "
            "needs: capacity for onboarding, programmes or new segments."
        )
    return "The team sits within the lean-to-rich range: no hiring gap."


def _recommendations(plan: CapacityPlan, voice: Voice) -> list[str]:
    advice = [_hiring(plan, voice)]
    advice += [_segment_line(s) for s in plan.segments if s.accounts]
    if structure := _structure(voice):
        advice.append(structure)
    if not voice.pre_revenue:
        advice.append(_STAGE_ADVICE[voice.stage])
    advice.append(_guidepost(plan, voice))
    return advice


def _hiring(plan: CapacityPlan, voice: Voice) -> str:
    if voice.founder_led and voice.pre_revenue:
        return (
            "Stay founder-led until the first customers are live: the "
            f"founder's own calls are the best research on {voice.product}. "
            f"{_first_hire_trigger(voice)}"
        )
    if voice.founder_led and plan.hiring_gap_lean > 0:
        return (
            f"Make the first CS hire now ({plural(plan.hiring_gap_lean, 'CSM')} "
            "for lean coverage). Until they start, the founder covers the top accounts "
            "by ARR personally and moves the rest to tech-touch."
        )
    if plan.hiring_gap_lean > 0:
        return (
            f"Hire {plural(plan.hiring_gap_lean, 'CSM')} now to reach lean "
            f"coverage; budget for {plan.hiring_gap_rich} to reach rich coverage."
        )
    if plan.hiring_gap_rich > 0:
        return (
            "No hire is needed for lean coverage; add CSMs towards rich "
            "coverage as the number of accounts grows."
        )
    return "No hire is needed at today's account count; revisit every quarter."


def _first_hire_trigger(voice: Voice) -> str:
    segment = voice.primary_segment
    ratio = RULES_BY_SEGMENT[segment].accounts_per_csm if segment else None
    if segment is None or ratio is None:
        return (
            "Plan the first CS hire when customers take more than half of "
            "the founder's week."
        )
    return (
        f"Plan the first CS hire as you approach {ratio[1]} {segment.label} "
        "accounts, the load of one CSM at lean coverage."
    )


def _segment_line(capacity: SegmentCapacity) -> str:
    label = capacity.segment.label
    ratio = ""
    if capacity.accounts_per_csm_low is not None:
        ratio = (
            f", {capacity.accounts_per_csm_low}–{capacity.accounts_per_csm_high} "
            "accounts per CSM"
        )
    return (
        f"{label} ({plural(capacity.accounts, 'account')}{ratio}): "
        f"{_SEGMENT_ADVICE[capacity.segment.value]}."
    )


def _structure(voice: Voice) -> str | None:
    if voice.scaled:
        return (
            "Organise CSMs in segment pods, each with a team lead, and keep CS "
            "operations out of account coverage so the health model and the "
            "dashboard have a full-time owner."
        )
    if voice.founder_led or voice.team_size == 1:
        return None
    return (
        "Your CS lead keeps a small book of the largest accounts and spends "
        "the rest of the week on hiring, coaching and the playbook."
    )


def _guidepost(plan: CapacityPlan, voice: Voice) -> str:
    # The guidepost is quoted in US dollars whatever the profile's currency.
    guidepost = f"${plan.arr_per_csm_guidepost / 1e6:g}M"
    arr = format_money(plan.arr, voice.currency)
    check = (
        f"Cross-check against an outside guidepost, not a rule: about "
        f"{guidepost} of ARR per CSM is a common industry figure, so {arr} of "
        f"ARR would point to {plan.csms_by_arr_guidepost:g} CSMs"
    )
    if plan.arr == 0:
        return (
            f"Cross-check against an outside guidepost, not a rule: about "
            f"{guidepost} of ARR per CSM is a common industry figure; with no "
            "ARR yet it points to no CSMs."
        )
    return f"{check}. {_guidepost_reading(plan)}"


def _guidepost_reading(plan: CapacityPlan) -> str:
    by_arr = plan.csms_by_arr_guidepost
    if plan.total_csms_rich == 0:
        return (
            "Your accounts need no named CSMs under the coverage model; the "
            "guidepost only applies to accounts a CSM owns."
        )
    if by_arr < plan.total_csms_lean:
        return (
            "Your accounts carry less ARR each than the guidepost assumes, so "
            "account load, not revenue, sets your headcount."
        )
    if by_arr > plan.total_csms_rich:
        return (
            "Your accounts carry more ARR each than the guidepost assumes: "
            "ARR per CSM will sit above it; check that coverage matches the "
            "revenue at stake."
        )
    return "It agrees with the coverage model, which remains the plan."
