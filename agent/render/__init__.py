"""Render a playbook bundle as a Markdown document or a printable HTML page."""

from agent.render.document import render_markdown
from agent.render.page import render_html

__all__ = ["render_html", "render_markdown"]
