"""Read one typed answer into field values, with notes and problems per field.

Nothing here raises on what a user types: every value that cannot be used
becomes a problem naming the field, what was written and how to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.domain import Stage, parse_stage
from agent.errors import InputError
from agent.interview.confirmation import is_confirmation
from agent.interview.draft import Topic
from agent.interview.edits import read_edits
from agent.interview.figures import Figure, find_figures
from agent.interview.phrases import (
    read_churn_reasons,
    read_product_details,
    read_product_line,
    reply_kind,
    says_no_churn,
)
from agent.interview.vocabulary import ACV, ARR, CS_TEAM, MONEY_FIGURES, MRR
from agent.interview.wording import (
    FIELD_NAMES,
    FIXES,
    cannot_skip,
    money,
    unreadable,
)
from agent.parsing import parse_count, parse_money

# A figure with no unit below these is a slip ("ARR is 3" meaning $3M), not
# a real company's ARR or contract value; zero stays legal (pre-revenue).
_TOO_SMALL = {ARR: 1_000.0, MRR: 100.0, ACV: 100.0}
_FIGURE_TOPICS = frozenset({"arr", "customers", "cs_team_size", "acv"})
_SKIPPABLE = _FIGURE_TOPICS | {"stage"}

_STAGE_WORDS = re.compile(
    r"\b(?:pre[\s-]?seed|seed|series[\s_-]?[a-h]|growth[\s-]stage|late[\s-]stage"
    r"|scale[\s-]?up|pre[\s-]?ipo|post[\s-]?ipo|publicly[\s-]traded"
    r"|public\s+company|bootstrapped)\b",
    re.IGNORECASE,
)
_PRE_REVENUE = re.compile(r"\bpre[\s-]?revenue\b", re.IGNORECASE)
_FOUNDER_LED = re.compile(
    r"\bfounder[\s-]led\b|\bfounders?\s+(?:do|does|handle|handles|run|runs|cover"
    r"|covers|own|owns|manage|manages)\s+(?:cs|customer\s+success|it)\b"
    r"|\b(?:just|only)\s+(?:me|us)\b[\s,(-]+(?:the\s+|as\s+(?:the\s+)?)?"
    r"(?:co-?)?founders?\b",
    re.IGNORECASE,
)
_JUST_ME = re.compile(r"^\W*(?:(?:just|only)\s+)?(?:me|myself|i do)\b", re.IGNORECASE)
_FOUNDER = re.compile(r"\b(?:co-?)?founders?\b|\bceo\b", re.IGNORECASE)
_AND_ME_AFTER = re.compile(r"^\s*,?\s*(?:and|plus|\+|&)\s+(?:me|myself)\b", re.I)
_AND_ME_BEFORE = re.compile(r"\b(?:me|myself|i)\s*,?\s*(?:and|plus|\+|&)\s*$", re.I)
_QUOTE_LIMIT = 60
# A bare year beside another number is a date ("since 2019"), not the answer.
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass
class Reading:
    """What one answer says: values by draft field, and what could not be used."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    settled: set[str] = field(default_factory=set)
    appends: dict[str, list[str]] = field(default_factory=dict)
    removals: dict[str, list[str]] = field(default_factory=dict)
    fact_starts: list[int] = field(default_factory=list)

    def learn(self, name: str, value: Any, note: str | None = None) -> None:
        self.values[name] = value
        self.problems.pop(name, None)
        if note:
            self.notes[name] = note
        else:
            self.notes.pop(name, None)

    def reject(self, name: str, problem: str) -> None:
        self.values.pop(name, None)
        self.notes.pop(name, None)
        self.problems[name] = problem

    @property
    def found_anything(self) -> bool:
        return bool(self.values or self.appends or self.removals or self.settled)


