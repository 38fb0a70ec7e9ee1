"""Deliverable nodes: calculators first, then tailoring, then validation."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Protocol

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agent.bundle import NodeReport
from agent.calculators.health_model import HealthModel, parse_health_model
from agent.context import PlaybookContext, build_context
from agent.engine import DeliverableNode
from agent.graph.state import GraphContext, PlaybookState
from agent.profile import CompanyProfile
from agent.settings import load_settings
from agent.tailoring import Tailor

logger = logging.getLogger(__name__)


class Node(Protocol):
    """A graph node that reads the run-time context."""

    def __call__(
        self, state: PlaybookState, *, runtime: Runtime[GraphContext]
    ) -> dict[str, Any]: ...


@cache
def environment_tailor() -> Tailor:
    """Return a tailor configured from the environment, made once per process."""
    return Tailor(load_settings())


def tailor_for(runtime: Runtime[GraphContext] | None) -> Tailor:
    context = runtime.context if runtime is not None else None
    if context is not None and context.tailor is not None:
        return context.tailor
    return environment_tailor()


def context_from_state(state: PlaybookState) -> PlaybookContext:
    """Rebuild the calculators' shared figures from the checkpointed state."""
    profile = CompanyProfile.model_validate(state["profile"])
    return build_context(profile, health_model_from_state(state))


def health_model_from_state(state: PlaybookState) -> HealthModel | None:
    data = state.get("health_model")
    return None if data is None else parse_health_model(data, "health model")


def deliverable_node(node: DeliverableNode) -> Node:
    """Return the graph node that builds, tailors and checks one deliverable."""

    def run(state: PlaybookState, *, runtime: Runtime[GraphContext]) -> dict[str, Any]:
        progress = get_stream_writer()
        progress({"node": node.name, "event": "started"})
        context = context_from_state(state)
        deterministic = node.build(context)
        outcome = tailor_for(runtime).tailor(node.name, deterministic, context)
        report = NodeReport(
            used_model=outcome.used_model,
            fallback_reason=outcome.fallback_reason,
            prompt_version=outcome.prompt_version,
            tokens_in=outcome.tokens_in,
            tokens_out=outcome.tokens_out,
            latency_s=round(outcome.latency_s, 3),
        )
        event = "fell_back" if outcome.fallback_reason else "finished"
        progress({"node": node.name, "event": event, "reason": outcome.fallback_reason})
        return {
            "deliverables": {
                node.bundle_key: outcome.deliverable.model_dump(mode="json")
            },
            "baselines": {node.name: deterministic.model_dump(mode="json")},
            "reports": {node.name: report.model_dump(mode="json")},
        }

    run.__name__ = f"{node.name}_node"
    return run
