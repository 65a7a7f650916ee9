"""The sign-in throttle: failed sign-ins counted per client in the store, so that neither a reload, a
new tab nor a new session starts the count again. Five failures are free; then each attempt waits
10 s, doubling with every further failure, up to 15 minutes. A success, or a day without failures,
starts the count again. Only a hash of the client's key (its address) is stored."""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import duckdb

from etl import clock, paths, store

FREE_ATTEMPTS = 5  # failures allowed before the first wait
FIRST_WAIT_S = 10.0  # the wait after the fifth failure; it doubles with each further failure
MAX_WAIT_S = 15 * 60.0
FORGET_AFTER = timedelta(days=1)
RETRY_S = 5.0  # how long a write conflicting with a concurrent sign-in's is tried again

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class State:
    """A client's failures so far and the seconds it must still wait (0 when it may try)."""

    failures: int
    wait_s: float


def wait_after(failures: int) -> float:
    """The wait imposed after this many consecutive failures (0 while under the free attempts)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_S)


def client_hash(client: str) -> str:
    """The key the store keeps for a client: a hash, not its address."""
    return hashlib.sha256(f"signin:{client}".encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now if now is not None else clock.now()


def state(con: duckdb.DuckDBPyConnection, client: str, *, now: datetime | None = None) -> State:
    """How many failures this client has and how long it must still wait."""
    now = _now(now)
    row = con.execute(
        "select failures, wait_until, last_failure_at from signin_failures where client_hash = ?",
        [client_hash(client)],
    ).fetchone()
    if row is None or row[2] < now - FORGET_AFTER:
        return State(0, 0.0)
    return State(int(row[0]), max(0.0, (row[1] - now).total_seconds()))


def _conflict(exc: Exception) -> bool:
    # two sign-ins of one client at once write the same row: DuckDB lets one transaction win and
    # refuses the other ("Conflict on tuple deletion"); two first failures at once both insert the
    # row, and the later commit finds the key taken
    text = str(exc).lower()
    return isinstance(exc, duckdb.TransactionException | duckdb.ConstraintException) or "conflict" in text


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    """`work` in one transaction, tried again with jittered back-off while it conflicts with a
    concurrent sign-in's, so that every failure is counted and no page fails on a conflict."""
    deadline = time.monotonic() + RETRY_S
    delay = 0.005
    while True:
        try:
            with store.transaction(con):  # rolled back on failure (a failed commit has ended it already)
                return work()
        except duckdb.Error as exc:
            if not _conflict(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.2)


def failed(con: duckdb.DuckDBPyConnection, client: str, *, now: datetime | None = None) -> State:
    """Count a failure of this client; from the fifth on it waits, twice as long each time."""
    now = _now(now)
    key = client_hash(client)
    params = {"client_hash": key, "now": now, "forget_before": now - FORGET_AFTER}

    def count() -> State:
        failures = int(store.scalar(con, paths.sql("signin_failure.sql"), params))
        wait = wait_after(failures)
        con.execute(
            "update signin_failures set wait_until = ? where client_hash = ?", [now + timedelta(seconds=wait), key]
        )
        return State(failures, wait)

    return _in_transaction(con, count)


def succeeded(con: duckdb.DuckDBPyConnection, client: str) -> None:
    """Forget this client's earlier failures."""
    key = client_hash(client)
    _in_transaction(con, lambda: con.execute("delete from signin_failures where client_hash = ?", [key]))
