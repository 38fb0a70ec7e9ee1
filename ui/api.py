"""The HTTP API: build playbooks and score account exports over HTTP.

    POST /v1/playbooks        a profile (JSON) -> the bundle as JSON, Markdown,
                              HTML or server-sent progress events
    POST /v1/accounts/score   an export (multipart `file`) or {"rows": [...]}
                              -> the score report as JSON or CSV
    GET  /v1/health-model     the default health model
    GET  /healthz             liveness and the model in use

Every route under /v1 needs the X-API-Key header when ``http_api_key`` is
set. Errors are problem details (see `ui.problems`). The graph is
synchronous, so builds and scoring run in worker threads and never hold up
the event loop.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import IO, Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from agent import __version__
from agent.accounts import (
    ScoreReport,
    read_account_rows,
    read_accounts,
    report_to_csv,
    report_to_json,
    score_accounts,
)
from agent.calculators.health_model import (
    HealthModel,
    default_health_model,
    default_health_model_yaml,
)
from agent.consultant import Consultant
from agent.profile import CompanyProfile
from agent.render import render_html, render_markdown
from ui.api_docs import (
    COMMON_RESPONSES,
    PLAYBOOK_EXAMPLES,
    PLAYBOOK_RESPONSES,
    SCORE_RESPONSES,
    install_openapi,
    score_request_body,
)
from ui.api_models import PlaybookRequest, ScoreRows
from ui.docs_page import install_docs_page
from ui.limits import BodyLimitMiddleware
from ui.negotiation import CSV, EVENT_STREAM, HTML, JSON, MARKDOWN, YAML, Negotiate
from ui.problems import (
    JSON_ROWS_SOURCE,
    InternalErrorMiddleware,
    ProblemError,
    field_error,
    install_problem_handlers,
)
from ui.security import loopback_warning, require_api_key
from ui.streaming import STREAM_HEADERS, build_events

__all__ = ["create_api", "loopback_warning"]

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Build a complete customer-success playbook from a company profile, and score
an account export with the health model. Every number comes from the
calculators. Errors are RFC 9457 problem details.
"""
# An upload keeps its extension, which is how the reader picks its format;
# anything odd is dropped and the reader then names the formats it takes.
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")

router = APIRouter()


def negotiated(text: str, media_type: str) -> Response:
    """Return text as the chosen media type; caches must key it on Accept."""
    return Response(text, media_type=media_type, headers={"Vary": "Accept"})


async def consultant_of(request: Request) -> Consultant:
    """Return the consultant the app was created with."""
    consultant: Consultant = request.app.state.consultant
    return consultant


ConsultantDep = Annotated[Consultant, Depends(consultant_of)]
AsOf = Annotated[
    date | None,
    Query(description="Day renewal_date counts from, YYYY-MM-DD (default today)."),
]


