"""Which words of each deliverable a model may rewrite, and how they go back.

A deliverable's prose fields are listed per model class as paths, where
``*`` stands for any list position. Everything else is structured and is
never sent for rewriting: ids, names and titles, windows and weeks, owners,
key metrics, weights, normalisers, bands, minutes, targets, thresholds,
score ranges, the tier responses and response times the domain fixes, the
user's own churn reasons, and every number. `apply_prose` can only write to
the listed paths, so structured fields stay equal to the engine's by
construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from agent.bundle import (
    CapacityDeliverable,
    ChurnPlaybook,
    Expansion,
    HealthModelDeliverable,
    Lifecycle,
    MetricsDashboard,
    Onboarding,
    Qbr,
)

DeliverableT = TypeVar("DeliverableT", bound=BaseModel)

PROSE_FIELDS: dict[type[BaseModel], tuple[str, ...]] = {
    # Stage names, windows, owners and key metrics are the fixed lifecycle
    # model; who fills each role in this team is decided by the engine.
    Lifecycle: (
        "summary",
        "stages.*.goal",
        "stages.*.actions.*",
        "stages.*.exit_criteria",
    ),
    # Signals, normalisers and scoring rules state how a score is computed,
    # and each band's meaning quotes the fixed tier response, so only the
    # reasons a dimension matters are words to tailor.
    HealthModelDeliverable: ("summary", "dimensions.*.rationale"),
    # Phase names, weeks, task titles and owners are the fixed 30-day plan.
    Onboarding: (
        "summary",
        "first_value_milestone",
        "phases.*.goal",
        "phases.*.tasks.*.detail",
    ),
    # Topics, minutes, the ROI figures and formula and the cadence are fixed.
    Qbr: (
        "summary",
        "agenda.*.content",
        "preparation_checklist.*",
        "roi.missing_inputs.*",
    ),
    # Tier responses, response times and score ranges are fixed by the
    # domain; signals and thresholds match what the account scan detects;
    # churn reasons stay in the user's words; the rules say how tiers are read.
    ChurnPlaybook: (
        "summary",
        "tiers.*.actions.*",
        "early_warnings.*.response",
        "reasons.*.counter_measures.*",
    ),
    # Play names, triggers and approaches and the targets are fixed.
    Expansion: ("summary", "signals.*.description", "plays.*.talk_track"),
    CapacityDeliverable: ("summary", "recommendations.*"),
    # Definitions and targets are fixed; cadences and owners are a schedule.
    MetricsDashboard: ("summary", "metrics.*.data_source"),
}


class ProseError(ValueError):
    """Texts that cannot be put back into a deliverable."""


@dataclass(frozen=True)
class TextItem:
    """One prose text of a deliverable and the stable key that locates it."""

    key: str
    text: str


def prose_paths(deliverable: BaseModel) -> tuple[str, ...]:
    """Return the prose path patterns of a deliverable's class."""
    for cls in type(deliverable).__mro__:
        if cls in PROSE_FIELDS:
            return PROSE_FIELDS[cls]
    raise ProseError(f"{type(deliverable).__name__} has no prose fields listed")


def prose_items(deliverable: BaseModel) -> list[TextItem]:
    """Return the deliverable's non-empty prose texts in document order.

    Keys are dotted paths with list positions, e.g. "stages.2.actions.1".
    """
    patterns = [p.split(".") for p in prose_paths(deliverable)]
    return [
        TextItem(".".join(path), text)
        for path, text in _leaves(deliverable.model_dump(), [])
        if isinstance(text, str) and text.strip() and _matches(path, patterns)
    ]


def apply_prose(
    deliverable: DeliverableT, texts: Mapping[str, str] | Iterable[TextItem]
) -> DeliverableT:
    """Return a validated copy of the deliverable with the given texts put in.

    Only keys that `prose_items` gives are accepted; any other raises
    `ProseError`, so no structured field can be written.
    """
    updates = texts if isinstance(texts, Mapping) else {t.key: t.text for t in texts}
    known = {item.key for item in prose_items(deliverable)}
    if unknown := sorted(set(updates) - known):
        raise ProseError(f"unknown key {unknown[0]!r}")
    data = deliverable.model_dump()
    for key, text in updates.items():
        _set(data, key.split("."), text)
    return type(deliverable).model_validate(data)


def skeleton(deliverable: BaseModel) -> Any:
    """Return the deliverable with each prose text replaced by '@<key>'.

    It shows a model where every text sits (which stage, which tier) and the
    fixed fields around it, without sending the texts twice.
    """
    data = deliverable.model_dump(mode="json")
    for item in prose_items(deliverable):
        _set(data, item.key.split("."), f"@{item.key}")
    return data


def _leaves(value: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _leaves(item, [*path, str(name)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, [*path, str(index)])
    else:
        yield path, value


def _matches(path: list[str], patterns: list[list[str]]) -> bool:
    return any(_matches_one(path, pattern) for pattern in patterns)


def _matches_one(path: list[str], pattern: list[str]) -> bool:
    if len(path) != len(pattern):
        return False
    return all(
        want == part or (want == "*" and part.isdigit())
        for want, part in zip(pattern, path, strict=True)
    )


def _set(data: Any, path: list[str], text: str) -> None:
    *parents, last = path
    for part in parents:
        data = data[int(part)] if isinstance(data, list) else data[part]
    if isinstance(data, list):
        data[int(last)] = text
    else:
        data[last] = text
