"""How the interview says back what it learned and what it could not read."""

from __future__ import annotations

from agent.domain import categorise_churn_reason
from agent.interview.draft import ProfileDraft

FIELD_NAMES = {
    "product_name": "the product name",
    "company_name": "the company name",
    "stage": "the company stage",
    "arr": "ARR",
    "mrr": "MRR",
    "acv": "ACV",
    "customers": "the customer count",
    "cs_team_size": "the CS team size",
    "churn_reasons": "churn reasons",
}
FIXES = {
    "product_name": (
        "reply with its name first, then a line on what it does, e.g. "
        "'Cartograph Routes — route planning for field-service teams'"
    ),
    "stage": "say seed, Series A, growth (Series B–C) or scale (Series D and later)",
    "arr": "write it like $3.2M or 800k",
    "mrr": "write it like 250k or $250,000 a month",
    "acv": (
        "write it like 40k or $40,000, or say skip to derive it from ARR / customers"
    ),
    "customers": "write a whole number like 120",
    "cs_team_size": "write a whole number like 2, or 0 if the founders handle CS",
}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def money(amount: float, currency: str = "USD") -> str:
    """Return '$3,200,000' (or '3,200,000 CAD' for currencies without a sign)."""
    figure = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{figure}" if symbol else f"{figure} {currency}"


def unreadable(field: str, raw: str) -> str:
    return f"I couldn't read {raw!r} as {FIELD_NAMES[field]}: {FIXES[field]}."


def cannot_skip(field: str) -> str:
    return (
        f"I need {FIELD_NAMES[field]} to build the playbook, so it can't be skipped; "
        f"a best guess is fine: {FIXES[field]}."
    )


def joined(parts: list[str]) -> str:
    """Return 'a, b and c'."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def team_size(size: int) -> str:
    if size == 0:
        return "0 (founder-led CS)"
    return "1 person" if size == 1 else f"{size} people"


def churn_list(reasons: list[str]) -> str:
    """Return the reasons in the user's words, each with the category it maps to."""
    if not reasons:
        return "none for now"
    described = []
    for reason in reasons:
        category = categorise_churn_reason(reason)
        tag = category.label if category else "no category"
        described.append(f"{reason!r} ({tag})")
    return "; ".join(described)


def describe(draft: ProfileDraft, field: str) -> str | None:
    """Return 'ARR: $3,000,000' for a known field, or None when it is unknown."""
    value = value_text(draft, field)
    return None if value is None else f"{LINE_LABELS[field]}: {value}"


def value_text(draft: ProfileDraft, field: str) -> str | None:
    """Return a field's value as said back to the user, or None when unknown."""
    value = getattr(draft, field)
    if field == "churn_reasons" and value is not None:
        return churn_list(value)
    if value is None or value == []:
        return None
    if field == "stage":
        return draft.stage.label if draft.stage else None
    if field in {"arr", "acv"}:
        return money(value, draft.currency)
    if field == "cs_team_size":
        return team_size(value)
    if field == "customers":
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


LINE_LABELS = {
    "product_name": "Product",
    "product_description": "What it does",
    "company_name": "Company",
    "stage": "Stage",
    "arr": "ARR",
    "customers": "Customers",
    "cs_team_size": "CS team",
    "acv": "ACV",
    "churn_reasons": "Churn reasons",
    "product_category": "Category",
    "product_features": "Key features",
    "product_integrations": "Integrations",
    "product_persona": "Used by",
}
# The order fields are said back in, following the interview's questions.
LINE_ORDER = (
    "product_name",
    "product_description",
    "company_name",
    "stage",
    "arr",
    "customers",
    "cs_team_size",
    "acv",
    "churn_reasons",
    "product_category",
    "product_features",
    "product_integrations",
    "product_persona",
)
