"""Score an account export: read it, score every account, write the report."""

from agent.accounts.output import (
    render_report,
    report_to_csv,
    report_to_json,
    write_report,
)
from agent.accounts.reader import AccountTable, read_account_rows, read_accounts
from agent.accounts.report import AccountResult, ScoreReport, ScoreSummary
from agent.accounts.scoring import explain_account, score_accounts

__all__ = [
    "AccountResult",
    "AccountTable",
    "ScoreReport",
    "ScoreSummary",
    "explain_account",
    "read_account_rows",
    "read_accounts",
    "render_report",
    "report_to_csv",
    "report_to_json",
    "score_accounts",
    "write_report",
]
