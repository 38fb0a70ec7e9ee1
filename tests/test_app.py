"""The web page's content without a browser: tabs, chat, form, accounts, server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from agent.accounts import ScoreReport, read_accounts, score_accounts
from agent.bundle import PlaybookBundle
from agent.calculators.health_model import HealthModel
from agent.cli import main
from agent.consultant import Consultant, Turn
from agent.engine import build_bundle
from agent.errors import AccountFileError, PlaybookError
from agent.profile import ProfileError, load_profile
from agent.render import render_markdown
from agent.render.document import SECTIONS
from agent.settings import Settings, load_settings
from ui import accounts_view, form, playbook_view
from ui.app import browser_secret, build_app, model_line
from ui.handlers import PLAYBOOK_OUTPUTS, Handlers, is_thread_id
from ui.progress import Done, run_with_progress
from ui.server import browser_url, create_server, ensure_port_free

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = ROOT / "examples" / "accounts.csv"
ANSWERS = [
    "Cartograph Routes - route planning for field-service teams",
    "we're Series A, about $4.2M ARR across 95 customers",
    "2 CSMs",
    "skip",
    "they never finished setup; lost our champion",
    "skip",
]


@pytest.fixture(scope="module")
def acme_bundle() -> PlaybookBundle:
    return build_bundle(load_profile(ROOT / "examples" / "acme.yaml"))


@pytest.fixture(scope="module")
def report(health_model: HealthModel) -> ScoreReport:
    return score_accounts(read_accounts(ACCOUNTS), health_model)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        data_dir=tmp_path / "data", openai_api_key=None, openai_base_url=None
    )


@pytest.fixture
def consultant(settings: Settings) -> Iterator[Consultant]:
    with Consultant(settings) as offline:
        yield offline


@pytest.fixture
def handlers(consultant: Consultant, tmp_path: Path) -> Handlers:
    return Handlers(consultant, tmp_path / "files")


def form_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(form.FORM_FIELDS)
    values.update(
        {
            "company.stage": "series_a",
            "company.arr": "$4.2M",
            "company.customers": "95",
            "company.cs_team_size": " 2 ",
            "company.churn_reasons": "they never finished setup\nlost our champion\n",
            "product.name": "Cartograph Routes",
            "product.features": "route optimiser, dispatch board\nmobile app",
        }
    )
    values.update(changes)
    return values


# The playbook tab


def test_each_deliverable_is_its_own_document(acme_bundle: PlaybookBundle) -> None:
    documents = playbook_view.deliverable_tabs(acme_bundle)
    assert len(documents) == len(playbook_view.TAB_LABELS) == len(SECTIONS) == 8
    for document, (heading, _) in zip(documents, SECTIONS, strict=True):
        assert document.startswith(f"## {heading}\n")
    assert "| Total | 120 |" in documents[6]


def test_tabs_carry_the_whole_document(acme_bundle: PlaybookBundle) -> None:
    whole = render_markdown(acme_bundle)
    for document in playbook_view.deliverable_tabs(acme_bundle):
        body = document.split("\n", 2)[2].strip()
        assert body in whole


def test_without_a_playbook_the_tab_says_how_to_get_one() -> None:
    assert playbook_view.overview(None) == playbook_view.NO_PLAYBOOK
    assert playbook_view.deliverable_tabs(None) == [""] * 8


def test_overview_has_the_facts_at_a_glance(acme_bundle: PlaybookBundle) -> None:
    text = playbook_view.overview(acme_bundle)
    assert text.startswith("## Customer-success playbook: Acme Analytics")
    assert "- **ARR:** $4,800,000" in text
    assert "ROI 312.5 %" in text


def test_playbook_files_are_the_rendered_documents(
    acme_bundle: PlaybookBundle, tmp_path: Path
) -> None:
    files = playbook_view.write_playbook_files(acme_bundle, tmp_path)
    assert files.markdown.name == "acme-analytics-playbook.md"
    assert files.markdown.read_text(encoding="utf-8") == render_markdown(acme_bundle)
    assert PlaybookBundle.model_validate_json(files.json.read_text()) == acme_bundle
    assert files.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Acme Analytics", "acme-analytics", id="words"),
        pytest.param("Harbor & Finch / Legal", "harbor-finch-legal", id="symbols"),
        pytest.param("***", "cs", id="nothing-left"),
    ],
)
def test_slug_is_safe_for_a_file_name(name: str, expected: str) -> None:
    assert playbook_view.slug(name) == expected


# Progress and the chat


def test_progress_line_ticks_off_finished_nodes() -> None:
    events = [
        {"node": "qbr", "event": "started"},
        {"node": "lifecycle", "event": "started"},
        {"node": "lifecycle", "event": "finished"},
        {"node": "scoring", "event": "started"},
        {"node": "scoring", "event": "fell_back", "reason": "timeout"},
    ]
    assert playbook_view.progress_line(events) == (
        "Building: lifecycle ✓, health score ✓, QBR … (2 of 3 done)"
    )


def test_progress_line_before_any_node_starts() -> None:
    assert playbook_view.progress_line([]) == playbook_view.WORKING


def test_run_with_progress_yields_events_then_the_result() -> None:
    def work(report: Any) -> str:
        report({"node": "lifecycle", "event": "started"})
        report({"node": "lifecycle", "event": "finished"})
        return "built"

    steps = list(run_with_progress(work, poll_s=0.01))
    assert steps[-1] == Done("built")
    assert steps[-2] == [
        {"node": "lifecycle", "event": "started"},
        {"node": "lifecycle", "event": "finished"},
    ]


def test_run_with_progress_raises_the_work_s_error() -> None:
    def work(report: Any) -> str:
        raise PlaybookError("no such company")

    with pytest.raises(PlaybookError, match="no such company"):
        list(run_with_progress(work, poll_s=0.01))


def test_conversation_is_rebuilt_from_the_checkpoint(
    consultant: Consultant, settings: Settings
) -> None:
    consultant.open("t1")
    consultant.send("t1", ANSWERS[0])
    with Consultant(settings) as restarted:
        history = playbook_view.conversation(restarted.open("t1"), [])
    assert [m["role"] for m in history] == ["assistant", "user", "assistant"]
    assert history[1]["content"] == ANSWERS[0]
    assert "stage" in history[2]["content"].lower()


def test_finished_thread_keeps_what_the_page_shows() -> None:
    shown = [{"role": "user", "content": "hello again"}]
    turn = Turn(reply="This consultation is finished.", bundle=None, finished=True)
    assert playbook_view.conversation(turn, shown) == [
        *shown,
        {"role": "assistant", "content": "This consultation is finished."},
    ]


def test_summary_is_not_repeated_when_the_revision_question_echoes_it() -> None:
    summary = "Your playbook is ready."
    state = {"messages": [{"role": "user", "content": "yes"}, _bot(summary)]}
    turn = Turn(reply=summary, bundle=None, state=state)
    assert playbook_view.conversation(turn, []) == state["messages"]


def _bot(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}


def test_chat_streams_progress_then_shows_the_playbook(handlers: Handlers) -> None:
    thread, history, *_ = handlers.open_thread(None)
    assert is_thread_id(thread)
    for answer in ANSWERS:
        *_, last = handlers.send(answer, history, thread)
        history = last[0]
    steps = list(handlers.send("yes", history, thread))
    chats = [step[0][-1]["content"] for step in steps]
    assert chats[0] == playbook_view.WORKING
    assert any(text.startswith("Building: ") for text in chats[1:-1])
    final = steps[-1]
    assert "Your playbook for Cartograph Routes is ready" in chats[-1]
    assert final[1] == ""
    assert final[2] == thread
    overview, *documents = final[3 : 3 + 9]
    assert "Cartograph Routes" in overview
    assert documents[0].startswith("## 1. Customer lifecycle map")
    downloads = final[3 + 9 : 3 + 12]
    assert [Path(d.value["path"]).suffix for d in downloads] == [
        ".md",
        ".json",
        ".html",
    ]


def test_a_reload_continues_the_same_thread(handlers: Handlers) -> None:
    thread, history, *_ = handlers.open_thread(None)
    *_, last = handlers.send(ANSWERS[0], history, thread)
    again, reloaded, *_ = handlers.open_thread(thread)
    assert again == thread
    assert reloaded == last[0]


@pytest.mark.parametrize("stored", [None, "", "not-a-thread", "../../etc/passwd"])
def test_a_missing_or_forged_thread_id_starts_a_new_thread(
    handlers: Handlers, stored: str | None
) -> None:
    thread, history, *_ = handlers.open_thread(stored)
    assert is_thread_id(thread)
    assert thread != stored
    assert "product" in history[-1]["content"].lower()


def test_start_over_opens_a_new_thread(handlers: Handlers) -> None:
    thread, history, *_ = handlers.open_thread(None)
    list(handlers.send(ANSWERS[0], history, thread))
    fresh, fresh_history, *_ = handlers.start_over()
    assert fresh != thread
    assert [m["role"] for m in fresh_history] == ["assistant"]


def test_an_empty_message_changes_nothing(handlers: Handlers) -> None:
    (step,) = handlers.send("   ", [], "a" * 32)
    assert len(step) == 3 + PLAYBOOK_OUTPUTS
    assert all(value == {"__type__": "update"} for value in step)


# The form


def test_form_builds_the_profile_a_file_would() -> None:
    profile = form.profile_from_form(form_values())
    company = profile.company
    assert company.arr == 4_200_000
    assert company.customers == 95
    assert company.cs_team_size == 2
    assert [r.text for r in company.churn_reasons] == [
        "they never finished setup",
        "lost our champion",
    ]
    assert profile.product.features == [
        "route optimiser",
        "dispatch board",
        "mobile app",
    ]
    assert company.segment_mix is None
    assert profile.roi is None


def test_form_takes_the_optional_segment_mix_and_roi() -> None:
    values = form_values(
        **{
            "company.segment_mix.enterprise": "5",
            "company.segment_mix.mid_market": "90",
            "company.segment_mix.smb": "",
            "roi.value_delivered": "$165k",
            "roi.annual_cost": "40k",
        }
    )
    profile = form.profile_from_form(values)
    assert profile.company.segment_mix == {"enterprise": 5, "mid_market": 90}
    assert profile.roi is not None
    assert profile.roi.annual_cost == 40_000


def test_form_problems_name_the_fields_as_the_form_labels_them() -> None:
    values = form_values(**{"company.arr": "lots", "product.name": "  "})
    with pytest.raises(ProfileError) as caught:
        form.profile_from_form(values)
    text = form.problems_markdown(caught.value)
    assert text.startswith("**The playbook can't be built yet: 2 things to fix.**")
    assert "- **ARR** = 'lots': is not an amount of money." in text
    assert "- **Product name:** required; please fill it in." in text
    assert "Traceback" not in text


def test_form_handler_shows_problems_and_stays_on_the_form(
    handlers: Handlers,
) -> None:
    values = form_values(**{"company.stage": None})
    (step,) = handlers.build_from_form(*values.values())
    assert "**Stage:** required" in step[0]
    assert step[1] == {"__type__": "update"}


def test_form_handler_builds_and_opens_the_playbook(handlers: Handlers) -> None:
    steps = list(handlers.build_from_form(*form_values().values()))
    final = steps[-1]
    assert "Built the playbook for Cartograph Routes" in final[0]
    assert final[1].selected == "playbook"
    assert "Cartograph Routes" in final[2]


# The accounts tab


def test_table_has_one_row_per_account(report: ScoreReport) -> None:
    rows = accounts_view.account_rows(report)
    assert len(rows) == report.summary.accounts == 40
    cobalt = next(row for row in rows if row[0] == "ACC-1006")
    assert cobalt[:7] == [
        "ACC-1006",
        "Cobalt Freight",
        "Mid-market",
        29400,
        11.6,
        "critical",
        "Tier 3",
    ]
    assert cobalt[8] == "usage drop, champion left, missed meetings"


@pytest.mark.parametrize(
    ("band", "tier"),
    [
        pytest.param("critical", accounts_view.ALL_TIERS, id="band"),
        pytest.param(accounts_view.ALL_BANDS, "Tier 2", id="tier"),
        pytest.param("at-risk", "Tier 2", id="both"),
        pytest.param(accounts_view.ALL_BANDS, accounts_view.NO_TIER, id="no-tier"),
    ],
)
def test_filters_keep_only_the_band_and_tier_chosen(
    report: ScoreReport, band: str, tier: str
) -> None:
    rows = accounts_view.account_rows(report, band, tier)
    expected = [
        a.account_id
        for a in report.accounts
        if band in (accounts_view.ALL_BANDS, accounts_view.band_label(a.band))
        and tier
        in (accounts_view.ALL_TIERS, accounts_view.tier_label(a.tier) or "No tier")
    ]
    assert [row[0] for row in rows] == expected
    assert rows


def test_band_filter_offers_the_bands_present(report: ScoreReport) -> None:
    assert accounts_view.band_choices(report) == [
        accounts_view.ALL_BANDS,
        "healthy",
        "monitor",
        "at-risk",
        "critical",
        "unscored",
    ]


def test_score_distribution_spans_0_to_100(
    report: ScoreReport, health_model: HealthModel
) -> None:
    bars = accounts_view.score_distribution(report, health_model)
    ranges = [bar["score"] for bar in bars]
    assert ranges[0] == "0–9"
    assert ranges[-1] == "90–100"
    assert len(set(ranges)) == 10
    assert sum(bar["accounts"] for bar in bars) == report.summary.scored
    assert {"score": "0–9", "band": "critical", "accounts": 0} in bars


def test_arr_at_risk_has_one_bar_per_tier(report: ScoreReport) -> None:
    risk = report.summary.arr_at_risk_by_tier
    assert risk is not None
    assert accounts_view.arr_at_risk(report) == [
        {"tier": f"Tier {tier}", "arr": risk[str(tier)]} for tier in (1, 2, 3)
    ]


def test_summary_gives_the_portfolio_figures(report: ScoreReport) -> None:
    text = accounts_view.summary_markdown(report, "accounts.csv")
    assert text.startswith("### accounts.csv: 40 accounts, 39 scored")
    assert "- **NRR:** 103.0 %" in text
    assert "- **GRR:** 95.7 %" in text
    assert "Not used for scoring: csm_owner, region." in text


def test_file_problems_are_listed_for_the_person_to_fix(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("account_id,arr,nps\nA1,lots,7\nA1,100,14\n", encoding="utf-8")
    with pytest.raises(AccountFileError) as caught:
        read_accounts(bad)
    text = accounts_view.problems_markdown(caught.value, "export.csv")
    assert text.startswith("**export.csv cannot be scored yet: 3 problems to fix.**")
    assert "row 2, column 'arr'" in text
    assert str(tmp_path) not in text


def test_score_handler_shows_problems_without_a_table(
    handlers: Handlers, tmp_path: Path
) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("name,arr\nAcme,100\n", encoding="utf-8")
    report, message, *_ = handlers.score_file(str(bad))
    assert report is None
    assert "has no account_id column" in message


def test_score_handler_writes_csv_and_json(handlers: Handlers) -> None:
    outputs = handlers.score_file(str(ACCOUNTS))
    report, message = outputs[0], outputs[1]
    assert isinstance(report, ScoreReport)
    assert message.startswith("### accounts.csv")
    csv_file, json_file = (Path(button.value["path"]) for button in outputs[-2:])
    assert csv_file.name == "accounts-scores.csv"
    assert csv_file.read_text().startswith("account_id,account_name,segment")
    assert ScoreReport.model_validate_json(json_file.read_text()) == report
    table = handlers.filter_accounts(report, "critical", accounts_view.ALL_TIERS)
    assert set(table.data["Band"]) == {"critical"}


# The page and the server


def test_page_says_which_model_is_in_use(settings: Settings, tmp_path: Path) -> None:
    assert "Model: **offline**" in model_line(settings)
    configured = load_settings(
        data_dir=tmp_path, openai_api_key="sk-secret", openai_base_url=None
    )
    line = model_line(configured)
    assert "gpt-4o-mini at https://api.openai.com/v1" in line
    assert "sk-secret" not in line


def test_browser_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    first = browser_secret(tmp_path)
    assert browser_secret(tmp_path) == first
    assert len(first) >= 32
    assert (tmp_path / "browser-state.key").stat().st_mode & 0o777 == 0o600


def test_build_app_lays_out_the_four_tabs(consultant: Consultant) -> None:
    app = build_app(consultant)
    labels = {
        block.label for block in app.blocks.values() if type(block).__name__ == "Tab"
    }
    expected = {"Talk to the consultant", "Fill in a form", "Your playbook"}
    assert expected | {"Score accounts"} <= labels
    assert set(playbook_view.TAB_LABELS) <= labels


def test_server_serves_the_api_and_the_page(
    settings: Settings, consultant: Consultant
) -> None:
    with TestClient(create_server(settings, consultant)) as client:
        assert client.get("/healthz").json()["model"] == "offline"
        assert client.get("/docs").status_code == 200
        page = client.get("/")
        config = client.get("/config").json()
    assert page.status_code == 200
    assert config["title"] == "cs-playbook: your customer-success consultant"


@pytest.mark.parametrize(
    ("host", "url"),
    [
        pytest.param("127.0.0.1", "http://127.0.0.1:7860", id="loopback"),
        pytest.param("0.0.0.0", "http://127.0.0.1:7860", id="any"),
        pytest.param("::1", "http://[::1]:7860", id="ipv6"),
    ],
)
def test_browser_url_is_one_a_browser_can_open(host: str, url: str) -> None:
    assert browser_url(host, 7860) == url


def test_a_port_in_use_is_reported_with_the_fix() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PlaybookError, match="pass --port"):
            ensure_port_free("127.0.0.1", port)


def test_serve_command_reports_a_busy_port_and_exits_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(
            main,
            ["serve", "--port", port],
            env={"CS_PLAYBOOK_DATA_DIR": str(tmp_path)},
        )
    assert result.exit_code == 2
    assert f"error: cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_command_defaults_to_this_machine_on_7860() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "[default: 127.0.0.1]" in result.output
    assert "[default: 7860;" in result.output
