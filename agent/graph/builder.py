"""Wire the consultant graph: assessment, seven parallel deliverables, join."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agent.engine import DELIVERABLE_NODES
from agent.graph.assemble import after_assemble, assemble
from agent.graph.conversation import (
    after_assessment,
    after_revision,
    assessment,
    revise,
)
from agent.graph.deliverables import deliverable_node
from agent.graph.state import GraphContext, PlaybookState

NODE_NAMES = [node.name for node in DELIVERABLE_NODES]

Graph = CompiledStateGraph[PlaybookState, GraphContext, Any, Any]


def build_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> Graph:
    """Return the compiled consultant graph.

    assessment -> {lifecycle, scoring, onboarding, qbr, churn, expansion,
    capacity} in parallel -> assemble -> (in a chat) revise -> the nodes a
    change touches -> assemble ... The join is deferred so that it runs once
    after however many nodes a revision re-ran.
    """
    graph = StateGraph(PlaybookState, context_schema=GraphContext)
    graph.add_node("assessment", assessment)
    for node in DELIVERABLE_NODES:
        graph.add_node(node.name, deliverable_node(node))
        graph.add_edge(node.name, "assemble")
    graph.add_node("assemble", assemble, defer=True)
    graph.add_node("revise", revise)
    graph.add_edge(START, "assessment")
    graph.add_conditional_edges(
        "assessment", after_assessment, [*NODE_NAMES, "assessment"]
    )
    graph.add_conditional_edges("assemble", after_assemble, ["revise", END])
    graph.add_conditional_edges("revise", after_revision, [*NODE_NAMES, "revise", END])
    return graph.compile(checkpointer=checkpointer, name="cs-playbook")
