"""The join: the seven deliverables, the dashboard and the meta, as one bundle."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.runtime import Runtime

from agent.bundle import NodeReport, PlaybookBundle
from agent.engine import assemble_bundle
from agent.graph.deliverables import context_from_state, tailor_for
from agent.graph.state import GraphContext, PlaybookState

logger = logging.getLogger(__name__)

REVISION_HINT = (
    "If anything changes, tell me and I'll rebuild only what it touches, "
    "e.g. 'we're hiring two CSMs' or 'our ACV is actually 40k'. Say 'done' to finish."
)


def assemble(state: PlaybookState, runtime: Runtime[GraphContext]) -> dict[str, Any]:
    """Assemble the bundle and, in a chat, summarise it."""
    context = context_from_state(state)
    reports = {
        name: NodeReport.model_validate(report)
        for name, report in (state.get("reports") or {}).items()
    }
    tailor = tailor_for(runtime)
    model = (
        tailor.settings.describe() if tailor.settings.model_configured else "offline"
    )
    bundle = assemble_bundle(
        context,
        state.get("deliverables") or {},
        model=model,
        reports=reports,
        warnings=fallback_warnings(reports),
    )
    logger.info("assembled playbook for %s", context.profile.company_name)
    update: dict[str, Any] = {"bundle": bundle.model_dump(mode="json"), "pending": []}
    if state.get("interactive"):
        summary = playbook_summary(bundle)
        notice = state.get("notice")
        text = f"{notice}\n\n{summary}" if notice else summary
        update["notice"] = text
        update["messages"] = [{"role": "assistant", "content": text}]
    return update


def after_assemble(state: PlaybookState) -> str:
    return "revise" if state.get("interactive") else "__end__"


def fallback_warnings(reports: dict[str, NodeReport]) -> list[str]:
    """Say, per node, why the model's words were replaced by the templates'."""
    return [
        f"{name}: the model's text was replaced by the deterministic text "
        f"({report.fallback_reason})"
        for name, report in reports.items()
        if report.fallback_reason
    ]


def playbook_summary(bundle: PlaybookBundle) -> str:
    """A few lines a head of CS reads in the chat before opening the tabs."""
    capacity = bundle.capacity_plan
    company = bundle.profile.company
    lines = [
        f"Your playbook for {bundle.profile.company_name} is ready: eight "
        "deliverables, every figure computed by the calculators.",
        f"- Capacity: {capacity.total_csms_lean} to {capacity.total_csms_rich} "
        f"CSMs needed against {company.cs_team_size} today "
        f"(hiring gap {capacity.hiring_gap_lean} to {capacity.hiring_gap_rich}).",
        f"- QBR: {_qbr_line(bundle)}",
        f"- Health model: {len(bundle.health_model.dimensions)} dimensions, "
        "bands healthy / monitor / at-risk / critical.",
    ]
    if bundle.meta.warnings:
        lines.append(f"- {len(bundle.meta.warnings)} warning(s) to read in the bundle.")
    if bundle.meta.model == "offline":
        lines.append("- No language model was used; the words come from templates.")
    lines.extend(["", REVISION_HINT])
    return "\n".join(lines)


def _qbr_line(bundle: PlaybookBundle) -> str:
    roi = bundle.qbr.roi
    if roi.ready and roi.roi_pct is not None:
        return f"ready to present, ROI {roi.roi_pct:g} %."
    return "not ready to present until the ROI inputs are gathered."
