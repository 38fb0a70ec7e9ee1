"""Half-up rounding, the way people round figures they read."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from agent.calculators.signals import Column

_NOISE = Decimal("1e-9")
# Beyond this a float carries no digits after the point worth rounding.
_EXACT_LIMIT = 1e15


def round_half_up(value: float, decimals: int = 1) -> float:
    """Round one figure half away from zero: 79.95 -> 80.0, 2.25 -> 2.3.

    Arithmetic leaves binary noise (a true 79.95 may arrive as 79.94999...),
    so the figure is first settled at nine decimals, then rounded half up.
    """
    if not abs(value) < _EXACT_LIMIT:
        return float(value)  # no decimals left to round (or not a number at all)
    settled = Decimal(repr(float(value))).quantize(_NOISE, rounding=ROUND_HALF_UP)
    quantum = Decimal(1).scaleb(-decimals)
    return float(settled.quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up_array(values: Column, decimals: int = 1) -> Column:
    """Round a column of non-negative figures half up (NaN stays NaN).

    Rounding first to nine decimals removes binary noise so that the
    half-way case rounds up, as the scalar version does.
    """
    scale = 10.0**decimals
    return np.floor(np.round(values * scale, 9 - decimals) + 0.5) / scale
