"""Run a build in a worker thread and hand its progress events out as they come.

A Gradio handler is a generator: it yields the page as it should look now.
The consultant reports progress through a callback on the thread doing the
work, so the work runs in a worker and the handler polls a queue.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from agent.consultant import OnProgress, ProgressEvent

T = TypeVar("T")

POLL_S = 0.05


@dataclass(frozen=True)
class Done(Generic[T]):
    """The work's result, the last thing `run_with_progress` yields."""

    value: T


def run_with_progress(
    work: Callable[[OnProgress], T], *, poll_s: float = POLL_S
) -> Iterator[list[ProgressEvent] | Done[T]]:
    """Yield every event seen so far each time new ones arrive, then `Done`.

    An exception raised by the work is raised again from the last step.
    """
    events: queue.Queue[ProgressEvent] = queue.Queue()
    seen: list[ProgressEvent] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="build") as pool:
        future = pool.submit(work, events.put)
        while not future.done() or not events.empty():
            try:
                seen.append(events.get(timeout=poll_s))
            except queue.Empty:
                continue
            seen.extend(_drain(events))
            yield list(seen)
        yield Done(future.result())


def _drain(events: queue.Queue[ProgressEvent]) -> list[ProgressEvent]:
    drained = []
    while True:
        try:
            drained.append(events.get_nowait())
        except queue.Empty:
            return drained
