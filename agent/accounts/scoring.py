"""Score every account in a table: health, band, churn tier, warnings, plays.

All arithmetic is column-wise through the calculators, so one account and a
million take the same path; per-account work is limited to assembling each
result and its sentences.

The costliest dimension is the one losing the most points, where
points lost = effective weight x (100 - sub-score) / 100 and the effective
weight is the dimension's share after missing dimensions are redistributed
(the same rule as `HealthScores.explain`).

Active accounts are the rows not churned in the period: arr_end is not 0 (a
blank arr_end counts as active). A churned account keeps its score and its
warnings as a record of why it left, but it is put in no churn tier and
offered no expansion play: there is nothing left to save or grow.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter

from agent.accounts.reader import AccountTable
from agent.accounts.report import (
    AccountResult,
    ScoreReport,
    ScoreSummary,
)
from agent.calculators import metrics
from agent.calculators.churn import EarlyWarnings, early_warnings, tiers_for
from agent.calculators.expansion import ExpansionFindings, expansion_findings
from agent.calculators.health import (
    NO_DATA_SENTENCE,
    HealthExplanation,
    HealthScores,
    explanation_sentence,
    score_columns,
)
from agent.calculators.health_model import HealthModel
from agent.calculators.segments import SEGMENT_RULES, segments_for_acv
from agent.calculators.signals import Column

logger = logging.getLogger(__name__)

UNSCORED = "unscored"
# One validation call for the whole list is cheaper than one per account.
_RESULTS = TypeAdapter(list[AccountResult])


@dataclass(frozen=True)
class _Costliest:
    """Per account: index of the costliest dimension (-1 if none) and its figures."""

    index: npt.NDArray[np.intp]
    points_lost: Column
    sub_score: Column
    effective_weight: Column


@dataclass(frozen=True)
class _Scored:
    """Everything the calculators found, column by column."""

    table: AccountTable
    scores: HealthScores
    warnings: EarlyWarnings
    active: npt.NDArray[np.bool_]
    tiers: npt.NDArray[np.int8]
    expansion: ExpansionFindings
    segments: npt.NDArray[np.str_]
    arr: Column
    costliest: _Costliest
    retention: metrics.RetentionFigures | None


def score_accounts(table: AccountTable, model: HealthModel) -> ScoreReport:
    """Score every account of a table with a health model."""
    logger.info("scoring %d accounts from %s", table.rows, table.source)
    scored = _calculate(table, model)
    return ScoreReport(
        source=table.source,
        as_of=table.as_of.isoformat(),
        accounts=_results(scored),
        summary=_summary(scored),
        notes=_notes(scored),
    )


def explain_account(
    table: AccountTable, model: HealthModel, account_id: str
) -> HealthExplanation:
    """Return the full per-dimension breakdown of one account's score."""
    one = table.select([table.index_of(account_id)])
    return score_columns(model, one.columns, 1).explain(0)


def _calculate(table: AccountTable, model: HealthModel) -> _Scored:
    columns, rows = table.columns, table.rows
    scores = score_columns(model, columns, rows)
    warnings = early_warnings(columns, rows)
    arr = columns.get("arr", np.full(rows, np.nan))
    active = _active(table)
    tiers = np.where(active, tiers_for(scores.score, warnings.any), 0)
    return _Scored(
        table=table,
        scores=scores,
        warnings=warnings,
        active=active,
        tiers=tiers.astype(np.int8),
        expansion=_active_only(expansion_findings(columns, scores.score, rows), active),
        segments=segments_for_acv(arr),
        arr=arr,
        costliest=_costliest(scores),
        retention=_retention(columns),
    )


def _active_only(
    findings: ExpansionFindings, active: npt.NDArray[np.bool_]
) -> ExpansionFindings:
    """Drop expansion signals and plays of churned accounts."""
    return replace(
        findings,
        signals={name: flags & active for name, flags in findings.signals.items()},
        plays={name: flags & active for name, flags in findings.plays.items()},
    )


def _costliest(scores: HealthScores) -> _Costliest:
    """Find each account's costliest dimension; ties go to the first listed."""
    effective = scores.effective_weights()
    lost = effective * (100.0 - scores.sub_scores) / 100.0
    rows = np.arange(len(scores))
    if lost.shape[1] == 0:
        none = np.full(len(scores), np.nan)
        return _Costliest(np.full(len(scores), -1, dtype=np.intp), none, none, none)
    # Compared at two decimals, as the breakdown reports points lost.
    shown = np.nan_to_num(np.round(lost, 2), nan=-np.inf)
    index = np.where(np.isnan(scores.score), -1, np.argmax(shown, axis=1))
    pick = np.maximum(index, 0)
    return _Costliest(
        index=index,
        points_lost=lost[rows, pick],
        sub_score=scores.sub_scores[rows, pick],
        effective_weight=effective[rows, pick],
    )


