"""Model tailoring: a language model rewrites the words, never the figures.

`Tailor` is the entry point. Offline it hands every deliverable back
unchanged; with a model it rewrites the prose fields (`texts`), checks the
answer (`checks`, the number lock in `numbers`) and falls back on the
engine's text with a reason whenever anything is wrong.
"""

from agent.tailoring.client import ModelCallError, ModelClient, ModelReply
from agent.tailoring.extraction import ProfileExtraction
from agent.tailoring.numbers import (
    StatedNumber,
    allowed_numbers,
    extract_numbers,
    unlisted_numbers,
)
from agent.tailoring.tailor import Tailor, TailoredText, TailoredTexts, TailorOutcome
from agent.tailoring.texts import TextItem, apply_prose, prose_items

__all__ = [
    "ModelCallError",
    "ModelClient",
    "ModelReply",
    "ProfileExtraction",
    "StatedNumber",
    "Tailor",
    "TailorOutcome",
    "TailoredText",
    "TailoredTexts",
    "TextItem",
    "allowed_numbers",
    "apply_prose",
    "extract_numbers",
    "prose_items",
    "unlisted_numbers",
]
