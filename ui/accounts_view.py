"""What the accounts tab shows of a score report: table, filters, charts, files.

Pure functions from a `ScoreReport` to rows and text, so the tab's content
is tested without a browser. Rows are plain lists; the page turns them into
tables and charts.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from agent.accounts import AccountResult, ScoreReport, report_to_csv, report_to_json
from agent.calculators.health_model import HealthModel
from agent.domain import Segment
from agent.errors import AccountFileError
from agent.fileio import atomic_write_text
from agent.render.markup import md_inline, md_text

logger = logging.getLogger(__name__)

ALL_BANDS = "All bands"
ALL_TIERS = "All tiers"
NO_TIER = "No tier"
TIERS = ("Tier 1", "Tier 2", "Tier 3")
TABLE_HEADERS = [
    "Account ID",
    "Account",
    "Segment",
    "ARR",
    "Health score",
    "Band",
    "Churn tier",
    "Biggest drag",
    "Early warnings",
    "Expansion plays",
]
COLUMN_WIDTHS: list[str | int] = [110, 220, 110, 100, 120, 90, 110, 150, 300, 300]
NUMERIC_HEADERS = {"ARR", "Health score"}
ColumnType = Literal["str", "number"]
TABLE_TYPES: list[ColumnType] = [
    "number" if header in NUMERIC_HEADERS else "str" for header in TABLE_HEADERS
]
# Bands of the default model, from best to worst, with a colour each.
BAND_COLOURS = {
    "healthy": "#2e7d32",
    "monitor": "#f2a900",
    "at-risk": "#e8590c",
    "critical": "#c62828",
}
TIER_COLOURS = {
    "Tier 1": BAND_COLOURS["monitor"],
    "Tier 2": BAND_COLOURS["at-risk"],
    "Tier 3": BAND_COLOURS["critical"],
}
SCORE_BIN = 10
SCORING_FAILED = (
    "Something went wrong on our side while scoring this file. Check that it "
    "opens in a spreadsheet, then try again; if it keeps happening, run the "
    "server with -v and report it."
)
NO_FILE = (
    "Upload an account export from Gainsight, Vitally, ChurnZero or your CRM "
    "(CSV, XLSX or Parquet, one row per account) to score it with the health "
    "model. Only an account id column is required."
)


def band_label(band: str | None) -> str:
    """Return a band as people write it: 'at_risk' -> 'at-risk'."""
    return (band or "unscored").replace("_", "-")


def tier_label(tier: int | None) -> str:
    return f"Tier {tier}" if tier else ""


def band_choices(report: ScoreReport | None) -> list[str]:
    """Return the band filter's choices: all bands, then those present."""
    if report is None:
        return [ALL_BANDS]
    present = [band_label(b) for b, n in report.summary.bands.items() if n]
    return [ALL_BANDS, *present]


def tier_choices() -> list[str]:
    return [ALL_TIERS, *TIERS, NO_TIER]


def account_rows(
    report: ScoreReport | None, band: str = ALL_BANDS, tier: str = ALL_TIERS
) -> list[list[Any]]:
    """Return the table rows of the accounts in the band and tier chosen."""
    if report is None:
        return []
    return [
        _row(account) for account in report.accounts if _matches(account, band, tier)
    ]


def _matches(account: AccountResult, band: str, tier: str) -> bool:
    in_band = band in ("", ALL_BANDS) or band_label(account.band) == band
    if tier in ("", ALL_TIERS):
        return in_band
    wanted = tier_label(account.tier) or NO_TIER
    return in_band and wanted == tier