def _results(scored: _Scored) -> list[AccountResult]:
    """Assemble one result per account from columns turned into plain lists."""
    table, scores = scored.table, scored.scores
    rows = table.rows
    ids = [dimension.id for dimension in scores.model.dimensions]
    fields: dict[str, list[Any]] = {
        "account_id": table.account_ids,
        "account_name": [name or None for name in table.names or [""] * rows],
        "segment": [segment or None for segment in scored.segments.tolist()],
        "arr": _floats(scored.arr),
        "health_score": _floats(scores.score),
        "band": [band or None for band in scores.bands.tolist()],
        "tier": [tier or None for tier in scored.tiers.tolist()],
        "coverage": np.round(scores.coverage, 4).tolist(),
        "missing": _missing_lists(scores),
        "costliest_dimension": [
            None if index < 0 else ids[index]
            for index in scored.costliest.index.tolist()
        ],
        "explanation": _explanations(scored),
    }
    sparse = {
        "warnings": _sparse(scored.warnings.any, scored.warnings.evidence),
        "signals": _sparse(
            _any(scored.expansion.signals, rows), scored.expansion.signal_evidence
        ),
        "plays": _sparse(
            _any(scored.expansion.plays, rows), scored.expansion.play_evidence
        ),
    }
    roi = _roi(table)
    names = list(fields)
    with _collector_paused():
        records = []
        for row, values in enumerate(zip(*fields.values(), strict=True)):
            record = dict(zip(names, values, strict=True))
            for name, found in sparse.items():
                record[name] = found.get(row, [])
            record["roi_pct"] = roi.get(row)
            records.append(record)
        return _RESULTS.validate_python(records)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while results are built.

    The results hold no reference cycles, so the collector has nothing to
    free; left running, it rescans the growing list over and over, which
    costs about as much as building it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _floats(values: Column) -> list[float | None]:
    return [None if value != value else value for value in values.tolist()]


def _missing_lists(scores: HealthScores) -> list[list[str]]:
    """Return the missing dimension ids of each account, built once per pattern."""
    ids = [dimension.id for dimension in scores.model.dimensions]
    absent = np.isnan(scores.sub_scores)
    keys = (absent * (1 << np.arange(len(ids), dtype=np.int64))).sum(axis=1)
    patterns = {
        int(key): [ids[j] for j in np.flatnonzero(absent[row]).tolist()]
        for key, row in zip(*np.unique(keys, return_index=True), strict=True)
    }
    return [list(patterns[key]) for key in keys.tolist()]


def _explanations(scored: _Scored) -> list[str]:
    """Return each account's one-line reason, as `HealthScores.explain` words it."""
    labels = [dimension.label for dimension in scored.scores.model.dimensions]
    worst = scored.costliest
    return [
        NO_DATA_SENTENCE
        if index < 0
        else explanation_sentence(score, labels[index], lost, sub, weight)
        for index, score, lost, sub, weight in zip(
            worst.index.tolist(),
            scored.scores.score.tolist(),
            worst.points_lost.tolist(),
            worst.sub_score.tolist(),
            worst.effective_weight.tolist(),
            strict=True,
        )
    ]


def _any(flags: dict[str, npt.NDArray[np.bool_]], rows: int) -> npt.NDArray[np.bool_]:
    if not flags:
        return np.zeros(rows, dtype=bool)
    fired: npt.NDArray[np.bool_] = np.logical_or.reduce(list(flags.values()))
    return fired


def _sparse(
    fired: npt.NDArray[np.bool_], evidence: Callable[[int], list[dict[str, object]]]
) -> dict[int, list[dict[str, object]]]:
    """Gather evidence only for the accounts where something fired."""
    return {row: evidence(row) for row in np.flatnonzero(fired).tolist()}


def _roi(table: AccountTable) -> dict[int, float | None]:
    """QBR ROI per account with value_delivered, its ARR as the annual cost."""
    value = table.columns.get("value_delivered")
    arr = table.columns.get("arr")
    if value is None or arr is None:
        return {}
    known = ~np.isnan(value) & ~np.isnan(arr)
    return {
        row: metrics.qbr_roi_pct(float(value[row]), float(arr[row]))
        for row in np.flatnonzero(known).tolist()
    }


