"""The interview's questions: one at a time, never about what is known."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agent.interview.draft import TOPICS, ProfileDraft, Topic
from agent.interview.wording import joined, money


class Question(BaseModel):
    """One question to ask, and the topic its answer fills."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: Topic
    text: str


_FIXED_TEXTS: dict[Topic, str] = {
    "product": (
        "What's your product called, and what does it do in a line? "
        "e.g. 'Cartograph Routes — route planning for field-service teams'."
    ),
    "stage": (
        "What stage is the company at: seed, Series A, growth (Series B–C) "
        "or scale (Series D and later)?"
    ),
    "arr": (
        "Roughly what's your ARR (annual recurring revenue)? "
        "A rough figure is fine, e.g. $3.2M or 800k."
    ),
    "customers": "How many paying customers (accounts) do you have? e.g. 120.",
    "cs_team_size": (
        "How many people work in customer success today? "
        "e.g. '2 CSMs', or 0 if the founders handle it."
    ),
    "churn_reasons": (
        "Why do customers leave you, in your own words? List the main reasons, "
        "e.g. 'never finished onboarding; champion left; too expensive'. "
        "Optional: say 'none' or 'not sure' to skip."
    ),
}


def next_question(draft: ProfileDraft) -> Question | None:
    """Return the first question the draft cannot answer yet, or None when done."""
    for topic in TOPICS:
        if not draft.knows(topic):
            return Question(field=topic, text=question_text(topic, draft))
    return None


def question_text(topic: Topic, draft: ProfileDraft) -> str:
    """Return how to ask about topic, given what the draft already holds."""
    if topic == "acv":
        return _acv_question(draft)
    if topic == "product_details":
        return _details_question(draft)
    return _FIXED_TEXTS[topic]


def _acv_question(draft: ProfileDraft) -> str:
    ask = "What's your average annual contract value (ACV) per customer, e.g. 40k?"
    if draft.customers == 0:
        return f"{ask} With no customers yet I can't derive it; say skip if unsure."
    derived = draft.derived_acv
    if derived is None:
        return f"{ask} Optional: say skip and I'll derive it from ARR / customers."
    return (
        f"{ask} Optional: ARR / customers gives about "
        f"{money(round(derived), draft.currency)}; say skip to use that."
    )


_DETAIL_ASKS = {
    "key features": "what are its key features",
    "integrations": "what does it integrate with",
    "who uses it": "who uses it day to day",
}


def _details_question(draft: ProfileDraft) -> str:
    asks = joined([_DETAIL_ASKS[part] for part in draft.missing_details()])
    return (
        f"Last one, and optional, about {draft.product_name or 'your product'}: "
        f"{asks}? e.g. 'features: route optimiser, dispatch board; integrates "
        "with Salesforce; used by dispatch managers'. Say skip if you'd rather not."
    )
