"""The model client: one structured-output call, limited, timed and counted.

Calls are synchronous: the graph runs its parallel nodes in threads. A
process-wide semaphore per concurrency limit keeps at most
``settings.concurrency`` calls in flight however many threads ask.

Retries are the OpenAI SDK's: timeouts, connection errors, 408, 409, 429 and
5xx are retried up to ``max_retries`` times with exponential backoff (0.5 s
doubling up to 8 s, less up to 25 % jitter) or the server's ``Retry-After``
when it asks for 2 minutes or less; a longer ``Retry-After`` is not retried.
A call can therefore take up to about ``(max_retries + 1) x timeout_s`` plus
the waits; keep ``max_retries`` small where a node must answer quickly.

Token counts come from the answer's usage. With ``json_schema`` the SDK
rejects an answer that is not valid JSON before its usage can be read, so
such a failure reports no tokens.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx
import openai
from langchain_core.exceptions import ModelRefusalError, OutputParserException
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, SecretStr, ValidationError

from agent.settings import Settings, mask_url

logger = logging.getLogger(__name__)

SchemaT = TypeVar("SchemaT", bound=BaseModel)

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def concurrency_slots(limit: int) -> threading.BoundedSemaphore:
    """Return the process-wide semaphore shared by every client with this limit."""
    with _slots_lock:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))


class ModelCallError(Exception):
    """A call that gave nothing usable; the message is a short reason."""

    def __init__(
        self,
        reason: str,
        *,
        tokens_in: int = 0,
        tokens_out: int = 0,
        latency_s: float = 0.0,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
        self.latency_s = latency_s


@dataclass(frozen=True)
class ModelReply(Generic[SchemaT]):
    """A parsed answer with what it cost."""

    parsed: SchemaT
    tokens_in: int
    tokens_out: int
    latency_s: float


def build_chat_model(
    settings: Settings, http_client: httpx.Client, http_async_client: httpx.AsyncClient
) -> ChatOpenAI:
    """Return the chat model the settings describe, on the given HTTP clients."""
    # Local servers such as llama.cpp ignore max_completion_tokens, which is
    # what ChatOpenAI sends for max_tokens; they read the older max_tokens.
    extra_body = (
        {"max_tokens": settings.max_tokens} if settings.openai_base_url else None
    )
    return ChatOpenAI(
        model=settings.model,
        api_key=SecretStr(settings.api_key),
        base_url=settings.base_url,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        max_tokens=settings.max_tokens,
        extra_body=extra_body,
        http_client=http_client,
        http_async_client=http_async_client,
    )


class ModelClient:
    """Calls one model with a schema and returns the parsed answer and its cost."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Explicit httpx clients: they carry the timeout, and tests can
        # intercept them (the SDK's own clients use a different transport).
        self._http = httpx.Client(timeout=settings.timeout_s)
        self._async_http = httpx.AsyncClient(timeout=settings.timeout_s)
        self._chat = build_chat_model(settings, self._http, self._async_http)
        self._slots = concurrency_slots(settings.concurrency)
        self._runnables: dict[type[BaseModel], Runnable[Any, Any]] = {}

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._http.close()

    def call(
        self, node: str, schema: type[SchemaT], messages: list[BaseMessage]
    ) -> ModelReply[SchemaT]:
        """Return the model's answer parsed into the schema.

        Raises `ModelCallError` with a short reason on any failure.
        """
        runnable = self._structured(schema)
        with self._slots:
            started = time.perf_counter()
            try:
                result = runnable.invoke(messages)
            except Exception as exc:
                latency = time.perf_counter() - started
                reason = describe_failure(exc, self.settings)
                self._log(node, latency, 0, 0, reason)
                raise ModelCallError(reason, latency_s=latency) from exc
        latency = time.perf_counter() - started
        return self._reply(node, schema, result, latency)

    def _structured(self, schema: type[BaseModel]) -> Runnable[Any, Any]:
        runnable = self._runnables.get(schema)
        if runnable is None:
            runnable = self._chat.with_structured_output(
                schema, method=self.settings.structured_output, include_raw=True
            )
            self._runnables[schema] = runnable
        return runnable

    def _reply(
        self, node: str, schema: type[SchemaT], result: Any, latency: float
    ) -> ModelReply[SchemaT]:
        raw = result.get("raw")
        tokens_in, tokens_out = token_counts(raw)
        problem = _answer_problem(result, raw, schema, self.settings)
        self._log(node, latency, tokens_in, tokens_out, problem or "ok")
        if problem is not None:
            raise ModelCallError(
                problem, tokens_in=tokens_in, tokens_out=tokens_out, latency_s=latency
            )
        parsed = cast(SchemaT, result["parsed"])
        return ModelReply(parsed, tokens_in, tokens_out, latency)

    def _log(
        self, node: str, latency: float, tokens_in: int, tokens_out: int, outcome: str
    ) -> None:
        logger.info(
            "model call node=%s model=%s latency=%.2fs tokens_in=%d tokens_out=%d "
            "outcome=%s",
            node,
            self.settings.model,
            latency,
            tokens_in,
            tokens_out,
            outcome,
        )


