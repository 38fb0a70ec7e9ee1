"""Scoring account tables: figures by hand, summary counts, retention, output."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path

import numpy as np

from agent.accounts import (
    AccountTable,
    ScoreReport,
    explain_account,
    read_accounts,
    report_to_csv,
    report_to_json,
    score_accounts,
    write_report,
)
from agent.calculators.health import score_columns
from agent.calculators.health_model import HealthModel

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "accounts.csv"
AS_OF = date(2025, 1, 1)


def score_text(tmp_path: Path, text: str, health_model: HealthModel) -> ScoreReport:
    path = tmp_path / "accounts.csv"
    path.write_text(text, encoding="utf-8")
    return score_accounts(read_accounts(path, as_of=AS_OF), health_model)


# Hand-computed scores ---------------------------------------------------------

# A: usage 0.2 DAU/MAU -> (0.2-0.05)/0.35 = 42.857; breadth 3/10 -> 40;
#    support (11 tickets -> 50, sentiment 0 -> 50) = 50; 1 exec meeting -> 60;
#    NPS 8 -> 70; growth 0 % -> 50; 90 % on time -> 80.
#    composite = (25x42.857 + 15x40 + 15x50 + 15x60 + 10x70 + 10x50 + 10x80)
#                / 100 = 53.214 -> 53.2 (at risk, Tier 2).
#    usage loses the most: 25 x (100 - 42.857) / 100 = 14.29 points.
# B: only NPS 10 and 100 % on time -> satisfaction 100, payment 100; the other
#    five dimensions are missing, coverage (10 + 10) / 100 = 0.2, score 100.0.
TWO_ACCOUNTS = (
    "account_id,account_name,arr,dau,mau,features_used,features_available,"
    "tickets,ticket_sentiment,exec_meetings,nps,growth_pct,invoices_on_time_pct\n"
    "A,Acme,60000,20,100,3,10,11,0,1,8,0,90\n"
    "B,Beta,4000,,,,,,,,10,,100\n"
)


def test_composite_matches_the_hand_computed_figure(
    tmp_path: Path, health_model: HealthModel
) -> None:
    first, _ = score_text(tmp_path, TWO_ACCOUNTS, health_model).accounts
    assert first.health_score == 53.2
    assert first.band == "at_risk"
    assert first.tier == 2
    assert first.segment == "mid_market"
    assert first.coverage == 1.0
    assert first.missing == []
    assert first.costliest_dimension == "usage"
    assert first.explanation == (
        "Scores 53.2. Biggest drag: Product usage, 14.3 points lost "
        "(sub-score 42.9 of 100 at 25 % weight)."
    )


def test_missing_dimensions_share_their_weight(
    tmp_path: Path, health_model: HealthModel
) -> None:
    _, second = score_text(tmp_path, TWO_ACCOUNTS, health_model).accounts
    assert second.health_score == 100.0
    assert second.band == "healthy"
    assert second.tier is None
    assert second.segment == "self_serve"
    assert second.coverage == 0.2
    assert second.missing == [
        "usage",
        "feature_breadth",
        "support",
        "executive_engagement",
        "growth",
    ]
    assert second.explanation == (
        "Scores 100.0: every dimension with data is at full marks."
    )


def test_score_rounds_half_up_from_ready_made_sub_scores(
    tmp_path: Path, health_model: HealthModel
) -> None:
    # (25 x 50 + 15 x 100 + 10 x 1.25) / 50 = 55.25 exactly; half up is 55.3
    # where banker's rounding would give 55.2.
    report = score_text(
        tmp_path,
        "account_id,usage_score,executive_engagement_score,payment_score\n"
        "A,50,100,1.25\n",
        health_model,
    )
    assert report.accounts[0].health_score == 55.3
    assert report.accounts[0].coverage == 0.5


def test_account_with_no_data_has_no_score(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(tmp_path, "account_id,arr\nA,50000\n", health_model)
    account = report.accounts[0]
    assert account.health_score is None
    assert account.band is None
    assert account.tier is None
    assert account.coverage == 0.0
    assert account.costliest_dimension is None
    assert account.explanation == "No health data for this account, so it has no score."
    assert report.summary.bands["unscored"] == 1
    assert report.summary.coverage == 0.0


def test_explanations_agree_with_the_full_breakdown(health_model: HealthModel) -> None:
    rng = np.random.default_rng(7)
    rows = 300
    columns = {
        "dau_mau": rng.uniform(0, 1, rows),
        "feature_adoption": rng.uniform(0, 1, rows),
        "tickets": rng.integers(0, 30, rows).astype(float),
        "ticket_sentiment": rng.uniform(-1, 1, rows),
        "exec_meetings": rng.integers(0, 4, rows).astype(float),
        "nps": rng.integers(0, 11, rows).astype(float),
        "growth_pct": rng.uniform(-50, 50, rows),
        "invoices_on_time_pct": rng.uniform(0, 100, rows),
    }
    for values in columns.values():
        values[rng.uniform(size=rows) < 0.3] = np.nan
    table = synthetic_table(columns, rows)
    report = score_accounts(table, health_model)
    scores = score_columns(health_model, table.columns, rows)
    for row, account in enumerate(report.accounts):
        full = scores.explain(row)
        assert account.explanation == full.summary
        assert account.costliest_dimension == full.costliest
        assert account.missing == full.missing
        assert account.health_score == full.score


def test_explain_account_gives_the_breakdown_of_one_account(
    tmp_path: Path, health_model: HealthModel
) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(TWO_ACCOUNTS, encoding="utf-8")
    explanation = explain_account(read_accounts(path), health_model, "A")
    assert explanation.score == 53.2
    usage = explanation.dimensions[0]
    assert usage.raw == {"dau_mau": 0.2}
    assert usage.points_lost == 14.29


# Warnings, tiers and plays ------------------------------------------------------


def test_early_warnings_carry_evidence_and_watch_healthy_accounts(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,usage_score,usage_previous,usage_current,champion_left,"
        "competitor_mentions,missed_meetings\n"
        "A,95,1000,600,yes,2,2\n"
        "B,95,1000,700,no,0,1\n",
        health_model,
    )
    warned, calm = report.accounts
    assert [w.signal for w in warned.warnings] == [
        "usage_drop",
        "champion_left",
        "competitor_mentioned",
        "missed_meetings",
    ]
    assert warned.warnings[0].evidence.startswith("usage fell 40.0 % (1000 -> 600)")
    assert warned.tier == 1
    assert calm.warnings == []
    assert calm.tier is None


def test_expansion_plays_fire_on_their_triggers(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,usage_score,seats_purchased,seats_active,workarounds,"
        "champion_referral,plan_limit_pct,days_to_renewal\n"
        "A,90,100,90,2,yes,95%,30\n"
        "B,70,100,50,1,no,50,30\n",
        health_model,
    )
    growing, steady = report.accounts
    assert [play.play for play in growing.plays] == [
        "seat_expansion",
        "feature_upsell",
        "new_department",
        "tier_upgrade",
        "multi_year",
    ]
    assert [signal.signal for signal in growing.signals] == [
        "health_above_80",
        "seat_utilisation",
    ]
    assert steady.plays == []
    assert report.summary.expansion_candidates == 1


def test_churned_account_gets_no_tier_and_no_play(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,usage_score,arr_start,arr_end,seats_purchased,seats_active\n"
        "Gone,20,50000,0,10,10\n"
        "Here,20,50000,50000,10,10\n",
        health_model,
    )
    gone, here = report.accounts
    assert (gone.band, gone.tier, gone.plays) == ("critical", None, [])
    assert here.tier == 3
    assert [p.play for p in here.plays] == ["seat_expansion"]
    assert report.summary.active_accounts == 1
    assert report.summary.tiers == {"1": 0, "2": 0, "3": 1}


def test_roi_uses_arr_as_the_annual_cost(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,arr,value_delivered\nA,100000,$300k\nB,50000,\nC,,1000\n",
        health_model,
    )
    assert [a.roi_pct for a in report.accounts] == [200.0, None, None]


# Summary --------------------------------------------------------------------------


def test_nrr_and_grr_leave_new_customers_out_and_count_churn(
    tmp_path: Path, health_model: HealthModel
) -> None:
    # Start 300 (new customer D excluded): +20 expansion, -20 contraction,
    # -100 churned. NRR = 200 / 300 = 66.7 %; GRR = 180 / 300 = 60.0 %.
    report = score_text(
        tmp_path,
        "account_id,arr_start,arr_end\nA,100,120\nB,100,80\nC,100,0\nD,0,50\n",
        health_model,
    )
    assert report.summary.nrr == 66.7
    assert report.summary.grr == 60.0
    assert report.summary.active_accounts == 3
    assert any("1 new customer(s)" in note for note in report.notes)


def test_retention_is_null_without_start_and_end_arr(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(tmp_path, "account_id,arr\nA,100\n", health_model)
    assert report.summary.nrr is None
    assert report.summary.grr is None
    assert "NRR and GRR need arr_start and arr_end columns." in report.notes


def test_programme_metrics_follow_their_definitions(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,arr,nps,qbrs_held,qbrs_due,ttfv_days\n"
        "A,150000,10,3,3,40\n"
        "B,120000,9,1,3,20\n"
        "C,10000,7,1,1,10\n"
        "D,8000,3,,2,\n",
        health_model,
    )
    summary = report.summary
    assert summary.nps == 25.0  # (2 promoters - 1 detractor) / 4
    assert summary.qbr_completion == 71.4  # 5 held / 7 due where both known
    assert summary.median_ttfv_days == {"enterprise": 30.0, "smb": 10.0, "all": 20.0}


def test_summary_counts_bands_tiers_and_arr_at_risk(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(
        tmp_path,
        "account_id,arr,usage_score\n"
        "A,100,90\nB,200,70\nC,300,65\nD,400,50\nE,500,10\nF,600,\n",
        health_model,
    )
    summary = report.summary
    assert summary.accounts == 6
    assert summary.scored == 5
    assert summary.coverage == 83.3
    assert summary.bands == {
        "healthy": 1,
        "monitor": 2,
        "at_risk": 1,
        "critical": 1,
        "unscored": 1,
    }
    assert summary.tiers == {"1": 2, "2": 1, "3": 1}
    assert summary.arr_at_risk_by_tier == {"1": 500.0, "2": 400.0, "3": 500.0}


def test_example_export_covers_every_band_and_tier(health_model: HealthModel) -> None:
    report = score_accounts(read_accounts(EXAMPLE, as_of=AS_OF), health_model)
    summary = report.summary
    assert 35 <= summary.accounts <= 45
    assert all(summary.bands[band.name] > 0 for band in health_model.bands)
    assert all(count > 0 for count in summary.tiers.values())
    assert summary.expansion_candidates > 0
    assert summary.nrr is not None
    assert any(account.warnings for account in report.accounts)
    assert "Not used for scoring: csm_owner, region." in report.notes
    segments = {account.segment for account in report.accounts}
    assert {"enterprise", "mid_market", "smb", "self_serve"} <= segments


# Output -----------------------------------------------------------------------------


def test_json_report_round_trips(tmp_path: Path, health_model: HealthModel) -> None:
    report = score_text(tmp_path, TWO_ACCOUNTS, health_model)
    text = report_to_json(report)
    assert ScoreReport.model_validate_json(text) == report
    assert json.loads(text)["summary"]["bands"]["at_risk"] == 1


def test_csv_report_has_one_row_per_account_with_joined_lists(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(tmp_path, TWO_ACCOUNTS, health_model)
    rows = list(csv.DictReader(io.StringIO(report_to_csv(report))))
    assert [row["account_id"] for row in rows] == ["A", "B"]
    assert rows[0]["health_score"] == "53.2"
    assert rows[0]["arr"] == "60000"
    assert rows[0]["tier"] == "2"
    assert rows[1]["health_score"] == "100.0"
    assert rows[1]["missing"] == (
        "usage; feature_breadth; support; executive_engagement; growth"
    )


def test_write_report_picks_the_format_from_the_extension(
    tmp_path: Path, health_model: HealthModel
) -> None:
    report = score_text(tmp_path, TWO_ACCOUNTS, health_model)
    write_report(report, tmp_path / "out" / "scores.csv")
    write_report(report, tmp_path / "out" / "scores.json")
    assert (tmp_path / "out" / "scores.csv").read_text().startswith("account_id,")
    assert json.loads((tmp_path / "out" / "scores.json").read_text())["accounts"]


# Scale --------------------------------------------------------------------------------


def synthetic_table(columns: dict[str, np.ndarray], rows: int) -> AccountTable:
    return AccountTable(
        rows=rows,
        account_ids=[f"A{i}" for i in range(rows)],
        names=None,
        columns=columns,
        unused_columns=[],
        source="synthetic",
        as_of=AS_OF,
    )


def test_a_hundred_thousand_accounts_score_in_one_pass(
    health_model: HealthModel,
) -> None:
    rows = 100_000
    rng = np.random.default_rng(42)
    mau = rng.integers(1, 500, rows).astype(float)
    columns = {
        "arr": rng.uniform(1_000, 300_000, rows),
        "arr_start": rng.uniform(0, 300_000, rows),
        "arr_end": rng.uniform(0, 300_000, rows),
        "dau": np.floor(mau * rng.uniform(0, 1, rows)),
        "mau": mau,
        "tickets": rng.integers(0, 30, rows).astype(float),
        "nps": rng.integers(0, 11, rows).astype(float),
        "invoices_on_time_pct": rng.uniform(0, 100, rows),
        "usage_previous": rng.uniform(100, 1000, rows),
        "usage_current": rng.uniform(0, 1000, rows),
        "seats_purchased": np.full(rows, 100.0),
        "seats_active": rng.integers(0, 101, rows).astype(float),
    }
    columns["nps"][::10] = np.nan

    report = score_accounts(synthetic_table(columns, rows), health_model)

    summary = report.summary
    assert len(report.accounts) == rows
    assert summary.accounts == rows
    assert sum(summary.bands.values()) == rows
    assert summary.scored == rows
    assert report.accounts[-1].account_id == f"A{rows - 1}"
    assert all(not math.isnan(a.health_score or 0.0) for a in report.accounts[:100])
    assert summary.nrr is not None
    assert summary.nps is not None
