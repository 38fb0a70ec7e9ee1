"""The Markdown document and the printable HTML page made from a bundle."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from agent.bundle import PlaybookBundle
from agent.engine import build_bundle
from agent.profile import parse_profile
from agent.render import render_html, render_markdown
from agent.render.markup import md_inline, md_text
from tests.fakes import profile_data

GENERATED_AT = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)

SECTIONS = (
    "## 1. Customer lifecycle map",
    "## 2. Health score model",
    "## 3. Onboarding checklist",
    "## 4. QBR template and preparation",
    "## 5. Churn intervention playbook",
    "## 6. Expansion signals and plays",
    "## 7. CSM capacity plan",
    "## 8. Metrics dashboard",
)


def with_product(product: dict[str, Any], **company: Any) -> dict[str, Any]:
    """Return the sample profile with another product and company fields."""
    return profile_data(**company) | {"product": product}


def bundle_for(data: dict[str, Any]) -> PlaybookBundle:
    return build_bundle(parse_profile(data), generated_at=GENERATED_AT)


@pytest.fixture(scope="module")
def cartograph() -> PlaybookBundle:
    return bundle_for(profile_data())


@pytest.fixture(scope="module")
def hostile() -> PlaybookBundle:
    product = {
        "name": "<script>alert(1)</script>",
        "description": "<img src=x onerror=alert(2)>",
        "features": ["route | optimiser", "dispatch board"],
        "integrations": ["<iframe src=//evil.example>"],
        "persona": "**admins**",
    }
    reasons = ["[free money](javascript:alert(3))", "<b>too expensive</b>"]
    return bundle_for(with_product(product, churn_reasons=reasons))


class _Elements(HTMLParser):
    """Collect the tags and attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.tags


