"""The web page at "/": a consultation by chat or form, the playbook, accounts.

Each browser keeps its conversation's thread id in its own storage
(`gr.BrowserState`), encrypted with a key kept in the data folder, so a
reload or a restarted server carries on from the checkpointed thread.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from agent.accounts.sheets import DELIMITED, EXCEL, PARQUET
from agent.consultant import Consultant
from agent.fileio import atomic_write_text
from agent.settings import Settings
from ui import accounts_view, form, playbook_view
from ui.handlers import PLAYBOOK_TAB, Handlers, table_frame

logger = logging.getLogger(__name__)

THREAD_STORAGE_KEY = "cs-playbook-thread"
SECRET_FILE = "browser-state.key"
SYSTEM_FONTS = (
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
)
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")
CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto; }
#model-line { color: var(--body-text-color-subdued); font-size: 0.9em; }
#chat button[aria-label="Clear"] { display: none; }
.deliverable table { width: 100%; }
.deliverable th, .deliverable td { word-break: normal; overflow-wrap: normal; }
"""


def theme() -> gr.themes.Base:
    """Return the page's theme: system fonts, so no font is fetched from outside."""
    return gr.themes.Default(
        primary_hue="teal", font=list(SYSTEM_FONTS), font_mono=list(MONO_FONTS)
    )


def model_line(settings: Settings) -> str:
    """Say which model writes the words, or that the page runs offline."""
    if not settings.model_configured:
        return (
            "Model: **offline**. No language model is used: the words are "
            "tailored from your profile by templates. Every figure is computed "
            "by the calculators."
        )
    return (
        f"Model: **{settings.describe()}** rewrites the wording. Every figure is "
        "computed by the calculators and checked after the rewrite."
    )


def browser_secret(data_dir: Path) -> str:
    """Return the key that encrypts thread ids in browsers; made once, then kept."""
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    secret = secrets.token_urlsafe(32)
    atomic_write_text(path, secret + "\n")
    path.chmod(0o600)
    logger.info("made a new browser-state key in %s", path)
    return secret


@dataclass
class PlaybookPanel:
    """The playbook tab's components, in the order `playbook_values` fills."""

    overview: gr.Markdown
    documents: list[gr.Markdown]
    downloads: list[gr.DownloadButton]

    @property
    def outputs(self) -> list[Any]:
        return [self.overview, *self.documents, *self.downloads]


def build_app(consultant: Consultant) -> gr.Blocks:
    """Return the page: chat, form, playbook and accounts tabs."""
    settings = consultant.settings
    files_root = Path(tempfile.mkdtemp(prefix="cs-playbook-ui-"))
    handlers = Handlers(consultant, files_root)
    app = gr.Blocks(
        title="cs-playbook: your customer-success consultant",
        # Drop gradio's copies of downloads and uploads after a day.
        delete_cache=(3600, 86400),
    )
    with app:
        thread = gr.BrowserState(
            None,
            storage_key=THREAD_STORAGE_KEY,
            secret=browser_secret(settings.data_dir),
        )
        _header(settings)
        with gr.Tabs() as tabs:
            with gr.Tab("Talk to the consultant", id="chat"):
                chat = _chat_tab()
            with gr.Tab("Fill in a form", id="form"):
                fields, build_button, status = _form_tab()
            with gr.Tab("Your playbook", id=PLAYBOOK_TAB):
                panel = _playbook_tab()
            with gr.Tab("Score accounts", id="accounts"):
                accounts = _accounts_tab()
        page = [*panel.outputs, chat.read_button]
        app.load(handlers.open_thread, [thread], [thread, chat.chatbot, *page])
        chat.start_over.click(handlers.start_over, None, [thread, chat.chatbot, *page])
        send_inputs = [chat.message, chat.chatbot, thread]
        send_outputs = [chat.chatbot, chat.message, thread, *page]
        chat.message.submit(handlers.send, send_inputs, send_outputs)
        chat.send.click(handlers.send, send_inputs, send_outputs)
        chat.read_button.click(lambda: gr.Tabs(selected=PLAYBOOK_TAB), None, tabs)
        build_button.click(handlers.build_from_form, fields, [status, tabs, *page])
        _wire_accounts(handlers, accounts)
    return app


