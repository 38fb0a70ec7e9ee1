"""Write a score report as JSON (everything) or CSV (one row per account)."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path
from typing import Literal

from agent.accounts.report import AccountResult, ScoreReport
from agent.fileio import atomic_write_text

logger = logging.getLogger(__name__)

ReportFormat = Literal["json", "csv"]
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "account_id",
    "account_name",
    "segment",
    "arr",
    "health_score",
    "band",
    "tier",
    "coverage",
    "missing",
    "costliest_dimension",
    "explanation",
    "warnings",
    "signals",
    "plays",
    "roi_pct",
)


def report_to_json(report: ScoreReport) -> str:
    """Return the whole report (accounts, summary, notes) as indented JSON."""
    return report.model_dump_json(indent=2) + "\n"


def report_to_csv(report: ScoreReport) -> str:
    """Return one CSV row per account; lists are joined with '; '.

    Warnings and signals read "signal: evidence"; plays are listed by name.
    The summary and notes are not part of the CSV.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(account) for account in report.accounts)
    return buffer.getvalue()


def _csv_row(account: AccountResult) -> list[object]:
    return [
        account.account_id,
        account.account_name or "",
        account.segment or "",
        _number(account.arr),
        _one_decimal(account.health_score),
        account.band or "",
        account.tier or "",
        account.coverage,
        LIST_SEPARATOR.join(account.missing),
        account.costliest_dimension or "",
        account.explanation,
        LIST_SEPARATOR.join(f"{w.signal}: {w.evidence}" for w in account.warnings),
        LIST_SEPARATOR.join(f"{s.signal}: {s.evidence}" for s in account.signals),
        LIST_SEPARATOR.join(play.name for play in account.plays),
        _one_decimal(account.roi_pct),
    ]


def _number(value: float | None) -> str:
    """Return 120000 rather than 120000.0; blank for no value."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)


def _one_decimal(value: float | None) -> str:
    """Return a score or percent as reported: one decimal, 67.0 not 67."""
    return "" if value is None else f"{value:.1f}"


def render_report(report: ScoreReport, report_format: ReportFormat) -> str:
    """Return the report in the given format."""
    return report_to_csv(report) if report_format == "csv" else report_to_json(report)


def write_report(
    report: ScoreReport, path: Path, report_format: ReportFormat | None = None
) -> None:
    """Write the report to path, whole or not at all.

    The format defaults to the file's extension: .csv gives CSV, anything
    else JSON.
    """
    chosen = report_format or ("csv" if path.suffix.lower() == ".csv" else "json")
    atomic_write_text(path, render_report(report, chosen))
    logger.info("wrote %d scored accounts to %s", len(report.accounts), path)
