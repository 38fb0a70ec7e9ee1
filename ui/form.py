"""The profile form: its fields, turned into a profile, and its errors in words.

The form hands `parse_profile` the same mapping a profile file holds, so the
form, the chat and the command line check the inputs by the same rules.
"""

from __future__ import annotations

import re
from typing import Any

from agent.domain import Segment, Stage
from agent.profile import CompanyProfile, ProfileError, parse_profile
from agent.render.markup import md_inline, md_text

# Field name -> the label the form shows; the order is the form's order.
COMPANY_FIELDS = {
    "name": "Company name",
    "stage": "Stage",
    "arr": "ARR",
    "customers": "Customers",
    "acv": "ACV",
    "cs_team_size": "CS team size",
    "churn_reasons": "Why customers leave",
}
PRODUCT_FIELDS = {
    "name": "Product name",
    "description": "What it does",
    "category": "Category",
    "features": "Key features",
    "integrations": "Integrations",
    "persona": "Main user",
}
MIX_FIELDS = {segment.value: f"{segment.label} accounts" for segment in Segment}
ROI_FIELDS = {
    "value_delivered": "Value delivered to a reference account this year",
    "annual_cost": "That account's annual cost",
}
FORM_FIELDS = (
    *(f"company.{name}" for name in COMPANY_FIELDS),
    *(f"product.{name}" for name in PRODUCT_FIELDS),
    *(f"company.segment_mix.{name}" for name in MIX_FIELDS),
    *(f"roi.{name}" for name in ROI_FIELDS),
)
LIST_FIELDS = {"product.features", "product.integrations"}
STAGE_CHOICES = [(stage.label, stage.value) for stage in Stage]
_ITEM_SEPARATOR = re.compile(r"[,;\n]")
# A problem line from parse_profile: "company.arr = 'x': why" or "path: why".
_PROBLEM = re.compile(r"(?P<path>[\w.]+)(?P<separator> = |: )(?P<rest>.*)", re.S)


def profile_from_form(values: dict[str, Any]) -> CompanyProfile:
    """Return the profile the form describes; raise ProfileError if it can't."""
    return parse_profile(profile_mapping(values), "form")


def profile_mapping(values: dict[str, Any]) -> dict[str, Any]:
    """Return the profile mapping of the filled fields; blanks are left out."""
    data: dict[str, Any] = {"company": {}, "product": {}}
    for path, value in values.items():
        cleaned = _cleaned(path, value)
        if cleaned is not None:
            _put(data, path.split("."), cleaned)
    return data


def _cleaned(path: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if path == "company.churn_reasons":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if path in LIST_FIELDS:
        return [item.strip() for item in _ITEM_SEPARATOR.split(text) if item.strip()]
    return text


def _put(data: dict[str, Any], keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def field_label(path: str) -> str:
    """Return the form's label for a profile field path such as 'company.arr'."""
    parts = path.split(".")
    if parts[:2] == ["company", "segment_mix"] and len(parts) == 3:
        return MIX_FIELDS.get(parts[2], path)
    tables = {"company": COMPANY_FIELDS, "product": PRODUCT_FIELDS, "roi": ROI_FIELDS}
    if len(parts) >= 2 and parts[0] in tables:
        label = tables[parts[0]].get(parts[1], path)
        return f"{label} (item {int(parts[2]) + 1})" if _is_index(parts) else label
    return path


def _is_index(parts: list[str]) -> bool:
    return len(parts) == 3 and parts[2].isdigit()


def problems_markdown(error: ProfileError) -> str:
    """Return each problem led by the form label it belongs to."""
    lines = [
        f"**The playbook can't be built yet: {_count(error.problems)} to fix.**",
        "",
    ]
    lines += [f"- {_problem_line(problem)}" for problem in error.problems]
    return "\n".join(lines) + "\n"


def _count(problems: list[str]) -> str:
    return "1 thing" if len(problems) == 1 else f"{len(problems)} things"


def _problem_line(problem: str) -> str:
    match = _PROBLEM.match(problem)
    if match is None:
        return md_text(problem)
    label = field_label(match["path"])
    if match["rest"].startswith("required but missing"):
        return f"**{label}:** required; please fill it in."
    if match["separator"] == ": ":
        return f"**{label}:** {md_inline(match['rest'])}"
    return f"**{label}** = {md_inline(match['rest'])}"
