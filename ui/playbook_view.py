"""What the page shows of a playbook: the chat, the progress line, the tabs.

Pure functions from the consultant's turns and bundles to text and files,
so the page's content is tested without a browser.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.bundle import PlaybookBundle
from agent.consultant import ProgressEvent, Turn
from agent.engine import DELIVERABLE_NODES
from agent.fileio import atomic_write_text
from agent.render import render_html, render_markdown
from agent.render.document import SECTIONS, at_a_glance, title
from agent.render.markup import labelled_bullets, md_text

logger = logging.getLogger(__name__)

ChatMessage = dict[str, str]

# Each tab's label, in the order of the document's sections.
TAB_LABELS = (
    "Lifecycle",
    "Health score",
    "Onboarding",
    "QBR",
    "Churn",
    "Expansion",
    "Capacity",
    "Metrics",
)
# How each graph node is named in the progress line.
NODE_LABELS = {
    "lifecycle": "lifecycle",
    "scoring": "health score",
    "onboarding": "onboarding",
    "qbr": "QBR",
    "churn": "churn",
    "expansion": "expansion",
    "capacity": "capacity",
}
NO_PLAYBOOK = (
    "No playbook yet. Answer the consultant's questions in **Talk to the "
    "consultant**, or fill in **Fill in a form**, and the eight deliverables "
    "appear here."
)
WORKING = "Working on it…"


@dataclass(frozen=True)
class PlaybookFiles:
    """The playbook written out for download."""

    markdown: Path
    json: Path
    html: Path


def deliverable_tabs(bundle: PlaybookBundle | None) -> list[str]:
    """Return one Markdown document per deliverable, in the tabs' order."""
    if bundle is None:
        return ["" for _ in SECTIONS]
    return [
        "\n".join([f"## {heading}", "", *section(bundle)]).rstrip() + "\n"
        for heading, section in SECTIONS
    ]


def overview(bundle: PlaybookBundle | None) -> str:
    """Return the title, the facts at a glance and any warnings."""
    if bundle is None:
        return NO_PLAYBOOK
    lines = [f"## {md_text(title(bundle))}", ""]
    lines += labelled_bullets(at_a_glance(bundle))
    if bundle.meta.warnings:
        lines += ["**Warnings**", ""]
        lines += [f"- {md_text(warning)}" for warning in bundle.meta.warnings]
    return "\n".join(lines).rstrip() + "\n"


def progress_line(events: list[ProgressEvent]) -> str:
    """Return 'Building: lifecycle ✓, QBR …' for the nodes that have started."""
    status: dict[str, str] = {}
    for event in events:
        node, kind = str(event.get("node", "")), event.get("event")
        if kind == "started":
            status.setdefault(node, "…")
        elif kind in ("finished", "fell_back"):
            status[node] = "✓"
    if not status:
        return WORKING
    order = [node.name for node in DELIVERABLE_NODES if node.name in status]
    parts = [f"{NODE_LABELS.get(name, name)} {status[name]}" for name in order]
    done = sum(1 for mark in status.values() if mark == "✓")
    return f"Building: {', '.join(parts)} ({done} of {len(status)} done)"


def conversation(turn: Turn, shown: list[ChatMessage]) -> list[ChatMessage]:
    """Return the chat as the checkpoint holds it, ending with the reply.

    A finished thread's turn carries no state; then the reply is added to
    what the page already shows.
    """
    messages = turn.state.get("messages")
    history = (
        [_message(m) for m in messages] if isinstance(messages, list) else list(shown)
    )
    last = history[-1] if history else None
    reply_is_new = turn.reply and (
        last is None or last != {"role": "assistant", "content": turn.reply}
    )
    if reply_is_new:
        history.append({"role": "assistant", "content": turn.reply})
    return history


def _message(message: Any) -> ChatMessage:
    return {"role": str(message["role"]), "content": str(message["content"])}


def write_playbook_files(bundle: PlaybookBundle, folder: Path) -> PlaybookFiles:
    """Write the playbook as Markdown, JSON and HTML into folder."""
    stem = f"{slug(bundle.profile.company_name)}-playbook"
    files = PlaybookFiles(
        markdown=folder / f"{stem}.md",
        json=folder / f"{stem}.json",
        html=folder / f"{stem}.html",
    )
    atomic_write_text(files.markdown, render_markdown(bundle))
    atomic_write_text(files.json, bundle.model_dump_json(indent=2) + "\n")
    atomic_write_text(files.html, render_html(bundle))
    logger.info("wrote playbook files for %s to %s", stem, folder)
    return files


def slug(name: str) -> str:
    """Return a file-name-safe form of a name: 'Acme Analytics' -> 'acme-analytics'."""
    words = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return words[:60].rstrip("-") or "cs"
