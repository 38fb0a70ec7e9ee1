"""A throwaway PostgreSQL server on loopback, for the checkpoint tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


def available() -> str | None:
    """Return why a server cannot be started here, or None when it can."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL server binaries not found in {BIN}"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to drop to the postgres user"
    return None


def _as_postgres(*command: str) -> list[str]:
    # initdb and postgres refuse to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server in a temporary folder; yield its URL; stop and remove it."""
    folder = Path(tempfile.mkdtemp(prefix="cs-playbook-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True}
    subprocess.run(
        _as_postgres(
            str(BIN / "initdb"), "-D", str(data), "-U", "playbook", "-A", "trust"
        ),
        **run,  # type: ignore[call-overload]
    )
    options = f"-p {port} -k {folder} -h 127.0.0.1"
    log = str(folder / "server.log")
    # The server inherits pg_ctl's output streams: send them to a log file,
    # or reading pg_ctl's output would wait for the server to exit.
    start = [
        str(BIN / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        log,
        "-w",
        "start",
    ]
    subprocess.run(
        _as_postgres(*start),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql://playbook@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres(
                str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
