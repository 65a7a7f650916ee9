"""Access tokens: issued once in clear, stored as sha256 hashes, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

import duckdb
import pandas as pd

from etl import adminlog, clock, hygiene, paths, store
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


def issue(
    con: duckdb.DuckDBPyConnection, who: str, label: str | None = None, *, by: str | None = None
) -> tuple[int, str]:
    """A new token for a municipality code or 'admin'; returns (id, token) — the token is shown once.
    With `by` (who issued it) the issue is recorded in the admin log."""
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
    if by is not None:
        adminlog.record(con, by, "token_issued", f"#{token_id}", _describe(role, code, label))
    return token_id, token


def _describe(role: str, code: str | None, label: str | None) -> str:
    return " ".join(p for p in ("admin" if role == "admin" else code, label) if p)


def end_sessions(con: duckdb.DuckDBPyConnection, token_id: int) -> int:
    """End every open session of a token (its tabs are signed out from their next click); returns how many."""
    ended = store.scalar(con, "select count(*) from sessions where token_id = ? and ended_at is null", [token_id])
    con.execute("update sessions set ended_at = ? where token_id = ? and ended_at is null", [clock.now(), token_id])
    return int(ended)


def reissue(con: duckdb.DuckDBPyConnection, token_id: int, *, by: str | None = None) -> tuple[int, str]:
    """A lost or exposed token replaced: a new one for the same holder (role, municipality, label), the
    old one revoked and its sessions ended, in one transaction; returns (new id, new token).
    LookupError when there is no such live token."""
    rows = con.execute(
        "select role, municipality_code, label from tokens where id = ? and revoked_at is null", [token_id]
    ).fetchall()
    if not rows:
        raise LookupError(token_id)
    role, code, label = rows[0]
    with store.transaction(con):
        revoke(con, token_id)
        new_id, token = issue(con, "admin" if role == "admin" else code, label)
        if by is not None:
            adminlog.record(
                con, by, "token_reissued", f"#{new_id}", f"#{token_id} → #{new_id} {_describe(role, code, label)}"
            )
    return new_id, token


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


def revoke(con: duckdb.DuckDBPyConnection, token_id: int, *, by: str | None = None) -> bool:
    """Revoke a token by id and end its sessions; False when there is no such live token. With `by`
    the revocation is recorded in the admin log."""
    rows = con.execute(
        "select role, municipality_code, label from tokens where id = ? and revoked_at is null", [token_id]
    ).fetchall()
    if rows:
        con.execute("update tokens set revoked_at = ? where id = ?", [clock.now(), token_id])
        end_sessions(con, token_id)
        if by is not None:
            adminlog.record(con, by, "token_revoked", f"#{token_id}", _describe(*rows[0]))
    return bool(rows)


def listing(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Issued tokens without their hashes: id, role, municipality, label, created, last used, revoked."""
    return con.execute(paths.sql("tokens_list")).df()


ROLE_LABELS = {"admin": ("管理（CIO室）", "CIO office (admin)"), "municipality": ("団体", "Municipality")}
READABLE_COLUMNS = {
    "id": ("番号", "ID"),
    "role": ("権限", "Role"),
    "municipality_code": ("団体コード", "Code"),
    "name": ("団体名", "Municipality"),
    "label": ("ラベル（人名/部署）", "Label"),
    "created_at": ("発行日時", "Issued"),
    "last_used_at": ("最終利用", "Last used"),
    "state": ("状態", "State"),
}


def tokyo_time(value: object, fmt: str = "%Y/%m/%d %H:%M") -> str:
    """A stored instant in Tokyo time, or empty."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).tz_convert(clock.TOKYO).strftime(fmt)


def readable(con: duckdb.DuckDBPyConnection, lang: str = "ja") -> pd.DataFrame:
    """The token list for people: role, municipality, label, issued and last used in Tokyo time, state."""
    frame = listing(con)
    i = 0 if lang == "ja" else 1
    names = {
        code: (ja, en)[i]
        for code, ja, en in con.execute("select code, name_ja, name_en from municipalities").fetchall()
    }
    never, live = ("未使用", "never"), ("有効", "live")
    rows = []
    for r in frame.to_dict("records"):
        code = r["municipality_code"] if isinstance(r["municipality_code"], str) else ""
        revoked = tokyo_time(r["revoked_at"])
        rows.append(
            [
                int(r["id"]),
                ROLE_LABELS.get(r["role"], (r["role"], r["role"]))[i],
                code,
                names.get(code, "") if code else "",
                r["label"] if isinstance(r["label"], str) else "",
                tokyo_time(r["created_at"]),
                tokyo_time(r["last_used_at"]) or never[i],
                (f"失効 {revoked}", f"revoked {revoked}")[i] if revoked else live[i],
            ]
        )
    return pd.DataFrame(rows, columns=[pair[i] for pair in READABLE_COLUMNS.values()])


def as_records(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The token list for machines: times as ISO 8601 in Tokyo time (null when absent), never a hash."""
    frame = listing(con)
    out = []
    for r in frame.to_dict("records"):
        out.append(
            {
                "id": int(r["id"]),
                "role": r["role"],
                "municipality_code": r["municipality_code"] if isinstance(r["municipality_code"], str) else None,
                "label": r["label"] if isinstance(r["label"], str) else None,
                **{
                    k: (
                        None
                        if r[k] is None or pd.isna(r[k])
                        else pd.Timestamp(r[k]).tz_convert(clock.TOKYO).isoformat()
                    )
                    for k in ("created_at", "last_used_at", "revoked_at")
                },
            }
        )
    return out
