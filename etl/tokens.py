"""Access tokens: issued once in clear, stored as sha256 hashes, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

import duckdb
import pandas as pd

from etl import clock, hygiene, paths, store
from etl.errors import UnknownMunicipality, UserError

PREFIX = "hyj_"
MAX_LABEL = 100


@dataclass(frozen=True)
class Principal:
    """Who a token speaks for: a municipality or the CIO office (admin)."""

    token_id: int
    role: str  # municipality, admin
    municipality_code: str | None
    label: str | None = None  # who holds it: a person or department, set at issue

    @property
    def is_admin(self) -> bool:
        """True for the CIO office."""
        return self.role == "admin"


class InvalidLabel(UserError, ValueError):
    """A token label that cannot be kept (too long, or with control or invisible characters)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def clean_label(label: str | None) -> str | None:
    """A token's label folded and trimmed; InvalidLabel when too long or holding control characters."""
    if label is None:
        return None
    text = unicodedata.normalize("NFKC", label).strip()
    if not text:
        return None
    bad = hygiene.first_refused(text)  # the reports' own rule (etl.hygiene)
    if bad:
        point = hygiene.code_point(bad[1])
        raise InvalidLabel(
            f"ラベルに使えない文字 {point} が含まれています。",
            f"The label holds a character that is not allowed: {point}.",
        )
    if len(text) > MAX_LABEL:
        raise InvalidLabel(
            f"ラベルは {MAX_LABEL} 文字以内にしてください。", f"The label must be at most {MAX_LABEL} characters."
        )
    return text


def issue(con: duckdb.DuckDBPyConnection, who: str, label: str | None = None) -> tuple[int, str]:
    """A new token for a municipality code or 'admin'; returns (id, token) — the token is shown once."""
    label = clean_label(label)
    role = "admin" if who == "admin" else "municipality"
    code = None if role == "admin" else who
    if code is not None:
        known = store.scalar(con, "select count(*) from municipalities where code = ?", [code])
        if not known:
            raise UnknownMunicipality(code)
    token = PREFIX + secrets.token_urlsafe(24)
    token_id = int(store.scalar(con, "select nextval('token_id_seq')"))
    con.execute(
        "insert into tokens (id, role, municipality_code, token_hash, label, created_at) values (?, ?, ?, ?, ?, ?)",
        [token_id, role, code, _hash(token), label, clock.now()],
    )
    return token_id, token


def verify(con: duckdb.DuckDBPyConnection, token: str, *, touch: bool = True) -> Principal | None:
    """The principal of a valid, unrevoked token, else None; records its last use."""
    if not token or not token.strip():
        return None
    digest = _hash(token)
    rows = con.execute(
        "select id, role, municipality_code, token_hash, label from tokens where revoked_at is null"
    ).fetchall()
    match = None
    for token_id, role, code, stored, label in rows:
        # compare every stored hash so the time taken does not depend on which one matches
        if hmac.compare_digest(stored, digest):
            match = Principal(int(token_id), role, code, label)
    if match and touch:
        con.execute("update tokens set last_used_at = ? where id = ?", [clock.now(), match.token_id])
    return match


def is_revoked(con: duckdb.DuckDBPyConnection, token_id: int) -> bool:
    """True when the token has been revoked (or does not exist)."""
    row = con.execute("select revoked_at is null from tokens where id = ?", [token_id]).fetchone()
    return row is None or not row[0]


def revoke(con: duckdb.DuckDBPyConnection, token_id: int) -> bool:
    """Revoke a token by id; False when there is no such live token."""
    found = store.scalar(con, "select count(*) from tokens where id = ? and revoked_at is null", [token_id])
    if found:
        con.execute("update tokens set revoked_at = ? where id = ?", [clock.now(), token_id])
    return bool(found)


def listing(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Issued tokens without their hashes: id, role, municipality, label, created, last used, revoked."""
    return con.execute(paths.sql("tokens_list")).df()
