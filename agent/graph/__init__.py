"""The consultant as a LangGraph state machine: interview, build, revise."""

from agent.graph.builder import build_graph
from agent.graph.state import GraphContext, PlaybookState

__all__ = ["GraphContext", "PlaybookState", "build_graph"]
