"""Build the complete playbook bundle from a profile, offline and deterministic."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from agent import __version__
from agent.bundle import Meta, PlaybookBundle
from agent.calculators.health_model import HealthModel
from agent.context import build_context
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


def build_bundle(
    profile: CompanyProfile,
    *,
    health_model: HealthModel | None = None,
    generated_at: datetime | None = None,
) -> PlaybookBundle:
    """Return the eight deliverables for a company, with words from templates."""
    context = build_context(profile, health_model)
    logger.info("building playbook for %s", context.profile.company_name)
    return PlaybookBundle(
        profile=profile,
        lifecycle=build_lifecycle(context),
        health_model=build_health_model(context),
        onboarding=build_onboarding(context),
        qbr=build_qbr(context),
        churn_playbook=build_churn_playbook(context),
        expansion=build_expansion(context),
        capacity_plan=build_capacity(context),
        metrics_dashboard=build_metrics_dashboard(context),
        meta=Meta(
            version=__version__,
            generated_at=(generated_at or datetime.now(UTC)).isoformat(
                timespec="seconds"
            ),
            warnings=context.warnings,
            assumptions=context.assumptions,
        ),
    )
