"""Content negotiation: pick the response format a request's Accept header asks for.

A route offers media types in its order of preference; the client's Accept
ranges (RFC 9110, section 12.5.1) rank them by quality, the most specific
matching range deciding each one's quality. A missing Accept header takes the
route's first choice; an Accept that rules out every offer is a 406.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request

from ui.problems import ProblemError

JSON = "application/json"
MARKDOWN = "text/markdown"
HTML = "text/html"
EVENT_STREAM = "text/event-stream"
CSV = "text/csv"
YAML = "application/yaml"


@dataclass(frozen=True)
class MediaRange:
    """One range of an Accept header, such as text/* or application/json;q=0.5."""

    type: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """Return 2 for an exact match, 1 for type/*, 0 for */*, -1 for none."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str) -> list[MediaRange]:
    """Return the ranges of an Accept header; malformed ones are skipped."""
    ranges = []
    for item in header.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not (kind and slash and sub):
            continue
        ranges.append(MediaRange(kind, sub, _quality(params)))
    return ranges


def _quality(params: Sequence[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """Return the offered media type the client prefers; None if none is acceptable.

    Ties go to the route's order of preference.
    """
    if accept is None or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best, best_quality = None, 0.0
    for media_type in offered:
        quality = _quality_of(media_type, ranges)
        if quality > best_quality:
            best, best_quality = media_type, quality
    return best


def _quality_of(media_type: str, ranges: Sequence[MediaRange]) -> float:
    """Return the quality the most specific matching range gives a media type."""
    matches = [(r.specificity(media_type), r.quality) for r in ranges]
    matches = [match for match in matches if match[0] >= 0]
    return max(matches)[1] if matches else 0.0


class Negotiate:
    """A dependency returning the media type to answer in, or raising a 406."""

    def __init__(self, *offered: str) -> None:
        self.offered = offered

    async def __call__(self, request: Request) -> str:
        chosen = choose(request.headers.get("accept"), self.offered)
        if chosen is None:
            raise ProblemError(
                406,
                f"This route answers in {', '.join(self.offered)}; the Accept "
                "header rules out all of them.",
            )
        return chosen
