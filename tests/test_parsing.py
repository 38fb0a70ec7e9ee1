"""Money, count and stage parsing."""

from __future__ import annotations

import pytest

from agent.domain import ChurnCategory, Stage, categorise_churn_reason, parse_stage
from agent.errors import InputError
from agent.parsing import parse_count, parse_money


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$3.2M", 3_200_000),
        ("3,200,000", 3_200_000),
        ("3.2 million", 3_200_000),
        ("800k", 800_000),
        ("$800K", 800_000),
        ("1.5B", 1_500_000_000),
        ("€2m", 2_000_000),
        ("USD 44,000", 44_000),
        ("44000", 44_000),
        (44000, 44_000),
        (0, 0),
        ("0", 0),
    ],
)
def test_money_accepts_common_spellings(text: object, amount: float) -> None:
    assert parse_money(text, "company.arr") == amount


@pytest.mark.parametrize("text", ["lots", "$3.2X", "3.2.1M", "", True, [1]])
def test_money_rejects_text_that_is_not_an_amount(text: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_money(text, "company.arr")
    assert "company.arr" in str(caught.value)
    assert "'$3.2M'" in str(caught.value)


@pytest.mark.parametrize("value", [-1, "-$5k", float("nan")])
def test_money_rejects_negative_and_nan(value: object) -> None:
    with pytest.raises(InputError):
        parse_money(value, "company.acv")


@pytest.mark.parametrize(
    ("text", "count"), [("120", 120), ("1,200", 1200), (0, 0), (7.0, 7)]
)
def test_count_accepts_whole_numbers(text: object, count: int) -> None:
    assert parse_count(text, "company.customers") == count


@pytest.mark.parametrize("value", [-3, 12.5, "twelve", "1.5", None])
def test_count_rejects_negatives_fractions_and_words(value: object) -> None:
    with pytest.raises(InputError, match=r"company\.customers"):
        parse_count(value, "company.customers")


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Series A", Stage.SERIES_A),
        ("series-a", Stage.SERIES_A),
        ("series_a", Stage.SERIES_A),
        ("SeriesA", Stage.SERIES_A),
        ("seed", Stage.SEED),
        ("Pre-seed", Stage.SEED),
        ("Series B", Stage.GROWTH),
        ("growth", Stage.GROWTH),
        ("Series D", Stage.SCALE),
        ("scale", Stage.SCALE),
        ("public company", Stage.SCALE),
    ],
)
def test_stage_accepts_common_spellings(text: str, stage: Stage) -> None:
    assert parse_stage(text) is stage


def test_stage_unknown_text_is_none() -> None:
    assert parse_stage("kinda big") is None


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("they never finished setup", ChurnCategory.ONBOARDING),
        ("lost our champion", ChurnCategory.CHAMPION_LOSS),
        ("too expensive for their budget", ChurnCategory.PRICE_BUDGET),
        ("switched to a competitor", ChurnCategory.COMPETITOR),
        ("they were acquired", ChurnCategory.BUSINESS_CHANGE),
        ("nobody used it after launch", ChurnCategory.LOW_ADOPTION),
        ("slow support responses", ChurnCategory.SUPPORT_EXPERIENCE),
        ("missing a Jira integration", ChurnCategory.PRODUCT_GAP),
    ],
)
def test_churn_reasons_map_to_categories(reason: str, category: ChurnCategory) -> None:
    assert categorise_churn_reason(reason) is category


def test_churn_reason_without_keywords_keeps_no_category() -> None:
    assert categorise_churn_reason("the moon was in the wrong phase") is None