def _summary(scored: _Scored) -> ScoreSummary:
    table, scores = scored.table, scored.scores
    columns, active = table.columns, scored.active
    has_score = ~np.isnan(scores.score)
    retention = scored.retention
    return ScoreSummary(
        accounts=table.rows,
        active_accounts=int(active.sum()),
        scored=int(has_score.sum()),
        coverage=metrics.ratio_pct(
            float((has_score & active).sum()), float(active.sum())
        ),
        bands=_band_counts(scores),
        tiers={str(t): int((scored.tiers == t).sum()) for t in (1, 2, 3)},
        arr_at_risk_by_tier=_arr_at_risk(scored) if "arr" in columns else None,
        expansion_candidates=int(scored.expansion.candidate.sum()),
        nrr=None if retention is None else retention.nrr_pct,
        grr=None if retention is None else retention.grr_pct,
        nps=metrics.nps(columns["nps"]) if "nps" in columns else None,
        qbr_completion=_qbr_completion(columns),
        median_ttfv_days=_median_ttfv(scored),
    )


def _active(table: AccountTable) -> npt.NDArray[np.bool_]:
    arr_end = table.columns.get("arr_end")
    if arr_end is None:
        return np.ones(table.rows, dtype=bool)
    churned: npt.NDArray[np.bool_] = arr_end == 0
    return ~churned


def _band_counts(scores: HealthScores) -> dict[str, int]:
    counts = {
        band.name: int((scores.bands == band.name).sum()) for band in scores.model.bands
    }
    counts[UNSCORED] = int(np.isnan(scores.score).sum())
    return counts


def _arr_at_risk(scored: _Scored) -> dict[str, float]:
    arr = np.nan_to_num(scored.arr)
    return {
        str(tier): round(float(arr[scored.tiers == tier].sum()), 2)
        for tier in (1, 2, 3)
    }


def _retention(columns: dict[str, Column]) -> metrics.RetentionFigures | None:
    if "arr_start" not in columns or "arr_end" not in columns:
        return None
    return metrics.retention(columns["arr_start"], columns["arr_end"])


def _qbr_completion(columns: dict[str, Column]) -> float | None:
    if "qbrs_held" not in columns or "qbrs_due" not in columns:
        return None
    held, due = columns["qbrs_held"], columns["qbrs_due"]
    known = ~np.isnan(held) & ~np.isnan(due)
    return metrics.ratio_pct(float(held[known].sum()), float(due[known].sum()))


def _median_ttfv(scored: _Scored) -> dict[str, float]:
    """Median TTFV per segment present, and over all accounts as 'all'."""
    days = scored.table.columns.get("ttfv_days")
    if days is None:
        return {}
    medians: dict[str, float] = {}
    for rule in SEGMENT_RULES:
        segment = rule.segment.value
        median = metrics.median_days(days[scored.segments == segment])
        if median is not None:
            medians[segment] = median
    overall = metrics.median_days(days)
    if overall is not None:
        medians["all"] = overall
    return medians


def _notes(scored: _Scored) -> list[str]:
    """Say what the figures leave out and why, in a head of CS's words."""
    table = scored.table
    notes = list(table.notes)
    notes += _data_gaps(scored)
    notes += _retention_notes(scored)
    churned = int((~scored.active).sum())
    if "arr_end" in table.columns:
        notes.append(
            "Active accounts are those not churned in the period (arr_end is "
            "not 0); health coverage is scored active accounts / active accounts."
        )
    if churned:
        notes.append(
            f"{churned} churned account(s) (arr_end 0) keep their score and "
            "warnings for the record but get no churn tier and no expansion play."
        )
    return notes


def _data_gaps(scored: _Scored) -> list[str]:
    notes = []
    scores, rows = scored.scores, scored.table.rows
    empty = [
        dimension.label
        for index, dimension in enumerate(scores.model.dimensions)
        if rows and np.isnan(scores.sub_scores[:, index]).all()
    ]
    if empty:
        notes.append(
            f"No account has data for: {', '.join(empty)}. Their weight is shared "
            "among the other dimensions in proportion to their weights."
        )
    unscored = int(np.isnan(scores.score).sum())
    if unscored:
        notes.append(f"{unscored} account(s) have no health data, so no score.")
    if "arr" not in scored.table.columns:
        notes.append("There is no arr column, so no segments and no ARR at risk.")
    elif unknown := int(np.isnan(scored.arr).sum()):
        notes.append(f"{unknown} account(s) have no arr, so no segment.")
    return notes


def _retention_notes(scored: _Scored) -> list[str]:
    figures = scored.retention
    if figures is None:
        return ["NRR and GRR need arr_start and arr_end columns."]
    new = int((scored.table.columns["arr_start"] == 0).sum())
    text = (
        f"NRR and GRR cover the {figures.accounts} account(s) present at the "
        "start of the period"
    )
    if new:
        text += f"; {new} new customer(s) (arr_start 0) are left out, as defined"
    return [text + "."]
