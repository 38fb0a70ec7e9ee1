"""Apply one chat answer to the draft profile and say what was learned."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from agent.interview.draft import TOPICS, ProfileDraft, Topic
from agent.interview.extracted import validate_extracted
from agent.interview.questions import Question
from agent.interview.reading import Reading, quoted, read_answer
from agent.interview.wording import FIELD_NAMES, FIXES, LINE_ORDER, describe

_DETAIL_FIELDS = frozenset(
    {
        "product_category",
        "product_features",
        "product_integrations",
        "product_persona",
    }
)
_NOTHING_TO_CHANGE = (
    "I couldn't find anything to change in {answer!r}: name the field and its "
    "new value, e.g. 'ARR is $3.5M', 'we have 3 CSMs' or 'we're Series B'."
)


class AnswerResult(BaseModel):
    """The draft after an answer, what was learned and what could not be used."""

    model_config = ConfigDict(extra="forbid")

    draft: ProfileDraft
    understood: list[str]
    problems: list[str]


def apply_answer(
    draft: ProfileDraft,
    answer: str,
    question: Question | None,
    extracted: dict[str, Any] | None = None,
) -> AnswerResult:
    """Read answer (to question, or a correction when None) into the draft.

    Values in `extracted` (from a language model) are used where they pass
    the same parsers as typed text; the deterministic reading fills the rest.
    A field named again overrides what the draft held.
    """
    topic = question.field if question is not None else None
    reading = read_answer(answer, topic, draft.cs_team_size)
    for name, value in validate_extracted(extracted, answer).items():
        reading.learn(name, value)
    updated, problems = apply_reading(draft, reading)
    understood = understood_lines(updated, reading)
    problems = [*reading.problems.values(), *problems]
    if not understood and not problems:
        problems.append(_nothing_found(answer, topic))
    return AnswerResult(draft=updated, understood=understood, problems=problems)


def apply_reading(
    draft: ProfileDraft, reading: Reading
) -> tuple[ProfileDraft, list[str]]:
    """Return the draft with the reading's values, additions and removals."""
    data = draft.model_dump()
    data.update(reading.values)
    for name, items in reading.appends.items():
        data[name] = _with_items(data.get(name) or [], items)
    problems = []
    for name, items in reading.removals.items():
        data[name], missing = _without_items(data.get(name) or [], items)
        problems += [
            f"I couldn't find {item!r} among the {FIELD_NAMES[name]} to remove it."
            for item in missing
        ]
    settled = set(draft.settled) | reading.settled
    data["settled"] = [topic for topic in TOPICS if topic in settled]
    return ProfileDraft.model_validate(data), problems


def _with_items(current: list[str], added: list[str]) -> list[str]:
    known = {item.lower() for item in current}
    return [*current, *(item for item in added if item.lower() not in known)]


def _without_items(
    current: list[str], removed: list[str]
) -> tuple[list[str], list[str]]:
    """Drop each item named (matched ignoring case, or by a part of it)."""
    kept, missing = list(current), []
    for item in removed:
        matches = [c for c in kept if item.lower() in c.lower()]
        if not matches:
            missing.append(item)
        kept = [c for c in kept if c not in matches]
    return kept, missing


def understood_lines(draft: ProfileDraft, reading: Reading) -> list[str]:
    """Return what the reading taught, in plain words ('ARR: $3,000,000')."""
    touched = set(reading.values) | set(reading.appends) | set(reading.removals)
    lines = []
    for field in LINE_ORDER:
        if field not in touched:
            continue
        line = describe(draft, field)
        if field == "acv" and draft.acv is None:
            lines.append("ACV: derived from ARR / customers")
        elif line is not None:
            note = reading.notes.get(field)
            lines.append(f"{line} ({note})" if note else line)
    if "acv" in reading.settled and "acv" not in touched:
        lines.append("ACV: skipped, so I'll derive it from ARR / customers")
    if "product_details" in reading.settled and not touched & _DETAIL_FIELDS:
        lines.append("Product details: skipped")
    return lines


def _nothing_found(answer: str, topic: Topic | None) -> str:
    field = {"product": "product_name"}.get(topic or "", topic)
    if field in FIXES:
        return (
            f"I couldn't read {quoted(answer)!r} as {FIELD_NAMES[field]}: "
            f"{FIXES[field]}."
        )
    return _NOTHING_TO_CHANGE.format(answer=quoted(answer))
