"""Shared model fakes: canned OpenAI chat-completion answers and test settings.

Tests mock the model at the HTTP level with respx, at `COMPLETIONS_URL`;
`model_settings` points a Tailor there with every setting given explicitly,
so nothing in the developer's environment leaks into a test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from agent.settings import Settings

MODEL_URL = "http://model.test/v1"
COMPLETIONS_URL = f"{MODEL_URL}/chat/completions"
TEST_KEY = "sk-test-0123456789abcdefghij"
# The SDK honours retry-after-ms, so retried answers wait 1 ms, not 0.5 s.
FAST_RETRY = {"retry-after-ms": "1"}

_DATA_BLOCK = re.compile(r"^BEGIN DATA (\w+)\n(.*)\nEND DATA \1$", re.M | re.S)


def model_settings(**overrides: Any) -> Settings:
    """Return settings for a model at MODEL_URL; keywords override them."""
    values: dict[str, Any] = {
        "openai_api_key": TEST_KEY,
        "openai_base_url": MODEL_URL,
        "model": "gpt-4o-mini",
        "temperature": 0.2,
        "timeout_s": 5.0,
        "max_retries": 0,
        "concurrency": 4,
        "structured_output": "json_schema",
        "max_tokens": 1500,
        "data_dir": Path("data"),
        "checkpoint_url": None,
    }
    values.update(overrides)
    return Settings(**values)


def offline_settings() -> Settings:
    """Return settings with no model configured."""
    return model_settings(openai_api_key=None, openai_base_url=None)


def chat_completion(
    content: str | None,
    *,
    tokens: tuple[int, int] = (120, 80),
    refusal: str | None = None,
    finish_reason: str = "stop",
    tool_calls: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return an OpenAI chat-completion body with one assistant message."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    prompt_tokens, completion_tokens = tokens
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def tool_call_completion(
    name: str, arguments: dict[str, Any] | str, *, tokens: tuple[int, int] = (120, 80)
) -> dict[str, Any]:
    """Return a completion calling the function `name` with JSON arguments."""
    call = {
        "id": "call_test",
        "type": "function",
        "function": {
            "name": name,
            "arguments": arguments
            if isinstance(arguments, str)
            else json.dumps(arguments),
        },
    }
    return chat_completion(
        None, tokens=tokens, tool_calls=[call], finish_reason="tool_calls"
    )


def texts_completion(
    texts: list[dict[str, str]], *, method: str = "json_schema"
) -> dict[str, Any]:
    """Return a completion answering with these texts in the method's shape."""
    answer = {"texts": texts}
    if method == "function_calling":
        return tool_call_completion("TailoredTexts", answer)
    return chat_completion(json.dumps(answer))


def request_body(request: httpx.Request) -> dict[str, Any]:
    """Return the JSON body a request sent."""
    body: dict[str, Any] = json.loads(request.content)
    return body


def request_data(request: httpx.Request) -> dict[str, Any]:
    """Return the data block the tailor put in the user message."""
    user = request_body(request)["messages"][-1]["content"]
    match = _DATA_BLOCK.search(user)
    assert match is not None, "no data block in the user message"
    data: dict[str, Any] = json.loads(match.group(2))
    return data


Rewrite = Callable[[str, str], str]


def rewriting_model(
    rewrite: Rewrite, *, method: str = "json_schema"
) -> Callable[[httpx.Request], httpx.Response]:
    """Return a respx side effect answering every text sent with rewrite(key, text)."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent = request_data(request)["texts"]
        texts = [{"key": t["key"], "text": rewrite(t["key"], t["text"])} for t in sent]
        return httpx.Response(200, json=texts_completion(texts, method=method))

    return answer


def tailored(key: str, text: str) -> str:
    """A well-behaved rewrite: new words, every figure kept."""
    return f"For Cartograph Routes: {text}"


Extract = Callable[[str], dict[str, Any]]


def schema_name(request: httpx.Request) -> str:
    """Return the name of the structured-output schema a request asks for."""
    body = request_body(request)
    return str(body["response_format"]["json_schema"]["name"])


def consultant_model(
    extract: Extract,
    rewrites: dict[str, Rewrite] | None = None,
    default: Rewrite = tailored,
) -> Callable[[httpx.Request], httpx.Response]:
    """Return a side effect playing both of the consultant's model roles.

    Extraction requests get extract(answer) as the fields stated; tailoring
    requests for node N get its texts rewritten by rewrites[N] or `default`.
    """

    def answer(request: httpx.Request) -> httpx.Response:
        data = request_data(request)
        if schema_name(request) == "ProfileExtraction":
            return httpx.Response(
                200, json=chat_completion(json.dumps(extract(data["answer"])))
            )
        rewrite = (rewrites or {}).get(data["deliverable"], default)
        texts = [
            {"key": t["key"], "text": rewrite(t["key"], t["text"])}
            for t in data["texts"]
        ]
        return httpx.Response(200, json=texts_completion(texts))

    return answer