def _header(settings: Settings) -> None:
    gr.Markdown(
        "# cs-playbook\n"
        "**Your customer-success consultant.** Tell it about your company and "
        "product, and it writes an eight-part CS operating playbook for your "
        "team. Upload an account export, and it scores every account with the "
        "playbook's health model."
    )
    gr.Markdown(model_line(settings), elem_id="model-line")


@dataclass
class ChatTab:
    chatbot: gr.Chatbot
    message: gr.Textbox
    send: gr.Button
    start_over: gr.Button
    read_button: gr.Button


def _chat_tab() -> ChatTab:
    chatbot = gr.Chatbot(
        label="Consultation",
        height=480,
        latex_delimiters=[],
        elem_id="chat",
        buttons=["copy"],
    )
    with gr.Row():
        message = gr.Textbox(
            show_label=False,
            placeholder="Type your answer and press Enter",
            scale=8,
            elem_id="chat-input",
            autofocus=True,
        )
        send = gr.Button("Send", variant="primary", scale=1, elem_id="chat-send")
    with gr.Row():
        read_button = gr.Button(
            "Read your playbook",
            variant="primary",
            visible=False,
            elem_id="read-playbook",
        )
        start_over = gr.Button("Start over", variant="secondary", elem_id="start-over")
    gr.Markdown(
        "Your answers are saved as you go: reload the page or come back later "
        "and the conversation carries on. *Start over* begins a new one."
    )
    return ChatTab(chatbot, message, send, start_over, read_button)


def _form_tab() -> tuple[list[Any], gr.Button, gr.Markdown]:
    gr.Markdown(
        "Rather fill in fields than chat? The form builds the same playbook. "
        "Fields marked * are required. Amounts may be written as 4200000, "
        "$4.2M, 4.2 million or 800k."
    )
    company, product = form.COMPANY_FIELDS, form.PRODUCT_FIELDS
    with gr.Row():
        with gr.Column():
            gr.Markdown("### Your company")
            company_fields = _company_fields(company)
        with gr.Column():
            gr.Markdown("### Your product")
            product_fields = _product_fields(product)
    with gr.Accordion("Optional: segment mix and a QBR reference account", open=False):
        extra_fields = _optional_fields()
    build_button = gr.Button(
        "Build my playbook", variant="primary", elem_id="form-build"
    )
    status = gr.Markdown(elem_id="form-status")
    return [*company_fields, *product_fields, *extra_fields], build_button, status


def _company_fields(labels: dict[str, str]) -> list[Any]:
    # Counts are text boxes too: a number box shows 0 when left empty, and
    # 0 customers or 0 CSMs are real answers, not blanks.
    return [
        gr.Textbox(label=labels["name"], placeholder="Acme Analytics"),
        gr.Dropdown(form.STAGE_CHOICES, label=labels["stage"] + " *", value=None),
        gr.Textbox(label=labels["arr"] + " *", placeholder="$4.8M"),
        gr.Textbox(label=labels["customers"] + " *", placeholder="120"),
        gr.Textbox(label=labels["acv"], placeholder="optional: ARR / customers"),
        gr.Textbox(
            label=labels["cs_team_size"] + " *",
            placeholder="3, or 0 if the founders do CS",
        ),
        gr.Textbox(
            label=labels["churn_reasons"],
            lines=3,
            placeholder="One reason per line, in your words",
        ),
    ]


def _product_fields(labels: dict[str, str]) -> list[Any]:
    return [
        gr.Textbox(label=labels["name"] + " *", placeholder="Acme Insights"),
        gr.Textbox(label=labels["description"], lines=2),
        gr.Textbox(label=labels["category"], placeholder="product analytics platform"),
        gr.Textbox(label=labels["features"], placeholder="funnels, cohorts, alerts"),
        gr.Textbox(label=labels["integrations"], placeholder="Snowflake, HubSpot"),
        gr.Textbox(label=labels["persona"], placeholder="product managers"),
    ]


def _optional_fields() -> list[Any]:
    gr.Markdown(
        "How many accounts in each segment (without it, every customer is placed "
        "in the segment of your average ACV), and one reference account's figures "
        "for the QBR's ROI slide."
    )
    with gr.Row():
        mix = [gr.Textbox(label=label) for label in form.MIX_FIELDS.values()]
    with gr.Row():
        roi = [gr.Textbox(label=label) for label in form.ROI_FIELDS.values()]
    return [*mix, *roi]


