"""The scored account list: one result per account and a portfolio summary."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Evidence(BaseModel):
    """A signal that fired for an account, with the figures behind it."""

    signal: str
    evidence: str


class PlayAdvice(BaseModel):
    """An expansion play an account qualifies for, and how to run it."""

    play: str
    name: str
    trigger: str
    approach: str


class AccountResult(BaseModel):
    """One account's score, band, churn tier, warnings and expansion plays."""

    account_id: str
    account_name: str | None = None
    segment: str | None = Field(None, description="from arr; null when arr unknown")
    arr: float | None = None
    health_score: float | None = Field(None, description="0-100, one decimal")
    band: str | None = None
    tier: int | None = Field(None, description="churn tier 1-3; null if none")
    coverage: float = Field(description="share 0-1 of the weight that had data")
    missing: list[str] = Field(default_factory=list)
    costliest_dimension: str | None = None
    explanation: str
    warnings: list[Evidence] = Field(default_factory=list)
    signals: list[Evidence] = Field(default_factory=list)
    plays: list[PlayAdvice] = Field(default_factory=list)
    roi_pct: float | None = Field(None, description="QBR ROI; null without value")


class ScoreSummary(BaseModel):
    """Portfolio figures over every account in the file."""

    accounts: int
    active_accounts: int = Field(description="accounts whose arr_end is not 0")
    scored: int
    coverage: float | None = Field(description="percent: scored / active accounts")
    bands: dict[str, int]
    tiers: dict[str, int]
    arr_at_risk_by_tier: dict[str, float] | None = None
    expansion_candidates: int
    nrr: float | None = Field(None, description="percent")
    grr: float | None = Field(None, description="percent; never above 100")
    nps: float | None = None
    qbr_completion: float | None = Field(None, description="percent: held / due")
    median_ttfv_days: dict[str, float] = Field(default_factory=dict)


class ScoreReport(BaseModel):
    """Everything `cs-playbook score` reports about an account file."""

    source: str
    as_of: str
    accounts: list[AccountResult]
    summary: ScoreSummary
    notes: list[str] = Field(default_factory=list)
