"""Deliverable 4: the QBR template, its preparation and the ROI it needs.

The agenda is fixed at 45 minutes in this order: results with ROI (10),
usage insights (10), roadmap (5), the customer's priorities (15), action
items (5). A QBR is never presented without a quantified ROI figure:

    ROI % = (value delivered - annual cost) / annual cost x 100
"""

from __future__ import annotations

from agent.bundle import Qbr, QbrAgendaItem, QbrRoi
from agent.calculators.metrics import qbr_roi_pct
from agent.calculators.segments import SEGMENT_RULES
from agent.context import PlaybookContext
from agent.deliverables.voice import Voice, format_money, format_pct, voice_for
from agent.profile import RoiInputs

ROI_FORMULA = "ROI % = (value delivered − annual cost) / annual cost × 100"

# Topic and minutes are fixed; the content line is filled from the profile.
AGENDA: tuple[tuple[str, int, str], ...] = (
    (
        "Results recap with ROI figures",
        10,
        "The three success outcomes against their baselines and the ROI of "
        "{product} for the period.",
    ),
    (
        "Usage insights and under-used features",
        10,
        "Active {persona} and feature adoption across {features}; one "
        "under-used feature and what it would add.",
    ),
    (
        "Roadmap preview",
        5,
        "Only the {product} roadmap items relevant to this customer.",
    ),
    (
        "The customer's priorities and business changes",
        15,
        "Their goals for next quarter, reorganisations, budget and new "
        "teams or use cases; listen more than talk.",
    ),
    (
        "Action items with owners and dates",
        5,
        "Each next step with one owner on each side and a date.",
    ),
)

VALUE_METHOD = (
    "the hours the {persona} saved with {features} (time per task before and "
    "after {product}, times tasks, times their loaded hourly cost), plus any "
    "revenue gained or cost avoided that the customer attributes to {product}; "
    "agree the method with the sponsor."
)

PREPARATION: tuple[str, ...] = (
    "Pull usage from {product}: active {persona}, DAU/MAU and which of "
    "{features} each team uses.",
    "Compute the ROI figure with the customer's own numbers; no figure, no QBR.",
    "Check the health score, its band and the dimension that costs the most.",
    "Review open tickets and their sentiment since the last review.",
    "Pick roadmap items that matter to this customer; leave the rest out.",
    "Ask the champion beforehand about their priorities and who should attend.",
    "Send the agenda and the results page two working days ahead.",
)


def build_qbr(context: PlaybookContext) -> Qbr:
    """Return the QBR template; it is ready only with a quantified ROI."""
    voice = voice_for(context)
    roi = _roi(context.profile.roi, voice)
    agenda = [
        QbrAgendaItem(topic=topic, minutes=minutes, content=voice.fill(content))
        for topic, minutes, content in AGENDA
    ]
    return Qbr(
        summary=_summary(voice, roi),
        total_minutes=sum(item.minutes for item in agenda),
        agenda=agenda,
        preparation_checklist=[voice.fill(step) for step in PREPARATION],
        roi=roi,
        cadence_by_segment={r.segment: r.qbr_cadence for r in SEGMENT_RULES},
    )


def _roi(inputs: RoiInputs | None, voice: Voice) -> QbrRoi:
    if inputs is None:
        return QbrRoi(
            ready=False,
            roi_pct=None,
            value_delivered=None,
            annual_cost=None,
            formula=ROI_FORMULA,
            missing_inputs=[_value_to_gather(voice), _cost_to_gather(voice)],
        )
    roi_pct = qbr_roi_pct(inputs.value_delivered, inputs.annual_cost)
    missing = [] if roi_pct is not None else [_zero_cost(voice)]
    return QbrRoi(
        ready=roi_pct is not None,
        roi_pct=roi_pct,
        value_delivered=inputs.value_delivered,
        annual_cost=inputs.annual_cost,
        formula=ROI_FORMULA,
        missing_inputs=missing,
    )


def _value_to_gather(voice: Voice) -> str:
    # The description is the user's text: it is added after the template is
    # filled, so braces in it can never act as placeholders.
    purpose = f" ({voice.purpose})" if voice.purpose else ""
    method = voice.fill(VALUE_METHOD)
    return f"Value delivered in the period by {voice.product}{purpose}: {method}"


def _cost_to_gather(voice: Voice) -> str:
    return voice.fill(
        "Annual cost: the customer's annual contract value for {product} "
        "(licences plus services), from the CRM or the signed order form."
    )


def _zero_cost(voice: Voice) -> str:
    return voice.fill(
        "Annual cost is 0, so no ROI can be computed: use the customer's "
        "annual contract value for {product}."
    )


def _summary(voice: Voice, roi: QbrRoi) -> str:
    return f"{_roi_reading(voice, roi)} {_team_reading(voice)}"


def _roi_reading(voice: Voice, roi: QbrRoi) -> str:
    if not roi.ready or roi.roi_pct is None:
        return (
            "Not ready to present: a QBR is never presented without a "
            "quantified ROI figure, and the inputs for one are missing; gather "
            "them first (listed below)."
        )
    value = format_money(roi.value_delivered or 0.0, voice.currency)
    cost = format_money(roi.annual_cost or 0.0, voice.currency)
    return (
        f"Ready to present: {value} of value delivered against an annual cost "
        f"of {cost} gives an ROI of {format_pct(roi.roi_pct)}."
    )


def _team_reading(voice: Voice) -> str:
    if voice.pre_revenue:
        return (
            "No QBRs are due yet; agree the success outcomes at each first "
            "customer's kickoff so the first QBR has its ROI inputs ready."
        )
    if voice.founder_led:
        return (
            "The founder runs QBRs for the top accounts by ARR only; every "
            "other account gets a short written review by email."
        )
    if voice.scaled:
        return (
            "Each CSM runs the QBRs for their accounts at the segment's "
            "cadence; CS operations tracks completion against the 85 % target."
        )
    if voice.team_size == 1:
        return (
            "Your CS lead runs each QBR at the segment's cadence, largest "
            "accounts first, and sends a written review to the rest."
        )
    return voice.fill(
        "{csm} runs each QBR at the segment's cadence, with {lead} joining "
        "for the largest accounts."
    )
