"""The HTTP API's request bodies: a profile to build from, account rows to score."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from agent.calculators.health_model import HealthModel
from agent.profile import CompanyProfile

HEALTH_MODEL_NOTE = (
    "Optional: a health model in the format GET /v1/health-model returns; "
    "the default model when absent."
)


class PlaybookRequest(CompanyProfile):
    """A company profile, as the YAML files in examples/ hold, as JSON.

    It may carry one more top-level key, health_model.
    """

    health_model: HealthModel | None = Field(None, description=HEALTH_MODEL_NOTE)

    def profile(self) -> CompanyProfile:
        """Return the profile without the health model."""
        return CompanyProfile(company=self.company, product=self.product, roi=self.roi)


def _single_value(cell: Any) -> Any:
    if isinstance(cell, dict | list):
        raise ValueError("must be text, a number, true/false or null")
    return cell


Cell = Annotated[
    Any,
    AfterValidator(_single_value),
    WithJsonSchema({"type": ["string", "number", "boolean", "null"]}),
]


class ScoreRows(BaseModel):
    """Accounts to score as JSON: one object per account, keyed by column."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Cell]] = Field(
        min_length=1,
        description=(
            "One object per account. Keys are column names as in an export "
            "(account_id is required; aliases such as 'Account ID' work); a "
            "missing key is a blank cell."
        ),
    )
    health_model: HealthModel | None = Field(None, description=HEALTH_MODEL_NOTE)