async def json_body(request: Request) -> None:
    """Refuse a body that is not declared as JSON with a 415."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind != JSON and not kind.endswith("+json"):
        raise ProblemError(
            415, "Send the profile as JSON, with Content-Type: application/json."
        )


@router.post(
    "/playbooks",
    summary="Build a playbook",
    dependencies=[Depends(json_body)],
    response_class=Response,
    responses=PLAYBOOK_RESPONSES,
    tags=["playbooks"],
)
async def create_playbook(
    request_body: Annotated[PlaybookRequest, Body(openapi_examples=PLAYBOOK_EXAMPLES)],
    media_type: Annotated[str, Depends(Negotiate(JSON, MARKDOWN, HTML, EVENT_STREAM))],
    consultant: ConsultantDep,
) -> Response:
    """Build the eight-deliverable playbook for a company profile.

    The body is the profile, as the YAML files in examples/ hold, as JSON;
    it may add a `health_model`. Choose the answer with Accept:
    application/json (default), text/markdown, text/html, or
    text/event-stream for progress events and then the bundle.
    """
    profile, model = request_body.profile(), request_body.health_model
    if media_type == EVENT_STREAM:
        events = build_events(
            lambda progress: consultant.build(
                profile, health_model=model, on_progress=progress
            ).model_dump_json()
        )
        return StreamingResponse(
            events, media_type=EVENT_STREAM, headers=STREAM_HEADERS
        )
    text = await run_in_threadpool(_playbook, consultant, profile, model, media_type)
    return negotiated(text, media_type)


def _playbook(
    consultant: Consultant,
    profile: CompanyProfile,
    model: HealthModel | None,
    media_type: str,
) -> str:
    """Build and render in one worker thread; rendering is CPU work too."""
    bundle = consultant.build(profile, health_model=model)
    logger.info("built a playbook for %s as %s", profile.company_name, media_type)
    if media_type == MARKDOWN:
        return render_markdown(bundle)
    if media_type == HTML:
        return render_html(bundle)
    return bundle.model_dump_json()


@router.post(
    "/accounts/score",
    summary="Score accounts",
    response_class=Response,
    responses=SCORE_RESPONSES,
    openapi_extra={"requestBody": score_request_body()},
    tags=["accounts"],
)
async def score(
    request: Request,
    media_type: Annotated[str, Depends(Negotiate(JSON, CSV))],
    as_of: AsOf = None,
) -> Response:
    """Score an account export with the health model.

    Send the file (CSV, XLSX or Parquet) as the multipart field `file`, or
    JSON `{"rows": [{"account_id": ..., ...}]}`; either may add a
    `health_model`. Answers JSON (default) or CSV (Accept: text/csv).
    """
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data"):
        report = await _score_upload(request, as_of)
    elif content_type.startswith("application/json"):
        report = await _score_json(request, as_of)
    else:
        raise ProblemError(
            415,
            "Send the accounts as multipart/form-data with the field file, "
            'or as application/json {"rows": [...]}.',
        )
    logger.info("scored %d accounts from %s", len(report.accounts), report.source)
    if media_type == CSV:
        return negotiated(report_to_csv(report), CSV)
    return negotiated(report_to_json(report), JSON)


async def _score_upload(request: Request, as_of: date | None) -> ScoreReport:
    async with request.form(max_files=1, max_fields=2) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise field_error("file", "required: attach the account export")
        model = _form_health_model(form.get("health_model"))
        name = Path(upload.filename or "upload").name
        return await run_in_threadpool(_score_file, upload.file, name, as_of, model)


def _score_file(
    source: IO[bytes], name: str, as_of: date | None, model: HealthModel | None
) -> ScoreReport:
    """Copy the upload to a temporary file with its extension, and score it."""
    suffix = Path(name).suffix.lower()
    suffix = suffix if _SUFFIX.fullmatch(suffix) else ""
    with tempfile.TemporaryDirectory(prefix="cs-playbook-") as folder:
        path = Path(folder) / f"accounts{suffix}"
        with path.open("wb") as target:
            shutil.copyfileobj(source, target)
        table = read_accounts(path, as_of=as_of)
    report = score_accounts(table, model or default_health_model())
    return report.model_copy(update={"source": name})


def _form_health_model(text: Any) -> HealthModel | None:
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise field_error("health_model", "must be the health model as JSON text")
    try:
        return HealthModel.model_validate_json(text)
    except ValidationError as exc:
        raise _invalid(exc, ("body", "health_model")) from None


async def _score_json(request: Request, as_of: date | None) -> ScoreReport:
    try:
        given = ScoreRows.model_validate_json(await request.body())
    except ValidationError as exc:
        raise _invalid(exc, ("body",)) from None
    return await run_in_threadpool(_score_rows, given, as_of)


def _score_rows(given: ScoreRows, as_of: date | None) -> ScoreReport:
    table = read_account_rows(given.rows, as_of=as_of, source=JSON_ROWS_SOURCE)
    return score_accounts(table, given.health_model or default_health_model())


def _invalid(exc: ValidationError, prefix: tuple[str, ...]) -> RequestValidationError:
    """Report a body we validated by hand as FastAPI reports a declared one."""
    errors = [{**error, "loc": (*prefix, *error["loc"])} for error in exc.errors()]
    return RequestValidationError(errors)


@router.get(
    "/health-model",
    summary="The default health model",
    response_class=Response,
    responses={
        200: {
            "model": HealthModel,
            "content": {YAML: {"schema": {"type": "string"}}},
            "description": "JSON, or the commented YAML file with "
            "Accept: application/yaml",
        },
        **COMMON_RESPONSES,
    },
    tags=["accounts"],
)
async def health_model(
    media_type: Annotated[str, Depends(Negotiate(JSON, YAML))],
) -> Response:
    """Return the default health model: dimensions, weights, normalisers, bands.

    Edit it and send it back as `health_model` to build or score with it.
    """
    if media_type == YAML:
        return negotiated(default_health_model_yaml(), YAML)
    return negotiated(default_health_model().model_dump_json(), JSON)


@router.api_route(
    "/{path:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    include_in_schema=False,
)
async def unknown_route(path: str) -> Response:
    """Answer any other /v1 address here, not in the page mounted at "/"."""
    raise ProblemError(404, f"There is no route /v1/{path}; see /docs for the routes.")


async def healthz(consultant: ConsultantDep) -> dict[str, str]:
    """Say the server is up, and which model tailors the words."""
    return {
        "status": "ok",
        "model": consultant.settings.describe(),
        "version": __version__,
    }


def create_api(consultant: Consultant) -> FastAPI:
    """Return the HTTP API for one consultant; it does not claim "/".

    The caller owns the consultant and closes it when the server stops.
    """
    settings = consultant.settings
    app = FastAPI(
        title="cs-playbook",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    install_docs_page(app)
    app.state.consultant = consultant
    guard = [Security(require_api_key)] if settings.http_api_key else []
    app.include_router(router, prefix="/v1", dependencies=guard)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["service"])
    install_problem_handlers(app)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_upload_bytes,
        max_mb=settings.max_upload_mb,
    )
    # Added last, so outermost: a failure anywhere below becomes a logged 500.
    app.add_middleware(InternalErrorMiddleware)
    install_openapi(app)
    return app
