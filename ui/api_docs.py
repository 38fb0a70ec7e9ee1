"""What /docs shows: request and response examples and the score request body.

The profile example is examples/acme.yaml as JSON (a test keeps the two the
same); the score example is real output, computed when the document is built.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from agent.accounts import ScoreReport, read_account_rows, score_accounts
from agent.bundle import PlaybookBundle
from agent.calculators.health_model import default_health_model
from ui.api_models import ScoreRows
from ui.problems import (
    INTERNAL_DETAIL,
    INVALID_ACCOUNT_FILE,
    INVALID_REQUEST,
    INVALID_REQUEST_TITLE,
    MALFORMED_JSON,
    PROBLEM_JSON,
    problem,
)

ACME_PROFILE: dict[str, Any] = {
    "company": {
        "name": "Acme Analytics",
        "stage": "Series A",
        "arr": "$4.8M",
        "customers": 120,
        "acv": 40000,
        "cs_team_size": 3,
        "churn_reasons": [
            "our champion moved to another company and nobody else logged in",
            "they switched to a cheaper competitor bundled with their data warehouse",
            "the dashboards were never adopted beyond the data team",
            "missing a native dbt integration",
        ],
        "segment_mix": {"enterprise": 8, "mid_market": 80, "smb": 32, "self_serve": 0},
    },
    "product": {
        "name": "Acme Insights",
        "description": "Self-service product analytics for B2B software teams",
        "category": "product analytics platform",
        "features": [
            "funnel explorer",
            "retention cohorts",
            "metric alerts",
            "AI query assistant",
        ],
        "integrations": ["Snowflake", "Segment", "HubSpot"],
        "persona": "product managers",
    },
    "roi": {"value_delivered": "$165k", "annual_cost": "$40k"},
}

PLAYBOOK_EXAMPLES: dict[str, Any] = {
    "acme": {
        "summary": "Series A product analytics (examples/acme.yaml)",
        "value": ACME_PROFILE,
    },
    "minimal": {
        "summary": "Only the required fields",
        "value": {
            "company": {
                "stage": "seed",
                "arr": "600k",
                "customers": 25,
                "cs_team_size": 0,
            },
            "product": {"name": "Ledgerly"},
        },
    },
}

SCORE_ROWS_EXAMPLE: dict[str, Any] = {
    "rows": [
        {
            "account_id": "ACC-1001",
            "account_name": "Northwind Logistics",
            "arr": 184000,
            "dau": 70,
            "mau": 188,
            "nps": 10,
            "champion_left": "no",
            "renewal_date": "2025-04-30",
        },
        {
            "account_id": "ACC-1006",
            "account_name": "Copperline Media",
            "arr": 52000,
            "dau": 9,
            "mau": 140,
            "nps": 3,
            "champion_left": "yes",
            "missed_meetings": 3,
        },
    ]
}
EXAMPLE_AS_OF = date(2025, 1, 31)


def _problem_example(body: dict[str, Any]) -> dict[str, Any]:
    return {"content": {PROBLEM_JSON: {"example": body}}}


def _invalid_profile() -> dict[str, Any]:
    return problem(
        422,
        "The request has 2 problems; each is listed in errors.",
        type_=INVALID_REQUEST,
        title=INVALID_REQUEST_TITLE,
        errors=[
            {
                "field": "company.arr",
                "message": "'three million-ish': is not an amount of money. Write "
                "an amount such as 3200000, '$3.2M', '3.2 million' or '800k'.",
            },
            {
                "field": "company.headcount",
                "message": "unknown key; remove it or check its spelling",
            },
        ],
    )


def _invalid_accounts() -> dict[str, Any]:
    return problem(
        422,
        "The accounts cannot be scored: 1 problem to fix.",
        type_=INVALID_ACCOUNT_FILE,
        title="Invalid account file",
        errors=[
            {
                "field": "nps",
                "row": 4,
                "column": "nps",
                "message": "row 4, column 'nps': 'x' is not a number. Write the "
                "latest NPS answer, a number from 0 to 10.",
            }
        ],
    )


COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "The body is not valid JSON",
        **_problem_example(
            problem(
                400,
                "The body is not valid JSON (Expecting value at character 12). "
                "Send a JSON object.",
                type_=MALFORMED_JSON,
            )
        ),
    },
    401: {
        "description": "An API key is set on the server and X-API-Key is missing "
        "or wrong",
        **_problem_example(problem(401, "Send the API key in the X-API-Key header.")),
    },
    406: {"description": "The Accept header rules out every format the route has"},
    413: {
        "description": "The body is over the server's max_upload_mb",
        **_problem_example(
            problem(413, "The request body is larger than the limit of 20 MB.")
        ),
    },
    500: {
        "description": "An internal problem, logged on the server",
        **_problem_example(problem(500, INTERNAL_DETAIL)),
    },
}

PLAYBOOK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": PlaybookBundle,
        "description": "The playbook bundle as JSON (default), Markdown, a "
        "standalone HTML page, or server-sent events: `progress` events "
        "{node, event, reason} then one `bundle` event holding the JSON",
        "content": {
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "text/event-stream": {"schema": {"type": "string"}},
        },
    },
    422: {
        "description": "The profile has problems; errors names each field",
        **_problem_example(_invalid_profile()),
    },
    **COMMON_RESPONSES,
}

SCORE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": ScoreReport,
        "description": "Every account's score, band, tier, warnings and plays, "
        "and the portfolio summary (JSON), or one CSV row per account",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    },
    415: {"description": "The body is neither multipart/form-data nor JSON"},
    422: {
        "description": "The accounts have problems; errors gives each one's row "
        "and column",
        **_problem_example(_invalid_accounts()),
    },
    **COMMON_RESPONSES,
}


def score_request_body() -> dict[str, Any]:
    """Return the OpenAPI request body of POST /v1/accounts/score."""
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "The account export: .csv, .tsv, .txt, .xlsx or "
                ".parquet, named with its extension.",
            },
            "health_model": {
                "type": "string",
                "description": "Optional: a health model as JSON text.",
            },
        },
    }
    rows = {"$ref": "#/components/schemas/ScoreRows"}
    return {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": upload},
            "application/json": {"schema": rows, "example": SCORE_ROWS_EXAMPLE},
        },
    }


def install_openapi(app: FastAPI) -> None:
    """Build the OpenAPI document once, adding what the routes cannot declare."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = FastAPI.openapi(app)
            _add_schema(document, ScoreRows)
            _add_examples(document)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _add_schema(document: dict[str, Any], model: type[BaseModel]) -> None:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in schema.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas[model.__name__] = schema


def _add_examples(document: dict[str, Any]) -> None:
    paths = document["paths"]
    _set_example(paths["/v1/health-model"]["get"], default_health_model().model_dump())
    _set_example(paths["/v1/accounts/score"]["post"], _score_example())


def _set_example(operation: dict[str, Any], example: Any) -> None:
    content = operation["responses"]["200"]["content"]
    content.setdefault("application/json", {})["example"] = example


def _score_example() -> dict[str, Any]:
    table = read_account_rows(SCORE_ROWS_EXAMPLE["rows"], as_of=EXAMPLE_AS_OF)
    return score_accounts(table, default_health_model()).model_dump(mode="json")
