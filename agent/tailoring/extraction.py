"""Profile fields read by a model from a user's free-text answer, then checked.

The model only reads: every number it returns must be one the answer states
(or 0, for "no CS team yet"), and no field may leak the prompt or a secret.
Anything else fails the whole extraction, and the caller falls back on its
deterministic parser.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.tailoring.checks import LeakGuard
from agent.tailoring.numbers import extract_numbers, is_allowed

NUMERIC_FIELDS = ("arr", "customers", "acv", "cs_team_size")


class ProfileExtraction(BaseModel):
    """Profile fields a user's answer states; null for everything it does not."""

    stage: str | None = None
    arr: float | str | None = None
    customers: int | str | None = None
    acv: float | str | None = None
    cs_team_size: int | str | None = None
    churn_reasons: list[str] | None = None
    product_name: str | None = None
    product_description: str | None = None
    product_category: str | None = None
    features: list[str] | None = None
    integrations: list[str] | None = None
    persona: str | None = None


def extraction_result(
    extraction: ProfileExtraction, answer: str, guard: LeakGuard
) -> tuple[dict[str, Any], str | None]:
    """Return the stated fields and, when they cannot be trusted, why not."""
    fields = _stated(extraction)
    stated = [n.value for n in extract_numbers(answer)] + [0.0]
    for name in NUMERIC_FIELDS:
        if name in fields and (problem := _number_problem(name, fields[name], stated)):
            return {}, problem
    for name, value in fields.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (problem := guard.problem(text, name)):
                return {}, problem
    return fields, None


def _stated(extraction: ProfileExtraction) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in extraction.model_dump().items():
        if isinstance(value, str):
            value = value.strip() or None
        elif isinstance(value, list):
            value = [item.strip() for item in value if item.strip()] or None
        if value is not None:
            fields[name] = value
    return fields


def _number_problem(name: str, value: object, stated: list[float]) -> str | None:
    if isinstance(value, str):
        numbers = extract_numbers(value)
        if not numbers:
            return f"{name} {value!r} holds no number"
        values = [n.value for n in numbers]
    elif isinstance(value, int | float):
        values = [float(value)]
    else:
        return f"{name} is not a number"
    for figure in values:
        if not is_allowed(figure, stated):
            return f"{name} {figure:g} is not a number the answer states"
    return None
