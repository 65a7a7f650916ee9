"""The sign-in throttle: failed sign-ins counted per client in the store, so that neither a reload, a
new tab nor a new session starts the count again. Five failures are free; then each attempt waits
10 s, doubling with every further failure, up to 15 minutes. A success, or a day without failures,
starts the count again. Only a hash of the client's key (its address) is stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from etl import clock, paths, store

FREE_ATTEMPTS = 5  # failures allowed before the first wait
FIRST_WAIT_S = 10.0  # the wait after the fifth failure; it doubles with each further failure
MAX_WAIT_S = 15 * 60.0
FORGET_AFTER = timedelta(days=1)


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


def failed(con: duckdb.DuckDBPyConnection, client: str, *, now: datetime | None = None) -> State:
    """Count a failure of this client; from the fifth on it waits, twice as long each time."""
    now = _now(now)
    key = client_hash(client)
    params = {"client_hash": key, "now": now, "forget_before": now - FORGET_AFTER}
    failures = int(store.scalar(con, paths.sql("signin_failure.sql"), params))
    wait = wait_after(failures)
    con.execute("update signin_failures set wait_until = ? where client_hash = ?", [now + timedelta(seconds=wait), key])
    return State(failures, wait)


def succeeded(con: duckdb.DuckDBPyConnection, client: str) -> None:
    """Forget this client's earlier failures."""
    con.execute("delete from signin_failures where client_hash = ?", [client_hash(client)])
