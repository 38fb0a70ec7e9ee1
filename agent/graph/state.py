"""The graph's state and run-time context.

State is kept JSON-able (profiles and deliverables as dumped dicts) so a
checkpoint written by one process reads back in another without custom
serialisers.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Annotated, Any, TypedDict

from agent.tailoring import Tailor


def merge(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Merge parallel branches' updates key by key; later writes win."""
    return {**(left or {}), **(right or {})}


class ChatMessage(TypedDict):
    """One line of the conversation."""

    role: str
    content: str


class PlaybookState(TypedDict, total=False):
    """Everything a consultation carries from one step to the next."""

    interactive: bool
    opening: str
    draft: dict[str, Any]
    profile: dict[str, Any]
    health_model: dict[str, Any] | None
    pending: list[str]
    deliverables: Annotated[dict[str, Any], merge]
    baselines: Annotated[dict[str, Any], merge]
    reports: Annotated[dict[str, Any], merge]
    bundle: dict[str, Any] | None
    messages: Annotated[list[ChatMessage], operator.add]
    notice: str
    finished: bool


@dataclass
class GraphContext:
    """Run-time settings the nodes read; not checkpointed.

    Without a tailor the nodes use one built from the environment's settings,
    so LangGraph's own dev server can run the graph with no context at all.
    """

    tailor: Tailor | None = None
