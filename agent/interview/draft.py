"""The profile as gathered so far in the chat, and what is still to ask."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from agent.domain import Stage
from agent.profile import CompanyProfile, ProfileError, parse_profile

# The interview's questions, in the order a head of CS would expect them.
Topic = Literal[
    "product",
    "stage",
    "arr",
    "customers",
    "cs_team_size",
    "acv",
    "churn_reasons",
    "product_details",
]
TOPICS: tuple[Topic, ...] = get_args(Topic)
OptionalTopic = Literal["acv", "churn_reasons", "product_details"]

REQUIRED_LABELS = {
    "product_name": "product name",
    "stage": "company stage",
    "arr": "ARR",
    "customers": "customer count",
    "cs_team_size": "CS team size",
}

# Draft field -> where it lives in a CompanyProfile.
PROFILE_PATHS = {
    "product_name": "product.name",
    "product_description": "product.description",
    "product_category": "product.category",
    "product_features": "product.features",
    "product_integrations": "product.integrations",
    "product_persona": "product.persona",
    "company_name": "company.name",
    "stage": "company.stage",
    "arr": "company.arr",
    "customers": "company.customers",
    "acv": "company.acv",
    "cs_team_size": "company.cs_team_size",
    "churn_reasons": "company.churn_reasons",
}


class ProfileDraft(BaseModel):
    """The fields learned so far; None means not learned yet.

    `churn_reasons` is None until answered; an empty list is an answer
    ("none", "not sure"). `settled` names the optional questions already
    answered or skipped, so none is asked twice. `carried` keeps the parts of
    a loaded profile the interview never asks about (segment mix, ROI inputs,
    churn categories set by hand) so that a round trip loses nothing.
    """

    model_config = ConfigDict(extra="forbid")

    product_name: str | None = None
    product_description: str | None = None
    company_name: str | None = None
    stage: Stage | None = None
    arr: float | None = Field(default=None, ge=0)
    customers: int | None = Field(default=None, ge=0)
    acv: float | None = Field(default=None, ge=0)
    cs_team_size: int | None = Field(default=None, ge=0)
    churn_reasons: list[str] | None = None
    product_category: str | None = None
    product_features: list[str] = Field(default_factory=list)
    product_integrations: list[str] = Field(default_factory=list)
    product_persona: str | None = None
    currency: str = "USD"
    settled: list[OptionalTopic] = Field(default_factory=list)
    carried: dict[str, Any] = Field(default_factory=dict)

    def knows(self, topic: Topic) -> bool:
        """Return whether the topic's question needs no asking."""
        if topic == "product":
            return self.product_name is not None
        if topic == "churn_reasons":
            return self.churn_reasons is not None
        if topic == "product_details":
            return "product_details" in self.settled or not self.missing_details()
        if topic == "acv":
            return self.acv is not None or "acv" in self.settled
        return getattr(self, topic) is not None

    def missing_details(self) -> list[str]:
        """Return the product details not known yet, in plain words."""
        wanted = {
            "key features": self.product_features,
            "integrations": self.product_integrations,
            "who uses it": self.product_persona,
        }
        return [words for words, known in wanted.items() if not known]

    def missing(self) -> list[str]:
        """Return the required fields still unanswered, in plain words."""
        return [
            label
            for name, label in REQUIRED_LABELS.items()
            if getattr(self, name) is None
        ]

    @property
    def is_complete(self) -> bool:
        return not self.missing()

    @property
    def derived_acv(self) -> float | None:
        """ARR / customers, when both are known and there are customers."""
        if self.arr is None or not self.customers:
            return None
        return self.arr / self.customers

    def to_profile(self) -> CompanyProfile:
        """Return the validated profile; raise ProfileError while any is missing."""
        missing = self.missing()
        if missing:
            raise ProfileError(
                "interview", [f"{label}: not answered yet" for label in missing]
            )
        return parse_profile(self._profile_data(), "interview")

    def _profile_data(self) -> dict[str, Any]:
        categories = self.carried.get("churn_categories", {})
        company = {
            "name": self.company_name,
            "stage": self.stage,
            "arr": self.arr,
            "customers": self.customers,
            "acv": self.acv,
            "cs_team_size": self.cs_team_size,
            "churn_reasons": [
                {"text": text, "category": categories.get(text)}
                for text in self.churn_reasons or []
            ],
            "segment_mix": self.carried.get("segment_mix"),
            "currency": self.currency,
        }
        product = {
            "name": self.product_name,
            "description": self.product_description,
            "category": self.product_category,
            "features": self.product_features,
            "integrations": self.product_integrations,
            "persona": self.product_persona,
        }
        data: dict[str, Any] = {
            "company": _without_none(company),
            "product": _without_none(product),
        }
        if self.carried.get("roi") is not None:
            data["roi"] = self.carried["roi"]
        return data


def draft_from_profile(profile: CompanyProfile) -> ProfileDraft:
    """Return a complete draft holding everything the profile says."""
    company, product = profile.company, profile.product
    carried: dict[str, Any] = {
        "churn_categories": {
            r.text: r.category.value for r in company.churn_reasons if r.category
        },
    }
    if company.segment_mix is not None:
        carried["segment_mix"] = {k.value: v for k, v in company.segment_mix.items()}
    if profile.roi is not None:
        carried["roi"] = profile.roi.model_dump(mode="json")
    return ProfileDraft(
        product_name=product.name,
        product_description=product.description,
        company_name=company.name,
        stage=company.stage,
        arr=company.arr,
        customers=company.customers,
        acv=company.acv,
        cs_team_size=company.cs_team_size,
        churn_reasons=[r.text for r in company.churn_reasons],
        product_category=product.category,
        product_features=list(product.features),
        product_integrations=list(product.integrations),
        product_persona=product.persona,
        currency=company.currency,
        settled=["acv", "churn_reasons", "product_details"],
        carried=carried,
    )


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
