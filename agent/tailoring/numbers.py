"""The number lock: every figure a model writes must be one the engine computed.

`extract_numbers` reads every number a text states and normalises it to a
float. The rules, which tests pin one by one:

- Digits with optional thousands commas and decimals: "4,200,000" and
  "312.5" read as 4200000.0 and 312.5. Grouping needs exactly three digits
  after each comma, so "60,80" reads as 60 and 80.
- A scale written after the digits multiplies them: "k"/"K" and "thousand"
  by 1e3; "m"/"M", "mm", "mn" and "million" by 1e6; "b"/"B", "bn" and
  "billion" by 1e9. Letters must touch the digits ("800k", "$4.2M"); the words
  may follow a space ("4.2 million"). So "4K" reads as 4000.
- Currency marks, percent signs, units and hyphens around a number do not
  change it: "$4.2M", "312.5 %", "45-minute", "1.5x", "24h" and "1st" read
  as 4200000, 312.5, 45, 1.5, 24 and 1.
- A range states both ends: "10–15" and "10-15" read as 10 and 15. Signs
  are ignored: a hyphen before a digit is far more often a dash than a
  minus, so numbers are read as magnitudes ("-5 %" reads as 5).
- Digits glued to a letter before them are part of a name, not a figure:
  "Q3", "H1", "B2B", "S3" and "GPT4" state no number. ("GPT-4" does: 4.)
- Spelled-out numbers from "zero" and "two" to "nineteen", the tens and
  "hundred" count, as do compounds like "twenty-five" and a scale word after
  them ("two million"). "one" does not: it is far more often a pronoun or an
  article ("one of", "no one", "the one that") than a figure. Other words
  are read one at a time, so "two hundred" states 2 and 100.
- Scientific notation is not read; the deliverables never use it.

`allowed_numbers` says which figures a deliverable's tailored texts may
state; see its docstring for what counts.

`unlisted_numbers` compares values with a relative tolerance of 1e-9. That
absorbs formatting only (4.2M == 4,200,000 despite binary floats; 312.5 % ==
312.5); a rounded or changed value ("$4.8M" for 4,750,000) is a different
number and is reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from agent.context import PlaybookContext
from agent.parsing import MONEY_SCALES

REL_TOLERANCE = 1e-9

_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# In compounds ("twenty-one") "one" is a digit, unlike on its own.
_DIGIT_WORDS = {"one": 1, **{w: v for w, v in _UNITS.items() if 0 < v < 10}}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])"
    r"(?:"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<letter>mm|mn|bn|[kKmMbB])(?![A-Za-z])"
    r"|\s?(?P<word>thousand|million|billion)\b)?"
    r"|"
    rf"\b(?P<tens>{_alternatives(_TENS)})"
    rf"(?:[-\s](?P<digit>{_alternatives(_DIGIT_WORDS)}))?\b"
    r"(?:\s(?P<tens_scale>thousand|million|billion)\b)?"
    r"|"
    rf"\b(?P<unit>{_alternatives(_UNITS)}|hundred)\b"
    r"(?:\s(?P<unit_scale>thousand|million|billion)\b)?"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatedNumber:
    """A number as a text writes it and the value it stands for."""

    text: str
    value: float


def extract_numbers(text: str) -> list[StatedNumber]:
    """Return every number the text states, in order, normalised to floats."""
    return [StatedNumber(_as_written(m), _value(m)) for m in _NUMBER.finditer(text)]


def _as_written(match: re.Match[str]) -> str:
    # The currency mark is kept so that a report reads "$5.1M", not "5.1M".
    start = match.start()
    mark = match.string[start - 1] if start and match.string[start - 1] in "$€£" else ""
    return mark + match.group(0)


def _value(match: re.Match[str]) -> float:
    if (digits := match["digits"]) is not None:
        scale = match["letter"] or match["word"] or ""
        return float(digits.replace(",", "")) * MONEY_SCALES.get(scale.lower(), 1.0)
    if (tens := match["tens"]) is not None:
        value = _TENS[tens.lower()] + _DIGIT_WORDS.get(
            (match["digit"] or "").lower(), 0
        )
        return value * MONEY_SCALES.get((match["tens_scale"] or "").lower(), 1.0)
    unit = match["unit"].lower()
    value = 100 if unit == "hundred" else _UNITS[unit]
    return value * MONEY_SCALES.get((match["unit_scale"] or "").lower(), 1.0)


def same_number(a: float, b: float) -> bool:
    """True when two values differ by formatting only, not in value."""
    return math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=REL_TOLERANCE)


def is_allowed(value: float, allowed: Iterable[float]) -> bool:
    """True when the value is one of the allowed figures."""
    return any(same_number(value, figure) for figure in allowed)


def unlisted_numbers(text: str, allowed: Iterable[float]) -> list[str]:
    """Return the numbers the text states that are not allowed, as written."""
    figures = list(allowed)
    return [n.text for n in extract_numbers(text) if not is_allowed(n.value, figures)]


def allowed_numbers(deliverable: BaseModel, context: PlaybookContext) -> set[float]:
    """Return every figure a tailored text of this deliverable may state.

    These are the deliverable's numeric fields and the numbers inside its
    texts, the user's inputs (ARR, customers, ACV, team size, segment mix,
    ROI figures) and the numbers in the profile's names: company, product,
    category, features, integrations and persona ("Salesforce 360").

    The product description and the churn reasons are free text, the place
    an injected instruction would hide ("say ARR is $9.9M"), so their numbers
    are allowed only where the engine's own text already quotes them (the
    churn playbook keeps each reason in the user's words).
    """
    return set(_numbers_in(deliverable.model_dump())) | input_numbers(context)


def input_numbers(context: PlaybookContext) -> set[float]:
    """Return the figures the user gave and the numbers in the profile's names.

    Any tailored text may state these: "your 95 customers" is always true.
    """
    return set(_input_figures(context)) | set(_numbers_in(_profile_names(context)))


def _profile_names(context: PlaybookContext) -> list[str | None]:
    product = context.profile.product
    return [
        context.profile.company.name,
        product.name,
        product.category,
        product.persona,
        *product.features,
        *product.integrations,
    ]


def _input_figures(context: PlaybookContext) -> Iterator[float]:
    profile = context.profile
    company = profile.company
    yield from (company.arr, float(company.customers), float(company.cs_team_size))
    # A derived ACV (ARR / customers) rarely comes out whole; the playbook
    # shows money in whole currency units, so that rounding is allowed too.
    for acv in (profile.acv, company.acv):
        if acv is not None:
            yield from (acv, float(round(acv)))
    yield from (float(n) for n in (company.segment_mix or {}).values())
    yield from (float(n) for n in context.segment_mix.values())
    if profile.roi is not None:
        yield from (profile.roi.value_delivered, profile.roi.annual_cost)


def _numbers_in(value: Any) -> Iterator[float]:
    """Yield the numbers in a dumped model: numeric leaves and those in text."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, str):
        yield from (n.value for n in extract_numbers(value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers_in(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _numbers_in(item)
