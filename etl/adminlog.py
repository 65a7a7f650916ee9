"""The admin log: every administrative action (tokens issued, re-issued and revoked, contacts
imported, reminders and test messages sent, settings changed, digests sent), who did it and when.
Appended to, never changed; shown on the admin page."""

from __future__ import annotations

import duckdb
import pandas as pd

from etl import clock, store

ACTIONS = (
    "token_issued",
    "token_reissued",
    "token_revoked",
    "contacts_imported",
    "reminders_sent",
    "test_sent",
    "settings_changed",
    "digest_sent",
)
CLI = "cli"  # the actor of the command line (whoever runs it is trusted as admin)


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str | None = None, detail: str = "") -> int:
    """Append one action to the log; returns its id."""
    if action not in ACTIONS:
        raise ValueError(f"unknown admin action {action!r}")
    entry = int(store.scalar(con, "select nextval('admin_log_id_seq')"))
    con.execute(
        "insert into admin_log values (?, ?, ?, ?, ?, ?)",
        [entry, clock.now(), actor or CLI, action, target, (detail or "")[:2000]],
    )
    return entry


def entries(con: duckdb.DuckDBPyConnection, limit: int = 1000) -> pd.DataFrame:
    """The newest `limit` entries, newest first."""
    return con.execute("select * from admin_log order by id desc limit ?", [limit]).df()
