"""What the page's events do: open a thread, chat, build from the form, score.

Each handler returns (or, while a build runs, yields) the new values of its
outputs in the order `ui.app` wires them.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeGuard

import gradio as gr
import pandas as pd

from agent.accounts import ScoreReport, read_accounts, score_accounts
from agent.bundle import PlaybookBundle
from agent.calculators.health_model import default_health_model
from agent.consultant import Consultant, OnProgress, Turn, new_thread_id
from agent.errors import AccountFileError, PlaybookError
from agent.profile import CompanyProfile, ProfileError
from agent.render.document import SECTIONS
from ui import accounts_view, form, playbook_view
from ui.progress import Done, run_with_progress

logger = logging.getLogger(__name__)

PLAYBOOK_TAB = "playbook"
# The playbook tab's outputs: overview, one document per deliverable, three
# downloads, and the chat's "Read your playbook" button.
PLAYBOOK_OUTPUTS = 1 + len(SECTIONS) + 3 + 1
_THREAD_ID = re.compile(r"[0-9a-f]{32}")
INTERNAL_PROBLEM = (
    "Something went wrong on our side; your conversation is saved. "
    "Try again, and if it keeps happening, run the server with -v and report it."
)


def playbook_values(bundle: PlaybookBundle | None, folder: Path | None) -> list[Any]:
    """Return the playbook tab's contents: overview, eight documents, downloads."""
    files = (
        playbook_view.write_playbook_files(bundle, folder)
        if bundle is not None and folder is not None
        else None
    )
    paths = [files.markdown, files.json, files.html] if files else [None] * 3
    return [
        playbook_view.overview(bundle),
        *playbook_view.deliverable_tabs(bundle),
        *(gr.DownloadButton(value=path, visible=path is not None) for path in paths),
    ]


def table_frame(rows: list[list[Any]]) -> Any:
    """Return the accounts table, its numbers shown as people read them.

    A pandas Styler changes what is shown, not the values, so sorting a
    column still sorts by number.
    """
    frame = pd.DataFrame(rows, columns=accounts_view.TABLE_HEADERS)
    return frame.style.format({"ARR": "{:,.0f}", "Health score": "{:.1f}"}, na_rep="")


def is_thread_id(value: str | None) -> TypeGuard[str]:
    """True for an id `new_thread_id` could have made; browsers send anything."""
    return value is not None and _THREAD_ID.fullmatch(value) is not None


def chart_frame(records: list[dict[str, Any]]) -> pd.DataFrame | None:
    return pd.DataFrame(records) if records else None


