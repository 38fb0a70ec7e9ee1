"""The chat interview: questions in order, answers read deterministically."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.domain import Stage
from agent.interview import (
    TOPICS,
    AnswerResult,
    ProfileDraft,
    Question,
    Topic,
    apply_answer,
    confirmation_text,
    draft_from_profile,
    is_confirmation,
    next_question,
)
from agent.interview.questions import question_text
from agent.profile import CompanyProfile, ProfileError, parse_profile
from tests.fakes import profile_data

MakeProfile = Callable[..., CompanyProfile]

KNOWN = {
    "product_name": "Cartograph Routes",
    "stage": "series_a",
    "arr": 4_200_000,
    "customers": 95,
    "cs_team_size": 2,
}


def answer(
    topic: Topic | None,
    text: str,
    draft: ProfileDraft | None = None,
    extracted: dict[str, Any] | None = None,
) -> AnswerResult:
    """Answer the question on topic (None: a correction) from draft."""
    draft = draft or ProfileDraft()
    question = None
    if topic is not None:
        question = Question(field=topic, text=question_text(topic, draft))
    return apply_answer(draft, text, question, extracted)


def complete_draft(**fields: Any) -> ProfileDraft:
    return ProfileDraft.model_validate(
        {**KNOWN, "churn_reasons": [], "settled": list(TOPICS[-3:]), **fields}
    )


# --- the draft -----------------------------------------------------------------


def test_draft_round_trips_through_json() -> None:
    draft = complete_draft(churn_reasons=["too expensive"], acv=40_000)
    restored = ProfileDraft.model_validate_json(draft.model_dump_json())
    assert restored == draft
    assert restored.stage is Stage.SERIES_A


def test_draft_becomes_a_validated_profile() -> None:
    profile = complete_draft(churn_reasons=["lost our champion"]).to_profile()
    assert profile.company.arr == 4_200_000
    assert profile.company.acv is None
    assert profile.acv == pytest.approx(4_200_000 / 95)
    assert profile.company.churn_reasons[0].category == "champion_loss"


def test_incomplete_draft_names_what_is_missing() -> None:
    with pytest.raises(ProfileError) as caught:
        ProfileDraft(product_name="Atlas", arr=1e6).to_profile()
    assert caught.value.problems == [
        "company stage: not answered yet",
        "customer count: not answered yet",
        "CS team size: not answered yet",
    ]


def test_profile_round_trips_through_a_draft() -> None:
    data = profile_data(segment_mix={"enterprise": 10, "mid_market": 85})
    data["company"]["churn_reasons"] = [{"text": "odd one", "category": "competitor"}]
    data["roi"] = {"value_delivered": 120_000, "annual_cost": 40_000}
    profile = parse_profile(data)
    assert draft_from_profile(profile).to_profile() == profile


# --- questions -------------------------------------------------------------------


def test_first_question_asks_for_the_product() -> None:
    question = next_question(ProfileDraft())
    assert question is not None
    assert question.field == "product"
    assert question.text.startswith("What's your product called")


INTERVIEW = [
    ("product", "Cartograph Routes — route planning for field-service teams"),
    ("stage", "Series A"),
    ("arr", "~3.2M ARR"),
    ("customers", "about 120 logos"),
    ("cs_team_size", "2 CSMs"),
    ("acv", "skip"),
    ("churn_reasons", "they never finished onboarding; champion left"),
    ("product_details", "skip"),
]


def test_questions_come_one_at_a_time_in_order() -> None:
    draft = ProfileDraft()
    for topic, reply in INTERVIEW:
        question = next_question(draft)
        assert question is not None
        assert question.field == topic
        result = apply_answer(draft, reply, question)
        assert result.problems == []
        draft = result.draft
    assert next_question(draft) is None


def test_known_fields_are_never_asked_again() -> None:
    replies = dict(INTERVIEW)
    draft = answer(None, "We're Series A, about $3M ARR across 120 customers").draft
    asked = []
    while (question := next_question(draft)) is not None:
        asked.append(question.field)
        draft = apply_answer(draft, replies[question.field], question).draft
    assert asked == [
        "product",
        "cs_team_size",
        "acv",
        "churn_reasons",
        "product_details",
    ]


def test_an_unusable_answer_leaves_the_question_open() -> None:
    draft = ProfileDraft(product_name="Atlas", stage=Stage.SEED)
    question = next_question(draft)
    assert question is not None
    result = apply_answer(draft, "lots", question)
    assert result.problems
    assert next_question(result.draft) == question


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        pytest.param("stage", ["Series A", "seed", "growth"], id="stage"),
        pytest.param("arr", ["$3.2M", "800k"], id="arr"),
        pytest.param("customers", ["120"], id="customers"),
        pytest.param("cs_team_size", ["2 CSMs", "0"], id="team"),
        pytest.param("churn_reasons", ["'none'", "'not sure'"], id="churn"),
    ],
)
def test_questions_say_what_format_works(topic: Topic, words: list[str]) -> None:
    text = question_text(topic, ProfileDraft())
    assert all(word in text for word in words)


def test_acv_question_offers_the_derived_figure_and_skip() -> None:
    draft = ProfileDraft(product_name="A", stage=Stage.SEED, arr=4.2e6, customers=95)
    question = next_question(draft.model_copy(update={"cs_team_size": 1}))
    assert question is not None
    assert question.field == "acv"
    assert "$44,211" in question.text
    assert "skip" in question.text


def test_acv_question_without_customers_says_it_cannot_be_derived() -> None:
    text = question_text("acv", ProfileDraft(arr=0, customers=0))
    assert "no customers yet" in text


def test_details_question_asks_only_for_what_is_missing() -> None:
    draft = complete_draft(
        settled=["acv", "churn_reasons"], product_persona="dispatchers"
    )
    question = next_question(draft)
    assert question is not None
    assert question.field == "product_details"
    assert "key features" in question.text
    assert "integrate" in question.text
    assert "who uses it" not in question.text


def test_known_details_need_no_question() -> None:
    draft = complete_draft(
        settled=["acv", "churn_reasons"],
        product_features=["routing"],
        product_integrations=["Salesforce"],
        product_persona="dispatchers",
    )
    assert next_question(draft) is None


# --- figures in answers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "arr"),
    [
        pytest.param("~3.2M ARR", 3_200_000, id="tilde-and-label"),
        pytest.param("3.2m", 3_200_000, id="bare-lower-m"),
        pytest.param("$3,200,000", 3_200_000, id="commas"),
        pytest.param("3.2 million", 3_200_000, id="million"),
        pytest.param("~$3.2 million in ARR", 3_200_000, id="in-arr"),
        pytest.param("800k", 800_000, id="k"),
        pytest.param("about 3.2M, growing 50% YoY", 3_200_000, id="percent-ignored"),
        pytest.param("ARR ~ $3.2M (as of Q2)", 3_200_000, id="label-before"),
        pytest.param("3 point 2 million", 3_200_000, id="spoken-point"),
        pytest.param("250k MRR", 3_000_000, id="mrr-times-12"),
        pytest.param("0", 0, id="zero"),
        pytest.param("pre-revenue", 0, id="pre-revenue"),
        pytest.param("3.2mm", 3_200_000, id="mm"),
    ],
)
def test_arr_answers(reply: str, arr: float) -> None:
    result = answer("arr", reply)
    assert result.problems == []
    assert result.draft.arr == arr


def test_mrr_is_said_back_as_arr_with_its_working() -> None:
    assert answer("arr", "250k MRR").understood == [
        "ARR: $3,000,000 (12 × MRR of $250,000)"
    ]


@pytest.mark.parametrize(
    ("reply", "customers"),
    [
        pytest.param("120", 120, id="bare"),
        pytest.param("120 customers", 120, id="customers"),
        pytest.param("120 accounts", 120, id="accounts"),
        pytest.param("120 clients", 120, id="clients"),
        pytest.param("about 120 logos", 120, id="logos"),
        pytest.param("~120", 120, id="tilde"),
        pytest.param("1,200", 1200, id="thousands"),
        pytest.param("1.2k", 1200, id="k"),
        pytest.param("none yet", 0, id="none-yet"),
        pytest.param("120 paying customers, 30 on trial", 120, id="paying"),
        pytest.param("we lost 3 customers last month but have 120", 120, id="flow"),
        pytest.param("we started in 2019 and have about 120 now", 120, id="year"),
    ],
)
def test_customer_answers(reply: str, customers: int) -> None:
    result = answer("customers", reply)
    assert result.problems == []
    assert result.draft.customers == customers


@pytest.mark.parametrize(
    ("reply", "team"),
    [
        pytest.param("2 CSMs", 2, id="csms"),
        pytest.param("3", 3, id="bare"),
        pytest.param("two CSMs", 2, id="spoken"),
        pytest.param("a couple of CSMs", 2, id="couple"),
        pytest.param("CS team of 4", 4, id="team-of"),
        pytest.param("a 3-person CS team", 3, id="person-team"),
        pytest.param("3 people in CS", 3, id="people-in-cs"),
        pytest.param("2 customer success managers", 2, id="spelled-out"),
        pytest.param("we have 2 CSMs and me", 3, id="and-me"),
        pytest.param("me and two CSMs", 3, id="me-and"),
        pytest.param("no CS team yet", 0, id="no-team"),
        pytest.param("just me, the founder", 0, id="founder"),
        pytest.param("the founders handle it", 0, id="founders"),
        pytest.param("just me", 1, id="just-me"),
        pytest.param("none", 0, id="none"),
        pytest.param("we have 2 CSMs, hiring 2 more", 2, id="hires-not-yet"),
    ],
)
def test_cs_team_answers(reply: str, team: int) -> None:
    result = answer("cs_team_size", reply)
    assert result.problems == []
    assert result.draft.cs_team_size == team


def test_the_writer_counted_in_the_team_is_said_back() -> None:
    assert answer("cs_team_size", "2 CSMs and me").understood == [
        "CS team: 3 people (2 plus you)"
    ]


@pytest.mark.parametrize(
    ("reply", "stage"),
    [
        pytest.param("Series A", Stage.SERIES_A, id="series-a"),
        pytest.param("Series A (just raised)", Stage.SERIES_A, id="just-raised"),
        pytest.param("series-a", Stage.SERIES_A, id="hyphen"),
        pytest.param("seed", Stage.SEED, id="seed"),
        pytest.param("pre-seed", Stage.SEED, id="pre-seed"),
        pytest.param("Series B", Stage.GROWTH, id="series-b"),
        pytest.param("growth", Stage.GROWTH, id="growth"),
        pytest.param("Series D", Stage.SCALE, id="series-d"),
        pytest.param("we're post-IPO", Stage.SCALE, id="post-ipo"),
        pytest.param("seed in 2021, Series A last year", Stage.SERIES_A, id="latest"),
    ],
)
def test_stage_answers(reply: str, stage: Stage) -> None:
    result = answer("stage", reply)
    assert result.problems == []
    assert result.draft.stage is stage


def test_stage_read_from_other_words_says_what_was_said() -> None:
    assert answer("stage", "Series B").understood == [
        "Stage: Growth (you said 'Series B')"
    ]


@pytest.mark.parametrize(
    ("reply", "acv"),
    [
        pytest.param("ACV is about 40k", 40_000, id="label"),
        pytest.param("40k", 40_000, id="bare"),
        pytest.param("$44,000", 44_000, id="dollars"),
        pytest.param("40k a year per customer", 40_000, id="per-customer"),
    ],
)
def test_acv_answers(reply: str, acv: float) -> None:
    assert answer("acv", reply).draft.acv == acv


@pytest.mark.parametrize(
    "reply", ["skip", "not sure", "yes, use that", "derive it", "that's about right"]
)
def test_acv_can_be_skipped_and_is_not_asked_again(reply: str) -> None:
    result = answer("acv", reply, ProfileDraft(arr=4.2e6, customers=95))
    assert result.problems == []
    assert result.draft.acv is None
    assert result.draft.knows("acv")


def test_several_fields_in_one_answer() -> None:
    result = answer("stage", "we're Series A, about $3M ARR across 120 customers")
    draft = result.draft
    assert (draft.stage, draft.arr, draft.customers) == (Stage.SERIES_A, 3e6, 120)
    assert result.understood == [
        "Stage: Series A",
        "ARR: $3,000,000",
        "Customers: 120",
    ]


def test_an_answer_about_another_field_is_kept() -> None:
    result = answer("arr", "we have 3 CSMs")
    assert result.draft.cs_team_size == 3
    assert result.draft.arr is None
    assert result.problems == []


def test_figures_and_acv_together() -> None:
    draft = answer("arr", "3.2M ARR and 40k ACV").draft
    assert (draft.arr, draft.acv) == (3_200_000, 40_000)


# --- worded answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "name", "description"),
    [
        pytest.param(
            "Cartograph Routes — route planning for field-service teams",
            "Cartograph Routes",
            "route planning for field-service teams",
            id="em-dash",
        ),
        pytest.param(
            "Cartograph Routes - route planning for field-service teams",
            "Cartograph Routes",
            "route planning for field-service teams",
            id="hyphen",
        ),
        pytest.param(
            "It's called Cartograph Routes, route planning for field-service teams",
            "Cartograph Routes",
            "route planning for field-service teams",
            id="its-called",
        ),
        pytest.param(
            "Cartograph Routes is a route planning tool for field teams",
            "Cartograph Routes",
            "a route planning tool for field teams",
            id="is-a",
        ),
        pytest.param("Acme (CRM for dentists)", "Acme", "CRM for dentists", id="paren"),
        pytest.param(
            "Routes helps dispatchers plan the day",
            "Routes",
            "helps dispatchers plan the day",
            id="helps",
        ),
        pytest.param("Cartograph Routes", "Cartograph Routes", None, id="name-only"),
        pytest.param('"Atlas"', "Atlas", None, id="quoted"),
    ],
)
def test_product_answers(reply: str, name: str, description: str | None) -> None:
    draft = answer("product", reply).draft
    assert (draft.product_name, draft.product_description) == (name, description)


def test_product_answer_with_figures_keeps_both() -> None:
    reply = (
        "Cartograph Routes - route planning for field-service teams. "
        "We're Series A with $3M ARR and 2 CSMs."
    )
    draft = answer("product", reply).draft
    assert draft.product_name == "Cartograph Routes"
    assert draft.product_description == "route planning for field-service teams"
    assert (draft.stage, draft.arr, draft.cs_team_size) == (Stage.SERIES_A, 3e6, 2)


@pytest.mark.parametrize(
    ("reply", "reasons"),
    [
        pytest.param(
            "they never finished onboarding; champion left; too expensive",
            ["they never finished onboarding", "champion left", "too expensive"],
            id="semicolons",
        ),
        pytest.param(
            "price, onboarding, and champion loss",
            ["price", "onboarding", "champion loss"],
            id="commas",
        ),
        pytest.param(
            "- price\n- slow support\n- moved to a competitor",
            ["price", "slow support", "moved to a competitor"],
            id="bullets",
        ),
        pytest.param(
            "1) price 2) onboarding 3) champion left",
            ["price", "onboarding", "champion left"],
            id="numbered",
        ),
        pytest.param(
            "Mostly: too expensive for small teams, honestly; champion left",
            ["too expensive for small teams, honestly", "champion left"],
            id="lead-in",
        ),
        pytest.param("none", [], id="none"),
        pytest.param("not sure", [], id="not-sure"),
        pytest.param("skip", [], id="skip"),
        pytest.param("we haven't had any churn yet", [], id="no-churn"),
    ],
)
def test_churn_reason_answers(reply: str, reasons: list[str]) -> None:
    result = answer("churn_reasons", reply)
    assert result.draft.churn_reasons == reasons
    assert result.draft.knows("churn_reasons")


def test_churn_reasons_are_said_back_with_their_category() -> None:
    result = answer("churn_reasons", "never finished onboarding; champion left")
    assert result.understood == [
        "Churn reasons: 'never finished onboarding' (onboarding); "
        "'champion left' (champion loss)"
    ]


def test_product_details_answer() -> None:
    reply = (
        "features: route optimiser, dispatch board; integrates with Salesforce "
        "and ServiceTitan; used by dispatch managers"
    )
    draft = answer("product_details", reply).draft
    assert draft.product_features == ["route optimiser", "dispatch board"]
    assert draft.product_integrations == ["Salesforce", "ServiceTitan"]
    assert draft.product_persona == "dispatch managers"
    assert draft.knows("product_details")


def test_unlabelled_product_details_are_features() -> None:
    draft = answer("product_details", "route optimiser, dispatch board").draft
    assert draft.product_features == ["route optimiser", "dispatch board"]


def test_skipped_product_details_are_not_asked_again() -> None:
    result = answer("product_details", "skip")
    assert result.understood == ["Product details: skipped"]
    assert result.draft.knows("product_details")


# --- problems -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic", "reply", "message"),
    [
        pytest.param(
            "arr",
            "3 point something",
            "I couldn't read '3 point something' as ARR: write it like $3.2M or 800k.",
            id="unreadable-arr",
        ),
        pytest.param(
            "arr",
            "2-3M",
            "'2-3M' is a range, and I need one figure for ARR",
            id="range",
        ),
        pytest.param("arr", "-5M", "ARR can't be negative ('-5M')", id="negative"),
        pytest.param("arr", "ARR is 3", "'3' as ARR looks too small", id="too-small"),
        pytest.param(
            "customers",
            "12.5",
            "I couldn't read '12.5' as the customer count: write a whole number",
            id="fraction",
        ),
        pytest.param(
            "customers",
            "between 100 and 150",
            "is a range, and I need one figure for the customer count",
            id="between",
        ),
        pytest.param(
            "customers",
            "50 or 60 or so, maybe 70",
            "can't tell which is the customer count",
            id="several",
        ),
        pytest.param(
            "cs_team_size",
            "2.5",
            "or 0 if the founders handle CS",
            id="half-a-csm",
        ),
        pytest.param("stage", "hmm", "as the company stage: say seed", id="stage"),
    ],
)
def test_unusable_values_name_the_field_value_and_fix(
    topic: Topic, reply: str, message: str
) -> None:
    result = answer(topic, reply)
    assert len(result.problems) == 1
    assert message in result.problems[0]
    assert getattr(result.draft, topic) is None


@pytest.mark.parametrize("topic", ["stage", "arr", "customers", "cs_team_size"])
def test_required_fields_cannot_be_skipped(topic: Topic) -> None:
    result = answer(topic, "not sure")
    assert result.problems[0].startswith("I need")
    assert "can't be skipped; a best guess is fine" in result.problems[0]
    assert not result.draft.knows(topic)


def test_product_name_cannot_be_skipped() -> None:
    result = answer("product", "skip")
    assert "the product name" in result.problems[0]
    assert result.draft.product_name is None


# --- extracted values -------------------------------------------------------------


def test_valid_extracted_values_are_used() -> None:
    result = answer("arr", "three point two million", extracted={"arr": "3.2M"})
    assert result.draft.arr == 3_200_000
    assert result.problems == []


def test_invalid_extracted_values_are_dropped() -> None:
    extracted = {
        "arr": "lots",
        "customers": -4,
        "cs_team_size": 2.5,
        "acv": True,
        "stage": "unicorn",
        "churn_reasons": [],
        "features": ["routing", 3, None, ""],
        "unknown_key": 1,
    }
    result = answer("arr", "$3.2M", extracted=extracted)
    draft = result.draft
    assert draft.arr == 3_200_000
    assert (draft.customers, draft.cs_team_size, draft.acv, draft.stage) == (
        None,
        None,
        None,
        None,
    )
    assert draft.churn_reasons is None
    assert draft.product_features == ["routing"]
    assert result.problems == []


def test_deterministic_reading_fills_what_extraction_missed() -> None:
    result = answer(
        "stage",
        "Series A, $3M ARR, 120 customers",
        extracted={"stage": "Series A", "arr": None},
    )
    assert (result.draft.arr, result.draft.customers) == (3e6, 120)


def test_extracted_name_must_be_in_the_answer() -> None:
    result = answer("product", "skip", extracted={"product_name": "Cartograph Routes"})
    assert result.draft.product_name is None


def test_extracted_figure_below_any_real_arr_is_dropped() -> None:
    assert answer("arr", "3M", extracted={"arr": 3}).draft.arr == 3_000_000


@given(
    st.dictionaries(
        st.text(max_size=20),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(),
            st.lists(st.one_of(st.text(), st.integers())),
        ),
    )
)
def test_any_extracted_mapping_never_breaks_an_answer(
    extracted: dict[str, Any],
) -> None:
    result = answer("arr", "$3M", extracted=extracted)
    ProfileDraft.model_validate_json(result.draft.model_dump_json())


# --- confirmation and correction -------------------------------------------------


def test_confirmation_lists_everything_and_how_to_confirm() -> None:
    draft = complete_draft(
        churn_reasons=["champion left"], product_features=["routing"]
    )
    text = confirmation_text(draft)
    for line in [
        "- Product: Cartograph Routes",
        "- Stage: Series A",
        "- ARR: $4,200,000",
        "- Customers: 95",
        "- CS team: 2 people",
        "- ACV: $44,211 (derived: ARR / customers)",
        "- Churn reasons: 'champion left' (champion loss)",
        "- Key features: routing",
    ]:
        assert line in text
    assert text.endswith(
        "Reply 'yes' to build your playbook, or correct anything, "
        "e.g. 'ARR is $3.5M' or 'we have 3 CSMs'."
    )
    assert "Warning" not in text


def test_confirmation_warns_when_stated_acv_disagrees() -> None:
    text = confirmation_text(complete_draft(acv=80_000))
    assert "- ACV: $80,000\n" in text
    assert "Warning: Stated ACV 80,000 differs from ARR / customers 44,211" in text


def test_confirmation_without_customers_says_acv_cannot_be_derived() -> None:
    text = confirmation_text(complete_draft(arr=0, customers=0))
    assert "ACV: not set (no customers yet to derive it from)" in text


def test_confirmation_of_an_incomplete_draft_says_what_is_missing() -> None:
    text = confirmation_text(ProfileDraft(arr=1e6))
    assert (
        "I still need product name, company stage, customer count and CS team" in text
    )
    assert "Reply 'yes'" not in text


@pytest.mark.parametrize(
    "reply",
    [
        "yes",
        "y",
        "Yes!",
        "yep",
        "looks good",
        "correct",
        "go ahead",
        "build it",
        "Yes, looks good — go ahead and build it.",
        "ok",
        "yes please",
        "that's right",
        "👍",
    ],
)
def test_confirmations(reply: str) -> None:
    assert is_confirmation(reply)


@pytest.mark.parametrize(
    "reply",
    ["yes but ARR is 3M", "yes ARR is 3M", "no", "not right", "", "and", "thanks"],
)
def test_not_confirmations(reply: str) -> None:
    assert not is_confirmation(reply)


@pytest.mark.parametrize(
    ("reply", "field", "value"),
    [
        pytest.param("yes but ARR is 3M", "arr", 3_000_000, id="yes-but"),
        pytest.param("ARR is $3.5M", "arr", 3_500_000, id="arr"),
        pytest.param("we have 3 CSMs", "cs_team_size", 3, id="team"),
        pytest.param("actually we're Series B", "stage", Stage.GROWTH, id="stage"),
        pytest.param("customers is 150 not 95", "customers", 150, id="customers"),
        pytest.param("no wait, ACV should be 50k", "acv", 50_000, id="acv"),
        pytest.param("we hired a CSM", "cs_team_size", 3, id="hire"),
        pytest.param("the product is called Atlas", "product_name", "Atlas", id="name"),
        pytest.param("company name is Northwind", "company_name", "Northwind", id="co"),
        pytest.param(
            "churn reasons: price; slow support",
            "churn_reasons",
            ["price", "slow support"],
            id="churn",
        ),
    ],
)
def test_corrections_override_what_was_known(
    reply: str, field: str, value: Any
) -> None:
    result = answer(None, reply, complete_draft(churn_reasons=["too expensive"]))
    assert result.problems == []
    assert getattr(result.draft, field) == value


def test_correction_can_return_acv_to_derived() -> None:
    result = answer(None, "derive the ACV", complete_draft(acv=80_000))
    assert result.draft.acv is None
    assert result.understood == ["ACV: derived from ARR / customers"]


def test_correction_without_a_field_says_how_to_name_one() -> None:
    result = answer(None, "3.5M", complete_draft())
    assert result.draft == complete_draft()
    assert result.problems == [
        "I couldn't find anything to change in '3.5M': name the field and its new "
        "value, e.g. 'ARR is $3.5M', 'we have 3 CSMs' or 'we're Series B'."
    ]


def test_opening_message_fills_several_fields() -> None:
    result = answer(None, "Hi! We're a Series A startup with $3M ARR and 120 customers")
    assert result.understood == [
        "Stage: Series A",
        "ARR: $3,000,000",
        "Customers: 120",
    ]


# --- never raises ------------------------------------------------------------------


@given(st.text(), st.sampled_from([None, *TOPICS]), st.booleans())
def test_apply_answer_never_raises(text: str, topic: Topic | None, known: bool) -> None:
    draft = complete_draft() if known else ProfileDraft()
    result = answer(topic, text, draft)
    ProfileDraft.model_validate_json(result.draft.model_dump_json())
    confirmation_text(result.draft)
    is_confirmation(text)
