"""Build the playbook bundle from a profile, offline and deterministic.

The seven deliverables that the consultant graph tailors in parallel are
listed once in `DELIVERABLE_NODES`; the metrics dashboard is built when the
bundle is assembled, because it summarises the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from agent import __version__
from agent.bundle import Meta, NodeReport, PlaybookBundle
from agent.calculators.health_model import HealthModel
from agent.context import PlaybookContext, build_context
from agent.deliverables import (
    build_capacity,
    build_churn_playbook,
    build_expansion,
    build_health_model,
    build_lifecycle,
    build_metrics_dashboard,
    build_onboarding,
    build_qbr,
)
from agent.profile import CompanyProfile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliverableNode:
    """A deliverable the graph builds in its own node."""

    name: str
    bundle_key: str
    build: Callable[[PlaybookContext], BaseModel]


DELIVERABLE_NODES: tuple[DeliverableNode, ...] = (
    DeliverableNode("lifecycle", "lifecycle", build_lifecycle),
    DeliverableNode("scoring", "health_model", build_health_model),
    DeliverableNode("onboarding", "onboarding", build_onboarding),
    DeliverableNode("qbr", "qbr", build_qbr),
    DeliverableNode("churn", "churn_playbook", build_churn_playbook),
    DeliverableNode("expansion", "expansion", build_expansion),
    DeliverableNode("capacity", "capacity_plan", build_capacity),
)
NODES_BY_NAME = {node.name: node for node in DELIVERABLE_NODES}


def build_bundle(
    profile: CompanyProfile,
    *,
    health_model: HealthModel | None = None,
    generated_at: datetime | None = None,
) -> PlaybookBundle:
    """Return the eight deliverables for a company, with words from templates."""
    context = build_context(profile, health_model)
    logger.info("building playbook for %s", context.profile.company_name)
    deliverables = {node.bundle_key: node.build(context) for node in DELIVERABLE_NODES}
    return assemble_bundle(context, deliverables, generated_at=generated_at)


def assemble_bundle(
    context: PlaybookContext,
    deliverables: Mapping[str, BaseModel | dict[str, Any]],
    *,
    model: str = "offline",
    reports: Mapping[str, NodeReport] | None = None,
    warnings: list[str] | None = None,
    generated_at: datetime | None = None,
) -> PlaybookBundle:
    """Put the seven deliverables, the metrics dashboard and the meta together."""
    reports = dict(reports or {})
    meta = Meta(
        version=__version__,
        generated_at=(generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        model=model,
        warnings=[*context.warnings, *(warnings or [])],
        assumptions=context.assumptions,
        prompts={n: r.prompt_version for n, r in reports.items() if r.prompt_version},
        nodes=reports,
    )
    if model != "offline":
        meta.tailoring = (
            f"words tailored by {model}; every figure checked against the calculators"
        )
    return PlaybookBundle.model_validate(
        {
            "profile": context.profile,
            **deliverables,
            "metrics_dashboard": build_metrics_dashboard(context),
            "meta": meta,
        }
    )
