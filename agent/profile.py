"""The company profile: what the consultant must know before it advises."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from agent.domain import (
    ChurnCategory,
    Segment,
    Stage,
    categorise_churn_reason,
    parse_stage,
)
from agent.errors import InputError, PlaybookError
from agent.parsing import parse_count, parse_money

logger = logging.getLogger(__name__)

# Stated and derived ACV may drift a little (discounts, mid-year deals);
# beyond this share the two stories disagree and the user should know.
ACV_TOLERANCE = 0.20


def _money(value: object) -> float:
    return parse_money(value, "amount")


def _count(value: object) -> int:
    return parse_count(value, "count")


Money = Annotated[float, BeforeValidator(_money)]
Count = Annotated[int, BeforeValidator(_count)]


class ChurnReason(BaseModel):
    """A reason customers leave: the user's words and the category they map to."""

    model_config = ConfigDict(extra="forbid")

    text: str
    category: ChurnCategory | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _categorise(self) -> ChurnReason:
        if self.category is None:
            self.category = categorise_churn_reason(self.text)
        return self


class Product(BaseModel):
    """What the customer buys; the words of the playbook are tailored to it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str | None = None
    category: str | None = None
    features: list[str] = Field(default_factory=list)
    integrations: list[str] = Field(default_factory=list)
    persona: str | None = None


class Company(BaseModel):
    """The company's situation: stage, revenue, customers and CS team."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    stage: Stage
    arr: Money
    customers: Count
    acv: Money | None = None
    cs_team_size: Count
    churn_reasons: list[ChurnReason] = Field(default_factory=list)
    segment_mix: dict[Segment, Count] | None = None
    currency: str = Field(default="USD", min_length=3, max_length=3)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: object) -> object:
        if isinstance(value, str) and (stage := parse_stage(value)) is not None:
            return stage
        if isinstance(value, Stage):
            return value
        raise ValueError(
            "is not a company stage; use one of seed, series_a, growth, scale"
        )

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class RoiInputs(BaseModel):
    """A reference account's figures for the QBR's ROI slide."""

    model_config = ConfigDict(extra="forbid")

    value_delivered: Money
    annual_cost: Money


class CompanyProfile(BaseModel):
    """Everything the playbook is built from."""

    model_config = ConfigDict(extra="forbid")

    company: Company
    product: Product
    roi: RoiInputs | None = None

    @property
    def company_name(self) -> str:
        return self.company.name or self.product.name

    @property
    def derived_acv(self) -> float | None:
        """ARR / customers, or None when there are no customers."""
        if self.company.customers == 0:
            return None
        return self.company.arr / self.company.customers

    @property
    def acv(self) -> float | None:
        """The ACV the playbook uses: the stated one wins over the derived one."""
        if self.company.acv is not None:
            return self.company.acv
        return self.derived_acv


def profile_findings(profile: CompanyProfile) -> tuple[list[str], list[str]]:
    """Return (warnings, assumptions) the inputs call for."""
    warnings: list[str] = []
    assumptions: list[str] = []
    company = profile.company
    stated, derived = company.acv, profile.derived_acv
    if stated is None and derived is not None:
        assumptions.append(
            f"ACV not given: derived as ARR / customers = {_fmt(company.arr)} / "
            f"{company.customers} = {_fmt(derived)}."
        )
    if stated is not None and derived is not None and derived > 0:
        gap = abs(stated - derived) / derived
        if gap > ACV_TOLERANCE:
            warnings.append(
                f"Stated ACV {_fmt(stated)} differs from ARR / customers "
                f"{_fmt(derived)} by {gap:.0%} (more than {ACV_TOLERANCE:.0%}); "
                "the playbook keeps the stated ACV. Check ARR and customer count."
            )
    if company.segment_mix is not None:
        mix_total = sum(company.segment_mix.values())
        if mix_total != company.customers:
            warnings.append(
                f"Segment mix adds up to {mix_total} accounts but customers is "
                f"{company.customers}; the capacity plan uses the segment mix."
            )
    unmapped = [r.text for r in company.churn_reasons if r.category is None]
    if unmapped:
        assumptions.append(
            "Churn reasons kept in your words without a category: "
            + "; ".join(repr(t) for t in unmapped)
            + "."
        )
    return warnings, assumptions


def _fmt(amount: float) -> str:
    return f"{amount:,.0f}"


class ProfileError(PlaybookError):
    """A profile file that cannot be used, with one line per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"{source}: the profile has {len(problems)} problem(s):\n{lines}"
        )


def parse_profile(data: object, source: str = "profile") -> CompanyProfile:
    """Validate a profile mapping, turning each problem into a readable line."""
    if not isinstance(data, dict):
        raise ProfileError(
            source, ["the profile must be a mapping with company and product"]
        )
    try:
        return CompanyProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(source, [_describe(err) for err in exc.errors()]) from None


def load_profile(path: Path) -> CompanyProfile:
    """Read a YAML or JSON profile file."""
    logger.info("reading profile %s", path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(str(path), [f"cannot be read ({exc.strerror})"]) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(str(path), [f"is not valid YAML or JSON: {exc}"]) from None
    return parse_profile(data, str(path))


def _describe(error: Any) -> str:
    field, message = describe_error(error)
    joiner = " = " if _shows_value(error) else ": "
    return f"{field}{joiner}{message}"


def describe_error(error: Any) -> tuple[str, str]:
    """Return the dotted field one pydantic error is about, and a readable message.

    The message leads with the value given, when it is a single value, and
    ends with the fix where the parsers know it.
    """
    field = ".".join(str(part) for part in error["loc"]) or "profile"
    kind = error["type"]
    if kind == "extra_forbidden":
        return field, "unknown key; remove it or check its spelling"
    if kind == "missing":
        return field, "required but missing"
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, InputError):
        return field, f"{cause.value!r}: {cause.problem}. {cause.fix}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if _shows_value(error):
        return field, f"{error.get('input')!r}: {message}"
    return field, message


def _shows_value(error: Any) -> bool:
    """True when the message quotes the value: a scalar, not a whole mapping."""
    if error["type"] in ("extra_forbidden", "missing"):
        return False
    if isinstance(error.get("ctx", {}).get("error"), InputError):
        return True
    return not isinstance(error.get("input"), dict | list)
