"""Markdown building blocks that escape every piece of text they are given.

Markdown passes raw HTML straight through and turns ``[text](url)`` into a
link, so a product named ``<script>…`` or ``[x](javascript:…)`` would run in
the HTML page. Every piece of text the renderer did not write itself goes
through ``md_inline`` (table cells) or ``md_text`` (the start of a line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Backslash first, so the escapes added for the others are not doubled.
_ESCAPED = ("\\", "`", "*", "[", "]", "|")
# An underscore between two letters or digits ("feature_breadth") is never
# emphasis, so it stays readable; any other underscore is escaped.
_LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# Only "<" followed by a letter, "/", "!" or "?" can open an HTML tag,
# comment or autolink; "< 14 days" stays readable.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
# What turns a line into a heading, quote, list, rule or ordered list.
_BLOCK_START = re.compile(r"^(#|>|=|[+\-](?=\s|-|$)|\d+\.(?=\s|$))")


def md_inline(text: str) -> str:
    """Return text as inert Markdown on one line: shown as written, never run."""
    flat = " ".join(text.split())
    for char in _ESCAPED:
        flat = flat.replace(char, "\\" + char)
    flat = _LOOSE_UNDERSCORE.sub(r"\\_", flat)
    return _TAG_OPEN.sub("&lt;", flat)


def md_text(text: str) -> str:
    """Return inert Markdown that may open a line without starting a block."""
    return _BLOCK_START.sub(_escape_block_start, md_inline(text))


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    if marker.endswith("."):
        return f"{marker[:-1]}\\."
    return f"\\{marker}"


def paragraph(text: str) -> list[str]:
    """Return an escaped paragraph followed by a blank line."""
    return [md_text(text), ""]


def labelled(label: str, text: str) -> list[str]:
    """Return a paragraph led by a bold label of ours, the text escaped."""
    return [f"**{label}** {md_inline(text)}", ""]


def quoted(words: str, note: str) -> list[str]:
    """Return someone's words in bold quotes with a note, both escaped."""
    return [f"**“{md_inline(words)}”** {md_inline(note)}", ""]


def bullets(items: Iterable[str]) -> list[str]:
    """Return an escaped bullet list followed by a blank line."""
    return [f"- {md_text(item)}" for item in items] + [""]


def labelled_bullets(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Return bullets led by bold labels of ours, the values escaped."""
    return [f"- **{label}:** {md_inline(value)}" for label, value in pairs] + [""]


def numbered(items: Iterable[str]) -> list[str]:
    """Return an escaped numbered list followed by a blank line."""
    return [f"{n}. {md_text(item)}" for n, item in enumerate(items, 1)] + [""]


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return an escaped Markdown table followed by a blank line."""
    rule = "|" + "|".join(" --- " for _ in headers) + "|"
    return [_row(headers), rule, *(_row(row) for row in rows), ""]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(md_inline(cell) for cell in cells) + " |"
