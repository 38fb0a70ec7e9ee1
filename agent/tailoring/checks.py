"""Checks a model's rewritten texts must pass before they replace the engine's.

Each check returns a short reason naming what is wrong and where, or None.
The order is the order a reader would want: first whether the answer has the
right shape (keys), then whether each text is safe (no leaked prompt, no
secret) and true to the figures (the number lock).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agent.tailoring.numbers import extract_numbers, is_allowed, unlisted_numbers
from agent.tailoring.texts import TextItem
from prompts import Prompt

# Eight words in a row shared with the prompt, and absent from the data the
# model was given, is a quotation rather than a coincidence.
LEAK_RUN_WORDS = 8
# OpenAI-style secret keys: sk-..., sk-proj-..., and the like.
API_KEY_SHAPE = re.compile(r"\b(?:sk|rk|pk)-[A-Za-z0-9_-]{16,}")
# A rewrite far longer than its original is padding or a dump, not a rewrite.
MAX_GROWTH = 4
MIN_ALLOWED_LENGTH = 600
_WORD = re.compile(r"[a-z0-9]+")


def word_runs(text: str, size: int = LEAK_RUN_WORDS) -> set[tuple[str, ...]]:
    """Return every run of `size` consecutive words, lower-cased."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class LeakGuard:
    """Spots prompts, canaries and secrets in what a model wrote."""

    canaries: tuple[str, ...]
    prompt_runs: frozenset[tuple[str, ...]]
    secrets: tuple[str, ...] = ()

    @classmethod
    def for_call(
        cls, prompts: Sequence[Prompt], data: str, secrets: Iterable[str] = ()
    ) -> LeakGuard:
        """Return the guard for one call: its prompts minus what the data says."""
        runs: set[tuple[str, ...]] = set()
        for prompt in prompts:
            runs |= word_runs(prompt.text)
        return cls(
            canaries=tuple(p.canary for p in prompts if p.canary),
            prompt_runs=frozenset(runs - word_runs(data)),
            secrets=tuple(s for s in secrets if len(s) >= 8),
        )

    def problem(self, text: str, where: str) -> str | None:
        """Return why the text must not be shown, or None when it is safe."""
        lowered = text.lower()
        if any(canary.lower() in lowered for canary in self.canaries):
            return f"the answer leaks the instructions (canary marker in {where})"
        if any(secret in text for secret in self.secrets) or API_KEY_SHAPE.search(text):
            return f"the answer contains something shaped like an API key in {where}"
        if self.prompt_runs & word_runs(text):
            return f"the answer quotes the instructions verbatim in {where}"
        return None


def keys_problem(keys: Sequence[str], items: Sequence[TextItem]) -> str | None:
    """Return what is wrong with the answer's keys, or None."""
    if not keys:
        return "the model returned no texts"
    expected = [item.key for item in items]
    if unknown := [k for k in keys if k not in expected]:
        return f"unknown key {unknown[0]!r} in the answer"
    if duplicated := [k for k, n in Counter(keys).items() if n > 1]:
        return f"duplicated key {duplicated[0]!r} in the answer"
    if missing := [k for k in expected if k not in keys]:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        return f"missing required section {missing[0]!r}{more}"
    return None


def text_problem(
    key: str, text: str, original: str, inputs: set[float], guard: LeakGuard
) -> str | None:
    """Return what is wrong with one rewritten text, or None.

    A rewrite may state only the figures its own original stated and the
    user's inputs. Checking per text, not against every figure of the
    deliverable, stops a true figure from moving to where it means something
    else ("40 accounts per CSM" becoming "hire 40 more CSMs").
    """
    allowed = inputs | {n.value for n in extract_numbers(original)}
    if not text.strip():
        return f"empty text for {key!r}"
    if problem := guard.problem(text, repr(key)):
        return problem
    if len(text) > max(MIN_ALLOWED_LENGTH, MAX_GROWTH * len(original)):
        return f"the text for {key!r} is far longer than the original"
    if unlisted := unlisted_numbers(text, allowed):
        return (
            f"number {unlisted[0]!r} in {key!r} is not one of the figures that text "
            "may state"
        )
    if dropped := dropped_numbers(original, text):
        return f"figure {dropped[0]!r} of {key!r} is missing from the rewrite"
    return None


def dropped_numbers(original: str, rewrite: str) -> list[str]:
    """Return the figures of the original that the rewrite no longer states."""
    kept = [n.value for n in extract_numbers(rewrite)]
    return [n.text for n in extract_numbers(original) if not is_allowed(n.value, kept)]


def answer_problem(
    texts: Sequence[tuple[str, str]],
    items: Sequence[TextItem],
    inputs: set[float],
    guard: LeakGuard,
) -> str | None:
    """Return the first thing wrong with an answer's (key, text) pairs, or None."""
    if problem := keys_problem([key for key, _ in texts], items):
        return problem
    rewritten = dict(texts)
    for item in items:
        problem = text_problem(item.key, rewritten[item.key], item.text, inputs, guard)
        if problem is not None:
            return problem
    return None
