"""Find the labelled figures in free text: '$3M ARR', '120 logos', 'CS team of 2'.

A number takes the label written right after it ("120 customers"), else the
one written just before it ("ARR is about $3M"). A label used after one
number is not reused before the next, so "2 CSMs 3M" never reads 3M as a
team size. Numbers without a label are kept as candidates: they answer the
question just asked ("120" to "how many customers?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar

from agent.interview.vocabulary import (
    AFTER_FILLERS,
    AFTER_LABELS,
    BEFORE_FILLERS,
    BEFORE_LABELS,
    CS_TEAM,
    CUSTOMERS,
    FLOW_WORDS,
    NUMBER_WORDS,
    ZERO_WORDS,
    Phrase,
)

T = TypeVar("T")

_TOKEN = re.compile(
    r"(?P<num>(?<![\w.])(?P<currency>[$€£])?[ ]?"
    r"(?P<number>\d+ point \d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:[ ]?(?P<unit>thousand|million|billion|mm|mn|bn|k|m|b)(?![a-z0-9]))?"
    r"(?:ish|\+)?(?![a-z0-9]))"
    r"|(?P<word>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)"
    r"|(?P<punct>\S)",
    re.IGNORECASE | re.ASCII,
)
# How far a label may sit from its number; beyond this it is another clause's.
_MAX_BEFORE_FILLERS = 5
_MAX_AFTER_FILLERS = 4


def _by_word(
    phrases: tuple[tuple[Phrase, T], ...], at: int
) -> dict[str, tuple[tuple[Phrase, T], ...]]:
    """Index phrases by their word at `at` (0: first, -1: last), longest first."""
    index: dict[str, list[tuple[Phrase, T]]] = {}
    for phrase, value in sorted(phrases, key=lambda pair: -len(pair[0])):
        index.setdefault(phrase[at], []).append((phrase, value))
    return {word: tuple(found) for word, found in index.items()}


# Phrase tables indexed by a word, so each token is checked against a few.
_AFTER = _by_word(AFTER_LABELS, 0)
_BEFORE = _by_word(BEFORE_LABELS, -1)
_FILLERS = _by_word(tuple((phrase, len(phrase)) for phrase in AFTER_FILLERS), 0)
_SPOKEN = _by_word(NUMBER_WORDS, 0)
_RANGE_JOINERS = frozenset({"-", "–", "to", "or"})
_PERCENT = frozenset({"%", "percent", "pct"})


@dataclass(frozen=True)
class Token:
    """A number, word or punctuation mark, with where it sits in the text."""

    kind: str
    text: str
    start: int
    end: int
    number: str = ""
    unit: str = ""
    currency: str = ""

    @property
    def figure_text(self) -> str:
        """The number as parse_money reads it: '$3.2million', '800k'."""
        return f"{self.currency}{self.number}{self.unit}"

    @property
    def has_magnitude(self) -> bool:
        return bool(self.unit or self.currency)


@dataclass(frozen=True)
class Figure:
    """A number found in the text and the field it was read as (None: no label)."""

    field: str | None
    raw: str
    start: int
    end: int
    token: Token | None = None
    spoken: int | None = None
    is_range: bool = False
    is_negative: bool = False


def tokenize(text: str) -> list[Token]:
    """Split text into numbers, words and punctuation, keeping positions."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if match["num"] is not None:
            kind = "num"
        tokens.append(
            Token(
                kind=kind,
                text=match.group(0).lower(),
                start=match.start(),
                end=match.end(),
                number=(match["number"] or "").lower().replace(" point ", "."),
                unit=(match["unit"] or "").lower(),
                currency=match["currency"] or "",
            )
        )
    return tokens


def find_figures(text: str) -> list[Figure]:
    """Return every figure in text, labelled where a label is written, in order."""
    tokens = tokenize(text)
    consumed: set[int] = set()
    figures = [*_after_labelled(text, tokens, consumed)]
    figures += _spoken_counts(text, tokens, consumed)
    labelled = {f.token.start for f in figures if f.token is not None}
    figures += _before_labelled_or_bare(text, tokens, consumed, labelled)
    return sorted(figures, key=lambda f: f.start)


def _after_labelled(text: str, tokens: list[Token], consumed: set[int]) -> list[Figure]:
    """Read numbers labelled right after them: '$3M ARR', '120 logos'."""
    figures = []
    for index, token in enumerate(tokens):
        if token.kind != "num" or _is_percent(tokens, index):
            continue
        found = _label_after(tokens, index + 1)
        if found is None:
            continue
        field, first, last = found
        if field == CUSTOMERS and _after_flow_word(tokens, index):
            continue
        consumed.update(range(first, last + 1))
        start = _range_start(tokens, index)
        figures.append(_figure(text, tokens, field, start, index, last))
    return figures


def _spoken_counts(text: str, tokens: list[Token], consumed: set[int]) -> list[Figure]:
    """Read 'two CSMs', 'a couple of CSMs', 'no CS team', 'no customers yet'."""
    figures = []
    index = 0
    while index < len(tokens):
        spoken = _number_words_at(tokens, index)
        if spoken is None or index in consumed:
            index += 1
            continue
        value, length = spoken
        found = _label_after(tokens, index + length)
        usable = found is not None and (
            found[0] == CS_TEAM
            or (found[0] == CUSTOMERS and _words(tokens, index, length) in ZERO_WORDS)
        )
        if found is None or not usable or _after_flow_word(tokens, index):
            index += 1
            continue
        field, _, last = found
        consumed.update(range(index, last + 1))
        raw = text[tokens[index].start : tokens[last].end]
        figures.append(
            Figure(field, raw, tokens[index].start, tokens[last].end, spoken=value)
        )
        index = last + 1
    return figures


