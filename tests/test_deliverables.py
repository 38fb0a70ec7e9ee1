"""The eight deliverables: every figure from the rules, every word from the profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.bundle import PlaybookBundle
from agent.calculators.capacity import capacity_plan
from agent.calculators.churn import TIERS
from agent.calculators.expansion import PLAYS
from agent.calculators.health_model import default_health_model, parse_health_model
from agent.domain import ChurnCategory, Segment
from agent.engine import build_bundle
from agent.profile import load_profile, parse_profile
from tests.fakes import profile_data

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CARTOGRAPH_MIX = {"enterprise": 6, "mid_market": 48, "smb": 41, "self_serve": 0}


def bundle_for(data: dict[str, Any]) -> PlaybookBundle:
    return build_bundle(parse_profile(data))


@pytest.fixture(scope="module")
def cartograph() -> PlaybookBundle:
    return bundle_for(profile_data(segment_mix=CARTOGRAPH_MIX))


@pytest.fixture(scope="module")
def founder() -> PlaybookBundle:
    return bundle_for(profile_data(cs_team_size=0, segment_mix=CARTOGRAPH_MIX))


@pytest.fixture(scope="module")
def scale_team() -> PlaybookBundle:
    mix = {"enterprise": 260, "mid_market": 120, "smb": 20, "self_serve": 0}
    return bundle_for(
        profile_data(
            stage="scale",
            arr="$72M",
            customers=400,
            acv=180000,
            cs_team_size=20,
            segment_mix=mix,
        )
    )


@pytest.fixture(scope="module")
def pre_revenue() -> PlaybookBundle:
    return bundle_for(profile_data(arr=0, customers=0, acv=None, churn_reasons=[]))


def test_lifecycle_has_the_six_fixed_stages_in_order(
    cartograph: PlaybookBundle,
) -> None:
    stages = [(s.name, s.owner, s.key_metric) for s in cartograph.lifecycle.stages]
    assert stages == [
        ("Onboarding", "CS lead", "time to first value (TTFV)"),
        ("Adoption", "CSM", "feature adoption %"),
        ("Retention", "CSM", "health score, NRR"),
        ("Expansion", "CSM with account executive", "expansion MRR"),
        ("Renewal", "CSM", "renewal rate"),
        ("Advocacy", "CS lead", "NPS, referrals"),
    ]
    windows = [s.window for s in cartograph.lifecycle.stages]
    assert windows[0] == "days 0–30"
    assert windows[4] == "from 90 days before renewal date"


def test_lifecycle_names_who_fills_each_role(
    founder: PlaybookBundle, scale_team: PlaybookBundle
) -> None:
    assert {s.assigned_to for s in founder.lifecycle.stages} == {"the founder"}
    scaled = {s.name: s.assigned_to for s in scale_team.lifecycle.stages}
    assert scaled["Onboarding"] == "the CS team lead"
    assert scaled["Expansion"] == "the account's CSM with the account executive"


def test_health_model_deliverable_mirrors_the_model(cartograph: PlaybookBundle) -> None:
    health = cartograph.health_model
    weights = {d.id: d.weight for d in health.dimensions}
    assert weights == {
        "usage": 25,
        "feature_breadth": 15,
        "support": 15,
        "executive_engagement": 15,
        "satisfaction": 10,
        "growth": 10,
        "payment": 10,
    }
    assert [(b.name, b.min) for b in health.bands] == [
        ("healthy", 80),
        ("monitor", 60),
        ("at_risk", 40),
        ("critical", 0),
    ]
    usage = health.dimensions[0]
    assert usage.normalisers == [
        "dau_mau: linear: 0 at 0.05, 100 at 0.4 (higher is better)"
    ]
    assert "dispatch managers" in usage.rationale


def test_health_rules_state_redistribution_rounding_and_costliest(
    cartograph: PlaybookBundle,
) -> None:
    rules = " ".join(cartograph.health_model.rules)
    assert "in proportion to their weights" in rules
    assert "rounding half up" in rules
    assert "band is read from the reported value" in rules
    assert "weight × (100 − sub-score) / 100" in rules
    assert "monitor is Tier 1" in rules


def test_health_deliverable_follows_a_custom_model() -> None:
    data = default_health_model().model_dump()
    data["dimensions"][0]["weight"] = 35
    data["dimensions"][1]["weight"] = 5
    model = parse_health_model(data, "test")
    bundle = build_bundle(parse_profile(profile_data()), health_model=model)
    weights = {d.id: d.weight for d in bundle.health_model.dimensions}
    assert weights["usage"] == 35
    assert weights["feature_breadth"] == 5
    assert "(35 %)" in bundle.health_model.summary


def test_ttfv_targets_by_segment(cartograph: PlaybookBundle) -> None:
    assert cartograph.onboarding.ttfv_target_days == {
        Segment.ENTERPRISE: 30,
        Segment.MID_MARKET: 21,
        Segment.SMB: 14,
        Segment.SELF_SERVE: 7,
    }
    assert "within 21 days" in cartograph.onboarding.summary


def test_onboarding_names_the_products_integrations_features_and_persona(
    cartograph: PlaybookBundle,
) -> None:
    onboarding = cartograph.onboarding
    tasks = {t.task: t for p in onboarding.phases for t in p.tasks}
    assert "Connect Salesforce and ServiceTitan to Cartograph Routes" in (
        tasks["Technical setup"].detail
    )
    training = tasks["User training"].detail
    assert "dispatch managers" in training
    assert "route optimiser, dispatch board and mobile app" in training
    assert [p.weeks for p in onboarding.phases] == ["week 1", "weeks 2–3", "week 4"]


def test_onboarding_without_integrations_falls_back_to_generic_setup() -> None:
    data = profile_data()
    data["product"] = {"name": "Plainly"}
    setup = bundle_for(data).onboarding.phases[0].tasks[1].detail
    assert setup.startswith("Set up Plainly: users, single sign-on")


def test_qbr_agenda_is_45_minutes_in_the_fixed_order(
    cartograph: PlaybookBundle,
) -> None:
    agenda = [(item.topic, item.minutes) for item in cartograph.qbr.agenda]
    assert agenda == [
        ("Results recap with ROI figures", 10),
        ("Usage insights and under-used features", 10),
        ("Roadmap preview", 5),
        ("The customer's priorities and business changes", 15),
        ("Action items with owners and dates", 5),
    ]
    assert cartograph.qbr.total_minutes == 45


def test_qbr_without_roi_is_not_ready_and_lists_what_to_gather(
    cartograph: PlaybookBundle,
) -> None:
    roi = cartograph.qbr.roi
    assert roi.ready is False
    assert roi.roi_pct is None
    value, cost = roi.missing_inputs
    assert value.startswith("Value delivered in the period")
    assert "dispatch managers" in value
    assert cost.startswith("Annual cost: the customer's annual contract value")
    assert "not ready to present" in cartograph.qbr.summary.lower()


def test_qbr_with_roi_is_ready_with_the_computed_figure() -> None:
    data = profile_data()
    data["roi"] = {"value_delivered": "$180k", "annual_cost": "$44k"}
    qbr = bundle_for(data).qbr
    assert qbr.roi.ready is True
    assert qbr.roi.roi_pct == 309.1  # (180,000 - 44,000) / 44,000 = 3.0909
    assert qbr.roi.missing_inputs == []
    assert "$180,000" in qbr.summary
    assert "309.1 %" in qbr.summary


def test_qbr_with_zero_annual_cost_invents_no_figure() -> None:
    data = profile_data()
    data["roi"] = {"value_delivered": 1000, "annual_cost": 0}
    roi = bundle_for(data).qbr.roi
    assert roi.ready is False
    assert roi.roi_pct is None
    assert roi.missing_inputs[0].startswith("Annual cost is 0")


def test_qbr_cadence_follows_the_coverage_model(cartograph: PlaybookBundle) -> None:
    assert cartograph.qbr.cadence_by_segment == {
        Segment.ENTERPRISE: "monthly",
        Segment.MID_MARKET: "quarterly",
        Segment.SMB: "twice a year",
        Segment.SELF_SERVE: "none",
    }


def test_founder_led_wording_differs_from_a_scale_team(
    founder: PlaybookBundle, scale_team: PlaybookBundle
) -> None:
    assert "founder runs QBRs for the top accounts" in founder.qbr.summary
    assert "CS operations" in scale_team.qbr.summary
    assert "founder" not in scale_team.qbr.summary
    owners = {m.id: m.owner for m in scale_team.metrics_dashboard.metrics}
    assert owners["health_coverage"] == "CS operations"
    assert {m.owner for m in founder.metrics_dashboard.metrics} == {"the founder"}
    assert founder.churn_playbook.tiers[2].owner == "the founder, as executive sponsor"


def test_small_team_reads_as_your_cs_lead(cartograph: PlaybookBundle) -> None:
    owners = {m.owner for m in cartograph.metrics_dashboard.metrics}
    assert owners == {"your CS lead"}
    assert "your CS lead" in cartograph.lifecycle.summary


def test_churn_tiers_match_the_calculator(cartograph: PlaybookBundle) -> None:
    tiers = cartograph.churn_playbook.tiers
    assert [(t.tier, t.score_range, t.response) for t in tiers] == [
        (t.tier, t.score_range, t.response) for t in TIERS
    ]
    assert [t.response_time for t in tiers] == [
        "within the week",
        "48 hours",
        "24 hours",
    ]


def test_early_warnings_use_the_default_thresholds(cartograph: PlaybookBundle) -> None:
    warnings = {w.signal: w.threshold for w in cartograph.churn_playbook.early_warnings}
    assert warnings["Usage down"] == "usage more than 30 % below the previous period"
    assert warnings["Missed calls or meetings"] == "2 or more no-shows in the period"
    assert set(warnings) == {
        "Usage down",
        "Champion left",
        "Competitor mentioned",
        "Missed calls or meetings",
    }
    rules = " ".join(cartograph.churn_playbook.rules)
    assert (
        "healthy account (80 or more) with any early warning is watched at Tier 1"
        in (rules)
    )


def test_churn_reasons_keep_the_users_words_with_their_category(
    cartograph: PlaybookBundle,
) -> None:
    reasons = cartograph.churn_playbook.reasons
    assert [(r.reason, r.category) for r in reasons] == [
        ("they never finished setup", ChurnCategory.ONBOARDING),
        ("lost our champion", ChurnCategory.CHAMPION_LOSS),
    ]
    onboarding_measures = " ".join(reasons[0].counter_measures)
    assert "connect Salesforce and ServiceTitan" in onboarding_measures
    assert "dispatch managers" in " ".join(reasons[1].counter_measures)


@pytest.mark.parametrize("category", list(ChurnCategory), ids=lambda c: c.value)
def test_every_churn_category_has_counter_measures(category: ChurnCategory) -> None:
    data = profile_data(churn_reasons=[{"text": "in our words", "category": category}])
    reason = bundle_for(data).churn_playbook.reasons[0]
    assert reason.category is category
    assert len(reason.counter_measures) >= 2


def test_an_uncategorised_reason_keeps_its_words() -> None:
    data = profile_data(churn_reasons=["the moon was in the wrong phase"])
    reason = bundle_for(data).churn_playbook.reasons[0]
    assert reason.reason == "the moon was in the wrong phase"
    assert reason.category is None
    assert "categories" in " ".join(reason.counter_measures)


def test_expansion_plays_targets_and_tailored_talk_tracks(
    cartograph: PlaybookBundle,
) -> None:
    expansion = cartograph.expansion
    assert [(p.id, p.trigger, p.approach) for p in expansion.plays] == [
        (p.id, p.trigger, p.approach) for p in PLAYS
    ]
    assert expansion.targets.csm_sourced_share_of_new_arr_pct == (20, 30)
    assert expansion.targets.nrr_target_pct == (110, 120)
    tracks = {p.id: p.talk_track for p in expansion.plays}
    assert "the mobile app" in tracks["feature_upsell"]
    assert "Cartograph Routes" in tracks["seat_expansion"]
    thresholds = {s.id: s.threshold for s in expansion.signals}
    assert thresholds["seat_utilisation"] == "more than 85 % of purchased seats in use"
    assert thresholds["health_above_80"] == "health score above 80"


def test_capacity_deliverable_carries_the_calculators_plan(
    cartograph: PlaybookBundle,
) -> None:
    plan = cartograph.capacity_plan
    mix = {Segment.ENTERPRISE: 6, Segment.MID_MARKET: 48, Segment.SMB: 41}
    expected = capacity_plan(mix, 2, 4_200_000)
    assert plan.model_dump(exclude={"summary", "recommendations"}) == (
        expected.model_dump()
    )
    # Enterprise 6 -> 1..1, mid-market 48 -> 2..2, SMB 41 -> 1..1.
    assert (plan.total_csms_lean, plan.total_csms_rich) == (4, 4)
    assert (plan.hiring_gap_lean, plan.hiring_gap_rich) == (2, 2)
    assert "Hiring gap: 2" in plan.summary


def test_capacity_cites_the_arr_guidepost_as_outside_context(
    cartograph: PlaybookBundle,
) -> None:
    guidepost = cartograph.capacity_plan.recommendations[-1]
    assert "outside guidepost, not a rule" in guidepost
    assert "$2M of ARR per CSM" in guidepost
    assert "2.1 CSMs" in guidepost


def test_founder_led_capacity_advises_the_first_hire(founder: PlaybookBundle) -> None:
    plan = founder.capacity_plan
    assert "no CSMs yet" in plan.summary
    assert plan.recommendations[0].startswith("Make the first CS hire now")


def test_scale_team_capacity_recommends_pods_and_cs_operations(
    scale_team: PlaybookBundle,
) -> None:
    plan = scale_team.capacity_plan
    assert (plan.total_csms_lean, plan.total_csms_rich) == (22, 32)
    assert (plan.hiring_gap_lean, plan.hiring_gap_rich) == (2, 12)
    assert any("CS operations" in r for r in plan.recommendations)


def test_metrics_have_the_fixed_definitions_and_targets(
    cartograph: PlaybookBundle,
) -> None:
    metrics = {m.id: m for m in cartograph.metrics_dashboard.metrics}
    assert list(metrics) == [
        "nrr",
        "grr",
        "ttfv",
        "health_coverage",
        "qbr_completion",
        "nps",
    ]
    assert metrics["nrr"].definition == (
        "(starting recurring revenue + expansion − contraction − churned) / "
        "starting, for customers present at the start"
    )
    assert metrics["grr"].definition == (
        "(starting − contraction − churned) / starting; never above 100 %"
    )
    assert metrics["nps"].definition == "% promoters (9–10) − % detractors (0–6)"
    targets = {key: m.target for key, m in metrics.items()}
    assert targets["nrr"] == "> 110 %"
    assert targets["grr"] == "> 90 %"
    assert targets["health_coverage"] == "100 %"
    assert targets["qbr_completion"] == "> 85 %"
    assert targets["nps"] == "> 50"
    assert targets["ttfv"].startswith("< 14 d SMB, < 30 d Enterprise")


def test_metric_sources_name_the_product_and_its_integrations(
    cartograph: PlaybookBundle,
) -> None:
    metrics = {m.id: m for m in cartograph.metrics_dashboard.metrics}
    assert "Salesforce and ServiceTitan" in metrics["ttfv"].data_source
    assert "Cartograph Routes usage data" in metrics["health_coverage"].data_source


def test_outside_medians_are_context_for_the_acv_band(
    cartograph: PlaybookBundle,
) -> None:
    summary = cartograph.metrics_dashboard.summary
    assert "Outside context, not targets" in summary
    assert "NRR of 103 % and GRR of 92 %" in summary  # ACV $44K: the $25-50K band
    assert "in the 30s" in summary


def test_pre_revenue_profile_says_there_are_no_accounts_yet(
    pre_revenue: PlaybookBundle,
) -> None:
    assert pre_revenue.capacity_plan.summary.startswith("No accounts yet")
    assert pre_revenue.capacity_plan.total_csms_rich == 0
    assert "before the first customer signs" in pre_revenue.health_model.summary
    assert "No accounts to expand yet" in pre_revenue.expansion.summary
    assert "No QBRs are due yet" in pre_revenue.qbr.summary
    assert pre_revenue.churn_playbook.reasons == []


def test_a_single_csm_is_not_told_to_hand_work_to_themselves() -> None:
    bundle = bundle_for(profile_data(cs_team_size=1))
    assert "your CS lead takes Tier 3" not in bundle.churn_playbook.summary
    assert bundle.churn_playbook.summary.endswith(
        "Your CS lead runs every tier, with the CEO as executive sponsor at Tier 3."
    )


@pytest.mark.parametrize("name", ["seed-founder", "acme", "scale-enterprise"], ids=str)
def test_example_profiles_build_with_every_reason_categorised(name: str) -> None:
    bundle = build_bundle(load_profile(EXAMPLES / f"{name}.yaml"))
    assert bundle.meta.warnings == []
    assert all(r.category is not None for r in bundle.churn_playbook.reasons)


def test_the_example_profiles_read_differently() -> None:
    summaries = {
        name: build_bundle(load_profile(EXAMPLES / f"{name}.yaml")).qbr.summary
        for name in ("seed-founder", "acme", "scale-enterprise")
    }
    assert "founder" in summaries["seed-founder"]
    assert summaries["acme"].startswith("Ready to present")
    assert "CS operations" in summaries["scale-enterprise"]


def test_braces_in_the_users_words_are_never_placeholders() -> None:
    data = profile_data(churn_reasons=["{persona} left"])
    data["product"] = {
        "name": "Braces {product}",
        "description": "Does {x} for {0}",
        "persona": "{lead}",
    }
    bundle = bundle_for(data)
    value = bundle.qbr.roi.missing_inputs[0]
    assert value.startswith("Value delivered in the period by Braces {product}")
    assert "(does {x} for {0})" in value
    assert "the {lead} saved" in value
    assert bundle.churn_playbook.reasons[0].reason == "{persona} left"


def test_an_all_self_serve_base_needs_no_named_csms() -> None:
    data = profile_data(acv=3000, customers=900, arr="2.7M", cs_team_size=4)
    plan = bundle_for(data).capacity_plan
    assert plan.total_csms_rich == 0
    assert "need no named CSMs" in plan.summary
    assert "4 larger than even rich coverage needs" in plan.summary
    assert "only applies to accounts a CSM owns" in plan.recommendations[-1]
