"""Check the fields a language model extracted before any of them is used.

A model may return a wrong type, a malformed figure or a name it invented
from the question's example. Each value goes through the same parsers as
typed text; what fails is dropped silently, since the deterministic reading
of the answer still stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from agent.domain import Stage, parse_stage
from agent.errors import InputError
from agent.interview.phrases import read_churn_reasons, split_items
from agent.parsing import parse_count, parse_money

logger = logging.getLogger(__name__)

# Below these a model's figure is a slip (3 for "$3M"), as in typed answers.
_MIN_MONEY = {"arr": 1_000.0, "acv": 100.0}
_MAX_NAME_CHARS = 80
_MAX_TEXT_CHARS = 300
_ALIASES = {
    "product": "product_name",
    "company": "company_name",
    "description": "product_description",
    "category": "product_category",
    "features": "product_features",
    "integrations": "product_integrations",
    "persona": "product_persona",
    "team_size": "cs_team_size",
}


def validate_extracted(extracted: object, answer: str) -> dict[str, Any]:
    """Return the extracted values that pass the parsers, by draft field name.

    Names must appear in the answer, so a name copied from a question's
    example is never taken for the user's. Empty lists and nulls mean "not
    said" and are dropped.
    """
    if not isinstance(extracted, dict):
        return {}
    valid: dict[str, Any] = {}
    for key, raw in extracted.items():
        name = _ALIASES.get(key, key) if isinstance(key, str) else ""
        check = _CHECKS.get(name)
        if check is None or raw is None:
            continue
        value = check(raw, answer)
        if value is None:
            logger.debug("dropped extracted %s", name)
        else:
            valid[name] = value
    return valid


def _stage(raw: object, _: str) -> Stage | None:
    return parse_stage(raw) if isinstance(raw, str) else None


def _money(field: str) -> Callable[[object, str], float | None]:
    def check(raw: object, _: str) -> float | None:
        try:
            amount = parse_money(raw, field)
        except InputError:
            return None
        return None if 0 < amount < _MIN_MONEY[field] else amount

    return check


def _count(field: str) -> Callable[[object, str], int | None]:
    def check(raw: object, _: str) -> int | None:
        try:
            return parse_count(raw, field)
        except InputError:
            return None

    return check


def _name(raw: object, answer: str) -> str | None:
    if not isinstance(raw, str):
        return None
    name = raw.strip()
    if not name or len(name) > _MAX_NAME_CHARS:
        return None
    return name if name.lower() in answer.lower() else None


def _text(raw: object, _: str) -> str | None:
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    return text if 0 < len(text) <= _MAX_TEXT_CHARS else None


def _items(
    split: Callable[[str], list[str]],
) -> Callable[[object, str], list[str] | None]:
    def check(raw: object, _: str) -> list[str] | None:
        items: list[str | None]
        if isinstance(raw, str):
            items = [*split(raw)]
        elif isinstance(raw, list):
            items = [_text(item, "") for item in raw]
        else:
            return None
        kept = [item for item in items if item]
        return kept or None

    return check


_CHECKS: dict[str, Callable[[object, str], Any]] = {
    "stage": _stage,
    "arr": _money("arr"),
    "acv": _money("acv"),
    "customers": _count("customers"),
    "cs_team_size": _count("cs_team_size"),
    "churn_reasons": _items(read_churn_reasons),
    "product_name": _name,
    "company_name": _name,
    "product_description": _text,
    "product_category": _text,
    "product_features": _items(split_items),
    "product_integrations": _items(split_items),
    "product_persona": _text,
}
EXTRACTABLE_FIELDS = tuple(_CHECKS)
