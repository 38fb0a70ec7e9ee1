"""Conversations survive a restart: SQLite by default, Postgres when asked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.consultant import Consultant
from agent.settings import load_settings
from tests import postgres_server

ROOT = Path(__file__).resolve().parent.parent

# One chat turn in a fresh process; it prints the reply, then waits to be
# killed, the way a server dies mid-conversation.
TURN = """
import json, sys, time
from agent.consultant import Consultant
from agent.settings import load_settings
consultant = Consultant(load_settings(data_dir=sys.argv[1]))
thread, message = sys.argv[2], sys.argv[3]
turn = consultant.send(thread, message) if message else consultant.open(thread)
print(json.dumps({"reply": turn.reply, "built": turn.bundle is not None}), flush=True)
time.sleep(600)
"""


def turn_in_a_new_process(
    data_dir: Path, thread: str, message: str
) -> dict[str, object]:
    env = {**os.environ, "OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""}
    with subprocess.Popen(
        [sys.executable, "-c", TURN, str(data_dir), thread, message],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        process.send_signal(signal.SIGKILL)
        _, errors = process.communicate(timeout=10)
    assert line, errors
    return dict(json.loads(line))


def test_conversation_resumes_after_the_process_is_killed(tmp_path: Path) -> None:
    first = turn_in_a_new_process(tmp_path, "t", "")
    assert "product" in str(first["reply"]).lower()
    second = turn_in_a_new_process(tmp_path, "t", "Cartograph Routes")
    assert "Cartograph Routes" in str(second["reply"])
    third = turn_in_a_new_process(
        tmp_path, "t", "Series A, $4.2M ARR, 95 customers, 2 CSMs"
    )
    reply = str(third["reply"]).lower()
    assert "product" not in reply.split("\n\n")[-1]
    assert "4,200,000" in str(third["reply"])
    assert (tmp_path / "checkpoints.sqlite").exists()


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    reason = postgres_server.available()
    if reason:
        pytest.skip(reason)
    with postgres_server.postgres_server() as url:
        yield url


def test_postgres_checkpoints_keep_a_conversation(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = load_settings(data_dir=tmp_path, checkpoint_url=postgres_url)
    with Consultant(settings) as consultant:
        consultant.open("pg")
        consultant.send("pg", "Cartograph Routes")
    assert not (tmp_path / "checkpoints.sqlite").exists()
    with Consultant(settings) as reopened:
        state = reopened.state("pg")
    assert state["draft"]["product_name"] == "Cartograph Routes"