def token_counts(raw: object) -> tuple[int, int]:
    """Return (input, output) tokens a raw answer reports, or zeros."""
    usage = getattr(raw, "usage_metadata", None) or {}
    return int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))


def _answer_problem(
    result: dict[str, Any], raw: object, schema: type[BaseModel], settings: Settings
) -> str | None:
    if isinstance(raw, AIMessage):
        if _is_empty(raw):
            return "the model returned an empty answer"
        if raw.invalid_tool_calls:
            return "the answer is not valid JSON"
        if raw.response_metadata.get("finish_reason") == "length":
            return f"the answer was cut off at max_tokens ({settings.max_tokens})"
        calls_tools = settings.structured_output == "function_calling"
        if calls_tools and (problem := _tool_call_problem(raw, schema)):
            return problem
    if (error := result.get("parsing_error")) is not None:
        return describe_failure(error, settings)
    if not isinstance(result.get("parsed"), schema):
        return "the model returned an empty answer"
    return None


def _tool_call_problem(raw: AIMessage, schema: type[BaseModel]) -> str | None:
    """Name what is wrong with a function-calling answer's shape, if anything.

    The tool's name the model chose is not quoted: it is the model's text.
    """
    if not (raw.tool_calls or raw.invalid_tool_calls):
        return f"the model answered in prose instead of calling {schema.__name__}"
    names = {call["name"] for call in raw.tool_calls}
    if names and schema.__name__ not in names:
        return f"the model called another tool instead of {schema.__name__}"
    return None


def _is_empty(raw: AIMessage) -> bool:
    calls = raw.tool_calls or raw.invalid_tool_calls
    refusal = raw.additional_kwargs.get("refusal")
    return not calls and not refusal and not str(raw.content).strip()


def describe_failure(exc: BaseException, settings: Settings) -> str:
    """Return a short reason for a failed call, naming what went wrong.

    Reasons never quote the server or the model: either can echo the prompt.
    """
    if isinstance(exc, openai.APIError):
        return _transport_failure(exc, settings)
    if isinstance(exc, openai.LengthFinishReasonError):
        return f"the answer was cut off at max_tokens ({settings.max_tokens})"
    if isinstance(exc, ModelRefusalError | openai.ContentFilterFinishReasonError):
        return "the model refused to answer"
    if isinstance(exc, ValidationError):
        return _schema_failure(exc)
    if isinstance(exc, OutputParserException | ValueError):
        return "the answer is not valid JSON for the expected schema"
    return f"unexpected {type(exc).__name__} from the model client"


def _transport_failure(exc: openai.APIError, settings: Settings) -> str:
    retries = _retries(settings.max_retries)
    if isinstance(exc, openai.APITimeoutError):
        return f"the model did not answer within {settings.timeout_s:g} s ({retries})"
    if isinstance(exc, openai.APIConnectionError):
        return (
            f"could not connect to the model server at "
            f"{mask_url(settings.base_url)} ({retries})"
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_failure(exc.status_code, settings, retries)
    return f"the model API failed ({type(exc).__name__})"


def _retries(count: int) -> str:
    if count == 0:
        return "no retries"
    return f"after {count} {'retry' if count == 1 else 'retries'}"


def _status_failure(status: int, settings: Settings, retries: str) -> str:
    if status == 429:
        return f"rate limited by the model server (HTTP 429, {retries})"
    if status >= 500:
        return f"the model server failed (HTTP {status}, {retries})"
    if status in (401, 403):
        return f"the model server refused the API key (HTTP {status})"
    if status == 404:
        return f"model {settings.model!r} or its endpoint was not found (HTTP 404)"
    return (
        f"the model server rejected the request (HTTP {status}); if it does not "
        f"support structured output by {settings.structured_output}, set "
        "CS_PLAYBOOK_STRUCTURED_OUTPUT to function_calling or json_mode"
    )


def _schema_failure(exc: ValidationError) -> str:
    errors = exc.errors()
    if any(e["type"] == "json_invalid" for e in errors):
        return "the answer is not valid JSON"
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "the answer"
    return f"the answer does not match the schema ({where}: {first['msg']})"
