"""Read the worded answers: product name and line, churn reasons, product details."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.interview.vocabulary import UNKNOWN_REPLIES, ZERO_REPLIES

_FLAGS = re.IGNORECASE

_PRODUCT_LEAD = re.compile(
    r"^\s*(?:(?:it'?s|it is|we'?re|we are|our product is|the product is|"
    r"our product'?s|product(?:\s+name)?(?:\s+is)?:?|we make|we build|we sell)"
    r"\s+(?:called\s+|named\s+)?|(?:called|named)\s+)",
    _FLAGS,
)
# Where a product's name ends and its one-line description begins.
_NAME_END = re.compile(
    r"\s+[-–—]+\s+|\s*[—–]\s*|\s*[:(]\s*|,\s*|\.\s+|\n|"
    r"\s+(?P<verb>is|does|helps|lets|which|that|for)\s+",
    _FLAGS,
)
_KEPT_VERBS = frozenset({"does", "helps", "lets", "for"})
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60

_CHURN_LEAD = re.compile(
    r"^\s*(?:(?:our|the)\s+)?(?:(?:main|top|biggest|usual)\s+)?(?:churn\s+)?"
    r"reasons?(?:\s+(?:are|is|would be|we see))?\s*:?\s*|"
    r"^\s*(?:mostly|mainly|usually|typically|honestly)\s*:?\s*|"
    r"^\s*(?:they|customers|people|accounts)\s+(?:\w+\s+)?(?:churn|leave|cancel)"
    r"\s+(?:because|when|over)(?:\s+of)?\s*:?\s*|"
    r"^\s*(?:because|cause|due to)(?:\s+of)?\s+|^\s*(?:and|or|also)\s+",
    _FLAGS,
)
_BULLETS = re.compile(r"^\s*(?:[-*•·]+|\d+[.)])\s*")
_INLINE_NUMBERING = re.compile(r"(?:^|\s)\d+[.)]\s+")
_NO_CHURN = re.compile(
    r"\b(?:no churn|haven'?t (?:had|lost|seen) (?:any )?(?:churn|customers|anyone)|"
    r"(?:nobody|no one|no customer) (?:has )?(?:churned|left))\b",
    _FLAGS,
)

_DETAIL_LABELS = re.compile(
    r"(?P<features>\b(?:key |main |core )?features?\b(?:\s+(?:are|include|includes|"
    r"like))?)|"
    r"(?P<integrations>\b(?:it\s+)?(?:integrates|integrated|integrations?|connects|"
    r"plugs|syncs)\b(?:\s+(?:with|to|into|are|include|includes|like))?)|"
    r"(?P<persona>\b(?:(?:mainly |mostly )?used by|who uses it(?:\s+day[- ]to[- ]day)?|"
    r"(?:main |day[- ]to[- ]day )?users are|users:|(?:buyer )?persona(?:\s+is)?|"
    r"buyers? (?:is|are)|bought by)\b)|"
    r"(?P<category>\bcategory(?:\s+is)?\b)",
    _FLAGS,
)
_LIST_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|&|\bplus\b)\s*", _FLAGS)
_EDGE_NOISE = " \t\n,;:.!-–—"


@dataclass
class ProductLine:
    """A product's name and its one-line description, as the user wrote them."""

    name: str | None
    description: str | None


@dataclass
class ProductDetails:
    """Features, integrations, persona and category found in an answer."""

    features: list[str] = field(default_factory=list)
    integrations: list[str] = field(default_factory=list)
    persona: str | None = None
    category: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.features or self.integrations or self.persona or self.category)


def reply_kind(text: str) -> str | None:
    """Return 'unknown' for a skip or don't-know reply, 'zero' for 'none', else None."""
    clauses = [_tidy(part) for part in re.split(r"[,.;!]+|\s[-–—]\s", text)]
    clauses = [c for c in clauses if c]
    if not clauses and _tidy(text) in UNKNOWN_REPLIES:
        return "unknown"
    if not clauses or any(c not in UNKNOWN_REPLIES | ZERO_REPLIES for c in clauses):
        return None
    return "zero" if all(c in ZERO_REPLIES for c in clauses) else "unknown"


