"""A pytest plugin that stops tests from reaching the network.

Loaded with ``-p tests.netguard`` (see pyproject.toml) so it is in place
before any test module or fixture opens a connection. Name lookups and
connections to anything but the loopback interface raise `NetworkBlocked`,
a BaseException so that code catching Exception (a model client's retry
loop, the tailor's fallback) cannot swallow it and pass quietly.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

_LOCAL_NAMES = {"localhost", "localhost.", "", None}


class NetworkBlocked(BaseException):
    """A test tried to reach the network."""

    def __init__(self, host: object, port: object) -> None:
        super().__init__(f"a test tried to reach the network: {host}:{port}")


def is_loopback(host: object) -> bool:
    """True for the local machine: localhost, 127.0.0.0/8 and ::1."""
    if host in _LOCAL_NAMES:
        return True
    text = str(host)
    if text.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


# Taken at import, before anything is patched.
_real_getaddrinfo = socket.getaddrinfo
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_patches = pytest.MonkeyPatch()


def _guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if isinstance(host, bytes):
        host = host.decode()
    if not is_loopback(host):
        raise NetworkBlocked(host, port)
    return _real_getaddrinfo(host, port, *args, **kwargs)


def _check_address(sock: socket.socket, address: Any) -> None:
    # Unix sockets carry a path, not (host, port): they never leave the machine.
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host, port = address[0], address[1]
        if not is_loopback(host):
            raise NetworkBlocked(host, port)


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    _check_address(sock, address)
    _real_connect(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    _check_address(sock, address)
    return _real_connect_ex(sock, address)


def pytest_configure(config: pytest.Config) -> None:
    """Put the guard in place for the whole session."""
    _patches.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    _patches.setattr(socket.socket, "connect", _guarded_connect)
    _patches.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the socket module its functions back."""
    _patches.undo()
