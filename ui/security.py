"""Who may call the HTTP API: the optional API key, and the open-bind warning.

With ``http_api_key`` set (``CS_PLAYBOOK_HTTP_API_KEY``), every /v1 request
must send it in the ``X-API-Key`` header; /healthz and the docs stay open.
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from agent.settings import Settings
from ui.problems import ProblemError

API_KEY_HEADER = "X-API-Key"

api_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="The key set in CS_PLAYBOOK_HTTP_API_KEY on the server.",
)


async def require_api_key(
    request: Request, sent: Annotated[str | None, Security(api_key_header)]
) -> None:
    """Refuse a request whose X-API-Key is missing or wrong with a 401."""
    expected = request.app.state.consultant.settings.http_api_key
    if expected is None:
        return
    # Compared as bytes: compare_digest refuses non-ASCII str, and a client
    # may send any header value.
    wanted = expected.get_secret_value().encode()
    given = (sent or "").encode()
    if sent is None or not secrets.compare_digest(given, wanted):
        raise ProblemError(
            401,
            f"Send the API key in the {API_KEY_HEADER} header."
            if sent is None
            else f"The {API_KEY_HEADER} header does not hold a valid API key.",
            headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'},
        )


def is_loopback(host: str) -> bool:
    """True when host only listens on this machine (localhost, 127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def loopback_warning(host: str, settings: Settings) -> str | None:
    """Return a warning to log when the API listens beyond this machine unguarded.

    None when the host is loopback or an API key is set.
    """
    if is_loopback(host) or settings.http_api_key is not None:
        return None
    shown = host or "every interface"
    return (
        f"The HTTP API is listening on {shown}, beyond this machine, without an "
        "API key: anyone who can reach it can build playbooks and score "
        "accounts. Set CS_PLAYBOOK_HTTP_API_KEY, or bind to 127.0.0.1."
    )
