"""The HTTP API: every route, its formats, and each error as problem details."""

from __future__ import annotations

import asyncio
import copy
import csv
import io
import json
import logging
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
import yaml
from fastapi.testclient import TestClient

from agent.bundle import PlaybookBundle
from agent.calculators.health_model import default_health_model
from agent.consultant import Consultant
from agent.engine import DELIVERABLE_NODES
from agent.settings import Settings
from tests.model_fakes import model_settings
from ui.api import create_api, loopback_warning
from ui.api_docs import ACME_PROFILE
from ui.negotiation import choose

EXAMPLES = Path(__file__).parent.parent / "examples"
ACCOUNTS_CSV = EXAMPLES / "accounts.csv"
PROBLEM_JSON = "application/problem+json"
KEY = "test-key-0123456789"

MakeClient = Callable[..., TestClient]


def offline(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings with no model, no API key and a 20 MB cap unless overridden."""
    values: dict[str, Any] = {
        "openai_api_key": None,
        "openai_base_url": None,
        "data_dir": tmp_path,
        "http_api_key": None,
        "max_upload_mb": 20,
    }
    return model_settings(**values | overrides)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[MakeClient]:
    """Return a factory of test clients over an offline consultant."""
    consultants: list[Consultant] = []

    def make(**overrides: Any) -> TestClient:
        consultant = Consultant(offline(tmp_path, **overrides))
        consultants.append(consultant)
        return TestClient(create_api(consultant))

    yield make
    for consultant in consultants:
        consultant.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


def acme(**company: Any) -> dict[str, Any]:
    """Return the acme example profile with company fields overridden."""
    profile = copy.deepcopy(ACME_PROFILE)
    profile["company"].update(company)
    return profile


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check a response is problem details with this status; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


def field_errors(body: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["message"] for error in body["errors"]}


def sse_events(text: str) -> list[tuple[str, str]]:
    """Return (event, data) for each frame of a server-sent event stream."""
    events = []
    for frame in text.strip().split("\n\n"):
        lines = frame.splitlines()
        name = next(line[7:] for line in lines if line.startswith("event: "))
        data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
        events.append((name, data))
    return events


# Playbooks


def test_the_acme_example_is_the_acme_file() -> None:
    assert yaml.safe_load((EXAMPLES / "acme.yaml").read_text()) == ACME_PROFILE


def test_a_profile_builds_the_bundle_as_json(client: TestClient) -> None:
    response = client.post("/v1/playbooks", json=ACME_PROFILE)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    bundle = PlaybookBundle.model_validate(response.json())
    assert bundle.profile.company_name == "Acme Analytics"
    assert bundle.capacity_plan.current_team == 3
    assert bundle.qbr.roi.ready


def test_the_bundle_matches_an_in_process_build(
    client: TestClient, tmp_path: Path
) -> None:
    from agent.profile import parse_profile

    with Consultant(offline(tmp_path)) as consultant:
        expected = consultant.build(parse_profile(ACME_PROFILE)).model_dump(mode="json")
    got = client.post("/v1/playbooks", json=ACME_PROFILE).json()

    for section in ("capacity_plan", "health_model", "onboarding", "qbr"):
        assert got[section] == expected[section]


def test_a_health_model_in_the_body_is_used(client: TestClient) -> None:
    model = default_health_model().model_dump(mode="json")
    weights = {d["id"]: d["weight"] for d in model["dimensions"]}
    model["dimensions"][0]["weight"] -= 5  # usage 25 -> 20
    model["dimensions"][1]["weight"] += 5  # feature breadth 15 -> 20

    response = client.post("/v1/playbooks", json=ACME_PROFILE | {"health_model": model})

    assert response.status_code == 200
    dimensions = response.json()["health_model"]["dimensions"]
    got = {d["id"]: d["weight"] for d in dimensions}
    assert got["usage"] == weights["usage"] - 5
    assert got["feature_breadth"] == weights["feature_breadth"] + 5


@pytest.mark.parametrize(
    ("accept", "content_type", "opening"),
    [
        pytest.param(
            "text/markdown",
            "text/markdown; charset=utf-8",
            "# Customer-success playbook: Acme Analytics",
            id="markdown",
        ),
        pytest.param(
            "text/html", "text/html; charset=utf-8", "<!DOCTYPE html>", id="html"
        ),
        pytest.param(
            "text/markdown;q=0.5, text/html",
            "text/html; charset=utf-8",
            "<!DOCTYPE html>",
            id="quality-decides",
        ),
    ],
)
def test_accept_chooses_the_document(
    client: TestClient, accept: str, content_type: str, opening: str
) -> None:
    response = client.post(
        "/v1/playbooks", json=ACME_PROFILE, headers={"Accept": accept}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["vary"] == "Accept"
    assert response.text.lstrip().startswith(opening)
    assert "Acme Insights" in response.text


def test_the_event_stream_reports_every_node_then_the_bundle(
    client: TestClient,
) -> None:
    with client.stream(
        "POST",
        "/v1/playbooks",
        json=ACME_PROFILE,
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.read().decode())

    *progress, (last, data) = events
    assert {name for name, _ in progress} == {"progress"}
    reported = [json.loads(item) for _, item in progress]
    nodes = {node.name for node in DELIVERABLE_NODES}
    assert len(nodes) == 7
    for state in ("started", "finished"):
        assert {e["node"] for e in reported if e["event"] == state} == nodes
    assert last == "bundle"
    assert PlaybookBundle.model_validate_json(data).profile.product.name == (
        "Acme Insights"
    )


def test_a_failure_mid_stream_ends_with_an_error_event(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    consultant: Consultant = client.app.state.consultant

    def broken(*args: Any, **kwargs: Any) -> PlaybookBundle:
        kwargs["on_progress"]({"node": "lifecycle", "event": "started"})
        raise RuntimeError("disk /srv/secret is full")

    monkeypatch.setattr(consultant, "build", broken)
    response = client.post(
        "/v1/playbooks", json=ACME_PROFILE, headers={"Accept": "text/event-stream"}
    )

    events = sse_events(response.text)
    assert [name for name, _ in events] == ["progress", "error"]
    error = json.loads(events[-1][1])
    assert error["status"] == 500
    assert "secret" not in response.text
    assert "disk /srv/secret is full" in caplog.text


def test_fifty_concurrent_builds_all_succeed(tmp_path: Path) -> None:
    async def run(app: Any) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://api.test"
        ) as http:
            calls = [
                http.post("/v1/playbooks", json=acme(name=f"Company {n}"))
                for n in range(50)
            ]
            return await asyncio.gather(*calls)

    with Consultant(offline(tmp_path)) as consultant:
        responses = asyncio.run(run(create_api(consultant)))

    assert [r.status_code for r in responses] == [200] * 50
    names = {
        PlaybookBundle.model_validate_json(r.content).profile.company.name
        for r in responses
    }
    assert names == {f"Company {n}" for n in range(50)}


# Playbook errors


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/v1/playbooks",
        content=b'{"company": ',
        headers={"Content-Type": "application/json"},
    )

    body = assert_problem(response, 400)
    assert "not valid JSON" in body["detail"]


def test_an_unknown_profile_key_is_named_with_its_path(client: TestClient) -> None:
    response = client.post("/v1/playbooks", json=acme(headcount=40))

    body = assert_problem(response, 422)
    assert body["title"] == "Invalid request"
    assert field_errors(body) == {
        "company.headcount": "unknown key; remove it or check its spelling"
    }


def test_a_bad_stage_and_arr_are_each_explained(client: TestClient) -> None:
    response = client.post(
        "/v1/playbooks", json=acme(stage="unicorn", arr="three million-ish")
    )

    errors = field_errors(assert_problem(response, 422))
    assert errors.keys() == {"company.stage", "company.arr"}
    assert "seed, series_a, growth, scale" in errors["company.stage"]
    assert "'$3.2M'" in errors["company.arr"]


def test_a_missing_product_is_reported(client: TestClient) -> None:
    profile = {"company": ACME_PROFILE["company"]}

    errors = field_errors(
        assert_problem(client.post("/v1/playbooks", json=profile), 422)
    )

    assert errors == {"product": "required but missing"}


def test_a_health_model_that_breaks_a_rule_is_a_422(client: TestClient) -> None:
    model = default_health_model().model_dump(mode="json")
    model["dimensions"][0]["weight"] = 5

    response = client.post("/v1/playbooks", json=ACME_PROFILE | {"health_model": model})

    errors = field_errors(assert_problem(response, 422))
    assert "not 100" in errors["health_model"]


def test_a_profile_not_sent_as_json_is_a_415(client: TestClient) -> None:
    response = client.post(
        "/v1/playbooks",
        content=json.dumps(ACME_PROFILE),
        headers={"Content-Type": "text/plain"},
    )

    assert_problem(response, 415)


def test_an_unsupported_accept_is_a_406(client: TestClient) -> None:
    response = client.post(
        "/v1/playbooks", json=ACME_PROFILE, headers={"Accept": "application/xml"}
    )

    body = assert_problem(response, 406)
    assert "text/markdown" in body["detail"]


def test_an_internal_failure_is_a_generic_500(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    consultant: Consultant = client.app.state.consultant

    def broken(*args: Any, **kwargs: Any) -> PlaybookBundle:
        raise RuntimeError("password=hunter2 in /srv/config")

    monkeypatch.setattr(consultant, "build", broken)
    with caplog.at_level(logging.ERROR, logger="ui.problems"):
        response = client.post("/v1/playbooks", json=ACME_PROFILE)

    body = assert_problem(response, 500)
    assert "hunter2" not in response.text
    assert "internal problem" in body["detail"]
    assert "password=hunter2" in caplog.text
    assert caplog.records[-1].exc_info is not None


def test_an_unknown_route_is_a_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/nothing-here"), 404)


def test_v1_stays_with_the_api_when_a_page_is_mounted_at_the_root(
    client: TestClient,
) -> None:
    from starlette.responses import PlainTextResponse

    page = PlainTextResponse("the web page")
    client.app.mount("/", page)

    assert client.get("/anything").text == "the web page"
    body = assert_problem(client.get("/v1/nothing-here"), 404)
    assert "/v1/nothing-here" in body["detail"]
    assert client.get("/v1/health-model").status_code == 200


# Account scoring


def test_an_uploaded_csv_is_scored(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(uploads))
    with ACCOUNTS_CSV.open("rb") as export:
        response = client.post(
            "/v1/accounts/score",
            files={"file": ("accounts.csv", export, "text/csv")},
            params={"as_of": "2025-01-31"},
        )

    assert response.status_code == 200, response.text
    report = response.json()
    assert report["source"] == "accounts.csv"
    assert report["as_of"] == "2025-01-31"
    assert report["summary"]["accounts"] == 40
    assert report["summary"]["scored"] == 39
    assert not list(uploads.glob("cs-playbook-*")), "the upload was not deleted"


def test_an_uploaded_workbook_is_scored(client: TestClient, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for record in csv.reader(io.StringIO(ACCOUNTS_CSV.read_text(encoding="utf-8"))):
        sheet.append(record)
    path = tmp_path / "accounts.xlsx"
    workbook.save(path)

    with path.open("rb") as export:
        response = client.post("/v1/accounts/score", files={"file": export})

    assert response.status_code == 200, response.text
    assert response.json()["summary"]["accounts"] == 40


def test_an_uploaded_parquet_file_is_scored(client: TestClient, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"account_id": ["A-1", "A-2"], "nps": [9, 2], "arr": [1e5, 2e4]})
    path = tmp_path / "accounts.parquet"
    pq.write_table(table, path)

    with path.open("rb") as export:
        response = client.post("/v1/accounts/score", files={"file": export})

    assert response.status_code == 200, response.text
    assert [a["segment"] for a in response.json()["accounts"]] == [
        "enterprise",
        "smb",
    ]


def test_json_rows_score_as_the_same_file_does(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(ACCOUNTS_CSV.read_text(encoding="utf-8"))))
    with ACCOUNTS_CSV.open("rb") as export:
        from_file = client.post(
            "/v1/accounts/score",
            files={"file": ("accounts.csv", export)},
            params={"as_of": "2025-01-31"},
        ).json()

    from_rows = client.post(
        "/v1/accounts/score", json={"rows": rows}, params={"as_of": "2025-01-31"}
    ).json()

    assert from_rows["source"] == "rows"
    assert from_rows["accounts"] == from_file["accounts"]
    assert from_rows["summary"] == from_file["summary"]


def test_scores_come_as_csv_when_asked(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score",
        json={"rows": [{"Account ID": "A-1", "NPS": 9, "champion_left": False}]},
        headers={"Accept": "text/csv"},
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    header, row = response.text.splitlines()
    assert header.startswith("account_id,account_name,segment,arr,health_score")
    assert row.startswith("A-1,")


def test_a_file_without_account_ids_says_which_columns_it_has(
    client: TestClient,
) -> None:
    export = b"name,arr\nNorthwind,1000\n"

    response = client.post(
        "/v1/accounts/score", files={"file": ("accounts.csv", export)}
    )

    body = assert_problem(response, 422)
    [error] = body["errors"]
    assert error["row"] is None
    assert error["column"] is None
    assert error["message"].startswith("The file has no account_id column")
    assert "'name', 'arr'" in error["message"]


def test_bad_cells_are_reported_with_row_and_column(client: TestClient) -> None:
    export = b"account_id,nps,dau,mau\nA,9,1,2\nB,eleven,1,2\nC,5,30,20\n"

    response = client.post(
        "/v1/accounts/score", files={"file": ("accounts.csv", export)}
    )

    body = assert_problem(response, 422)
    places = {(e["row"], e["column"]) for e in body["errors"]}
    assert places == {(3, "nps"), (4, "dau")}
    assert "2 problems" in body["detail"]


def test_bad_json_rows_are_named_by_index(client: TestClient) -> None:
    rows = [{"account_id": "A", "nps": 9}, {"account_id": "A", "nps": "eleven"}]

    body = assert_problem(client.post("/v1/accounts/score", json={"rows": rows}), 422)

    fields = {e["field"] for e in body["errors"]}
    assert fields == {"rows.1.account_id", "rows.1.nps"}


def test_a_cell_holding_a_list_is_refused(client: TestClient) -> None:
    rows = [{"account_id": "A", "dau": [1, 2]}]

    body = assert_problem(client.post("/v1/accounts/score", json={"rows": rows}), 422)

    assert field_errors(body) == {
        "rows.0.dau": "must be text, a number, true/false or null"
    }


def test_an_unsupported_extension_is_explained(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score", files={"file": ("accounts.pdf", b"%PDF-1.4")}
    )

    body = assert_problem(response, 422)
    assert ".xlsx" in body["errors"][0]["message"]


def test_a_form_without_a_file_is_a_422(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score", files={"note": (None, "forgot the file")}
    )

    assert field_errors(assert_problem(response, 422)) == {
        "file": "required: attach the account export"
    }


def test_an_upload_may_bring_its_health_model(client: TestClient) -> None:
    model = default_health_model().model_dump(mode="json")
    bands = {band["name"]: band for band in model["bands"]}
    bands["healthy"]["min"] = bands["monitor"]["max"] = 95
    export = b"account_id,nps,invoices_on_time_pct\nA,9,90\n"  # scores 90

    def scored(extra: dict[str, Any]) -> httpx.Response:
        files = {"file": ("accounts.csv", export)} | extra
        return client.post("/v1/accounts/score", files=files)

    default_band = scored({}).json()["accounts"][0]["band"]
    custom = scored({"health_model": (None, json.dumps(model))})
    broken = scored({"health_model": (None, '{"bands": []}')})

    assert default_band == "healthy"
    assert custom.json()["accounts"][0]["band"] == "monitor"
    assert "health_model.dimensions" in field_errors(assert_problem(broken, 422))


def test_a_bad_as_of_date_is_a_422(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score",
        json={"rows": [{"account_id": "A"}]},
        params={"as_of": "31/01/2025"},
    )

    assert field_errors(assert_problem(response, 422)).keys() == {"query.as_of"}


def test_accounts_in_another_format_are_a_415(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score",
        content=b"account_id\nA\n",
        headers={"Content-Type": "text/csv"},
    )

    assert_problem(response, 415)


# Limits and keys


def test_a_declared_oversize_upload_is_refused_unread(
    make_client: MakeClient,
) -> None:
    client = make_client(max_upload_mb=0.001)  # 1,048 bytes
    export = b"account_id,nps\n" + b"ACC,9\n" * 400

    response = client.post(
        "/v1/accounts/score", files={"file": ("accounts.csv", export)}
    )

    body = assert_problem(response, 413)
    assert "0.001 MB" in body["detail"]


def test_an_oversize_body_without_a_length_is_counted(
    make_client: MakeClient,
) -> None:
    client = make_client(max_upload_mb=0.001)
    chunks = (json.dumps(ACME_PROFILE).encode() for _ in range(3))

    response = client.post(
        "/v1/playbooks", content=chunks, headers={"Content-Type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert_problem(response, 413)


def test_a_small_body_passes_the_limit(make_client: MakeClient) -> None:
    client = make_client(max_upload_mb=0.01)

    assert client.post("/v1/playbooks", json=ACME_PROFILE).status_code == 200


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        pytest.param({}, "Send the API key", id="missing"),
        pytest.param({"X-API-Key": "wrong"}, "not hold a valid", id="wrong"),
        pytest.param(
            {"X-API-Key": "ключ".encode()}, "not hold a valid", id="non-ascii"
        ),
    ],
)
def test_without_the_right_key_v1_is_a_401(
    make_client: MakeClient, headers: dict[str, Any], detail: str
) -> None:
    client = make_client(http_api_key=KEY)

    for response in (
        client.post("/v1/playbooks", json=ACME_PROFILE, headers=headers),
        client.get("/v1/health-model", headers=headers),
    ):
        body = assert_problem(response, 401)
        assert detail in body["detail"]
        assert response.headers["www-authenticate"] == 'ApiKey header="X-API-Key"'


def test_the_right_key_is_let_in_and_health_stays_open(
    make_client: MakeClient,
) -> None:
    client = make_client(http_api_key=KEY)

    built = client.post("/v1/playbooks", json=ACME_PROFILE, headers={"X-API-Key": KEY})

    assert built.status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize(
    ("host", "key", "warns"),
    [
        pytest.param("127.0.0.1", None, False, id="loopback"),
        pytest.param("localhost", None, False, id="localhost"),
        pytest.param("::1", None, False, id="ipv6-loopback"),
        pytest.param("0.0.0.0", None, True, id="every-interface"),
        pytest.param("192.168.1.20", None, True, id="lan"),
        pytest.param("0.0.0.0", KEY, False, id="guarded-by-a-key"),
    ],
)
def test_loopback_warning(
    tmp_path: Path, host: str, key: str | None, warns: bool
) -> None:
    warning = loopback_warning(host, offline(tmp_path, http_api_key=key))

    assert (warning is not None) == warns
    if warning:
        assert host in warning
        assert "CS_PLAYBOOK_HTTP_API_KEY" in warning


# Health model, health check and docs


def test_the_default_health_model_is_served(client: TestClient) -> None:
    response = client.get("/v1/health-model")

    assert response.status_code == 200
    assert response.json() == default_health_model().model_dump(mode="json")


def test_the_health_model_comes_as_commented_yaml_when_asked(
    client: TestClient,
) -> None:
    response = client.get("/v1/health-model", headers={"Accept": "application/yaml"})

    assert response.headers["content-type"].startswith("application/yaml")
    assert response.text.lstrip().startswith("#")
    assert yaml.safe_load(response.text)["bands"]


def test_healthz_names_the_model(client: TestClient) -> None:
    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["model"] == "offline"


def test_the_openapi_document_has_examples_and_whole_references(
    client: TestClient,
) -> None:
    document = client.get("/openapi.json").json()

    build = document["paths"]["/v1/playbooks"]["post"]
    examples = build["requestBody"]["content"]["application/json"]["examples"]
    assert examples["acme"]["value"] == ACME_PROFILE
    score = document["paths"]["/v1/accounts/score"]["post"]
    assert set(score["requestBody"]["content"]) == {
        "multipart/form-data",
        "application/json",
    }
    assert score["responses"]["200"]["content"]["application/json"]["example"]
    schemas = document["components"]["schemas"]
    for reference in _references(document):
        assert reference.removeprefix("#/components/schemas/") in schemas
    assert "text/html" in client.get("/docs").headers["content-type"]


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


# Content negotiation


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        pytest.param(None, "application/json", id="none-takes-the-first"),
        pytest.param("*/*", "application/json", id="anything"),
        pytest.param("text/*", "text/markdown", id="type-wildcard"),
        pytest.param("text/html;q=0.2, text/*;q=0.9", "text/markdown", id="quality"),
        pytest.param("text/html, text/*;q=0", "text/html", id="specific-beats-wild"),
        pytest.param("image/png", None, id="nothing-offered"),
        pytest.param("application/json;q=0", None, id="refused"),
        pytest.param("garbage", "application/json", id="malformed"),
    ],
)
def test_choose(accept: str | None, chosen: str | None) -> None:
    offered = ("application/json", "text/markdown", "text/html")

    assert choose(accept, offered) == chosen


def test_report_problems_never_carry_a_temporary_path(client: TestClient) -> None:
    response = client.post(
        "/v1/accounts/score", files={"file": ("accounts.xlsx", io.BytesIO(b"nope"))}
    )

    body = assert_problem(response, 422)
    assert tempfile.gettempdir() not in response.text
    assert "not a readable Excel workbook" in body["errors"][0]["message"]


def test_docs_page_loads_its_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert all(url.startswith("/docs-assets/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200
