"""The web server: the HTTP API, with the web page mounted at "/"."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

import gradio as gr
import uvicorn
from fastapi import FastAPI

from agent.consultant import Consultant
from agent.errors import PlaybookError
from agent.settings import Settings
from ui.api import create_api, loopback_warning
from ui.app import CSS, build_app, theme

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
SHUTDOWN_GRACE_S = 5
_ANY_ADDRESS = {"", "0.0.0.0", "::"}


def create_server(settings: Settings, consultant: Consultant | None = None) -> FastAPI:
    """Return the HTTP API with the web page at "/".

    The API's routes are registered first, so they win over the page's
    catch-all mount. The caller owns the consultant and closes it when the
    server stops; without one, the server makes one that lives as long as
    the process.
    """
    consultant = consultant or Consultant(settings)
    api = create_api(consultant)
    page = build_app(consultant)
    server: FastAPI = gr.mount_gradio_app(
        api,
        page,
        path="/",
        theme=theme(),
        css=CSS,
        ssr_mode=False,
        # Handlers turn every error a person can fix into words on the page;
        # anything else is logged, not shown.
        show_error=False,
        footer_links=["settings"],
    )
    return server


def serve(
    host: str,
    port: int,
    settings: Settings,
    *,
    announce: Callable[[str], None] = logger.info,
) -> None:
    """Run the server until stopped; `announce` tells the person where it is."""
    ensure_port_free(host, port)
    warning = loopback_warning(host, settings)
    if warning:
        logger.warning("%s", warning)
    with Consultant(settings) as consultant:
        app = create_server(settings, consultant)
        announce(f"Open {browser_url(host, port)} in your browser. Ctrl+C stops it.")
        logger.info("serving on %s:%d, model %s", host, port, settings.describe())
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            # An open page keeps an event stream alive; Ctrl+C should not
            # wait for the person to close the tab.
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )


def browser_url(host: str, port: int) -> str:
    """Return the address to open: a wildcard host is reached via this machine."""
    shown = DEFAULT_HOST if host in _ANY_ADDRESS else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def ensure_port_free(host: str, port: int) -> None:
    """Raise a PlaybookError naming the fix when host:port cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # uvicorn listens with SO_REUSEADDR; probe the same way so a port
        # left in TIME_WAIT by a stopped server still counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PlaybookError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}). Stop "
                "whatever uses that port, or pass --port with another number."
            ) from None
