"""The health model as data: defaults, export and validation."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from agent.calculators.health_model import (
    DIMENSION_IDS,
    default_health_model,
    default_health_model_yaml,
    load_health_model,
    parse_health_model,
)
from agent.errors import HealthModelError

DEFAULT: dict[str, Any] = yaml.safe_load(default_health_model_yaml())


def edited(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(DEFAULT)
    data.update(changes)
    return data


def with_weights(weights: list[float]) -> dict[str, Any]:
    data = copy.deepcopy(DEFAULT)
    for dimension, weight in zip(data["dimensions"], weights, strict=True):
        dimension["weight"] = weight
    return data


def test_default_weights_follow_the_playbook() -> None:
    model = default_health_model()
    assert {d.id: d.weight for d in model.dimensions} == {
        "usage": 25,
        "feature_breadth": 15,
        "support": 15,
        "executive_engagement": 15,
        "satisfaction": 10,
        "growth": 10,
        "payment": 10,
    }
    assert [(b.name, b.min, b.max) for b in model.bands] == [
        ("healthy", 80, None),
        ("monitor", 60, 80),
        ("at_risk", 40, 60),
        ("critical", 0, 40),
    ]


def test_exported_model_loads_back_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(default_health_model_yaml())
    assert load_health_model(path) == default_health_model()


def test_weights_not_totalling_100_name_the_total() -> None:
    with pytest.raises(HealthModelError, match="weights total 105, not 100"):
        parse_health_model(with_weights([30, 15, 15, 15, 10, 10, 10]), "model.yaml")


def test_negative_weight_is_named() -> None:
    with pytest.raises(HealthModelError, match=r"negative weight\(s\): usage \(-5\)"):
        parse_health_model(with_weights([-5, 45, 15, 15, 10, 10, 10]), "model.yaml")


def test_unknown_dimension_is_named() -> None:
    data = copy.deepcopy(DEFAULT)
    data["dimensions"][0]["id"] = "vibes"
    with pytest.raises(HealthModelError, match=r"unknown dimension.*vibes"):
        parse_health_model(data, "model.yaml")


def test_repeated_dimension_is_named() -> None:
    data = copy.deepcopy(DEFAULT)
    data["dimensions"][1]["id"] = "usage"
    with pytest.raises(HealthModelError, match="listed twice: usage"):
        parse_health_model(data, "model.yaml")


def test_unknown_signal_is_named() -> None:
    data = copy.deepcopy(DEFAULT)
    data["dimensions"][0]["inputs"][0]["signal"] = "logins"
    with pytest.raises(HealthModelError, match="unknown signal 'logins'"):
        parse_health_model(data, "model.yaml")


def test_overlapping_bands_are_rejected() -> None:
    bands = [
        {"name": "healthy", "min": 75},
        {"name": "monitor", "min": 60, "max": 80},
        {"name": "at_risk", "min": 40, "max": 60},
        {"name": "critical", "min": 0, "max": 40},
    ]
    with pytest.raises(HealthModelError, match=r"'monitor'.*'healthy'.*overlap"):
        parse_health_model(edited(bands=bands), "model.yaml")


def test_bands_with_a_gap_are_rejected() -> None:
    bands = [
        {"name": "healthy", "min": 80},
        {"name": "monitor", "min": 60, "max": 75},
        {"name": "critical", "min": 0, "max": 60},
    ]
    with pytest.raises(HealthModelError, match="gap between 75 and 80"):
        parse_health_model(edited(bands=bands), "model.yaml")


def test_bands_must_start_at_zero() -> None:
    bands = [{"name": "healthy", "min": 80}, {"name": "rest", "min": 10, "max": 80}]
    with pytest.raises(HealthModelError, match="lowest band must start at 0"):
        parse_health_model(edited(bands=bands), "model.yaml")


def test_linear_normaliser_needs_distinct_floor_and_target() -> None:
    data = copy.deepcopy(DEFAULT)
    data["dimensions"][0]["inputs"][0]["normaliser"] = {
        "kind": "linear",
        "floor": 1,
        "target": 1,
    }
    with pytest.raises(HealthModelError, match="floor and target are both 1"):
        parse_health_model(data, "model.yaml")


def test_unknown_key_in_model_is_named() -> None:
    with pytest.raises(HealthModelError, match="colour: unknown key"):
        parse_health_model(edited(colour="blue"), "model.yaml")


def test_unreadable_model_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(HealthModelError, match="cannot be read"):
        load_health_model(tmp_path / "nope.yaml")


any_weights = st.lists(st.integers(0, 100), min_size=len(DIMENSION_IDS), max_size=7)
# Cut points in 0-100 split 100 into seven parts that always total exactly 100.
split_100 = st.lists(st.integers(0, 100), min_size=6, max_size=6).map(
    lambda cuts: [
        b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 100], strict=True)
    ]
)


@given(st.one_of(any_weights, split_100))
def test_weights_are_accepted_exactly_when_they_total_100(values: list[int]) -> None:
    data = with_weights([float(v) for v in values])
    if sum(values) == 100:
        model = parse_health_model(data, "model.yaml")
        assert sum(d.weight for d in model.dimensions) == 100
    else:
        with pytest.raises(HealthModelError, match=f"weights total {sum(values)}"):
            parse_health_model(data, "model.yaml")
