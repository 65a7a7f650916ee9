"""Joint procurement (共同調達): the CIO office marks an arrangement as formed — its participants, the
day it starts, the base cost they share and each one's share of the usage."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import duckdb

from etl import clock, paths, store
from etl.errors import UserError


def form_arrangement(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    business_id: str,
    vendor: str | None,
    start: date,
    base_cost: int,
    usage: Mapping[str, float],
    created_by: str | None = None,
) -> int:
    """Record an arrangement and its members in one transaction; returns its id.

    `usage` is each member's share of the usage (any positive weights: they are scaled to add up to 1).
    At least two members of the jurisdiction, a known business, a base cost of 0 yen or more."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise UserError(
            "共同調達の名称を 100 文字以内で入力してください。",
            "Give the arrangement a name of at most 100 characters.",
        )
    if len(usage) < 2:
        raise UserError("共同調達には 2 団体以上が必要です。", "An arrangement needs at least two municipalities.")
    if base_cost < 0:
        raise UserError("共通経費は 0 円以上です。", "The base cost must be 0 yen or more.")
    if any(share <= 0 for share in usage.values()):
        raise UserError("利用量の割合は正の値です。", "Each usage share must be above zero.")
    known = store.reference_codes(con)
    unknown = sorted(set(usage) - known)
    if unknown:
        raise UserError(
            f"対象団体にないコード: {', '.join(unknown)}", f"Codes not in the jurisdiction: {', '.join(unknown)}"
        )
    businesses = {r[0] for r in con.execute("select business_id from businesses").fetchall()}
    if business_id not in businesses:
        raise UserError(f"業務「{business_id}」は基幹業務ではありません。", f"'{business_id}' is not a core business.")
    weight = sum(usage.values())
    with store.transaction(con):
        aid = int(store.scalar(con, "select nextval('arrangement_id_seq')"))
        con.execute(
            paths.sql("insert_joint_arrangement"),
            {
                "id": aid,
                "name": name,
                "business_id": business_id,
                "vendor": vendor or None,
                "start_date": start,
                "base_cost": int(base_cost),
                "created_at": clock.now(),
                "created_by": created_by,
            },
        )
        con.executemany(
            "insert into joint_members (arrangement_id, municipality_code, usage_share) values (?, ?, ?)",
            [[aid, code, share / weight] for code, share in sorted(usage.items())],
        )
    return aid
