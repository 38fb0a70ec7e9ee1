"""Render a playbook bundle as one standalone, printable HTML page.

The Markdown document is converted with the ``markdown`` package. Raw HTML
handling is switched off as a second guard behind the escaping in
``markup.py``: any tag that reached the converter would be shown as text.
The stylesheet is inlined; the page fetches nothing (no fonts, scripts or
CDN), so it prints and archives as it is.
"""

from __future__ import annotations

import html
from importlib import resources

import markdown

from agent.bundle import PlaybookBundle
from agent.render.document import markdown_document, title

_EXTENSIONS = ("tables", "sane_lists", "toc")
_TOC_CONFIG = {"toc": {"toc_depth": "2-2", "title": "Contents", "toc_class": "toc"}}


def render_html(bundle: PlaybookBundle) -> str:
    """Return the playbook as a standalone HTML page with inline CSS."""
    body = markdown_to_html(markdown_document(bundle, toc=True))
    return _page(html.escape(title(bundle)), body)


def markdown_to_html(text: str) -> str:
    """Convert Markdown to HTML with raw HTML passed through as plain text."""
    converter = markdown.Markdown(
        extensions=list(_EXTENSIONS), extension_configs=_TOC_CONFIG
    )
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter.convert(text)


def stylesheet() -> str:
    """Return the page's stylesheet."""
    return resources.files("agent.render").joinpath("playbook.css").read_text("utf-8")


def _page(page_title: str, body: str) -> str:
    return "\n".join(
        (
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{page_title}</title>",
            f"<style>\n{stylesheet()}</style>",
            "</head>",
            "<body>",
            f"<main>\n{body}\n</main>",
            "</body>",
            "</html>",
            "",
        )
    )
