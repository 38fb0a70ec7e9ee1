"""Revisions after the playbook is built: 'we hired a CSM', 'ARR is $5M now'."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.interview.answers import apply_reading
from agent.interview.draft import PROFILE_PATHS, ProfileDraft, draft_from_profile
from agent.interview.reading import Reading, quoted, read_answer
from agent.interview.wording import (
    LINE_LABELS,
    LINE_ORDER,
    joined,
    money,
    value_text,
)
from agent.profile import CompanyProfile, ProfileError, parse_profile

WHAT_CAN_CHANGE = (
    "You can change: the stage ('we're now Series B'), ARR ('ARR is $5M now'), "
    "customers ('we have 150 customers'), ACV ('our ACV is actually 40k' or "
    "'derive the ACV'), the CS team ('we hired a CSM', 'one CSM left', "
    "'we have 4 CSMs'), churn reasons ('add churn reason: slow support', "
    "'remove churn reason: price'), features and integrations ('add "
    "integration: HubSpot') and names ('the product is now called Atlas')."
)


class Revision(BaseModel):
    """Profile updates read from a message, by dotted path ('company.arr')."""

    model_config = ConfigDict(extra="forbid")

    changes: dict[str, Any] = Field(default_factory=dict)
    understood: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)


def parse_revision(text: str, profile: CompanyProfile) -> Revision:
    """Return the changes text asks for; unreadable text changes nothing."""
    before = draft_from_profile(profile)
    reading = read_answer(text, None, before.cs_team_size)
    after, problems = apply_reading(before, reading)
    problems = [*reading.problems.values(), *problems]
    changed = [f for f in PROFILE_PATHS if getattr(after, f) != getattr(before, f)]
    changes = {PROFILE_PATHS[f]: _plain(getattr(after, f)) for f in changed}
    understood = [_change_line(f, before, after, reading.notes) for f in changed]
    if not changes and not problems:
        problems.append(_nothing_changed(text, reading, before))
    return Revision(changes=changes, understood=understood, problems=problems)


def apply_revision(profile: CompanyProfile, revision: Revision) -> CompanyProfile:
    """Return the profile with the revision's changes, validated again."""
    data = profile.model_dump(mode="json", exclude_none=True)
    known_paths = set(PROFILE_PATHS.values())
    for path, value in revision.changes.items():
        if path not in known_paths:
            raise ProfileError(
                "revision", [f"{path}: not a field a revision can change"]
            )
        section, key = path.split(".")
        if key == "churn_reasons":
            value = _reasons_keeping_categories(profile, value)
        if value is None:
            data[section].pop(key, None)
        else:
            data[section][key] = value
    return parse_profile(data, "revision")


def _plain(value: Any) -> Any:
    """Return value as JSON would hold it (a stage as its name)."""
    return value.value if hasattr(value, "value") else value


def _reasons_keeping_categories(
    profile: CompanyProfile, texts: list[str]
) -> list[dict[str, Any]]:
    """Keep the category of reasons already in the profile; new ones get mapped."""
    known = {r.text: r.model_dump(mode="json") for r in profile.company.churn_reasons}
    return [known.get(text, {"text": text}) for text in texts]


def _change_line(
    field: str, before: ProfileDraft, after: ProfileDraft, notes: dict[str, str]
) -> str:
    label = LINE_LABELS[field]
    old, new = getattr(before, field) or [], getattr(after, field) or []
    if isinstance(new, list) and isinstance(old, list):
        parts = [f"added {item!r}" for item in new if item not in old]
        parts += [f"removed {item!r}" for item in old if item not in new]
        return f"{label}: {'; '.join(parts)}"
    was = value_text(before, field) or "not set"
    now = value_text(after, field) or _unset(field, after)
    note = f" ({notes[field]})" if field in notes else ""
    return f"{label}: {was} → {now}{note}"


def _unset(field: str, draft: ProfileDraft) -> str:
    if field == "acv" and draft.derived_acv is not None:
        derived = money(round(draft.derived_acv), draft.currency)
        return f"derived from ARR / customers ({derived})"
    return "not set"


def _nothing_changed(text: str, reading: Reading, before: ProfileDraft) -> str:
    """Say why nothing changed: the values read are already the profile's."""
    same = [
        f"{LINE_LABELS[name]} is already {value_text(before, name)}"
        for name in LINE_ORDER
        if name in reading.values and value_text(before, name) is not None
    ]
    if same:
        return f"Nothing to change: {joined(same)}."
    return f"I couldn't find a change in {quoted(text)!r}. {WHAT_CAN_CHANGE}"