def _tidy(text: str) -> str:
    words = text.lower().replace("’", "'").split()
    fillers = {"honestly", "sorry", "please", "for", "now", "um", "hmm", "er", "i'm"}
    while words and words[0] in fillers:
        words.pop(0)
    while words and words[-1] in fillers:
        words.pop()
    return " ".join(words)


def read_product_line(text: str) -> ProductLine:
    """Split 'Cartograph Routes — route planning for field-service teams'."""
    body = _PRODUCT_LEAD.sub("", text.strip(), count=1).strip()
    split = _NAME_END.search(body)
    if split is None:
        return ProductLine(_clean_name(body), None)
    name = _clean_name(body[: split.start()])
    rest = (
        body[split.start() :] if split["verb"] in _KEPT_VERBS else body[split.end() :]
    )
    description = _first_sentence(rest).strip(_EDGE_NOISE + "()")
    return ProductLine(name, description or None)


def _clean_name(text: str) -> str | None:
    name = text.strip(_EDGE_NOISE + "\"'“”")
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or len(name) > _MAX_NAME_CHARS:
        return None
    if not name[0].isalnum() or reply_kind(name) is not None:
        return None
    return name


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+|\n", text.strip(), maxsplit=1)[0]


def read_churn_reasons(text: str) -> list[str]:
    """Return the churn reasons in a list the user typed, each in their words."""
    body = _CHURN_LEAD.sub("", text.strip(), count=1)
    items: list[str] = []
    for line in _split_reason_lines(body):
        reason = _CHURN_LEAD.sub("", _BULLETS.sub("", line), count=1)
        reason = reason.strip(_EDGE_NOISE)
        if reason and reason.lower() not in {r.lower() for r in items}:
            items.append(reason)
    return items


def _split_reason_lines(text: str) -> list[str]:
    """Split on lines, bullets, numbering or semicolons; else on commas."""
    if len(_INLINE_NUMBERING.findall(text)) > 1:
        return _INLINE_NUMBERING.split(text)
    lines = [part for line in text.splitlines() for part in line.split(";")]
    if len([line for line in lines if line.strip()]) > 1:
        return lines
    return text.split(",")


def says_no_churn(text: str) -> bool:
    """Return whether the text says customers have not churned so far."""
    return bool(_NO_CHURN.search(text))


def read_product_details(text: str, *, unlabelled_are_features: bool) -> ProductDetails:
    """Find features, integrations, persona and category, each after its label."""
    details = ProductDetails()
    labels = list(_DETAIL_LABELS.finditer(text))
    if labels and unlabelled_are_features:
        details.features = split_items(text[: labels[0].start()])
    elif unlabelled_are_features:
        details.features = split_items(text)
    for position, label in enumerate(labels):
        last = position + 1 == len(labels)
        end = len(text) if last else labels[position + 1].start()
        _store_detail(details, label.lastgroup or "", text[label.end() : end])
    return details


def _store_detail(details: ProductDetails, kind: str, content: str) -> None:
    value = content.strip(_EDGE_NOISE + "()")
    if not value:
        return
    if kind == "features":
        details.features += split_items(value)
    elif kind == "integrations":
        details.integrations += split_items(value)
    elif kind == "persona":
        details.persona = value
    elif kind == "category":
        details.category = value


def split_items(text: str) -> list[str]:
    """Split 'a, b and c' into ['a', 'b', 'c'], keeping each item's words."""
    items = (item.strip(_EDGE_NOISE + "()") for item in _LIST_SPLIT.split(text))
    return [item for item in items if item and item.lower() not in {"it", "we"}]
