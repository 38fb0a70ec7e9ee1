"""Read worded edits: renames, churn reasons added or dropped, CS hires and leavers.

These are found before any figure is read, and their words are blanked out
of the text, so that "we're hiring two CSMs" is read as +2 and never as a
team of two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.interview.phrases import read_churn_reasons, split_items
from agent.interview.vocabulary import NUMBER_WORDS

_FLAGS = re.IGNORECASE
# A value runs to the end of its sentence or line.
_VALUE = r"\s*[:\-–]?\s*(?P<value>[^\n]+?)(?=\.\s|\.?\s*$|\n)"
_NAME = r"\s*[:\-–]?\s*(?P<value>[^,;\n]+?)(?=\s+now\b|[,;\n]|\.\s|\.?\s*$)"


def _rename(subject: str) -> re.Pattern[str]:
    """Match 'the product is now called X', 'product name is X', 'product: X'."""
    owner = rf"\b(?:(?:the|our)\s+)?{subject}(?:'s)?\s+"
    return re.compile(
        rf"(?:{owner}(?:name\s+)?(?:is\s+)?(?:now\s+)?(?:called|named)"
        rf"|{owner}name\s+is(?:\s+now)?"
        rf"|\brenamed?\s+(?:the\s+{subject}|it)\s+(?:to|as)"
        rf"|\b{subject}\s*:)" + _NAME,
        _FLAGS,
    )


_RENAMES = {"product_name": _rename("product"), "company_name": _rename("company")}
_CHURN_SET = re.compile(
    r"\b(?:our\s+|the\s+)?churn\s+reasons?\s*(?:are|is|:)\s*(?:now\b)?" + _VALUE,
    _FLAGS,
)
_APPENDS = {
    "churn_reasons": re.compile(
        r"\b(?:add(?:\s+(?:a|another|one\s+more))?\s+(?:new\s+)?churn\s+reasons?"
        r"|(?:another|new)\s+churn\s+reason(?:\s+is)?"
        r"|(?:customers|they)\s+also\s+(?:leave|churn|cancel)\s+"
        r"(?:because(?:\s+of)?|over|when))" + _VALUE,
        _FLAGS,
    ),
    "product_features": re.compile(
        r"\b(?:add(?:\s+(?:a|the))?\s+(?:new\s+)?features?"
        r"|new\s+features?(?:\s+(?:is|are)|(?=\s*:)))" + _VALUE,
        _FLAGS,
    ),
    "product_integrations": re.compile(
        r"\b(?:add(?:\s+(?:an?|the))?\s+(?:new\s+)?integrations?(?:\s+with)?"
        r"|(?:we\s+)?(?:now\s+)?(?:also\s+)?integrate\s+with"
        r"|new\s+integrations?(?:\s+with)?)" + _VALUE,
        _FLAGS,
    ),
}
_CHURN_REMOVE = re.compile(
    r"\b(?:remove|drop|delete)\s+(?:the\s+)?churn\s+reasons?" + _VALUE, _FLAGS
)
_DERIVE_ACV = re.compile(
    r"\b(?:derive\s+(?:the\s+)?acv|acv\s+(?:should\s+be\s+|is\s+)?derived"
    r"|(?:remove|drop|clear|forget)\s+(?:the\s+)?(?:stated\s+)?acv"
    r"|use\s+(?:the\s+)?derived\s+acv)\b",
    _FLAGS,
)

_SPOKEN = {" ".join(phrase): value for phrase, value in NUMBER_WORDS} | {"another": 1}
_SPOKEN_WORDS = "|".join(
    sorted(
        (re.escape(w).replace(r"\ ", r"\s+") for w in _SPOKEN), key=len, reverse=True
    )
)
_COUNT = rf"(?P<count>\d{{1,4}}|{_SPOKEN_WORDS})"
_CSMS = (
    r"(?:(?:new|more|additional|extra|full[- ]time|senior|junior|dedicated)\s+)*"
    r"(?:csms?|customer\s+success\s+(?:managers?|people|reps?|hires?)"
    r"|cs\s+(?:people|reps?|managers?|hires?|folks))\b"
)
_LEAVING = (
    r"(?:left|quit|resigned|(?:is|are)\s+leaving|leaves|departed|moved\s+on"
    r"|(?:was|were|got)\s+(?:let\s+go|laid\s+off|fired))"
)
# Each pattern with the sign of the move it describes: a hire or a leaver.
_TEAM_MOVES: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, _FLAGS), sign)
    for pattern, sign in (
        (
            r"\b(?:hir(?:e|ed|es|ing)|add(?:ed|ing|s)?|bring(?:ing)?\s+on"
            r"|brought\s+on|recruit(?:ed|ing)?|tak(?:e|ing)\s+on|took\s+on"
            rf"|getting|got|welcom(?:e|ed|ing))\s+(?:on\s+)?{_COUNT}\s+{_CSMS}",
            1,
        ),
        (rf"\b{_COUNT}\s+(?:new|more|additional|extra)\s+{_CSMS}", 1),
        (rf"\b{_COUNT}\s+{_CSMS}\s+(?:joined|(?:is|are)\s+joining|started)", 1),
        (
            rf"\b(?P<count>{_SPOKEN_WORDS}|\d{{1,4}}|our|the)\s+"
            rf"(?:of\s+(?:our|the)\s+)?{_CSMS}\s+{_LEAVING}",
            -1,
        ),
        (
            r"\b(?:lost|losing|let\s+go(?:\s+of)?|letting\s+go(?:\s+of)?"
            rf"|laid\s+off|laying\s+off|fired|cut|cutting|down)\s+{_COUNT}\s+{_CSMS}",
            -1,
        ),
    )
)


@dataclass
class Edits:
    """The worded edits found, and the text left for figures once they are out."""

    text: str
    values: dict[str, Any] = field(default_factory=dict)
    appends: dict[str, list[str]] = field(default_factory=dict)
    removals: dict[str, list[str]] = field(default_factory=dict)
    team_moves: list[tuple[int, int, str]] = field(default_factory=list)
    derive_acv: bool = False


def read_edits(text: str) -> Edits:
    """Return the edits in text; their words are blanked out of `edits.text`."""
    edits = Edits(text=text)
    for name, pattern in _RENAMES.items():
        match = _take(edits, pattern)
        if match and (value := match["value"].strip(" '\"“”")):
            edits.values[name] = value
    if match := _take(edits, _CHURN_REMOVE):
        edits.removals["churn_reasons"] = read_churn_reasons(match["value"])
    for name, pattern in _APPENDS.items():
        if match := _take(edits, pattern):
            edits.appends[name] = _items(name, match["value"])
    if match := _take(edits, _CHURN_SET):
        edits.values["churn_reasons"] = read_churn_reasons(match["value"])
    edits.derive_acv = _take(edits, _DERIVE_ACV) is not None
    _read_team_moves(edits)
    return edits


def _items(name: str, value: str) -> list[str]:
    if name == "churn_reasons":
        return read_churn_reasons(value)
    return split_items(value)


def _read_team_moves(edits: Edits) -> None:
    """Record each hire (+n) and leaver (−n) with where it was said."""
    for pattern, sign in _TEAM_MOVES:
        for match in pattern.finditer(edits.text):
            move = (match.start(), sign * _count(match["count"]), match[0])
            edits.team_moves.append(move)
            edits.text = _blank(edits.text, match.start(), match.end())
    edits.team_moves.sort()


def _count(words: str) -> int:
    spoken = " ".join(words.lower().split())
    if spoken.isdigit():
        return int(spoken)
    return _SPOKEN.get(spoken, 1)


def _take(edits: Edits, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """Return the first match of pattern and blank it out of the text."""
    match = pattern.search(edits.text)
    if match is not None:
        edits.text = _blank(edits.text, match.start(), match.end())
    return match


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] with spaces, keeping every other position."""
    return text[:start] + " " * (end - start) + text[end:]