def _row(account: AccountResult) -> list[Any]:
    return [
        account.account_id,
        account.account_name or "",
        Segment(account.segment).label if account.segment else "",
        None if account.arr is None else round(account.arr),
        account.health_score,
        band_label(account.band),
        tier_label(account.tier),
        _words(account.costliest_dimension or ""),
        ", ".join(_words(w.signal) for w in account.warnings),
        ", ".join(play.name for play in account.plays),
    ]


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def score_distribution(
    report: ScoreReport | None, model: HealthModel
) -> list[dict[str, Any]]:
    """Return accounts per 10-point score range and band, for a bar chart.

    Every range appears, empty ones with 0 accounts in the band the model
    gives their lowest score, so the chart always spans 0 to 100.
    """
    if report is None:
        return []
    counts: Counter[tuple[int, str]] = Counter(
        (_bin(account.health_score), band_label(account.band))
        for account in report.accounts
        if account.health_score is not None
    )
    for low in range(0, 100, SCORE_BIN):
        if not any(start == low for start, _ in counts):
            counts[(low, band_label(model.band_for(low)))] = 0
    return [
        {"score": _bin_label(low), "band": band, "accounts": n}
        for (low, band), n in sorted(counts.items())
    ]


def _bin(score: float) -> int:
    # 100 belongs with 90-99 so the last range reads 90–100.
    return min(int(score // SCORE_BIN) * SCORE_BIN, 100 - SCORE_BIN)


def _bin_label(low: int) -> str:
    high = low + SCORE_BIN - 1 if low < 100 - SCORE_BIN else 100
    return f"{low}–{high}"


def arr_at_risk(report: ScoreReport | None) -> list[dict[str, Any]]:
    """Return the ARR in each churn tier, for a bar chart (empty without ARR)."""
    if report is None or report.summary.arr_at_risk_by_tier is None:
        return []
    return [
        {"tier": f"Tier {tier}", "arr": amount}
        for tier, amount in sorted(report.summary.arr_at_risk_by_tier.items())
    ]


def summary_markdown(report: ScoreReport, file_name: str) -> str:
    """Return the portfolio figures and the reader's notes as Markdown."""
    summary = report.summary
    bands = " · ".join(f"{band_label(b)} {n}" for b, n in summary.bands.items() if n)
    lines = [
        f"### {md_text(file_name)}: {summary.accounts} accounts, "
        f"{summary.scored} scored",
        "",
        f"- **Bands:** {bands}",
        *_portfolio_lines(report),
        "",
    ]
    if report.notes:
        lines += ["**Notes**", "", *(f"- {md_text(n)}" for n in report.notes)]
    return "\n".join(lines).rstrip() + "\n"


def _portfolio_lines(report: ScoreReport) -> list[str]:
    summary = report.summary
    figures = [
        ("Health coverage", _pct(summary.coverage)),
        ("NRR", _pct(summary.nrr)),
        ("GRR", _pct(summary.grr)),
        ("NPS", None if summary.nps is None else f"{summary.nps:g}"),
        ("QBR completion", _pct(summary.qbr_completion)),
        ("Expansion candidates", str(summary.expansion_candidates)),
    ]
    lines = [f"- **{name}:** {value}" for name, value in figures if value]
    if summary.arr_at_risk_by_tier:
        risk = " · ".join(
            f"Tier {tier} {amount:,.0f}"
            for tier, amount in sorted(summary.arr_at_risk_by_tier.items())
        )
        lines.append(f"- **ARR at risk:** {risk}")
    return lines


def _pct(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f} %"


def problems_markdown(error: AccountFileError, file_name: str) -> str:
    """Return every problem in a file as a list a person can work through."""
    count = len(error.problems) + error.more
    noun = "problem" if count == 1 else "problems"
    lines = [
        f"**{md_inline(file_name)} cannot be scored yet: {count} {noun} to fix.**",
        "",
        *(f"- {md_text(str(problem))}" for problem in error.problems),
    ]
    if error.more:
        lines.append(f"- … and {error.more} more like these.")
    return "\n".join(lines) + "\n"


def write_report_files(report: ScoreReport, folder: Path, stem: str) -> list[Path]:
    """Write the scored accounts as CSV and JSON into folder; return the paths."""
    paths = [folder / f"{stem}-scores.csv", folder / f"{stem}-scores.json"]
    atomic_write_text(paths[0], report_to_csv(report))
    atomic_write_text(paths[1], report_to_json(report))
    logger.info("wrote %d scored accounts to %s", len(report.accounts), folder)
    return paths
