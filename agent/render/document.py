"""Render a playbook bundle as a Markdown document a head of CS would forward.

Every string from the bundle is escaped on its way in (see ``markup.py``);
only the literal Markdown written here (headings, table rules, bold labels)
is structure.
"""

from __future__ import annotations

from collections.abc import Callable

from agent.bundle import PlaybookBundle
from agent.calculators.segments import segment_for_acv
from agent.deliverables.voice import format_money, format_pct, plural
from agent.render.markup import bullets, labelled_bullets, md_text, paragraph
from agent.render.sections import (
    capacity_section,
    churn_section,
    expansion_section,
    health_section,
    lifecycle_section,
    metrics_section,
    onboarding_section,
    qbr_section,
)

TOC_MARKER = "[TOC]"
OFFLINE_NOTE = (
    "No language model was used; the words were tailored from your profile by "
    "templates."
)

Section = Callable[[PlaybookBundle], list[str]]
SECTIONS: tuple[tuple[str, Section], ...] = (
    ("1. Customer lifecycle map", lifecycle_section),
    ("2. Health score model", health_section),
    ("3. Onboarding checklist", onboarding_section),
    ("4. QBR template and preparation", qbr_section),
    ("5. Churn intervention playbook", churn_section),
    ("6. Expansion signals and plays", expansion_section),
    ("7. CSM capacity plan", capacity_section),
    ("8. Metrics dashboard", metrics_section),
)


def render_markdown(bundle: PlaybookBundle) -> str:
    """Return the whole playbook as one Markdown document."""
    return markdown_document(bundle, toc=False)


def markdown_document(bundle: PlaybookBundle, *, toc: bool) -> str:
    """Return the document, with a table-of-contents marker when asked."""
    lines = [f"# {md_text(title(bundle))}", "", *paragraph(_intro(bundle))]
    if toc:
        lines += [TOC_MARKER, ""]
    lines += ["## At a glance", "", *labelled_bullets(at_a_glance(bundle))]
    for heading, section in SECTIONS:
        lines += [f"## {heading}", "", *section(bundle)]
    lines += _closing(bundle)
    return "\n".join(lines).rstrip() + "\n"


def title(bundle: PlaybookBundle) -> str:
    """Return the title: company and product, once if they are the same."""
    company = bundle.profile.company.name
    product = bundle.profile.product.name
    if company and company.strip() != product.strip():
        return f"Customer-success playbook: {company} — {product}"
    return f"Customer-success playbook: {product}"


def _intro(bundle: PlaybookBundle) -> str:
    return (
        f"An operating playbook for customer success at "
        f"{bundle.profile.company_name}, generated {bundle.meta.generated_at[:10]}. "
        "Every figure comes from the calculators; the words are tailored to "
        "your product and team."
    )


def at_a_glance(bundle: PlaybookBundle) -> list[tuple[str, str]]:
    """Return the short facts a reader needs before the deliverables."""
    profile, plan = bundle.profile, bundle.capacity_plan
    company, currency = profile.company, profile.company.currency
    return [
        ("Stage", company.stage.label),
        ("ARR", format_money(company.arr, currency)),
        ("Customers", str(company.customers)),
        ("ACV", _acv(profile.acv, currency)),
        ("CS team", _team(company.cs_team_size)),
        ("Primary segment", _primary_segment(profile.acv)),
        ("Hiring gap", _hiring_gap(plan.hiring_gap_lean, plan.hiring_gap_rich)),
        ("QBR", _qbr_status(bundle)),
    ]


def _acv(acv: float | None, currency: str) -> str:
    return "no customers yet" if acv is None else format_money(acv, currency)


def _team(size: int) -> str:
    if size == 0:
        return "no CS team yet (founder-led CS)"
    return plural(size, "CSM")


def _primary_segment(acv: float | None) -> str:
    if acv is None:
        return "none yet (no customers)"
    return f"{segment_for_acv(acv).label} (by ACV)"


def _hiring_gap(lean: int, rich: int) -> str:
    if lean == rich == 0:
        return "none"
    if lean == rich:
        return plural(lean, "CSM")
    return f"{lean} (lean) to {plural(rich, 'CSM')} (rich)"


def _qbr_status(bundle: PlaybookBundle) -> str:
    roi = bundle.qbr.roi
    if roi.ready and roi.roi_pct is not None:
        return f"ready to present, ROI {format_pct(roi.roi_pct)}"
    return "not ready to present: the ROI inputs are missing"


def _closing(bundle: PlaybookBundle) -> list[str]:
    meta = bundle.meta
    lines = ["## Warnings", "", *bullets(meta.warnings or ["No warnings."])]
    assumptions = meta.assumptions or ["No assumptions were needed."]
    lines += ["## Assumptions", "", *bullets(assumptions)]
    lines += ["## How this playbook was made", "", *paragraph(_made_by(meta.model))]
    return lines + paragraph(f"cs-playbook {meta.version}, {meta.generated_at}.")


def _made_by(model: str) -> str:
    if model == "offline":
        return OFFLINE_NOTE
    return (
        f"A language model ({model}) rewrote the wording; every figure comes "
        "from the calculators and was checked after the rewrite."
    )
