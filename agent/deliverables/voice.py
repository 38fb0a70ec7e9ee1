"""The offline voice: the words that tailor every deliverable to one profile.

Builders fill small templates with these words (product, features,
integrations, persona, who owns the work), so no deliverable reads the same
for two companies. Every word degrades to generic but correct wording when a
product field is absent; nothing here ever returns None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from agent.context import PlaybookContext
from agent.domain import Segment, Stage

# From ten CSMs a head of CS stops running accounts: the team needs team
# leads and someone who owns data and tooling (CS operations).
SCALED_TEAM_SIZE = 10


class TeamShape(StrEnum):
    """Who can do CS work: it decides who owns each task."""

    FOUNDER_LED = "founder_led"
    SOLO = "solo"
    SMALL = "small"
    SCALED = "scaled"


def team_shape(cs_team_size: int) -> TeamShape:
    """Return the shape of a CS team of this size."""
    if cs_team_size == 0:
        return TeamShape.FOUNDER_LED
    if cs_team_size == 1:
        return TeamShape.SOLO
    if cs_team_size < SCALED_TEAM_SIZE:
        return TeamShape.SMALL
    return TeamShape.SCALED


@dataclass(frozen=True)
class Owners:
    """Who does each kind of CS work in this team, in plain words."""

    lead: str  # runs the programme: onboarding, advocacy, escalations
    csm: str  # owns an account day to day
    ops: str  # owns data, the health model and the dashboard
    executive: str  # our executive in a Tier 3 escalation
    seller: str  # closes expansion the CSM sources


OWNERS: dict[TeamShape, Owners] = {
    TeamShape.FOUNDER_LED: Owners(
        "the founder", "the founder", "the founder", "the founder", "the founder"
    ),
    TeamShape.SOLO: Owners(
        "your CS lead",
        "your CS lead",
        "your CS lead",
        "the CEO",
        "the account executive",
    ),
    TeamShape.SMALL: Owners(
        "your CS lead",
        "the account's CSM",
        "your CS lead",
        "the CEO",
        "the account executive",
    ),
    TeamShape.SCALED: Owners(
        "the CS team lead",
        "the account's CSM",
        "CS operations",
        "the VP of Customer Success",
        "the account executive",
    ),
}


@dataclass(frozen=True)
class Voice:
    """The tailoring words of one profile."""

    product: str
    description: str
    category: str
    persona: str
    features: tuple[str, ...]
    integrations: tuple[str, ...]
    shape: TeamShape
    team_size: int
    stage: Stage
    customers: int
    currency: str
    primary_segment: Segment | None

    @property
    def owners(self) -> Owners:
        return OWNERS[self.shape]

    @property
    def founder_led(self) -> bool:
        return self.shape is TeamShape.FOUNDER_LED

    @property
    def scaled(self) -> bool:
        return self.shape is TeamShape.SCALED

    @property
    def pre_revenue(self) -> bool:
        return self.customers == 0

    @property
    def features_text(self) -> str:
        """The key features as a phrase, or a generic stand-in."""
        return join_words(self.features[:3]) if self.features else "the core features"

    @property
    def first_feature(self) -> str:
        """The feature a new customer starts with, with its article."""
        return f"the {self.features[0]}" if self.features else "the core workflow"

    @property
    def upsell_feature(self) -> str:
        """A feature beyond the first, with its article: the natural upsell."""
        if len(self.features) > 1:
            return f"the {self.features[-1]}"
        return "a feature you are not using yet"

    @property
    def integrations_text(self) -> str:
        """The integrations as a phrase, or a generic stand-in."""
        if self.integrations:
            return join_words(self.integrations)
        return "the customer's existing tools"

    @property
    def setup_step(self) -> str:
        """The technical setup this product needs, as an action."""
        if self.integrations:
            return f"connect {join_words(self.integrations)} to {self.product}"
        return f"set up {self.product}: users, single sign-on and a first data import"

    @property
    def purpose(self) -> str:
        """What the product does, from its description, ready for mid-sentence."""
        text = self.description.rstrip(".")
        if len(text) > 1 and not text[1].isupper():
            return text[0].lower() + text[1:]
        return text

    @property
    def product_intro(self) -> str:
        """The product with its category when known."""
        if self.category:
            return f"{self.product} ({self.category})"
        return self.product

    def fill(self, template: str) -> str:
        """Fill a template's {placeholders} with this profile's words."""
        return fill(template, self.words())

    def words(self) -> dict[str, str]:
        """Return the placeholder values templates may use."""
        owners = self.owners
        return {
            "product": self.product,
            "persona": self.persona,
            "features": self.features_text,
            "first_feature": self.first_feature,
            "upsell_feature": self.upsell_feature,
            "integrations": self.integrations_text,
            "setup_step": self.setup_step,
            "lead": owners.lead,
            "csm": owners.csm,
            "ops": owners.ops,
            "executive": owners.executive,
            "seller": owners.seller,
        }


def voice_for(context: PlaybookContext) -> Voice:
    """Return the tailoring words of a context's profile."""
    profile = context.profile
    product, company = profile.product, profile.company
    return Voice(
        product=product.name.strip(),
        description=_clean(product.description),
        category=_clean(product.category),
        persona=_clean(product.persona) or "day-to-day users",
        features=_clean_all(product.features),
        integrations=_clean_all(product.integrations),
        shape=team_shape(company.cs_team_size),
        team_size=company.cs_team_size,
        stage=company.stage,
        customers=company.customers,
        currency=company.currency,
        primary_segment=context.primary_segment,
    )


# Placeholders whose words are ours, not the user's: a sentence that opens
# with one is capitalised ("The founder ..."), while a product name keeps the
# user's casing.
_OWN_WORDS = ("{lead}", "{csm}", "{ops}", "{executive}", "{seller}", "{setup_step}")


def fill(template: str, words: dict[str, str]) -> str:
    """Fill a template with words, capitalising a sentence that opens with ours."""
    text = template.format_map(words)
    if template.startswith(_OWN_WORDS):
        return text[:1].upper() + text[1:]
    return text


def join_words(items: Sequence[str]) -> str:
    """Join words as a person would: 'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def format_money(amount: float, currency: str) -> str:
    """Return whole currency units: '$4,200,000' for USD, else '4,200,000 EUR'."""
    if currency == "USD":
        return f"${amount:,.0f}"
    return f"{amount:,.0f} {currency}"


def format_pct(value: float) -> str:
    """Return a percentage with at most one decimal: '309.1 %', '20 %'."""
    return f"{value:,.1f} %".replace(".0 %", " %")


def possessive(name: str) -> str:
    """Return the possessive of a name: "Cartograph's", "Acme Insights'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return '1 account', '3 accounts'."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _clean_all(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(cleaned for item in items if (cleaned := _clean(item)))
