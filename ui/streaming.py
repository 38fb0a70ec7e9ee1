"""Stream a playbook build as server-sent events: progress, then the bundle.

The graph runs synchronously, so the build runs in a worker thread; its
progress callback hands each event to the event loop through a queue, and
the response sends them as they come. Frames:

    event: progress        data: {"node": ..., "event": ..., "reason": ...}
    event: bundle          data: the bundle JSON (the last frame)
    event: error           data: a problem details object (instead of bundle)
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable

from starlette.concurrency import run_in_threadpool

from agent.consultant import OnProgress, ProgressEvent
from agent.errors import PlaybookError
from ui.problems import INTERNAL_DETAIL, playbook_problem, problem

logger = logging.getLogger(__name__)

# Proxies (nginx) buffer responses unless told not to, which would hold the
# progress events back until the bundle is done.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

Build = Callable[[OnProgress], str]


def sse_frame(event: str, data: str) -> str:
    """Return one server-sent event; each line of data gets its own data field."""
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"event: {event}\n{lines}\n"


async def build_events(build: Build) -> AsyncIterator[str]:
    """Run build(on_progress) in a worker thread; yield its events, then the bundle.

    build returns the bundle as JSON text.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[ProgressEvent | None] = asyncio.Queue()

    def on_progress(event: ProgressEvent) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, event)

    task = asyncio.ensure_future(_run(build, on_progress, queue))
    # A client that hangs up leaves the task unawaited; fetch its outcome so
    # the loop never complains about an exception nobody retrieved.
    task.add_done_callback(_settle)
    while (event := await queue.get()) is not None:
        yield sse_frame("progress", json.dumps(event))
    yield await _final_frame(task)


async def _run(
    build: Build,
    on_progress: OnProgress,
    queue: asyncio.Queue[ProgressEvent | None],
) -> str:
    # Progress reaches the queue through call_soon_threadsafe callbacks that
    # run, in order, before this coroutine resumes; so None is always last.
    try:
        return await run_in_threadpool(build, on_progress)
    finally:
        queue.put_nowait(None)


async def _final_frame(task: asyncio.Future[str]) -> str:
    try:
        return sse_frame("bundle", await task)
    except PlaybookError as error:
        return sse_frame("error", json.dumps(playbook_problem(error)))
    except Exception:
        logger.exception("playbook stream failed")
        return sse_frame("error", json.dumps(problem(500, INTERNAL_DETAIL)))


def _settle(task: asyncio.Future[str]) -> None:
    if not task.cancelled():
        task.exception()