def quoted(text: str) -> str:
    """Return text shortened for a message, so a long answer is not echoed whole."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_LIMIT else flat[: _QUOTE_LIMIT - 1] + "…"


def read_answer(text: str, asked: Topic | None, team_now: int | None) -> Reading:
    """Return what text says, read as the answer to `asked` (None: a correction).

    `team_now` is the CS team size known before this answer; hires and
    leavers ("we hired a CSM") move it, but only in corrections, since a
    question asks about the team as it is today.
    """
    if asked == "churn_reasons":
        return _read_churn_answer(text)
    if asked == "product_details":
        return _read_details_answer(text)
    if asked == "product":
        return _read_product_answer(text)
    return _read_facts(text, asked, team_now)


def _read_facts(text: str, asked: Topic | None, team_now: int | None) -> Reading:
    edits = read_edits(text)
    reading = Reading(appends=edits.appends, removals=edits.removals)
    for name, value in edits.values.items():
        reading.learn(name, value)
    if edits.derive_acv:
        reading.learn("acv", None)
        reading.settled.add("acv")
    figures = find_figures(edits.text)
    _read_labelled(reading, figures, edits.text)
    _read_stage(reading, edits.text, asked)
    _read_team(reading, edits.text, asked)
    if asked is None:
        _move_team(reading, edits.team_moves, figures, team_now)
    if asked in _FIGURE_TOPICS:
        _read_bare(reading, figures, text, asked)
    if _PRE_REVENUE.search(text) and ARR not in reading.values:
        reading.learn(ARR, 0.0, "pre-revenue")
    _read_skip(reading, text, asked)
    return reading


def _read_labelled(reading: Reading, figures: list[Figure], text: str) -> None:
    """Take each labelled figure; a later one for the same field wins."""
    for figure in figures:
        if figure.field is None:
            continue
        reading.fact_starts.append(figure.start)
        _take_figure(reading, figure.field, figure)
        if figure.field == CS_TEAM and CS_TEAM in reading.values:
            _count_the_writer(reading, figure, text)


def _take_figure(reading: Reading, kind: str, figure: Figure) -> None:
    name = ARR if kind == MRR else kind
    try:
        value = _figure_value(kind, figure)
    except InputError as error:
        reading.reject(name, _figure_problem(kind, figure, error))
        return
    if kind == MRR:
        reading.learn(ARR, value * 12, f"12 × MRR of {money(value)}")
    else:
        reading.learn(name, value)


def _figure_value(kind: str, figure: Figure) -> float | int:
    if figure.is_range:
        raise InputError(kind, figure.raw, "is a range", FIXES.get(kind, ""))
    if figure.is_negative:
        raise InputError(kind, figure.raw, "is negative", FIXES.get(kind, ""))
    if figure.spoken is not None:
        return figure.spoken
    token = figure.token
    if token is None:
        raise InputError(kind, figure.raw, "is not a number", FIXES[kind])
    if kind in MONEY_FIGURES:
        amount = parse_money(token.figure_text, kind)
        if not token.has_magnitude and 0 < amount < _TOO_SMALL[kind]:
            raise InputError(kind, figure.raw, "looks too small", FIXES[kind])
        return amount
    if token.unit or "." in token.number:
        amount = parse_money(token.figure_text, kind)
        if not amount.is_integer():
            raise InputError(kind, figure.raw, "is not a whole number", FIXES[kind])
        return parse_count(int(amount), kind)
    return parse_count(token.number, kind)


def _figure_problem(kind: str, figure: Figure, error: InputError) -> str:
    name, fix, raw = FIELD_NAMES[kind], FIXES[kind], figure.raw
    if error.problem == "is a range":
        return f"{raw!r} is a range, and I need one figure for {name}: {fix}."
    if error.problem == "is negative":
        return f"{name[0].upper()}{name[1:]} can't be negative ({raw!r}): {fix}."
    if error.problem == "looks too small":
        return f"{raw!r} as {name} looks too small: {fix}."
    return unreadable(kind, raw)


def _count_the_writer(reading: Reading, figure: Figure, text: str) -> None:
    """Count the person typing: '2 CSMs and me' is a team of three."""
    after = _AND_ME_AFTER.search(text[figure.end :])
    before = _AND_ME_BEFORE.search(text[: figure.start])
    if after or before:
        size = reading.values[CS_TEAM] + 1
        reading.learn(CS_TEAM, size, f"{size - 1} plus you")


def _read_stage(reading: Reading, text: str, asked: Topic | None) -> None:
    """Take the most advanced stage named; earlier rounds are history."""
    named = [(parse_stage(m[0]), m) for m in _STAGE_WORDS.finditer(text)]
    found = [(stage, m) for stage, m in named if stage is not None]
    if found:
        stage, match = max(found, key=lambda pair: list(Stage).index(pair[0]))
        reading.fact_starts.append(match.start())
        reading.learn("stage", stage, _stage_note(stage, match[0]))
    elif asked == "stage" and (guessed := parse_stage(text)) is not None:
        reading.learn("stage", guessed, _stage_note(guessed, text.strip()))


def _stage_note(stage: Stage, said: str) -> str | None:
    plain = " ".join(re.split(r"[\s_-]+", said.lower()))
    if plain in {stage.value.replace("_", " "), stage.label.lower()}:
        return None
    return f"you said {quoted(said)!r}"


def _read_team(reading: Reading, text: str, asked: Topic | None) -> None:
    """Read founder-led CS as a team of 0, and 'just me' to the team question."""
    if CS_TEAM in reading.values:
        return
    if _FOUNDER_LED.search(text):
        reading.learn(CS_TEAM, 0)
    elif asked == CS_TEAM and _JUST_ME.search(text):
        size = 0 if _FOUNDER.search(text) else 1
        reading.learn(CS_TEAM, size, "you" if size else None)


def _move_team(
    reading: Reading,
    moves: list[tuple[int, int, str]],
    figures: list[Figure],
    team_now: int | None,
) -> None:
    """Apply hires and leavers said after any stated team size, never below 0."""
    stated_at = max((f.start for f in figures if f.field == CS_TEAM), default=-1)
    later = [(change, said) for start, change, said in moves if start > stated_at]
    if not later or CS_TEAM in reading.problems:
        return
    base = reading.values.get(CS_TEAM, team_now)
    if base is None:
        reading.reject(CS_TEAM, _NO_TEAM_YET)
        return
    total = base + sum(change for change, _ in later)
    size = max(total, 0)
    floor = "; a team can't go below 0" if total < 0 else ""
    said = "; ".join(said for _, said in later)
    reading.learn(CS_TEAM, size, f"{quoted(said)!r}{floor}")


_NO_TEAM_YET = (
    "I don't know your CS team size yet, so I can't add or take away from it: "
    "say how many people work in CS today, e.g. 'we have 3 CSMs'."
)


def _read_bare(reading: Reading, figures: list[Figure], text: str, asked: str) -> None:
    """Read an unlabelled number as the answer to the question just asked."""
    if asked in reading.values or asked in reading.problems:
        return
    candidates = [f for f in figures if f.field is None and _fits(asked, f)]
    if len(candidates) > 1:
        candidates = [f for f in candidates if not _YEAR.fullmatch(f.raw)]
    if len(candidates) == 1:
        _take_figure(reading, asked, candidates[0])
    elif len(candidates) > 1:
        reading.reject(
            asked,
            f"I found several numbers in {quoted(text)!r} and can't tell which is "
            f"{FIELD_NAMES[asked]}: {FIXES[asked]}.",
        )


def _fits(asked: str, figure: Figure) -> bool:
    """Return whether an unlabelled figure can be the asked field's value."""
    token = figure.token
    if token is None:
        return False
    if asked not in MONEY_FIGURES:
        return not token.currency
    if token.has_magnitude or figure.is_range:
        return True
    try:
        amount = parse_money(token.figure_text, asked)
    except InputError:
        return False
    return amount == 0 or amount >= _TOO_SMALL[asked]


