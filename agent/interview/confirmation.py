"""Say back what the interview learned, and tell a 'yes' from a correction."""

from __future__ import annotations

import re

from agent.interview.draft import ProfileDraft
from agent.interview.vocabulary import CONFIRM_PHRASES
from agent.interview.wording import LINE_ORDER, describe, joined, money
from agent.profile import ProfileError, profile_findings

HOW_TO_CONFIRM = (
    "Reply 'yes' to build your playbook, or correct anything, "
    "e.g. 'ARR is $3.5M' or 'we have 3 CSMs'."
)
# Words that join a yes ("yes please", "ok and go ahead") but say nothing alone.
_JOINERS = frozenset({"and", "please", "thanks", "thank you"})
_CONFIRM_WORDS = tuple(tuple(phrase.split()) for phrase in CONFIRM_PHRASES)


def confirmation_text(draft: ProfileDraft) -> str:
    """Return the summary to confirm: every field, derived ACV, any ACV warning."""
    lines = ["Here's what I understood:"]
    lines += [f"- {line}" for line in summary_lines(draft)]
    missing = draft.missing()
    if missing:
        lines += ["", f"I still need {joined(missing)} before I can build."]
        return "\n".join(lines)
    try:
        warnings, _ = profile_findings(draft.to_profile())
    except ProfileError as error:
        return "\n".join([*lines, "", *error.problems])
    lines += [f"\nWarning: {warning}" for warning in warnings]
    lines += ["", HOW_TO_CONFIRM]
    return "\n".join(lines)


def summary_lines(draft: ProfileDraft) -> list[str]:
    """Return one line per known field, with ACV marked when it is derived."""
    lines = []
    for field in LINE_ORDER:
        line = describe(draft, field)
        if field == "acv" and line is None:
            line = _derived_acv_line(draft)
        if line is not None:
            lines.append(line)
    return lines


def _derived_acv_line(draft: ProfileDraft) -> str | None:
    if draft.customers == 0:
        return "ACV: not set (no customers yet to derive it from)"
    derived = draft.derived_acv
    if derived is None:
        return None
    return f"ACV: {money(round(derived), draft.currency)} (derived: ARR / customers)"


def is_confirmation(text: str) -> bool:
    """Return whether text only says yes ('looks good', 'go ahead', 'build it').

    Anything else in the reply ("yes but ARR is 3M") makes it a correction.
    """
    plain = text.lower().replace("’", "'").replace("👍", " yes ").replace("✅", " yes ")
    words = re.sub(r"[^\w\s']", " ", plain).split()
    position, said_yes = 0, False
    while position < len(words):
        phrase = _phrase_at(words, position)
        if phrase is None:
            return False
        said_yes = said_yes or " ".join(phrase) not in _JOINERS
        position += len(phrase)
    return said_yes


def _phrase_at(words: list[str], position: int) -> tuple[str, ...] | None:
    for phrase in _CONFIRM_WORDS:
        if tuple(words[position : position + len(phrase)]) == phrase:
            return phrase
    return None
