"""The health score: normalisers, weights, missing data, rounding and bands."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.calculators.health import score_account, score_columns
from agent.calculators.health_model import (
    DIMENSION_IDS,
    HealthModel,
    parse_health_model,
)
from agent.calculators.rounding import round_half_up, round_half_up_array
from tests.fakes import columns

ALL_SUB_SCORES = DIMENSION_IDS


def ready_made(**scores: float) -> dict[str, float | None]:
    """Return account values where each dimension's sub-score is given directly."""
    return {f"{dim}_score": scores.get(dim) for dim in ALL_SUB_SCORES}


def test_composite_is_weighted_sum_of_sub_scores(health_model: HealthModel) -> None:
    result = score_account(
        health_model,
        ready_made(
            usage=80,
            feature_breadth=60,
            support=90,
            executive_engagement=40,
            satisfaction=100,
            growth=50,
            payment=100,
        ),
    )
    # 25*80 + 15*60 + 15*90 + 15*40 + 10*100 + 10*50 + 10*100 = 7350 -> 73.5
    assert result.score == 73.5
    assert result.band == "monitor"
    assert result.coverage == 1.0
    assert result.missing == []


def test_missing_dimension_shares_its_weight(health_model: HealthModel) -> None:
    result = score_account(health_model, ready_made(usage=100, payment=0))
    # usage 25 and payment 10 are present: 25*100 / 35 = 71.43 -> 71.4
    assert result.score == 71.4
    assert result.coverage == 0.35
    assert result.missing == [
        "feature_breadth",
        "support",
        "executive_engagement",
        "satisfaction",
        "growth",
    ]
    usage = result.dimensions[0]
    assert usage.effective_weight == pytest.approx(71.43, abs=0.01)


def test_account_without_data_has_no_score(health_model: HealthModel) -> None:
    result = score_account(health_model, {"account_note": None})
    assert result.score is None
    assert result.band is None
    assert result.coverage == 0
    assert "no score" in result.summary


@pytest.mark.parametrize(
    ("sub_score", "band"),
    [
        pytest.param(39.9, "critical", id="39.9"),
        pytest.param(40.0, "at_risk", id="40"),
        pytest.param(59.9, "at_risk", id="59.9"),
        pytest.param(60.0, "monitor", id="60"),
        pytest.param(79.9, "monitor", id="79.9"),
        pytest.param(80.0, "healthy", id="80"),
        pytest.param(0.0, "critical", id="0"),
        pytest.param(100.0, "healthy", id="100"),
    ],
)
def test_band_edges(health_model: HealthModel, sub_score: float, band: str) -> None:
    result = score_account(health_model, ready_made(usage=sub_score))
    assert result.score == sub_score
    assert result.band == band


def test_half_way_composite_rounds_up_and_band_follows(
    health_model: HealthModel,
) -> None:
    # Only usage (25) and payment (10) present: (25*79.93 + 10*80) / 35 = 79.95
    result = score_account(health_model, ready_made(usage=79.93, payment=80))
    assert result.score == 80.0
    assert result.band == "healthy"


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(2.25) == 2.3
    assert round_half_up(79.95) == 80.0
    assert round_half_up(0.05) == 0.1
    assert list(round_half_up_array(np.array([2.25, 79.95, 0.05, 59.94]))) == [
        2.3,
        80.0,
        0.1,
        59.9,
    ]


def test_linear_normaliser_ramps_and_clamps(health_model: HealthModel) -> None:
    # usage: DAU/MAU 0 at 0.05, 100 at 0.40
    dau_mau = [0.0, 0.05, 0.225, 0.40, 0.9]
    scores = score_columns(health_model, columns(dau_mau=dau_mau), 5)
    assert list(scores.sub_scores[:, 0]) == pytest.approx([0, 0, 50, 100, 100])


def test_descending_normaliser_rewards_fewer_tickets(health_model: HealthModel) -> None:
    # support tickets: 0 at 20 tickets, 100 at 2 tickets; sentiment missing
    scores = score_columns(health_model, columns(tickets=[0, 2, 11, 20, 45]), 5)
    assert list(scores.sub_scores[:, 2]) == pytest.approx([100, 100, 50, 0, 0])


