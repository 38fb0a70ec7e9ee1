"""Company profile validation and the findings it calls for."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from agent.domain import ChurnCategory, Segment, Stage
from agent.profile import (
    CompanyProfile,
    ProfileError,
    load_profile,
    parse_profile,
    profile_findings,
)
from tests.fakes import profile_data

MakeProfile = Callable[..., CompanyProfile]


def test_profile_parses_money_stage_and_reasons(make_profile: MakeProfile) -> None:
    profile = make_profile(stage="Series A", arr="$4.2M")
    assert profile.company.stage is Stage.SERIES_A
    assert profile.company.arr == 4_200_000
    reasons = profile.company.churn_reasons
    assert [r.text for r in reasons] == [
        "they never finished setup",
        "lost our champion",
    ]
    assert [r.category for r in reasons] == [
        ChurnCategory.ONBOARDING,
        ChurnCategory.CHAMPION_LOSS,
    ]


def test_acv_is_derived_when_not_given(make_profile: MakeProfile) -> None:
    profile = make_profile(arr="$4M", customers=100, acv=None)
    assert profile.acv == 40_000
    warnings, assumptions = profile_findings(profile)
    assert warnings == []
    assert any("derived as ARR / customers" in a for a in assumptions)


def test_stated_acv_far_from_derived_is_kept_and_reported(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(arr="$4M", customers=100, acv=60_000)
    assert profile.acv == 60_000
    warnings, _ = profile_findings(profile)
    assert len(warnings) == 1
    assert "differs from ARR / customers" in warnings[0]
    assert "50%" in warnings[0]


def test_stated_acv_within_twenty_percent_is_not_reported(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(arr="$4M", customers=100, acv=48_000)
    warnings, _ = profile_findings(profile)
    assert warnings == []


def test_zero_customers_is_legal_and_has_no_derived_acv(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(arr=0, customers=0, acv=None)
    assert profile.acv is None
    assert profile.derived_acv is None


def test_unknown_keys_are_named() -> None:
    data = profile_data()
    data["company"]["arr_growth"] = "fast"
    data["colour"] = "blue"
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    message = str(caught.value)
    assert "company.arr_growth: unknown key" in message
    assert "colour: unknown key" in message


def test_missing_required_fields_are_named() -> None:
    data = profile_data()
    del data["company"]["stage"]
    del data["product"]["name"]
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    assert "company.stage: required but missing" in str(caught.value)
    assert "product.name: required but missing" in str(caught.value)


def test_bad_money_names_field_value_and_fix() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(profile_data(arr="three million-ish"))
    message = str(caught.value)
    assert "company.arr = 'three million-ish'" in message
    assert "'$3.2M'" in message


def test_bad_stage_lists_the_stages() -> None:
    with pytest.raises(ProfileError, match="seed, series_a, growth, scale"):
        parse_profile(profile_data(stage="unicorn"))


def test_segment_mix_must_use_known_segments() -> None:
    with pytest.raises(ProfileError, match="segment_mix"):
        parse_profile(profile_data(segment_mix={"giant": 3}))


def test_segment_mix_that_disagrees_with_customers_is_reported(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(customers=95, segment_mix={"enterprise": 5, "smb": 10})
    assert profile.company.segment_mix == {Segment.ENTERPRISE: 5, Segment.SMB: 10}
    warnings, _ = profile_findings(profile)
    assert any("adds up to 15 accounts but customers is 95" in w for w in warnings)


def test_profile_loads_from_yaml_and_json(tmp_path: Path) -> None:
    data = profile_data()
    json_path = tmp_path / "p.json"
    json_path.write_text(json.dumps(data))
    yaml_path = tmp_path / "p.yaml"
    yaml_path.write_text(
        "company:\n  stage: seed\n  arr: 800k\n  customers: 20\n"
        "  cs_team_size: 0\nproduct:\n  name: Tiny\n"
    )
    assert load_profile(json_path).product.name == "Cartograph Routes"
    tiny = load_profile(yaml_path)
    assert tiny.company.arr == 800_000
    assert tiny.company_name == "Tiny"


def test_unreadable_profile_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot be read"):
        load_profile(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: [unclosed")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n")
    with pytest.raises(ProfileError, match="must be a mapping"):
        load_profile(listed)
