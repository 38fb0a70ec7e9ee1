"""Where conversations are checkpointed: SQLite by default, Postgres on request."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from agent.errors import PlaybookError
from agent.settings import Settings

logger = logging.getLogger(__name__)

SQLITE_FILE = "checkpoints.sqlite"


@contextmanager
def open_checkpointer(settings: Settings) -> Iterator[BaseCheckpointSaver[Any]]:
    """Open the checkpoint store the settings name, and close it afterwards."""
    if settings.checkpoint_url:
        with _postgres(settings.checkpoint_url) as saver:
            yield saver
        return
    path = settings.data_dir / SQLITE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    logger.info("checkpoints in %s", path)
    # The graph runs parallel nodes in threads; SqliteSaver serialises its
    # own access with a lock, so one connection may cross threads.
    connection = sqlite3.connect(path, check_same_thread=False)
    try:
        yield SqliteSaver(connection)
    finally:
        connection.close()


@contextmanager
def _postgres(url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
    except ImportError:
        raise PlaybookError(
            "checkpoint_url names a Postgres database, but the Postgres checkpointer "
            "is not installed. Run: pip install 'cs-playbook[postgres]'"
        ) from None
    logger.info("checkpoints in Postgres")
    with PostgresSaver.from_conn_string(url) as saver:
        saver.setup()
        yield saver