def test_steps_normaliser_reads_thresholds(health_model: HealthModel) -> None:
    meetings = [0, 1, 1.5, 2, 7]
    scores = score_columns(health_model, columns(exec_meetings=meetings), 5)
    assert list(scores.sub_scores[:, 3]) == [0, 60, 60, 100, 100]


def test_dimension_averages_its_inputs_that_have_data(
    health_model: HealthModel,
) -> None:
    # support = mean of tickets (weight 50) and sentiment (weight 50)
    scores = score_columns(
        health_model,
        columns(tickets=[2, 2], ticket_sentiment=[0.0, None]),
        2,
    )
    assert list(scores.sub_scores[:, 2]) == pytest.approx([75, 100])


def test_dau_mau_is_derived_from_dau_and_mau(health_model: HealthModel) -> None:
    result = score_account(health_model, {"dau": 40, "mau": 100})
    usage = result.dimensions[0]
    assert usage.raw == {"dau_mau": 0.4}
    assert usage.sub_score == 100
    assert result.score == 100


def test_zero_mau_reads_as_no_usage_not_missing(health_model: HealthModel) -> None:
    result = score_account(health_model, {"dau": 0, "mau": 0})
    assert result.score == 0
    assert result.band == "critical"


def test_ready_made_sub_score_replaces_raw_signals(health_model: HealthModel) -> None:
    result = score_account(health_model, {"dau": 40, "mau": 100, "usage_score": 10})
    assert result.score == 10


def test_explanation_names_the_costliest_dimension(health_model: HealthModel) -> None:
    result = score_account(
        health_model,
        ready_made(usage=90, feature_breadth=20, payment=100, satisfaction=80),
    )
    # lost: usage 25*10=250, breadth 15*80=1200, payment 0, satisfaction 10*20=200
    # over a present weight of 60 -> breadth loses 1200/60 = 20 points
    assert result.costliest == "feature_breadth"
    assert result.costliest_label == "Feature breadth"
    breadth = result.dimensions[1]
    assert breadth.points_lost == 20.0
    assert "Biggest drag: Feature breadth, 20.0 points lost" in result.summary
    assert sum(d.points for d in result.dimensions) == pytest.approx(
        result.score, abs=0.1
    )


def test_one_account_and_many_use_the_same_code(health_model: HealthModel) -> None:
    values = {"dau": [10, 50, 3], "mau": [100, 100, 90], "nps": [9, 3, None]}
    many = score_columns(health_model, columns(**values), 3)
    for row in range(3):
        one = score_account(health_model, {k: v[row] for k, v in values.items()})
        assert one.score == many.score[row]


def test_bands_follow_an_edited_model() -> None:
    model = parse_health_model(
        {
            "dimensions": [
                {
                    "id": "usage",
                    "label": "Usage",
                    "weight": 100,
                    "inputs": [
                        {
                            "signal": "dau_mau",
                            "normaliser": {"kind": "linear", "floor": 0, "target": 1},
                        }
                    ],
                }
            ],
            "bands": [
                {"name": "green", "min": 50},
                {"name": "red", "min": 0, "max": 50},
            ],
        },
        "test",
    )
    result = score_account(model, {"dau_mau": 0.5})
    assert (result.score, result.band) == (50.0, "green")


sub_score = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@given(st.lists(sub_score, min_size=7, max_size=7))
def test_scores_stay_between_0_and_100(
    health_model: HealthModel, subs: list[float | None]
) -> None:
    result = score_account(health_model, dict(zip(ready_made(), subs, strict=True)))
    if result.score is not None:
        assert 0 <= result.score <= 100
        assert result.band is not None


@given(
    dau=st.floats(0, 1000, allow_nan=False),
    extra=st.floats(0, 1000, allow_nan=False),
    mau=st.floats(1, 1000, allow_nan=False),
    others=st.lists(sub_score, min_size=6, max_size=6),
)
def test_more_usage_never_lowers_a_score(
    health_model: HealthModel,
    dau: float,
    extra: float,
    mau: float,
    others: list[float | None],
) -> None:
    rest = dict(zip(list(ready_made())[1:], others, strict=True))
    low_dau = min(dau, mau)
    high_dau = min(dau + extra, mau)
    low = score_account(health_model, {"dau": low_dau, "mau": mau, **rest})
    high = score_account(health_model, {"dau": high_dau, "mau": mau, **rest})
    assert low.score is not None
    assert high.score is not None
    assert high.score >= low.score
