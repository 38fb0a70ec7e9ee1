"""The real page in Chromium: interview, playbook tabs, download, accounts, form.

The server runs offline in a thread of the test process, so the network
guard watches it too; the browser's own requests are recorded and must all
go to the loopback interface. Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, expect, sync_playwright

from agent.consultant import Consultant
from agent.settings import Settings, load_settings
from tests.netguard import is_loopback
from ui.server import create_server

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
]
ANSWERS = [
    "Cartograph Routes - route planning for field-service teams",
    "we're Series A, about $4.2M ARR across 95 customers",
    "2 CSMs",
    "skip",
    "they never finished setup; lost our champion",
    "skip",
    "yes",
]
STARTUP_S = 30.0

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM}; install Debian's chromium package",
)


class PageServer:
    """The web server on a loopback port, in a thread; restartable on that port."""

    def __init__(self, settings: Settings, port: int) -> None:
        self.settings = settings
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self._consultant: Consultant | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._consultant = Consultant(self.settings)
        app = create_server(self.settings, self._consultant)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            # The page keeps an event stream open; don't wait for it to end.
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_S
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=STARTUP_S)
        if self._consultant is not None:
            self._consultant.close()
        self._server = self._thread = self._consultant = None

    def restart(self) -> None:
        self.stop()
        self.start()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PageServer]:
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    settings = load_settings(
        data_dir=data_dir, openai_api_key=None, openai_base_url=None
    )
    assert not settings.model_configured
    page_server = PageServer(settings, free_port())
    page_server.start()
    yield page_server
    page_server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page in a fresh browser profile, with every request it made."""

    page: Page
    requests: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not _loopback_url(url)]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return is_loopback(parts.hostname)


@pytest.fixture
def visit(browser: Browser, server: PageServer) -> Iterator[Visit]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    seen = Visit(context.new_page())

    def record(request: Request) -> None:
        seen.requests.append(request.url)

    context.on("request", record)
    seen.page.goto(server.url)
    yield seen
    context.close()


def chat_messages(page: Page, role: str) -> list[str]:
    # The text content, not the rendered text: it is the same whether the
    # chat's tab is showing or not.
    texts = page.locator(f'#chat [data-testid="{role}"]').all_text_contents()
    return [" ".join(text.split()) for text in texts]


def answer(page: Page, text: str) -> None:
    """Send one chat message and wait until the consultant has replied."""
    sent = len(chat_messages(page, "user"))
    page.locator("#chat-input textarea").fill(text)
    page.locator("#chat-input textarea").press("Enter")
    bots = page.locator('#chat [data-testid="bot"]')
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(sent + 1)
    expect(bots.last).not_to_have_text("Working on it…")
    expect(bots.last).not_to_contain_text("Building: ")


def test_interview_builds_the_playbook_and_survives_a_restart(
    visit: Visit, server: PageServer
) -> None:
    page = visit.page
    expect(page.locator("#model-line")).to_contain_text("offline")
    expect(page.locator('#chat [data-testid="bot"]')).to_contain_text(
        "What's your product called"
    )
    for text in ANSWERS:
        answer(page, text)
    expect(page.locator('#chat [data-testid="bot"]').last).to_contain_text(
        "Your playbook for Cartograph Routes is ready"
    )
    visit.screenshot("chat")

    page.locator("#read-playbook").click()
    expect(page.locator("#playbook-overview")).to_contain_text(
        "Customer-success playbook: Cartograph Routes"
    )
    page.get_by_role("tab", name="Capacity").click()
    expect(page.get_by_role("heading", name="7. CSM capacity plan")).to_be_visible()
    visit.screenshot("playbook")

    with page.expect_download() as download:
        page.locator("#download-md").click()
    assert download.value.suggested_filename == "cartograph-routes-playbook.md"
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Customer-success playbook: Cartograph Routes")
    assert "## 7. CSM capacity plan" in markdown
    assert "- **ARR:** $4,200,000" in markdown

    shown = chat_messages(page, "bot")
    server.restart()
    page.reload()
    expect(page.locator('#chat [data-testid="bot"]')).to_have_count(len(shown))
    assert chat_messages(page, "bot") == shown
    page.get_by_role("tab", name="Your playbook").click()
    expect(page.locator("#playbook-overview")).to_contain_text("Cartograph Routes")
    visit.screenshot("after-restart")
    assert visit.outside_requests() == []


def test_account_export_is_scored_filtered_and_downloadable(visit: Visit) -> None:
    page = visit.page
    page.get_by_role("tab", name="Score accounts").click()
    upload = page.locator("#accounts-upload input[type=file]")
    upload.set_input_files(ROOT / "examples" / "accounts.csv")
    message = page.locator("#accounts-message")
    expect(message).to_contain_text("accounts.csv: 40 accounts, 39 scored")
    expect(message).to_contain_text("NRR: 103.0 %")
    table = page.locator("#accounts-table")
    expect(table.get_by_test_id("cell-0-0")).to_have_text("ACC-1001")
    expect(table.get_by_test_id("cell-0-1")).to_have_text("Northwind Logistics")
    visit.screenshot("accounts")

    page.locator("#band-filter input").click()
    page.get_by_role("option", name="critical", exact=True).click()
    rows = table.locator("[role=row].virtual-row")
    expect(rows).to_have_count(5)
    bands = [table.get_by_test_id(f"cell-{row}-5").inner_text() for row in range(5)]
    assert bands == ["critical"] * 5
    visit.screenshot("accounts-critical")

    with page.expect_download() as download:
        page.locator("#download-scores-csv").click()
    scores = Path(download.value.path()).read_text(encoding="utf-8")
    assert scores.startswith("account_id,account_name,segment,arr,health_score")
    assert len(scores.strip().splitlines()) == 41
    assert visit.outside_requests() == []


def test_form_shows_problems_then_builds_the_playbook(visit: Visit) -> None:
    page = visit.page
    page.get_by_role("tab", name="Fill in a form").click()
    page.get_by_label("ARR *").fill("three million-ish")
    page.locator("#form-build").click()
    status = page.locator("#form-status")
    expect(status).to_contain_text("The playbook can't be built yet")
    expect(status).to_contain_text("ARR = 'three million-ish': is not an amount")
    expect(status).not_to_contain_text("Traceback")
    visit.screenshot("form-problems")

    page.get_by_label("Stage *").click()
    page.get_by_role("option", name="Series A").click()
    page.get_by_label("ARR *").fill("$4.8M")
    page.get_by_label("Customers *").fill("120")
    page.get_by_label("CS team size *").fill("3")
    page.get_by_label("Product name *").fill("Acme Insights")
    page.locator("#form-build").click()
    expect(page.locator("#playbook-overview")).to_contain_text(
        "Customer-success playbook: Acme Insights"
    )
    expect(page.get_by_role("tab", name="Your playbook")).to_have_attribute(
        "aria-selected", "true"
    )
    visit.screenshot("form-playbook")
    assert visit.outside_requests() == []