def _before_labelled_or_bare(
    text: str, tokens: list[Token], consumed: set[int], labelled: set[int]
) -> list[Figure]:
    """Read the other numbers: labelled just before ('ARR is 3M'), or bare."""
    figures = []
    for index, token in enumerate(tokens):
        if token.kind != "num" or token.start in labelled or index in consumed:
            continue
        if _is_percent(tokens, index) or _joins_range_after(tokens, index):
            continue
        start = _range_start(tokens, index)
        if _after_flow_word(tokens, start):
            continue
        found = _label_before(tokens, start, consumed)
        if found is None:
            figures.append(_figure(text, tokens, None, start, index, index))
            continue
        field, first = found
        consumed.update(range(first, start))
        figure = _figure(text, tokens, field, start, index, index)
        figures.append(replace(figure, start=tokens[first].start))
    return figures


def _figure(
    text: str, tokens: list[Token], field: str | None, start: int, index: int, last: int
) -> Figure:
    token = tokens[index]
    negative = start == index and _is_negated(tokens, index)
    first = tokens[start - 1 if negative else start].start
    return Figure(
        field=field,
        raw=text[first : token.end].strip(),
        start=first,
        end=tokens[last].end,
        token=token,
        is_range=start != index,
        is_negative=negative,
    )


def _label_after(tokens: list[Token], index: int) -> tuple[str, int, int] | None:
    """Return (field, first, last token) of the label after index, past fillers."""
    position = index
    for _ in range(_MAX_AFTER_FILLERS + 1):
        if position >= len(tokens):
            return None
        label = _phrase_at(tokens, position, _AFTER)
        if label is not None:
            field, length = label
            return field, position, position + length - 1
        filler = _filler_length(tokens, position)
        if filler == 0:
            return None
        position += filler
    return None


def _filler_length(tokens: list[Token], index: int) -> int:
    token = tokens[index]
    if token.kind == "punct":
        return 1 if token.text in {"-", "~", "(", "'", "’"} else 0
    for phrase, length in _FILLERS.get(token.text, ()):
        if _matches(tokens, index, phrase):
            return length
    return 0


def _label_before(
    tokens: list[Token], index: int, consumed: set[int]
) -> tuple[str, int] | None:
    """Return (field, first token) of the label before index, past fillers."""
    position = index - 1
    skipped = 0
    while position >= 0 and position not in consumed:
        for phrase, field in _BEFORE.get(tokens[position].text, ()):
            first = position - len(phrase) + 1
            if (
                first >= 0
                and _matches(tokens, first, phrase)
                and consumed.isdisjoint(range(first, position + 1))
            ):
                return field, first
        token = tokens[position]
        if token.text not in BEFORE_FILLERS or skipped == _MAX_BEFORE_FILLERS:
            return None
        skipped += 1
        position -= 1
    return None


def _phrase_at(
    tokens: list[Token], index: int, labels: dict[str, tuple[tuple[Phrase, str], ...]]
) -> tuple[str, int] | None:
    for phrase, field in labels.get(tokens[index].text, ()):
        if _matches(tokens, index, phrase):
            return field, len(phrase)
    return None


def _matches(tokens: list[Token], index: int, phrase: Phrase) -> bool:
    end = index + len(phrase)
    if end > len(tokens):
        return False
    return all(tokens[index + i].text == word for i, word in enumerate(phrase))


def _number_words_at(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """Return (value, length) of a spoken count at index; 'Series A' is no count."""
    if index > 0 and tokens[index - 1].text == "series":
        return None
    for phrase, value in _SPOKEN.get(tokens[index].text, ()):
        if _matches(tokens, index, phrase):
            return value, len(phrase)
    return None


def _words(tokens: list[Token], index: int, length: int) -> str:
    return " ".join(token.text for token in tokens[index : index + length])


def _after_flow_word(tokens: list[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].text in FLOW_WORDS


def _is_percent(tokens: list[Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].text in _PERCENT


def _range_start(tokens: list[Token], index: int) -> int:
    """Return the index of the range's first number ('2-3M' at '3M'), or index."""
    first = index - 2
    return first if first >= 0 and _is_range(tokens, first) else index


def _joins_range_after(tokens: list[Token], index: int) -> bool:
    """Return whether the number opens a range whose second number follows."""
    return _is_range(tokens, index)


def _is_range(tokens: list[Token], first: int) -> bool:
    """Return whether tokens from first read '2-3M', '2 to 3M' or 'between 2 and 3'."""
    if first + 2 >= len(tokens) or tokens[first].kind != "num":
        return False
    if tokens[first + 2].kind != "num":
        return False
    joiner = tokens[first + 1].text
    between = first > 0 and tokens[first - 1].text == "between"
    return joiner in _RANGE_JOINERS or (joiner == "and" and between)


def _is_negated(tokens: list[Token], index: int) -> bool:
    """Return whether a minus sign stands right before the number."""
    if index == 0 or tokens[index - 1].text not in {"-", "−"}:
        return False
    sign = tokens[index - 1]
    return sign.end == tokens[index].start and (
        index == 1 or tokens[index - 2].end < sign.start
    )
