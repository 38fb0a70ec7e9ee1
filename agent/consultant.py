"""The Python API: build a playbook in one call, or hold a consultation by chat.

from agent.consultant import Consultant, build_playbook

bundle = build_playbook(profile)              # profile in, bundle out

with Consultant() as consultant:              # a chat, checkpointed
    turn = consultant.send("thread-1", "hi")  # -> the first question
    turn = consultant.send("thread-1", "Series A, $3M ARR, 120 customers")
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command, StreamMode

from agent.bundle import PlaybookBundle
from agent.calculators.health_model import HealthModel
from agent.graph import GraphContext, PlaybookState, build_graph
from agent.graph.builder import Graph
from agent.graph.checkpoints import open_checkpointer
from agent.profile import CompanyProfile
from agent.settings import Settings, load_settings
from agent.tailoring import Tailor

logger = logging.getLogger(__name__)

ProgressEvent = dict[str, Any]
OnProgress = Callable[[ProgressEvent], None]

# LangGraph runs parallel sync nodes in a thread pool sized like Python's
# default (cores + 4): on a 2-core machine that is 6 threads for 7 nodes.
# Room for every deliverable node at once keeps model calls overlapping.
RUN_CONFIG = RunnableConfig(max_concurrency=16)

FINISHED_REPLY = (
    "This consultation is finished. Start a new one to build another playbook."
)


@dataclass
class Turn:
    """What one chat message brought back."""

    reply: str
    bundle: PlaybookBundle | None
    progress: list[ProgressEvent] = field(default_factory=list)
    finished: bool = False
    state: dict[str, Any] = field(default_factory=dict)


class Consultant:
    """Runs the consultant graph with one tailor and one checkpoint store."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.tailor = Tailor(self.settings)
        self._resources = ExitStack()
        self._chat_graph: Graph | None = None
        self._lock = threading.Lock()
        # Compiling costs about as much as an offline build; profile-in runs
        # need no checkpointer, so one compiled graph serves them all.
        self._build_graph = build_graph()

    def __enter__(self) -> Consultant:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the checkpoint store and the model client; the end of its use."""
        self._resources.close()
        self._chat_graph = None
        self.tailor.close()

    @property
    def context(self) -> GraphContext:
        return GraphContext(tailor=self.tailor)

    def build(
        self,
        profile: CompanyProfile,
        *,
        health_model: HealthModel | None = None,
        on_progress: OnProgress | None = None,
    ) -> PlaybookBundle:
        """Run the graph on a complete profile: no questions, one bundle."""
        state: PlaybookState = {
            "profile": profile.model_dump(mode="json"),
            "health_model": health_model.model_dump(mode="json")
            if health_model
            else None,
            "interactive": False,
        }
        modes: list[StreamMode] = ["custom", "values"]
        final: dict[str, Any] = {}
        for mode, chunk in self._build_graph.stream(
            state, RUN_CONFIG, context=self.context, stream_mode=modes
        ):
            if mode == "custom" and on_progress is not None:
                on_progress(cast(ProgressEvent, chunk))
            elif mode == "values":
                final = cast(dict[str, Any], chunk)
        return PlaybookBundle.model_validate(final["bundle"])

    def send(
        self, thread_id: str, message: str, *, on_progress: OnProgress | None = None
    ) -> Turn:
        """Send one chat message on a thread; return the reply and the state."""
        graph = self._graph()
        config = _config(thread_id)
        snapshot = graph.get_state(config)
        if snapshot.values.get("finished"):
            return Turn(FINISHED_REPLY, _bundle(snapshot.values), finished=True)
        if snapshot.interrupts:
            command: Any = Command(resume=message)
        else:
            command = {"interactive": True, "opening": message.strip()}
        progress = list(self._stream(graph, command, config, on_progress))
        return self._turn(graph, config, progress)

    def open(self, thread_id: str) -> Turn:
        """Start a thread, or return where an existing one is waiting."""
        graph = self._graph()
        config = _config(thread_id)
        if graph.get_state(config).values:
            return self._turn(graph, config, [])
        return self.send(thread_id, "")

    def state(self, thread_id: str) -> dict[str, Any]:
        """Return the checkpointed state of a thread (empty if it never ran)."""
        return dict(self._graph().get_state(_config(thread_id)).values)

    def _graph(self) -> Graph:
        # The page and the API share one consultant: two first requests at
        # once must not open two checkpoint stores.
        with self._lock:
            if self._chat_graph is None:
                store = self._resources.enter_context(open_checkpointer(self.settings))
                self._chat_graph = build_graph(checkpointer=store)
            return self._chat_graph

    def _stream(
        self,
        graph: Graph,
        command: Any,
        config: RunnableConfig,
        on_progress: OnProgress | None,
    ) -> Iterator[ProgressEvent]:
        for event in graph.stream(
            command, config, context=self.context, stream_mode="custom"
        ):
            if on_progress is not None:
                on_progress(event)
            yield event

    def _turn(
        self, graph: Graph, config: RunnableConfig, progress: list[ProgressEvent]
    ) -> Turn:
        snapshot = graph.get_state(config)
        values = dict(snapshot.values)
        if snapshot.interrupts:
            reply = str(snapshot.interrupts[0].value.get("question", ""))
        else:
            reply = (
                "Thanks: that's everything for now." if values.get("finished") else ""
            )
        return Turn(
            reply=reply,
            bundle=_bundle(values),
            progress=progress,
            finished=bool(values.get("finished")),
            state=values,
        )


def new_thread_id() -> str:
    return uuid.uuid4().hex


def build_playbook(
    profile: CompanyProfile,
    *,
    settings: Settings | None = None,
    health_model: HealthModel | None = None,
) -> PlaybookBundle:
    """Build a playbook through the graph, with the model when one is configured."""
    with Consultant(settings) as consultant:
        return consultant.build(profile, health_model=health_model)


def _config(thread_id: str) -> RunnableConfig:
    return RunnableConfig(**RUN_CONFIG, configurable={"thread_id": thread_id})


def _bundle(values: dict[str, Any]) -> PlaybookBundle | None:
    data = values.get("bundle")
    return None if data is None else PlaybookBundle.model_validate(data)