def test_markdown_has_all_eight_sections_in_order(cartograph: PlaybookBundle) -> None:
    document = render_markdown(cartograph)
    positions = [document.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert document.startswith(
        "# Customer-success playbook: Cartograph — Cartograph Routes\n"
    )


def test_at_a_glance_shows_the_company_in_its_currency(
    cartograph: PlaybookBundle,
) -> None:
    document = render_markdown(cartograph)
    glance = document[document.index("## At a glance") : document.index(SECTIONS[0])]
    assert "- **ARR:** $4,200,000" in glance
    assert "- **ACV:** $44,000" in glance
    assert "- **Stage:** Series A" in glance
    assert "- **CS team:** 2 CSMs" in glance
    assert "- **Primary segment:** Mid-market (by ACV)" in glance
    assert "- **Hiring gap:** 1 (lean) to 2 CSMs (rich)" in glance  # 95 mid-market: 3-4


def test_money_uses_the_profile_currency() -> None:
    data = profile_data(currency="EUR")
    document = render_markdown(bundle_for(data))
    assert "- **ARR:** 4,200,000 EUR" in document
    assert "$4,200,000" not in document


def test_the_qbr_section_tables_the_agenda_with_its_total(
    cartograph: PlaybookBundle,
) -> None:
    document = render_markdown(cartograph)
    assert "| 1 | Results recap with ROI figures | 10 |" in document
    assert "| 4 | The customer's priorities and business changes | 15 |" in document
    assert "|  | Total | 45 |  |" in document
    assert "**ROI figure missing.**" in document


def test_a_ready_qbr_shows_its_roi_arithmetic() -> None:
    data = profile_data()
    data["roi"] = {"value_delivered": "$180k", "annual_cost": "$44k"}
    document = render_markdown(bundle_for(data))
    assert "309.1 % = ($180,000 − $44,000) / $44,000 × 100" in document
    assert "- **QBR:** ready to present, ROI 309.1 %" in document


def test_churn_reasons_appear_in_the_users_words(cartograph: PlaybookBundle) -> None:
    document = render_markdown(cartograph)
    assert "**“they never finished setup”** (onboarding)" in document


def test_offline_bundle_says_no_language_model_was_used(
    cartograph: PlaybookBundle,
) -> None:
    document = render_markdown(cartograph)
    assert (
        "No language model was used; the words were tailored from your profile "
        "by templates." in document
    )


def test_a_model_rewrite_is_declared() -> None:
    bundle = bundle_for(profile_data())
    meta = bundle.meta.model_copy(update={"model": "claude-test"})
    document = render_markdown(bundle.model_copy(update={"meta": meta}))
    assert "A language model (claude-test) rewrote the wording" in document
    assert "No language model was used" not in document


def test_a_minimal_profile_renders_without_none() -> None:
    data = with_product({"name": "Widget"}, name=None, churn_reasons=[])
    document = render_markdown(bundle_for(data))
    assert "None" not in document
    assert "null" not in document
    assert document.startswith("# Customer-success playbook: Widget\n")


def test_a_pre_revenue_profile_renders_without_none() -> None:
    data = with_product(
        {"name": "Widget"}, arr=0, customers=0, acv=None, cs_team_size=0
    )
    document = render_markdown(bundle_for(data))
    assert "None" not in document
    assert "- **ACV:** no customers yet" in document
    assert "No accounts yet" in document


def test_a_script_in_the_product_name_stays_text(hostile: PlaybookBundle) -> None:
    page = render_html(hostile)
    tags = {tag for tag, _ in elements(page)}
    assert not tags & {"script", "img", "iframe", "b"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Customer-success playbook: Cartograph — &lt;script&gt;" in page


def test_a_markdown_link_in_a_churn_reason_is_not_a_link(
    hostile: PlaybookBundle,
) -> None:
    page = render_html(hostile)
    hrefs = [attrs.get("href") or "" for tag, attrs in elements(page) if tag == "a"]
    assert hrefs
    assert all(href.startswith("#") for href in hrefs)
    assert "[free money](javascript:alert(3))" in page


def test_markdown_of_hostile_text_carries_no_raw_tags(hostile: PlaybookBundle) -> None:
    document = render_markdown(hostile)
    assert not re.search(r"<(script|img|iframe|b)\b", document)
    assert "\\*\\*admins\\*\\*" in document


def test_a_pipe_in_a_feature_keeps_the_table_columns(hostile: PlaybookBundle) -> None:
    page = render_html(hostile)
    agenda_row = next(
        row
        for row in page.split("<tr>")
        if "Usage insights and under-used features" in row
    )
    assert agenda_row.count("<td>") == 4
    assert "route | optimiser" in agenda_row


def test_the_html_page_is_standalone_and_printable(cartograph: PlaybookBundle) -> None:
    page = render_html(cartograph)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert "@media print" in page
    assert not re.search(r"https?://", page)
    assert not any(tag in ("script", "link") for tag, _ in elements(page))
    headings = [tag for tag, _ in elements(page) if tag == "h2"]
    assert len(headings) >= len(SECTIONS)
    assert "<table>" in page


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        pytest.param("a | b", "a \\| b", id="pipe"),
        pytest.param("<b>x</b>", "&lt;b>x&lt;/b>", id="tag"),
        pytest.param("< 14 d SMB", "< 14 d SMB", id="less-than-stays-readable"),
        pytest.param("feature_breadth", "feature_breadth", id="inner-underscore"),
        pytest.param("[x](y)", "\\[x\\](y)", id="link"),
        pytest.param("line\nbreak", "line break", id="newline"),
    ],
)
def test_md_inline_escapes_only_what_markdown_would_act_on(
    text: str, escaped: str
) -> None:
    assert md_inline(text) == escaped


def test_md_text_stops_a_line_from_starting_a_block() -> None:
    assert md_text("# not a heading") == "\\# not a heading"
    assert md_text("> 110 %") == "\\> 110 %"
    assert md_text("1. not a list") == "1\\. not a list"
    assert md_text("2.4 CSMs") == "2.4 CSMs"
