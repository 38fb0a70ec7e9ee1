"""Revisions after the playbook is built: read the change, apply it, validate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.domain import ChurnCategory, Stage
from agent.interview import (
    WHAT_CAN_CHANGE,
    Revision,
    apply_revision,
    parse_revision,
)
from agent.profile import CompanyProfile, ProfileError, parse_profile
from tests.fakes import profile_data

MakeProfile = Callable[..., CompanyProfile]


@pytest.fixture
def profile(make_profile: MakeProfile) -> CompanyProfile:
    """Cartograph: Series A, $4.2M ARR, 95 customers, ACV 44k, two CSMs."""
    return make_profile()


@pytest.mark.parametrize(
    ("message", "changes"),
    [
        pytest.param("we're hiring two CSMs", {"company.cs_team_size": 4}, id="hiring"),
        pytest.param("we hired a CSM", {"company.cs_team_size": 3}, id="hired-a"),
        pytest.param(
            "we're hiring a couple of CSMs", {"company.cs_team_size": 4}, id="couple"
        ),
        pytest.param("we hired 3 CSMs", {"company.cs_team_size": 5}, id="digits"),
        pytest.param("one CSM left", {"company.cs_team_size": 1}, id="left"),
        pytest.param("our CSM quit", {"company.cs_team_size": 1}, id="quit"),
        pytest.param(
            "one CSM left and we hired two new CSMs",
            {"company.cs_team_size": 3},
            id="both-ways",
        ),
        pytest.param(
            "we hired 2 CSMs so we now have 4 CSMs",
            {"company.cs_team_size": 4},
            id="stated-total-wins",
        ),
        pytest.param(
            "we have 2 CSMs and are hiring 2 more CSMs",
            {"company.cs_team_size": 4},
            id="total-then-hires",
        ),
        pytest.param("our ACV is actually 40k", {"company.acv": 40_000}, id="acv"),
        pytest.param("derive the ACV", {"company.acv": None}, id="derive-acv"),
        pytest.param("we're now Series B", {"company.stage": "growth"}, id="stage"),
        pytest.param("ARR is $5M now", {"company.arr": 5_000_000}, id="arr"),
        pytest.param("ARR is now 5.5 million", {"company.arr": 5_500_000}, id="arr-2"),
        pytest.param("we have 150 customers", {"company.customers": 150}, id="cust"),
        pytest.param("we're at 150 logos now", {"company.customers": 150}, id="logos"),
        pytest.param(
            "add churn reason: slow support",
            {
                "company.churn_reasons": [
                    "they never finished setup",
                    "lost our champion",
                    "slow support",
                ]
            },
            id="add-churn",
        ),
        pytest.param(
            "remove churn reason: champion",
            {"company.churn_reasons": ["they never finished setup"]},
            id="remove-churn",
        ),
        pytest.param(
            "product is now called Atlas", {"product.name": "Atlas"}, id="rename"
        ),
        pytest.param(
            "we renamed the product to Atlas Pro",
            {"product.name": "Atlas Pro"},
            id="renamed",
        ),
        pytest.param(
            "add integration: HubSpot",
            {"product.integrations": ["Salesforce", "ServiceTitan", "HubSpot"]},
            id="integration",
        ),
        pytest.param(
            "ARR is 5M and we hired a CSM, plus we're Series B now",
            {
                "company.arr": 5_000_000,
                "company.cs_team_size": 3,
                "company.stage": "growth",
            },
            id="several",
        ),
    ],
)
def test_revisions(
    profile: CompanyProfile, message: str, changes: dict[str, Any]
) -> None:
    revision = parse_revision(message, profile)
    assert revision.problems == []
    assert revision.changes == changes


@pytest.mark.parametrize(
    ("message", "line"),
    [
        pytest.param(
            "we're hiring two CSMs",
            "CS team: 2 people → 4 people ('hiring two CSMs')",
            id="team",
        ),
        pytest.param("ARR is $5M now", "ARR: $4,200,000 → $5,000,000", id="arr"),
        pytest.param(
            "we just closed our Series C",
            "Stage: Series A → Growth (you said 'Series C')",
            id="stage",
        ),
        pytest.param(
            "add churn reason: slow support",
            "Churn reasons: added 'slow support'",
            id="churn",
        ),
        pytest.param(
            "derive the ACV",
            "ACV: $44,000 → derived from ARR / customers ($44,211)",
            id="acv",
        ),
    ],
)
def test_revisions_say_what_changed(
    profile: CompanyProfile, message: str, line: str
) -> None:
    assert parse_revision(message, profile).understood == [line]


def test_team_never_goes_below_zero(profile: CompanyProfile) -> None:
    revision = parse_revision("we lost 5 CSMs", profile)
    assert revision.changes == {"company.cs_team_size": 0}
    assert "a team can't go below 0" in revision.understood[0]
    assert apply_revision(profile, revision).company.cs_team_size == 0


def test_revision_is_applied_and_validated(profile: CompanyProfile) -> None:
    revised = apply_revision(profile, parse_revision("we're now Series B", profile))
    assert revised.company.stage is Stage.GROWTH
    assert revised.company.arr == profile.company.arr


def test_applying_keeps_what_the_revision_does_not_touch() -> None:
    data = profile_data(segment_mix={"enterprise": 10, "mid_market": 85})
    data["company"]["churn_reasons"] = [{"text": "odd one", "category": "competitor"}]
    data["roi"] = {"value_delivered": 120_000, "annual_cost": 40_000}
    profile = parse_profile(data)
    revision = parse_revision("add churn reason: slow support", profile)
    revised = apply_revision(profile, revision)
    assert revised.company.segment_mix == profile.company.segment_mix
    assert revised.roi == profile.roi
    assert [r.category for r in revised.company.churn_reasons] == [
        ChurnCategory.COMPETITOR,
        ChurnCategory.SUPPORT_EXPERIENCE,
    ]


def test_removing_acv_returns_to_the_derived_figure(profile: CompanyProfile) -> None:
    revised = apply_revision(profile, parse_revision("derive the ACV", profile))
    assert revised.company.acv is None
    assert revised.acv == pytest.approx(4_200_000 / 95)


def test_unrecognised_text_changes_nothing_and_lists_what_can_change(
    profile: CompanyProfile,
) -> None:
    revision = parse_revision("hello there", profile)
    assert revision.changes == {}
    assert revision.problems == [
        f"I couldn't find a change in 'hello there'. {WHAT_CAN_CHANGE}"
    ]


def test_customer_movements_are_not_a_customer_count(profile: CompanyProfile) -> None:
    revision = parse_revision("we lost 3 customers to a competitor", profile)
    assert revision.changes == {}


def test_a_bad_value_is_a_problem_not_a_change(profile: CompanyProfile) -> None:
    revision = parse_revision("ARR is -5M", profile)
    assert revision.changes == {}
    assert revision.problems == [
        "ARR can't be negative ('-5M'): write it like $3.2M or 800k."
    ]


def test_a_value_already_held_is_no_change(profile: CompanyProfile) -> None:
    revision = parse_revision("we have 2 CSMs", profile)
    assert revision.changes == {}
    assert revision.problems == ["Nothing to change: CS team is already 2 people."]


def test_removing_an_unknown_churn_reason_says_so(profile: CompanyProfile) -> None:
    revision = parse_revision("remove churn reason: price", profile)
    assert revision.changes == {}
    assert revision.problems == [
        "I couldn't find 'price' among the churn reasons to remove it."
    ]


def test_revision_round_trips_through_json(profile: CompanyProfile) -> None:
    revision = parse_revision("we're now Series B and ARR is $5M", profile)
    restored = Revision.model_validate_json(revision.model_dump_json())
    assert apply_revision(profile, restored) == apply_revision(profile, revision)


def test_unknown_change_path_is_refused(profile: CompanyProfile) -> None:
    with pytest.raises(ProfileError, match=r"company\.mood"):
        apply_revision(profile, Revision(changes={"company.mood": "great"}))


@given(st.text())
def test_parse_revision_never_raises(message: str) -> None:
    profile = parse_profile(profile_data())
    revision = parse_revision(message, profile)
    if revision.changes:
        apply_revision(profile, revision)
