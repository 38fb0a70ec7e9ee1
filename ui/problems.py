"""Errors as RFC 9457 problem details, and the handlers that send them.

Every error the HTTP API returns is ``application/problem+json`` with
``type``, ``title``, ``status`` and ``detail``; validation errors add
``errors: [{"field", "message"}]`` and account-file errors add the row and
column of each problem. Nothing here ever puts a stack trace in a response:
unexpected failures are logged on the server and answered with a generic 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.errors import AccountFileError, FileProblem, PlaybookError
from agent.profile import ProfileError, describe_error

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Problem types beyond the plain HTTP status ("about:blank"). They identify
# the kind of problem; they are names, not pages to fetch.
INVALID_REQUEST = "urn:cs-playbook:problem:invalid-request"
MALFORMED_JSON = "urn:cs-playbook:problem:malformed-json"
INVALID_ACCOUNT_FILE = "urn:cs-playbook:problem:invalid-account-file"
INVALID_INPUT = "urn:cs-playbook:problem:invalid-input"
INVALID_REQUEST_TITLE = "Invalid request"
# Account rows sent as JSON are read under this source name, so that their
# problems can point at rows[i] rather than a spreadsheet row.
JSON_ROWS_SOURCE = "rows"
INTERNAL_DETAIL = (
    "cs-playbook hit an internal problem and could not answer. It has been "
    "logged on the server; try again, and report it if it happens again."
)


class ProblemError(Exception):
    """An error a route raises to answer with a problem of its own."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type_: str = "about:blank",
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.type = type_
        self.title = title
        self.errors = errors
        self.headers = headers


def field_error(field: str, message: str) -> ProblemError:
    """Return the 422 for one field of a request, in the validation shape."""
    return ProblemError(
        422,
        "The request has 1 problem; each is listed in errors.",
        type_=INVALID_REQUEST,
        title=INVALID_REQUEST_TITLE,
        errors=[{"field": field, "message": message}],
    )


def problem(
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return a problem details object; the title defaults to the status phrase."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    body: dict[str, Any], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """Return a problem as an application/problem+json response."""
    return JSONResponse(
        body, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers
    )


def validation_problem(errors: Sequence[Any]) -> dict[str, Any]:
    """Return the 400 for unparseable JSON, or the 422 naming each bad field."""
    broken = next((e for e in errors if e["type"] == "json_invalid"), None)
    if broken is not None:
        return problem(400, _json_detail(broken), type_=MALFORMED_JSON)
    fields = [_field_error(error) for error in errors]
    count = f"{len(fields)} problem{'s' if len(fields) != 1 else ''}"
    return problem(
        422,
        f"The request has {count}; each is listed in errors.",
        type_=INVALID_REQUEST,
        title=INVALID_REQUEST_TITLE,
        errors=fields,
    )


def _json_detail(error: Any) -> str:
    reason = error.get("ctx", {}).get("error") or error.get("msg", "")
    where = [part for part in error["loc"] if isinstance(part, int)]
    at = f" at character {where[0]}" if where else ""
    return f"The body is not valid JSON ({reason}{at}). Send a JSON object."


def _field_error(error: Any) -> dict[str, Any]:
    loc = tuple(error["loc"])
    if loc[:1] == ("body",):
        loc = loc[1:]
    _, message = describe_error(error)
    return {"field": ".".join(str(part) for part in loc) or "body", "message": message}


def account_file_problem(error: AccountFileError) -> dict[str, Any]:
    """Return the 422 listing every problem of an account file with its place."""
    total = len(error.problems) + error.more
    noun = "problem" if total == 1 else "problems"
    detail = f"The accounts cannot be scored: {total} {noun} to fix."
    if error.more:
        detail += f" The first {len(error.problems)} are listed."
    rows_given = error.source == JSON_ROWS_SOURCE
    return problem(
        422,
        detail,
        type_=INVALID_ACCOUNT_FILE,
        title="Invalid account file",
        errors=[_file_error(item, rows_given) for item in error.problems],
    )


def _file_error(item: FileProblem, rows_given: bool) -> dict[str, Any]:
    """Place one problem: rows.<i>.<key> for JSON rows, the column for a file."""
    where = [] if item.column is None else [item.column]
    if rows_given and item.row is not None:
        where = [JSON_ROWS_SOURCE, str(item.row - 2), *where]
    message = str(item) if where or item.row else f"The file {item}"
    return {
        "field": ".".join(where) or None,
        "row": item.row,
        "column": item.column,
        "message": message,
    }


def profile_problem(error: ProfileError) -> dict[str, Any]:
    """Return the 422 for a profile the engine refused."""
    return problem(
        422,
        f"The profile has {len(error.problems)} problem(s); each is listed in errors.",
        type_=INVALID_REQUEST,
        title=INVALID_REQUEST_TITLE,
        errors=[{"field": None, "message": line} for line in error.problems],
    )


def playbook_problem(error: PlaybookError) -> dict[str, Any]:
    """Return the problem for any error the engine reports to a user."""
    if isinstance(error, AccountFileError):
        return account_file_problem(error)
    if isinstance(error, ProfileError):
        return profile_problem(error)
    return problem(422, str(error), type_=INVALID_INPUT, title="Invalid input")


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return problem_response(validation_problem(exc.errors()))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    detail = _HTTP_DETAILS.get(status) or str(exc.detail)
    return problem_response(problem(status, detail), exc.headers)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    body = problem(
        exc.status, exc.detail, type_=exc.type, title=exc.title, errors=exc.errors
    )
    return problem_response(body, exc.headers)


async def _on_playbook_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlaybookError)
    return problem_response(playbook_problem(exc))


_HTTP_DETAILS = {
    404: "There is nothing at this address; see /docs for the routes.",
    405: "This route does not accept that method; see /docs.",
}


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error the app raises with problem details."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(PlaybookError, _on_playbook_error)


class InternalErrorMiddleware:
    """Log an unexpected exception and answer 500 without a trace.

    Starlette's own last-resort handler answers in plain text and raises the
    error again; this one stops it here, so it is logged exactly once.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:
                raise
            logger.exception(
                "unexpected failure on %s %s", scope["method"], scope["path"]
            )
            response = problem_response(problem(500, INTERNAL_DETAIL))
            await response(scope, receive, send)
