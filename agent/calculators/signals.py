"""Raw health signals: which account columns feed them and their valid ranges."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Column = npt.NDArray[np.float64]
Columns = Mapping[str, Column]


@dataclass(frozen=True)
class Signal:
    """A raw signal: how it is read from account columns, and its valid range."""

    id: str
    description: str
    columns: tuple[str, ...]
    low: float | None
    high: float | None
    derive: Callable[[Columns, int], Column] | None = None


def _ratio(
    numerator: str, denominator: str, direct: str
) -> Callable[[Columns, int], Column]:
    """Return a deriver that prefers the ready-made `direct` column.

    A zero denominator means nobody is active or nothing is available, which
    reads as a ratio of 0 rather than missing data: the account is not silent,
    it is unused.
    """

    def derive(columns: Columns, rows: int) -> Column:
        ratio = np.full(rows, np.nan)
        if numerator in columns and denominator in columns:
            top, bottom = columns[numerator], columns[denominator]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(
                    bottom > 0, top / bottom, np.where(bottom == 0, 0.0, np.nan)
                )
        if direct in columns:
            ratio = np.where(np.isnan(columns[direct]), ratio, columns[direct])
        return ratio

    return derive


SIGNALS: dict[str, Signal] = {
    signal.id: signal
    for signal in (
        Signal(
            "dau_mau",
            "daily active users / monthly active users (0-1)",
            ("dau", "mau", "dau_mau"),
            0.0,
            1.0,
            _ratio("dau", "mau", "dau_mau"),
        ),
        Signal(
            "feature_adoption",
            "features used / features available (0-1)",
            ("features_used", "features_available", "feature_adoption"),
            0.0,
            1.0,
            _ratio("features_used", "features_available", "feature_adoption"),
        ),
        Signal(
            "tickets", "support tickets opened in the period", ("tickets",), 0.0, None
        ),
        Signal(
            "ticket_sentiment",
            "average ticket sentiment, -1 (angry) to +1 (delighted)",
            ("ticket_sentiment",),
            -1.0,
            1.0,
        ),
        Signal(
            "exec_meetings",
            "executive meetings held in the period",
            ("exec_meetings",),
            0.0,
            None,
        ),
        Signal("nps", "latest NPS answer (0-10)", ("nps",), 0.0, 10.0),
        Signal("csat", "latest CSAT (1-5)", ("csat",), 1.0, 5.0),
        Signal(
            "growth_pct",
            "seat or usage growth over the period, percent",
            ("growth_pct",),
            -100.0,
            None,
        ),
        Signal(
            "invoices_on_time_pct",
            "share of invoices paid on time, percent (0-100)",
            ("invoices_on_time_pct",),
            0.0,
            100.0,
        ),
    )
}


def signal_values(signal: Signal, columns: Columns, rows: int) -> Column:
    """Return the raw signal for every account; NaN where there is no data."""
    if signal.derive is not None:
        return signal.derive(columns, rows)
    column = columns.get(signal.id)
    return column if column is not None else np.full(rows, np.nan)
