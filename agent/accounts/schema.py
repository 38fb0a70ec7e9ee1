"""The account-export columns the scorer reads: meaning, unit, range and aliases.

Headers are normalised before they are matched (see `normalise_header`), so
"Account ID", "account-id" and "ACCOUNT.ID" all read as `account_id`, and a
trailing "%" reads as "_pct" ("Invoices on time %" -> `invoices_on_time_pct`).

Aliases are the headers that Gainsight, Vitally, ChurnZero and Salesforce
reports commonly use for the same figure. An alias is only added where its
meaning is unambiguous; "account" alone, for example, is a name in Salesforce
reports, so it maps to `account_name`, never to the id. A header ending in
"_pct" that aliases a 0-1 share (such as `dau_mau_pct`) is divided by 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from agent.calculators.health_model import DIMENSION_IDS
from agent.calculators.signals import SIGNALS


class Kind(StrEnum):
    """How a column's cells are read."""

    TEXT = "text"
    MONEY = "money"
    NUMBER = "number"
    SHARE = "share"  # a 0-1 share; "45%" reads as 0.45
    PERCENT = "percent"  # a value in percent; "85%" reads as 85
    FLAG = "flag"  # yes/no, true/false, y/n, 1/0
    DATE = "date"


@dataclass(frozen=True)
class ColumnSpec:
    """One column the scorer understands."""

    name: str
    kind: Kind
    meaning: str
    unit: str
    low: float | None = None
    high: float | None = None
    aliases: tuple[str, ...] = ()
    fix: str = ""

    @property
    def range_text(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{self.low:g} or more"
        if self.high is not None:
            return f"{self.high:g} or less"
        return "any number"


MONEY_CELL_FIX = "Write an amount of 0 or more, such as 120000, '120,000' or '$120k'."
COUNT_FIX = "Write a number of 0 or more, such as 3."
FLAG_FIX = "Write yes or no (also accepted: true/false, y/n, 1/0)."
DATE_FIX = "Write the date as YYYY-MM-DD, such as 2025-06-30."


def _signal_range(signal_id: str) -> tuple[float | None, float | None]:
    signal = SIGNALS[signal_id]
    return signal.low, signal.high


def _money(name: str, meaning: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(
        name, Kind.MONEY, meaning, "money", 0.0, None, aliases, MONEY_CELL_FIX
    )


def _count(name: str, meaning: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(
        name, Kind.NUMBER, meaning, "count", 0.0, None, aliases, COUNT_FIX
    )


def _flag(name: str, meaning: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(name, Kind.FLAG, meaning, "yes/no", 0.0, 1.0, aliases, FLAG_FIX)


def _signal(
    name: str, kind: Kind, meaning: str, unit: str, fix: str, *aliases: str
) -> ColumnSpec:
    low, high = _signal_range(name)
    return ColumnSpec(name, kind, meaning, unit, low, high, aliases, fix)


def _score(dimension_id: str) -> ColumnSpec:
    return ColumnSpec(
        f"{dimension_id}_score",
        Kind.NUMBER,
        f"ready-made {dimension_id.replace('_', ' ')} sub-score; replaces its "
        "raw signals",
        "score",
        0.0,
        100.0,
        (),
        "Write a sub-score from 0 to 100.",
    )


_SHARE_FIX = "Write a share from 0 to 1, such as 0.45, or a percent such as '45%'."

ACCOUNT_ID = ColumnSpec(
    "account_id",
    Kind.TEXT,
    "unique id of the account (CRM or CS-platform id)",
    "text",
    aliases=(
        "id",
        "accountid",
        "acct_id",
        "customer_id",
        "company_id",
        "gsid",
        "salesforce_id",
        "sfdc_id",
        "salesforce_account_id",
        "crm_id",
        "external_id",
    ),
)
ACCOUNT_NAME = ColumnSpec(
    "account_name",
    Kind.TEXT,
    "account name shown next to the id",
    "text",
    aliases=(
        "account",
        "name",
        "company",
        "company_name",
        "customer",
        "customer_name",
        "organization",
        "organisation",
        "organization_name",
        "organisation_name",
    ),
)

NUMERIC_COLUMNS: tuple[ColumnSpec, ...] = (
    _money(
        "arr",
        "annual recurring revenue now; sets the segment and the ARR at risk",
        "annual_recurring_revenue",
        "acv",
        "annual_contract_value",
        "current_arr",
        "arr_usd",
    ),
    _money(
        "arr_start",
        "ARR at the start of the period (0 for a customer won in the period)",
        "starting_arr",
        "start_arr",
        "arr_start_of_period",
        "beginning_arr",
        "arr_beginning",
        "prior_arr",
    ),
    _money(
        "arr_end",
        "ARR at the end of the period (0 for a customer who churned)",
        "ending_arr",
        "end_arr",
        "arr_end_of_period",
    ),
    _count("dau", "daily active users", "daily_active_users"),
    _count("mau", "monthly active users", "monthly_active_users"),
    _signal(
        "dau_mau",
        Kind.SHARE,
        "DAU / MAU, used instead of dau and mau when given",
        "share 0-1",
        _SHARE_FIX,
        "stickiness",
        "dau_mau_ratio",
    ),
    _count("features_used", "features in use", "features_adopted"),
    _count(
        "features_available",
        "features the plan offers",
        "features_total",
        "total_features",
    ),
    _signal(
        "feature_adoption",
        Kind.SHARE,
        "features used / available, used instead of the two counts when given",
        "share 0-1",
        _SHARE_FIX,
        "feature_adoption_rate",
    ),
    _signal(
        "tickets",
        Kind.NUMBER,
        "support tickets opened in the period",
        "count",
        COUNT_FIX,
        "support_tickets",
        "ticket_count",
        "tickets_opened",
        "ticket_volume",
    ),
    _signal(
        "ticket_sentiment",
        Kind.NUMBER,
        "average ticket sentiment",
        "-1 (angry) to +1 (delighted)",
        "Write the average sentiment from -1 to 1, such as 0.2.",
        "support_sentiment",
        "sentiment",
    ),
    _signal(
        "exec_meetings",
        Kind.NUMBER,
        "executive meetings held in the period",
        "count",
        COUNT_FIX,
        "executive_meetings",
        "exec_meetings_held",
    ),
    _signal(
        "nps",
        Kind.NUMBER,
        "the account's latest NPS answer",
        "0-10",
        "Write the latest NPS answer, a number from 0 to 10.",
        "nps_score",
        "nps_response",
        "latest_nps",
        "last_nps",
    ),
    _signal(
        "csat",
        Kind.NUMBER,
        "latest CSAT",
        "1-5",
        "Write CSAT on the 1 to 5 scale.",
        "csat_score",
    ),
    _signal(
        "growth_pct",
        Kind.PERCENT,
        "seat or usage growth over the period",
        "percent, -100 or more",
        "Write growth in percent, such as 12 or '-8%'.",
        "seat_growth_pct",
        "usage_growth_pct",
    ),
    _signal(
        "invoices_on_time_pct",
        Kind.PERCENT,
        "share of invoices paid on time",
        "percent 0-100",
        "Write a percent from 0 to 100, such as 95 or '95%'.",
        "on_time_payment_pct",
        "paid_on_time_pct",
        "on_time_payments_pct",
        "invoices_paid_on_time_pct",
    ),
    *(_score(dimension_id) for dimension_id in DIMENSION_IDS),
    _count(
        "usage_previous",
        "usage in the previous period (any usage count)",
        "previous_usage",
        "prior_usage",
        "usage_prior",
        "usage_last_period",
    ),
    _count(
        "usage_current",
        "usage in this period, same measure as usage_previous",
        "current_usage",
        "usage_this_period",
    ),
    _flag(
        "champion_left",
        "the champion has left the customer",
        "champion_departed",
        "champion_churned",
        "lost_champion",
    ),
    _count(
        "competitor_mentions",
        "times a competitor was mentioned in the period",
        "competitor_mention_count",
    ),
    _count(
        "missed_meetings",
        "calls or meetings the customer missed in the period",
        "no_shows",
        "missed_calls",
    ),
    _count(
        "seats_purchased",
        "seats or licences bought",
        "seats",
        "licenses",
        "licences",
        "licenses_purchased",
        "licences_purchased",
        "purchased_seats",
        "contracted_seats",
        "seat_count",
        "license_count",
        "licence_count",
    ),
    _count(
        "seats_active",
        "seats in use (active licensed users)",
        "active_seats",
        "active_users",
        "active_licenses",
        "active_licences",
        "seats_used",
        "used_seats",
        "licenses_used",
        "licences_used",
    ),
    _count(
        "new_use_cases",
        "new use cases raised in QBRs",
        "use_cases_raised",
        "new_use_cases_raised",
    ),
    _flag("champion_promoted", "the champion was promoted", "champion_promotion"),
    _count(
        "workarounds",
        "workarounds the customer reported",
        "workaround_count",
        "workarounds_reported",
    ),
    _flag(
        "champion_referral",
        "the champion referred another department",
        "champion_referred",
        "champion_referrals",
    ),
    ColumnSpec(
        "plan_limit_pct",
        Kind.PERCENT,
        "share of the plan's limit in use",
        "percent, 0 or more",
        0.0,
        None,
        (
            "plan_usage_pct",
            "plan_utilisation_pct",
            "plan_utilization_pct",
            "limit_usage_pct",
        ),
        "Write a percent of 0 or more, such as 92 or '92%'.",
    ),
    ColumnSpec(
        "days_to_renewal",
        Kind.NUMBER,
        "days until the renewal date (negative once it has passed)",
        "days",
        None,
        None,
        ("days_until_renewal", "renewal_in_days", "days_to_renew"),
        "Write a whole number of days, such as 45.",
    ),
    _count("qbrs_held", "QBRs held in the period", "qbrs_completed", "qbr_held"),
    _count("qbrs_due", "QBRs due in the period", "qbrs_planned", "qbr_due"),
    ColumnSpec(
        "ttfv_days",
        Kind.NUMBER,
        "days from contract start to the first agreed value milestone",
        "days, 0 or more",
        0.0,
        None,
        ("ttfv", "time_to_first_value", "time_to_first_value_days", "ttv_days"),
        "Write a number of days of 0 or more, such as 12.",
    ),
    _money(
        "value_delivered",
        "value delivered to the customer this year, for the QBR ROI",
        "value_realised",
        "value_realized",
        "roi_value",
    ),
)

RENEWAL_DATE = ColumnSpec(
    "renewal_date",
    Kind.DATE,
    "next renewal date; fills days_to_renewal where that is blank",
    "date YYYY-MM-DD",
    aliases=(
        "renewal",
        "next_renewal_date",
        "contract_end_date",
        "contract_end",
        "contract_renewal_date",
    ),
    fix=DATE_FIX,
)

ALL_COLUMNS: tuple[ColumnSpec, ...] = (
    ACCOUNT_ID,
    ACCOUNT_NAME,
    *NUMERIC_COLUMNS,
    RENEWAL_DATE,
)
SPECS: dict[str, ColumnSpec] = {spec.name: spec for spec in ALL_COLUMNS}

# A 0-1 share exported in percent; the reader divides these by 100.
PERCENT_OF_SHARE: dict[str, str] = {
    "dau_mau_pct": "dau_mau",
    "stickiness_pct": "dau_mau",
    "feature_adoption_pct": "feature_adoption",
}

ALIASES: dict[str, str] = {
    alias: spec.name for spec in ALL_COLUMNS for alias in spec.aliases
} | PERCENT_OF_SHARE

_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalise_header(header: object) -> str:
    """Return a header as a column name: 'Account ID' -> 'account_id'.

    Lowercase; '%' becomes '_pct' and '#' is dropped; any run of spaces,
    hyphens, dots, slashes or other punctuation becomes one underscore.
    """
    text = str(header).strip().lower().replace("%", " pct").replace("#", " ")
    return _SEPARATORS.sub("_", text).strip("_")


def canonical_name(header: object) -> str | None:
    """Return the column a header means, or None when the scorer does not use it."""
    name = normalise_header(header)
    if name in SPECS:
        return name
    return ALIASES.get(name)


def schema_markdown() -> str:
    """Return the supported columns as a Markdown table, for the README."""
    lines = [
        "| column | meaning | unit | range | aliases |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec in ALL_COLUMNS:
        aliases = list(spec.aliases) + [
            alias for alias, name in PERCENT_OF_SHARE.items() if name == spec.name
        ]
        range_text = {Kind.TEXT: "", Kind.DATE: "", Kind.FLAG: "yes or no"}.get(
            spec.kind, spec.range_text
        )
        lines.append(
            f"| `{spec.name}` | {spec.meaning} | {spec.unit} | {range_text} | "
            f"{', '.join(aliases)} |"
        )
    return "\n".join(lines)
