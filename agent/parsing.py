"""Parse the ways people write money, counts and stage names."""

from __future__ import annotations

import math
import re

from agent.errors import InputError

MONEY_FIX = "Write an amount such as 3200000, '$3.2M', '3.2 million' or '800k'."
COUNT_FIX = "Write a whole number of 0 or more, such as 120 or '1,200'."

# Scale words people put after amounts ("3.2M", "800k", "1.5 billion").
MONEY_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_MONEY = re.compile(
    r"^(?P<number>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)\s*(?P<suffix>[a-z]+)?$"
)
_CURRENCY_MARKS = re.compile(
    r"^(?:usd|eur|gbp|cad|aud|us\$|[$€£])\s*|\s*(?:usd|eur|gbp)$"
)


def parse_money(value: object, field: str) -> float:
    """Return an amount of money from a number or text like '$3.2M' or '800k'."""
    if isinstance(value, bool):
        raise InputError(field, value, "is not an amount of money", MONEY_FIX)
    if isinstance(value, int | float):
        return _non_negative(float(value), value, field, MONEY_FIX)
    if not isinstance(value, str):
        raise InputError(field, value, "is not an amount of money", MONEY_FIX)
    text = _CURRENCY_MARKS.sub("", value.strip().lower()).strip()
    if text.startswith("-"):
        raise InputError(field, value, "is negative", "Amounts must be 0 or more.")
    match = _MONEY.match(text)
    if not match:
        raise InputError(field, value, "is not an amount of money", MONEY_FIX)
    suffix = match["suffix"]
    if suffix is not None and suffix not in MONEY_SCALES:
        raise InputError(field, value, f"has an unknown unit {suffix!r}", MONEY_FIX)
    amount = float(match["number"].replace(",", "")) * MONEY_SCALES.get(suffix or "", 1)
    return round(amount, 2)


def parse_count(value: object, field: str) -> int:
    """Return a whole number of 0 or more from an int or text like '1,200'."""
    if isinstance(value, bool):
        raise InputError(field, value, "is not a whole number", COUNT_FIX)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(?:,\d{3})*\s*", value):
        value = int(value.replace(",", ""))
    if not isinstance(value, int):
        raise InputError(field, value, "is not a whole number", COUNT_FIX)
    if value < 0:
        raise InputError(field, value, "is negative", COUNT_FIX)
    return value


def _non_negative(amount: float, raw: object, field: str, fix: str) -> float:
    if math.isnan(amount) or math.isinf(amount):
        raise InputError(field, raw, "is not a finite number", fix)
    if amount < 0:
        raise InputError(field, raw, "is negative", "Amounts must be 0 or more.")
    return amount
