"""Model behaviours to replay: how a fake model answers one tailoring request.

A `Behaviour` turns one request (a `Call`) into an HTTP response, or raises
the transport error a real server would cause. Rewrites change the texts
sent; answer edits change the answer's list of texts; the rest answer with a
fixed body or a status code. `ModelServer` is the respx side effect that
routes each request to its node's behaviour and counts the calls.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import httpx

from prompts import load_prompt
from tests.model_fakes import (
    FAST_RETRY,
    chat_completion,
    request_data,
    texts_completion,
    tool_call_completion,
)

Texts = list[dict[str, str]]
Rewrite = Callable[[str, str], str]


@dataclass(frozen=True)
class Call:
    """One tailoring request as the fake model sees it."""

    request: httpx.Request
    node: str
    texts: Texts
    attempt: int
    method: str


Behaviour = Callable[[Call], httpx.Response]


class ModelServer:
    """A respx side effect: each node's requests go to that node's behaviour."""

    def __init__(
        self, default: Behaviour, nodes: Mapping[str, Behaviour], method: str
    ) -> None:
        self._default = default
        self._nodes = dict(nodes)
        self._method = method
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        data = request_data(request)
        node = str(data["deliverable"])
        with self._lock:  # the graph's nodes call from parallel threads
            self.calls[node] += 1
            attempt = self.calls[node]
        call = Call(request, node, list(data["texts"]), attempt, self._method)
        return self._nodes.get(node, self._default)(call)


def rewritten(texts: Texts, change: Rewrite) -> Texts:
    """Return the texts with each one changed, under the same keys."""
    return [{"key": t["key"], "text": change(t["key"], t["text"])} for t in texts]


def answer(texts: Texts, method: str) -> httpx.Response:
    """Return a 200 answer with these texts in the structured-output shape."""
    return httpx.Response(200, json=texts_completion(texts, method=method))


# Rewrites of one text: (key, text) -> text


_SYNONYMS = {
    "customer": "client",
    "Review": "Go over",
    "Hold": "Run",
    "every": "each",
    "needs": "calls for",
}
_SYNONYM = re.compile(r"\b(" + "|".join(_SYNONYMS) + r")\b")


def rephrase(key: str, text: str) -> str:
    """Reword the text and keep every figure: what a faithful model does."""
    return _SYNONYM.sub(lambda m: _SYNONYMS[m.group(1)], text)


def reorder(key: str, text: str) -> str:
    """Put the text's clauses in reverse order, figures and all."""
    clauses = [c.strip() for c in re.split(r"(?<=[.;])\s+", text) if c.strip()]
    clauses = [c.rstrip(".;") for c in reversed(clauses)]
    return rephrase(key, "; ".join(c[:1].upper() + c[1:] for c in clauses) + ".")


def _compact_money(match: re.Match[str]) -> str:
    amount = Decimal(match.group(1).replace(",", ""))
    scale, letter = (Decimal(10**6), "M") if amount >= 10**6 else (Decimal(1000), "k")
    return f"${(amount / scale).normalize():f}{letter}"


_SPELLED = {"two": "2", "three": "3", "Thirty": "30", "fifteen": "15"}


def reformat(key: str, text: str) -> str:
    """Restyle the figures without changing a value: "$4,800,000" -> "$4.8M"."""
    text = re.sub(r"\$(\d{1,3}(?:,\d{3})+)(?![\d,])", _compact_money, text)
    text = re.sub(r"(\d) %", r"\1%", text)
    text = re.sub(r"\b(" + "|".join(_SPELLED) + r")\b", _digits, text)
    return rephrase(key, text)


def _digits(match: re.Match[str]) -> str:
    return _SPELLED[match.group(1)]


def at_key(target: str, change: Callable[[str], str]) -> Rewrite:
    """Rephrase every text faithfully, and change the one under `target`."""

    def rewrite(key: str, text: str) -> str:
        return rephrase(key, change(text) if key == target else text)

    return rewrite


def replacing(old: str, new: str) -> Callable[[str], str]:
    """Return a change that swaps `old` for `new` once."""
    return lambda text: text.replace(old, new, 1)


def appending(sentence: str) -> Callable[[str], str]:
    """Return a change that adds a sentence at the end."""
    return lambda text: f"{text} {sentence}"


def system_prompt_echo(words: int = 24) -> str:
    """Return the opening words of the system prompt, as a leaky model quotes it."""
    return " ".join(load_prompt("system").text.split()[:words])


def canary_echo() -> str:
    """Return the system prompt's leak marker in a sentence."""
    return f"(Internal marker: {load_prompt('system').canary}.)"


# Behaviours: Call -> response


def rewrite(change: Rewrite) -> Behaviour:
    """Answer every text sent with change(key, text)."""

    def behave(call: Call) -> httpx.Response:
        return answer(rewritten(call.texts, change), call.method)

    return behave


FAITHFUL = rewrite(rephrase)


def edit_answer(edit: Callable[[Texts], Texts]) -> Behaviour:
    """Rephrase every text faithfully, then edit the answer's list of texts."""

    def behave(call: Call) -> httpx.Response:
        return answer(edit(rewritten(call.texts, rephrase)), call.method)

    return behave


def reply(body: Mapping[str, object]) -> Behaviour:
    """Answer every call with this completion body."""
    return lambda call: httpx.Response(200, json=body)


def malformed(call: Call) -> httpx.Response:
    """Answer with JSON cut off mid-object, in the method's shape."""
    broken = '{"texts": [{"key": "summary", "text": "Six sta'
    if call.method == "function_calling":
        return httpx.Response(200, json=tool_call_completion("TailoredTexts", broken))
    return httpx.Response(200, json=chat_completion(broken))


def wrong_tool(call: Call) -> httpx.Response:
    """Call a function the request never offered, with well-formed arguments."""
    texts = [{"key": t["key"], "text": t["text"]} for t in call.texts]
    body = tool_call_completion("RewriteTexts", json.dumps({"texts": texts}))
    return httpx.Response(200, json=body)


def timing_out(call: Call) -> httpx.Response:
    """Never answer in time: the read times out."""
    raise httpx.ReadTimeout("the model is still thinking", request=call.request)


def status(code: int) -> Behaviour:
    """Answer with an error status; the SDK may retry it at once."""
    error = {"error": {"message": f"HTTP {code} from the fake model"}}
    return lambda call: httpx.Response(code, headers=FAST_RETRY, json=error)


def failing_first(times: int, failure: Behaviour, then: Behaviour) -> Behaviour:
    """Fail each node's first `times` calls, then behave as `then`."""
    return lambda call: failure(call) if call.attempt <= times else then(call)
