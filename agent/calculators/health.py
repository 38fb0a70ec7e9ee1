"""Health scores for any number of accounts, computed column by column.

For each dimension d with data, sub-score s_d is in 0-100. With nominal
weights w_d (percent, total 100) and P the set of dimensions that have data:

    composite = sum(w_d * s_d for d in P) / sum(w_d for d in P)
    coverage  = sum(w_d for d in P) / 100

so a missing dimension's weight is shared among the present ones in
proportion to their weights. The composite is reported to one decimal,
rounding half up, and the band is read from that reported value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel

from agent.calculators.health_model import Dimension, HealthModel
from agent.calculators.rounding import round_half_up_array
from agent.calculators.signals import SIGNALS, Column, Columns, signal_values

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class HealthScores:
    """Scores of many accounts, with everything needed to explain each one."""

    model: HealthModel
    signals: dict[str, Column]
    sub_scores: Matrix
    score: Column
    coverage: Column
    bands: npt.NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.score)

    def effective_weights(self, rows: slice = slice(None)) -> Matrix:
        """Weights after missing dimensions' shares are redistributed (percent).

        `rows` limits the work to some accounts: explaining one account of a
        million should not redistribute the weights of all of them.
        """
        nominal = np.array([d.weight for d in self.model.dimensions])
        present = ~np.isnan(self.sub_scores[rows])
        weights = np.where(present, nominal, 0.0)
        totals = weights.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, weights * 100.0 / totals, np.nan)

    def explain(self, row: int) -> HealthExplanation:
        """Return the per-dimension breakdown of one account's score."""
        return explain_row(self, row)


def score_columns(model: HealthModel, columns: Columns, rows: int) -> HealthScores:
    """Score every account in a set of aligned numeric columns (NaN = no data)."""
    signals = {
        sid: signal_values(SIGNALS[sid], columns, rows) for sid in _used_signals(model)
    }
    sub_scores = (
        np.column_stack(
            [_dimension_scores(d, columns, signals, rows) for d in model.dimensions]
        )
        if model.dimensions
        else np.empty((rows, 0))
    )
    nominal = np.array([d.weight for d in model.dimensions])
    present = ~np.isnan(sub_scores)
    present_weight = np.where(present, nominal, 0.0).sum(axis=1)
    points = np.where(present, nominal * np.nan_to_num(sub_scores), 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = np.where(present_weight > 0, points / present_weight, np.nan)
    score = round_half_up_array(composite)
    return HealthScores(
        model=model,
        signals=signals,
        sub_scores=sub_scores,
        score=score,
        coverage=present_weight / 100.0,
        bands=bands_for(model, score),
    )


def bands_for(model: HealthModel, scores: Column) -> npt.NDArray[np.str_]:
    """Return the band name of each reported score; '' where there is no score."""
    choices = [
        (scores >= band.min) & (True if band.max is None else scores < band.max)
        for band in model.bands
    ]
    names = [band.name for band in model.bands]
    return np.select(choices, names, default="")


def _used_signals(model: HealthModel) -> set[str]:
    return {i.signal for d in model.dimensions for i in d.inputs}


def _dimension_scores(
    dimension: Dimension, columns: Columns, signals: Mapping[str, Column], rows: int
) -> Column:
    """Weighted mean of the dimension's inputs that have data.

    A ready-made `<id>_score` column, where present, takes the place of the
    raw signals.
    """
    total = np.zeros(rows)
    weight = np.zeros(rows)
    for source in dimension.inputs:
        sub = source.normaliser.apply(signals[source.signal])
        has = ~np.isnan(sub)
        total += np.where(has, sub * source.weight, 0.0)
        weight += np.where(has, source.weight, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        derived = np.where(weight > 0, total / weight, np.nan)
    ready = columns.get(dimension.score_column)
    if ready is None:
        return derived
    return np.where(np.isnan(ready), derived, ready)


class DimensionBreakdown(BaseModel):
    """One dimension's part in an account's score."""

    id: str
    label: str
    raw: dict[str, float | None]
    sub_score: float | None
    weight: float
    effective_weight: float
    points: float
    points_lost: float


class HealthExplanation(BaseModel):
    """Why an account scored what it did."""

    score: float | None
    band: str | None
    coverage: float
    missing: list[str]
    dimensions: list[DimensionBreakdown]
    costliest: str | None
    costliest_label: str | None
    summary: str


def explain_row(scores: HealthScores, row: int) -> HealthExplanation:
    """Break one account's score into raw values, sub-scores, weights and points."""
    model = scores.model
    effective = scores.effective_weights(slice(row, row + 1))[0]
    parts = [
        _breakdown(scores, row, index, dimension, effective[index])
        for index, dimension in enumerate(model.dimensions)
    ]
    present = [p for p in parts if p.sub_score is not None]
    costliest = max(present, key=lambda p: p.points_lost, default=None)
    score = None if np.isnan(scores.score[row]) else float(scores.score[row])
    return HealthExplanation(
        score=score,
        band=str(scores.bands[row]) or None,
        coverage=round(float(scores.coverage[row]), 4),
        missing=[p.id for p in parts if p.sub_score is None],
        dimensions=parts,
        costliest=costliest.id if costliest else None,
        costliest_label=costliest.label if costliest else None,
        summary=_summary(score, costliest),
    )


def _breakdown(
    scores: HealthScores, row: int, index: int, dimension: Dimension, effective: float
) -> DimensionBreakdown:
    sub = scores.sub_scores[row, index]
    has = not np.isnan(sub)
    share = float(effective) if has else 0.0
    raw = {i.signal: _maybe(scores.signals[i.signal][row]) for i in dimension.inputs}
    return DimensionBreakdown(
        id=dimension.id,
        label=dimension.label,
        raw=raw,
        sub_score=round(float(sub), 1) if has else None,
        weight=dimension.weight,
        effective_weight=round(share, 2),
        points=round(share * float(sub) / 100, 2) if has else 0.0,
        points_lost=round(share * (100 - float(sub)) / 100, 2) if has else 0.0,
    )


def _maybe(value: np.float64) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


NO_DATA_SENTENCE = "No health data for this account, so it has no score."


def explanation_sentence(
    score: float, label: str, points_lost: float, sub_score: float, weight: float
) -> str:
    """Say in one line what an account scored and which dimension costs most."""
    lost = round(points_lost, 2)
    if lost == 0:
        return f"Scores {score:.1f}: every dimension with data is at full marks."
    share = round(weight, 2)
    return (
        f"Scores {score:.1f}. Biggest drag: {label}, {lost:.1f} points lost "
        f"(sub-score {round(sub_score, 1):.1f} of 100 at {share:g} % weight)."
    )


def _summary(score: float | None, costliest: DimensionBreakdown | None) -> str:
    if score is None or costliest is None or costliest.sub_score is None:
        return NO_DATA_SENTENCE
    return explanation_sentence(
        score,
        costliest.label,
        costliest.points_lost,
        costliest.sub_score,
        costliest.effective_weight,
    )


def score_account(
    model: HealthModel, values: Mapping[str, float | None]
) -> HealthExplanation:
    """Score a single account given its column values (None = no data)."""
    columns = {
        name: np.array([np.nan if value is None else float(value)])
        for name, value in values.items()
    }
    return score_columns(model, columns, 1).explain(0)