def _read_skip(reading: Reading, text: str, asked: Topic | None) -> None:
    """Handle 'skip', 'not sure' and 'none' for the question just asked."""
    if asked not in _SKIPPABLE or asked in reading.values or asked in reading.problems:
        return
    kind = reply_kind(text)
    if asked == "acv" and (kind is not None or _accepts_derived(text)):
        reading.settled.add("acv")
    elif kind == "zero" and asked in {"arr", "customers", "cs_team_size"}:
        reading.learn(asked, 0.0 if asked == ARR else 0)
    elif kind is not None:
        reading.reject(asked, cannot_skip(asked))


def _accepts_derived(text: str) -> bool:
    """Return whether a reply to the ACV question accepts the derived figure."""
    return is_confirmation(text) or bool(
        re.search(
            r"\b(?:derive|calculate|use (?:that|it|the derived)|about right"
            r"|close enough|sounds (?:right|fine|good)|that'?s fine|fine by me)\b",
            text,
            re.I,
        )
    )


def _read_product_answer(text: str) -> Reading:
    """Read the product's name and line, and any figures said alongside them."""
    reading = _read_facts(text, "product", None)
    cut = min(reading.fact_starts, default=len(text))
    line = read_product_line(text[:cut])
    if line.name is not None:
        reading.learn("product_name", line.name)
        if line.description:
            reading.learn("product_description", line.description)
    elif reply_kind(text) is not None:
        reading.reject("product_name", cannot_skip("product_name"))
    elif not reading.values:
        reading.reject("product_name", unreadable("product_name", quoted(text)))
    return reading


def _read_churn_answer(text: str) -> Reading:
    reading = Reading()
    if reply_kind(text) is not None or says_no_churn(text):
        reading.learn("churn_reasons", [])
    elif reasons := read_churn_reasons(text):
        reading.learn("churn_reasons", reasons)
    else:
        reading.reject(
            "churn_reasons",
            f"I couldn't find a churn reason in {quoted(text)!r}: list them like "
            "'never finished onboarding; champion left', or say skip.",
        )
    return reading


def _read_details_answer(text: str) -> Reading:
    reading = Reading(settled={"product_details"})
    if reply_kind(text) is not None:
        return reading
    details = read_product_details(text, unlabelled_are_features=True)
    for name, value in (
        ("product_features", details.features),
        ("product_integrations", details.integrations),
        ("product_persona", details.persona),
        ("product_category", details.category),
    ):
        if value:
            reading.learn(name, value)
    return reading