class Handlers:
    """What the page's events do; each returns the new values of its outputs."""

    def __init__(self, consultant: Consultant, files_root: Path) -> None:
        self.consultant = consultant
        self.files_root = files_root
        files_root.mkdir(parents=True, exist_ok=True)
        self.model = default_health_model()

    def _folder(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.files_root))

    def _playbook(self, bundle: PlaybookBundle | None) -> list[Any]:
        folder = self._folder() if bundle is not None else None
        return [*playbook_values(bundle, folder), gr.Button(visible=bool(bundle))]

    def open_thread(self, thread_id: str | None) -> list[Any]:
        """Continue this browser's conversation, or start one."""
        thread = thread_id if is_thread_id(thread_id) else new_thread_id()
        turn = self.consultant.open(thread)
        logger.info("opened thread %s", thread)
        history = playbook_view.conversation(turn, [])
        return [thread, history, *self._playbook(turn.bundle)]

    def start_over(self) -> list[Any]:
        """Start a new conversation in this browser."""
        return self.open_thread(new_thread_id())

    def send(
        self, message: str, history: list[dict[str, Any]], thread_id: str | None
    ) -> Iterator[list[Any]]:
        """Send a chat message; stream the build's progress; show the reply.

        Yields the chat, the cleared input box, the thread id and the
        playbook tab's contents (skipped until a playbook comes back).
        """
        skip_playbook = [gr.skip() for _ in range(PLAYBOOK_OUTPUTS)]
        if not message.strip():
            yield [gr.skip(), gr.skip(), gr.skip(), *skip_playbook]
            return
        thread = self._thread(thread_id)
        shown = [*history, {"role": "user", "content": message}]
        for chat in self._chat_steps(thread, message, shown):
            if isinstance(chat, Turn):
                history_now = playbook_view.conversation(chat, shown)
                yield [history_now, "", thread, *self._changed(chat)]
            else:
                yield [chat, "", thread, *skip_playbook]

    def _thread(self, thread_id: str | None) -> str:
        """Return the browser's thread; a new one if the page lost it."""
        if is_thread_id(thread_id):
            return thread_id
        thread = new_thread_id()
        self.consultant.open(thread)
        return thread

    def _chat_steps(
        self, thread: str, message: str, shown: list[dict[str, Any]]
    ) -> Iterator[list[dict[str, Any]] | Turn]:
        """Yield the chat with a progress line as the build runs, then the turn."""
        yield [*shown, _assistant(playbook_view.WORKING)]
        try:
            for step in run_with_progress(
                lambda report: self.consultant.send(thread, message, on_progress=report)
            ):
                if isinstance(step, Done):
                    yield step.value
                else:
                    yield [*shown, _assistant(playbook_view.progress_line(step))]
        except PlaybookError as exc:
            yield [*shown, _assistant(f"I couldn't use that: {exc}")]
        except Exception:
            logger.exception("chat turn failed on thread %s", thread)
            yield [*shown, _assistant(INTERNAL_PROBLEM)]

    def _changed(self, turn: Turn) -> list[Any]:
        """Return the playbook tab's contents when the turn brought a playbook."""
        if turn.bundle is None:
            return [gr.skip() for _ in range(PLAYBOOK_OUTPUTS)]
        return self._playbook(turn.bundle)

    def build_from_form(self, *values: Any) -> Iterator[list[Any]]:
        """Build the playbook from the form, streaming progress into the status."""
        skip_rest = [gr.skip() for _ in range(PLAYBOOK_OUTPUTS)]
        try:
            profile = form.profile_from_form(
                dict(zip(form.FORM_FIELDS, values, strict=True))
            )
        except ProfileError as exc:
            yield [form.problems_markdown(exc), gr.skip(), *skip_rest]
            return
        yield [playbook_view.WORKING, gr.skip(), *skip_rest]
        bundle: PlaybookBundle | None = None
        for step in run_with_progress(lambda report: self._build(profile, report)):
            if isinstance(step, Done):
                bundle = step.value
            else:
                yield [playbook_view.progress_line(step), gr.skip(), *skip_rest]
        if bundle is None:
            yield [INTERNAL_PROBLEM, gr.skip(), *skip_rest]
            return
        done = (
            f"Built the playbook for {bundle.profile.company_name}: read it in "
            "**Your playbook**."
        )
        yield [done, gr.Tabs(selected=PLAYBOOK_TAB), *self._playbook(bundle)]

    def _build(
        self, profile: CompanyProfile, report: OnProgress
    ) -> PlaybookBundle | None:
        try:
            return self.consultant.build(profile, on_progress=report)
        except Exception:
            logger.exception("form build failed")
            return None

    def score_file(self, upload: str | None) -> list[Any]:
        """Score an uploaded account export; show the table, charts and files."""
        if not upload:
            return self._accounts(None, accounts_view.NO_FILE)
        path = Path(upload)
        try:
            report = score_accounts(read_accounts(path), self.model)
        except AccountFileError as exc:
            return self._accounts(None, accounts_view.problems_markdown(exc, path.name))
        except Exception:
            logger.exception("scoring %s failed", path.name)
            return self._accounts(None, accounts_view.SCORING_FAILED)
        message = accounts_view.summary_markdown(report, path.name)
        return self._accounts(report, message, stem=playbook_view.slug(path.stem))

    def _accounts(
        self, report: ScoreReport | None, message: str, stem: str = ""
    ) -> list[Any]:
        paths: list[Path | None] = [None, None]
        if report is not None:
            paths = list(accounts_view.write_report_files(report, self._folder(), stem))
        return [
            report,
            message,
            gr.Dropdown(
                choices=accounts_view.band_choices(report),
                value=accounts_view.ALL_BANDS,
            ),
            gr.Dropdown(
                choices=accounts_view.tier_choices(), value=accounts_view.ALL_TIERS
            ),
            table_frame(accounts_view.account_rows(report)),
            chart_frame(accounts_view.score_distribution(report, self.model)),
            chart_frame(accounts_view.arr_at_risk(report)),
            *(gr.DownloadButton(value=p, visible=p is not None) for p in paths),
        ]

    def filter_accounts(self, report: ScoreReport | None, band: str, tier: str) -> Any:
        """Show the accounts in the band and tier chosen."""
        return table_frame(accounts_view.account_rows(report, band, tier))


def _assistant(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}
