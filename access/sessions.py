"""Lasting sign-in: server-side sessions behind a random id the browser keeps in an HttpOnly cookie.

A sign-in (a verified token) opens a session row and a one-time hand-over code (a minute, one use).
The browser trades the code at the server's `/api/session` route for a fresh random session id,
which it receives only as an HttpOnly cookie. The store keeps sha256 hashes of both, never the values.
A session lasts `lifetime()` (default 8 hours) unless signed out, or its token is revoked: every
lookup joins the token, so a revocation ends every session of that token at once.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from access.tokens import Principal
from etl import clock, paths, store

COOKIE_NAME = "hyj_session"
DEFAULT_LIFETIME_H = 8.0
GRANT_TTL = timedelta(seconds=60)
LIFETIME_ENV = "HYOJUNKA_SESSION_HOURS"


@dataclass(frozen=True)
class Session:
    """A live session: its row id (never its secret) and whom it speaks for."""

    session_id: int
    principal: Principal
    expires_at: datetime


def lifetime() -> timedelta:
    """How long a sign-in lasts: $HYOJUNKA_SESSION_HOURS (a positive number of hours), else 8 hours."""
    raw = os.environ.get(LIFETIME_ENV, "").strip()
    try:
        hours = float(raw) if raw else DEFAULT_LIFETIME_H
    except ValueError:
        hours = DEFAULT_LIFETIME_H
    if not 0 < hours <= 24 * 30:
        hours = DEFAULT_LIFETIME_H
    return timedelta(hours=hours)


def digest(secret: str) -> str:
    """The sha256 hex digest the store keeps instead of a session id or hand-over code."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now if now is not None else clock.now()


def open_session(
    con: duckdb.DuckDBPyConnection, token_id: int, *, now: datetime | None = None, ttl: timedelta | None = None
) -> tuple[int, str]:
    """A new session for a verified token; returns (session row id, one-time hand-over code)."""
    now = _now(now)
    grant = secrets.token_urlsafe(32)
    sid = int(store.scalar(con, "select nextval('session_id_seq')"))
    values = [sid, token_id, digest(grant), now + GRANT_TTL, now, now + (ttl or lifetime())]
    con.execute("insert into sessions by position values (?, ?, null, ?, ?, ?, ?, null)", values)
    # forget sessions that ended or expired more than a day ago: the table stays small
    con.execute("delete from sessions where coalesce(ended_at, expires_at) < ?", [now - timedelta(days=1)])
    return sid, grant


def redeem(con: duckdb.DuckDBPyConnection, grant: str, *, now: datetime | None = None) -> str | None:
    """Trade a fresh, unused hand-over code for a new random session id (the cookie's value), once."""
    if not grant or len(grant) > 200:
        return None
    now = _now(now)
    with store.transaction(con):
        row = con.execute(paths.sql("session_grant.sql"), {"grant_hash": digest(grant), "now": now}).fetchone()
        if row is None:
            return None  # committed as the block ends
        session_id = secrets.token_urlsafe(32)
        con.execute(
            "update sessions set sid_hash = ?, grant_hash = null, grant_expires_at = null where id = ?",
            [digest(session_id), int(row[0])],
        )
    return session_id


def _lookup(con: duckdb.DuckDBPyConnection, sid_hash: str | None, row_id: int | None, now: datetime) -> Session | None:
    params = {"sid_hash": sid_hash, "id": row_id, "now": now}
    row = con.execute(paths.sql("session_live.sql"), params).fetchone()
    if row is None:
        return None
    return Session(int(row[0]), Principal(int(row[1]), row[2], row[3], row[4]), row[5])


def resolve(con: duckdb.DuckDBPyConnection, session_id: str | None, *, now: datetime | None = None) -> Session | None:
    """The live session a cookie's session id names, or None (unknown, expired, signed out, revoked)."""
    if not session_id or len(session_id) > 200:
        return None
    return _lookup(con, digest(session_id), None, _now(now))


def alive(con: duckdb.DuckDBPyConnection, row_id: int, *, now: datetime | None = None) -> Session | None:
    """The session with this row id while it is live (not expired, not signed out, token not revoked)."""
    return _lookup(con, None, row_id, _now(now))


def end(con: duckdb.DuckDBPyConnection, row_id: int, *, now: datetime | None = None) -> None:
    """Sign a session out: every tab that holds its cookie is signed out from its next page load on."""
    con.execute("update sessions set ended_at = ? where id = ? and ended_at is null", [_now(now), row_id])


def end_by_cookie(con: duckdb.DuckDBPyConnection, session_id: str, *, now: datetime | None = None) -> None:
    """Sign out the session a cookie's session id names (the sign-out route)."""
    if session_id and len(session_id) <= 200:
        con.execute(
            "update sessions set ended_at = ? where sid_hash = ? and ended_at is null", [_now(now), digest(session_id)]
        )
