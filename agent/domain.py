"""The fixed vocabulary of customer success: stages, segments, churn categories."""

from __future__ import annotations

import re
from enum import StrEnum


class Stage(StrEnum):
    """How far along the company is; it shapes who does the CS work."""

    SEED = "seed"
    SERIES_A = "series_a"
    GROWTH = "growth"
    SCALE = "scale"

    @property
    def label(self) -> str:
        return {
            "seed": "Seed",
            "series_a": "Series A",
            "growth": "Growth",
            "scale": "Scale",
        }[self.value]


class Segment(StrEnum):
    """Account segment, read from the account's annual contract value."""

    ENTERPRISE = "enterprise"
    MID_MARKET = "mid_market"
    SMB = "smb"
    SELF_SERVE = "self_serve"

    @property
    def label(self) -> str:
        return {
            "enterprise": "Enterprise",
            "mid_market": "Mid-market",
            "smb": "SMB",
            "self_serve": "Self-serve",
        }[self.value]


class ChurnCategory(StrEnum):
    """Why customers leave, in the categories CS teams track."""

    PRODUCT_GAP = "product_gap"
    ONBOARDING = "onboarding"
    CHAMPION_LOSS = "champion_loss"
    PRICE_BUDGET = "price_budget"
    COMPETITOR = "competitor"
    BUSINESS_CHANGE = "business_change"
    LOW_ADOPTION = "low_adoption"
    SUPPORT_EXPERIENCE = "support_experience"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").replace("price budget", "price / budget")


# Ordered aliases: the first pattern that matches wins, so the specific
# ("series a") is tried before the general ("series").
_STAGE_PATTERNS: tuple[tuple[str, Stage], ...] = (
    (r"pre[\s_-]*seed|seed|angel|bootstrap", Stage.SEED),
    (r"series[\s_-]*a\b|seriesa\b", Stage.SERIES_A),
    (r"series[\s_-]*[bc]\b|series(?:b|c)\b|growth|expansion stage", Stage.GROWTH),
    (
        r"series[\s_-]*[d-z]\b|scale|late[\s_-]*stage|public|ipo|pre[\s_-]*ipo",
        Stage.SCALE,
    ),
)


def parse_stage(text: str) -> Stage | None:
    """Return the stage that text names ('Series A', 'series-a', 'seed'), if any."""
    cleaned = text.strip().lower()
    try:
        return Stage(cleaned)
    except ValueError:
        pass
    for pattern, stage in _STAGE_PATTERNS:
        if re.search(pattern, cleaned):
            return stage
    return None


_CHURN_KEYWORDS: tuple[tuple[ChurnCategory, tuple[str, ...]], ...] = (
    (
        ChurnCategory.CHAMPION_LOSS,
        (
            "champion",
            "sponsor left",
            "our contact left",
            "main contact",
            "point of contact",
            "key user left",
            "admin left",
            "buyer left",
        ),
    ),
    (
        ChurnCategory.COMPETITOR,
        (
            "competitor",
            "switched to",
            "moved to",
            "went with",
            "cheaper alternative",
            "rival",
            "alternative",
        ),
    ),
    (
        ChurnCategory.PRICE_BUDGET,
        ("price", "pricing", "budget", "expensive", "cost", "afford", "spend cut"),
    ),
    (
        ChurnCategory.ONBOARDING,
        (
            "onboard",
            "setup",
            "set up",
            "setting up",
            "set-up",
            "implementation",
            "implement",
            "time to value",
            "never got started",
            "never launched",
            "integration took",
        ),
    ),
    (
        ChurnCategory.LOW_ADOPTION,
        (
            "adoption",
            "adopted",
            "didn't use",
            "did not use",
            "not using",
            "never used",
            "low usage",
            "usage dropped",
            "shelfware",
            "unused",
            "didn't stick",
            "nobody used",
        ),
    ),
    (
        ChurnCategory.BUSINESS_CHANGE,
        (
            "acquired",
            "acquisition",
            "merger",
            "went out of business",
            "bankrupt",
            "shut down",
            "layoff",
            "reorg",
            "restructur",
            "pivot",
            "closed",
        ),
    ),
    (
        ChurnCategory.SUPPORT_EXPERIENCE,
        ("support", "ticket", "response time", "slow to respond", "service"),
    ),
    (
        ChurnCategory.PRODUCT_GAP,
        (
            "missing",
            "feature",
            "lacked",
            "lack of",
            "doesn't do",
            "does not do",
            "product gap",
            "integration",
            "bug",
            "reliab",
            "outgrew",
            "capabilit",
        ),
    ),
)


def categorise_churn_reason(text: str) -> ChurnCategory | None:
    """Return the churn category a reason in the user's words points to, if any."""
    lowered = text.lower()
    for category, keywords in _CHURN_KEYWORDS:
        if any(keyword in lowered for keyword in keywords):
            return category
    return None
