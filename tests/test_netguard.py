"""The network guard: an unmocked model call fails loudly and goes nowhere."""

from __future__ import annotations

import socket

import httpx
import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from agent.context import build_context
from agent.deliverables import build_capacity
from agent.profile import parse_profile
from agent.tailoring import Tailor
from tests.fakes import profile_data
from tests.model_fakes import TEST_KEY, model_settings
from tests.netguard import NetworkBlocked, is_loopback

BLOCKED = "a test tried to reach the network: api.openai.com:443"


def openai_chat(**clients: object) -> ChatOpenAI:
    return ChatOpenAI(
        model="gpt-4o-mini", api_key=SecretStr(TEST_KEY), max_retries=0, **clients
    )


def test_an_unmocked_call_with_the_sdks_own_client_is_blocked() -> None:
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        openai_chat().invoke("hello")


def test_an_unmocked_call_with_an_httpx_client_is_blocked() -> None:
    chat = openai_chat(
        http_client=httpx.Client(), http_async_client=httpx.AsyncClient()
    )
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        chat.invoke("hello")


def test_the_tailor_cannot_swallow_a_blocked_call() -> None:
    context = build_context(parse_profile(profile_data()))
    tailor = Tailor(model_settings(openai_base_url=None))
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        tailor.tailor("capacity", build_capacity(context), context)


def test_a_raw_socket_is_blocked() -> None:
    with (
        socket.socket() as sock,
        pytest.raises(NetworkBlocked, match=r"192\.0\.2\.1:80"),
    ):
        sock.connect(("192.0.2.1", 80))


def test_loopback_connections_still_work() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("api.localhost", True),
        (None, True),
        ("api.openai.com", False),
        ("10.0.0.1", False),
        ("model.test", False),
    ],
)
def test_is_loopback(host: str | None, local: bool) -> None:
    assert is_loopback(host) is local