def _playbook_tab() -> PlaybookPanel:
    overview = gr.Markdown(playbook_view.NO_PLAYBOOK, elem_id="playbook-overview")
    with gr.Row():
        downloads = [
            gr.DownloadButton(label, visible=False, size="sm", elem_id=elem)
            for label, elem in (
                ("Download Markdown", "download-md"),
                ("Download JSON", "download-json"),
                ("Download HTML", "download-html"),
            )
        ]
    documents = []
    with gr.Tabs():
        for label in playbook_view.TAB_LABELS:
            with gr.Tab(label):
                documents.append(
                    gr.Markdown(latex_delimiters=[], elem_classes="deliverable")
                )
    return PlaybookPanel(overview, documents, downloads)


@dataclass
class AccountsTab:
    upload: gr.File
    report: gr.State
    message: gr.Markdown
    band: gr.Dropdown
    tier: gr.Dropdown
    table: gr.Dataframe
    score_chart: gr.BarPlot
    risk_chart: gr.BarPlot
    downloads: list[gr.DownloadButton]

    @property
    def outputs(self) -> list[Any]:
        return [
            self.report,
            self.message,
            self.band,
            self.tier,
            self.table,
            self.score_chart,
            self.risk_chart,
            *self.downloads,
        ]


def _accounts_tab() -> AccountsTab:
    upload = gr.File(
        label="Account export",
        file_types=list(DELIMITED + EXCEL + PARQUET),
        type="filepath",
        elem_id="accounts-upload",
    )
    report = gr.State(None)
    message = gr.Markdown(accounts_view.NO_FILE, elem_id="accounts-message")
    score_chart, risk_chart = _accounts_charts()
    band, tier = _accounts_filters()
    table = gr.Dataframe(
        table_frame([]),
        datatype=accounts_view.TABLE_TYPES,
        interactive=False,
        column_widths=accounts_view.COLUMN_WIDTHS,
        max_height=560,
        label="Scored accounts: sort or filter a column from its ⋮ menu",
        show_search="search",
        elem_id="accounts-table",
    )
    with gr.Row():
        downloads = [
            gr.DownloadButton(label, visible=False, size="sm", elem_id=elem)
            for label, elem in (
                ("Download CSV", "download-scores-csv"),
                ("Download JSON", "download-scores-json"),
            )
        ]
    return AccountsTab(
        upload, report, message, band, tier, table, score_chart, risk_chart, downloads
    )


def _accounts_charts() -> tuple[gr.BarPlot, gr.BarPlot]:
    """The score distribution by band and the ARR at risk per churn tier."""
    with gr.Row():
        score_chart = gr.BarPlot(
            x="score",
            y="accounts",
            color="band",
            color_map=accounts_view.BAND_COLOURS,
            color_title="Band",
            title="Accounts by health score",
            x_title="Health score",
            y_title="Accounts",
            sort="x",
        )
        risk_chart = gr.BarPlot(
            x="tier",
            y="arr",
            title="ARR at risk by churn tier",
            x_title="Churn tier",
            y_title="ARR",
            color="tier",
            color_map=accounts_view.TIER_COLOURS,
            color_title="Churn tier",
            y_lim=[0, None],
            sort="x",
        )
    return score_chart, risk_chart


def _accounts_filters() -> tuple[gr.Dropdown, gr.Dropdown]:
    """Dropdowns that narrow the scored table to a band and a churn tier."""
    with gr.Row():
        band = gr.Dropdown(
            accounts_view.band_choices(None),
            value=accounts_view.ALL_BANDS,
            label="Band",
            elem_id="band-filter",
        )
        tier = gr.Dropdown(
            accounts_view.tier_choices(),
            value=accounts_view.ALL_TIERS,
            label="Churn tier",
            elem_id="tier-filter",
        )
    return band, tier


def _wire_accounts(handlers: Handlers, tab: AccountsTab) -> None:
    tab.upload.upload(handlers.score_file, tab.upload, tab.outputs)
    tab.upload.clear(handlers.score_file, tab.upload, tab.outputs)
    filters = [tab.report, tab.band, tab.tier]
    tab.band.input(handlers.filter_accounts, filters, tab.table)
    tab.tier.input(handlers.filter_accounts, filters, tab.table)
