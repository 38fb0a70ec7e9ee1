"""Cap the size of request bodies, so no upload is read into memory unbounded.

A Content-Length over the cap is refused before any byte is read; a body
that arrives without one (chunked) is counted as it is read and refused the
moment it passes the cap. Both answers are 413 problem details.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.problems import problem, problem_response


class BodyTooLarge(HTTPException):
    """A request body over the cap, found while it was being read.

    An HTTPException so that FastAPI's body parsing passes it on untouched.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


class BodyLimitMiddleware:
    """Refuse request bodies larger than max_bytes with a 413."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_mb: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.detail = f"The request body is larger than the limit of {max_mb:g} MB."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await problem_response(problem(413, self.detail))(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._counting(receive), watch)
        except BodyTooLarge:
            # Only apps without FastAPI's handlers (a mounted page) get here.
            if started:
                raise
            await problem_response(problem(413, self.detail))(scope, receive, send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.detail)
            return message

        return counted
