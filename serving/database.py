"""SQLite under load: a write that finds the database locked is tried again.

With WAL, an IMMEDIATE transaction and a busy timeout (settings), a writer waits
for another writer; after `timeout` seconds SQLite still gives up with "database
is locked". Two kinds of statement can safely be sent again then, because nothing
of theirs was done: the BEGIN that opens a transaction (it takes the lock first),
and a statement outside any transaction (autocommit: it is its own transaction).
A statement inside a transaction that already holds the lock never meets it.
PostgreSQL has row locks and waits by itself: nothing to do there.
"""

from __future__ import annotations

import logging
import time

from django.db import OperationalError
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

ATTEMPTS = 3
PAUSE_SECONDS = 0.1


def is_locked(error: OperationalError) -> bool:
    return "locked" in str(error)


def retry_when_locked(execute, sql, params, many, context):
    """A database execute wrapper (Django's `execute_wrappers`)."""
    connection = context["connection"]
    retryable = sql.lstrip().upper().startswith("BEGIN") or (
        not connection.in_atomic_block
    )
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if not (retryable and is_locked(error)) or attempt == ATTEMPTS:
                raise
            logger.warning(
                "SQLite was locked (attempt %s of %s), trying again: %s",
                attempt,
                ATTEMPTS,
                sql[:60],
            )
            time.sleep(PAUSE_SECONDS * attempt)
    return None  # not reached: the last attempt returns or raises


def install_retry(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite" and retry_when_locked not in (
        connection.execute_wrappers
    ):
        connection.execute_wrappers.append(retry_when_locked)


def connect() -> None:
    connection_created.connect(install_retry, dispatch_uid="serving.database.retry")
