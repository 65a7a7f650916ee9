"""What the CIO office reads: reporting coverage, rejected submissions, the audit trail of a
municipality's accepted rows (each change as before → after) and the issued tokens."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from dashboard.reporting.access import municipalities, sql, token_listing
from dashboard.reporting.form import DIFF_FIELDS, business_name
from dashboard.reporting.tables import SOURCE_LABELS, column_label, label, submissions_table, value_label, when
from dashboard.reporting.values import iso, row_number, text
from schemas.vocabulary.display import COVERAGE
from schemas.vocabulary.language import lang_column


def recent_report_days(con: duckdb.DuckDBPyConnection) -> int:
    """The recent-report window in days (the setting recent_report_days)."""
    return int(con.execute("select recent_report_days()").fetchone()[0])  # type: ignore[index]


def coverage(con: duckdb.DuckDBPyConnection, today: date, late_after_days: int | None = None) -> pd.DataFrame:
    """Each municipality's last accepted report and days since, the silent ones first.

    Late: no accepted report received in the recent window (the setting recent_report_days, the
    overview's and the reminders' window), unless `late_after_days` gives another."""
    frame = con.execute(sql("coverage"), {"day": today}).df()
    frame["days_since"] = frame["days_since"].astype("Int64")
    frame["never"] = frame["last_received"].isna()
    if late_after_days is None:
        recent = frame["recent"].fillna(False).astype(bool)
    else:
        recent = (frame["days_since"] < late_after_days).fillna(False).astype(bool)
    frame["late"] = frame["never"] | ~recent
    order = frame.assign(_never=~frame["never"], _days=frame["days_since"].fillna(10**6))
    order = order.sort_values(["_never", "_days", "code"], ascending=[True, False, True], kind="stable")
    return order.drop(columns=["_never", "_days"]).reset_index(drop=True)


def coverage_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Coverage for people: status first, then the municipality and its last report."""
    cols = [
        label(pair, lang)
        for pair in (
            ("状況", "Status"),
            ("団体コード", "Code"),
            ("団体名", "Municipality"),
            ("区分", "Kind"),
            ("最終報告の受付日時", "Last report received"),
            ("基準日", "As of"),
            ("経過日数", "Days since"),
            ("報告済み業務数", "Systems reported"),
        )
    ]

    def status(row: pd.Series) -> str:
        key = "never" if row["never"] else ("late" if row["late"] else "up_to_date")
        return label(COVERAGE[key], lang)

    return pd.DataFrame(
        {
            cols[0]: [status(r) for r in frame.to_dict("records")],
            cols[1]: frame["code"].to_numpy(),
            cols[2]: frame[lang_column("name", lang)].to_numpy(),
            cols[3]: frame[label(("kind_ja", "kind"), lang)].to_numpy(),
            cols[4]: [when(v) for v in frame["last_received"]],
            cols[5]: [iso(v).replace("-", "/") for v in frame["last_as_of"]],
            cols[6]: frame["days_since"].to_numpy(),
            cols[7]: frame["n_systems"].to_numpy(),
        }
    )


def rejected(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rejected submissions, newest first."""
    return con.execute(sql("rejected")).df()


def rejected_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected submissions for people, with whether a later accepted report has superseded each."""
    columns = ["id", "received_at", "municipality_code", "name", "source", "filename", "submitter"]
    out = submissions_table(frame, [*columns, "n_errors", "n_warnings"], lang)
    later = label(("その後", "Since"), lang)
    out.insert(1, later, [superseded(v, lang) for v in frame["superseded_by"]])
    return out


def superseded(by: object, lang: str) -> str:
    """'superseded by #N' once a later accepted submission of the municipality exists, else open."""
    n = row_number(by)
    if n is None:
        return label(("未解消（その後の受付なし）", "open: no accepted report since"), lang)
    return label((f"#{n} の受付で解消", f"superseded by #{n}"), lang)


def admin_history(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Every submission about a municipality, multi-municipality files with its rows included."""
    return con.execute(sql("history"), {"code": code, "holding": True}).df()


def audit_trail(con: duckdb.DuckDBPyConnection, code: str, business_id: str | None = None) -> pd.DataFrame:
    """Every accepted row of a municipality with what it changed against the one before, newest first."""
    frame = con.execute(sql("audit"), {"code": code, "business_id": business_id}).df()
    changed: list[list[str]] = []
    before: list[dict | None] = []
    previous: dict[str, dict] = {}
    for row in frame.to_dict("records"):  # ordered by business, then arrival
        last = previous.get(row["business_id"])
        if last is None:
            changed.append(["*"])  # the first report of this business
        else:
            changed.append([c for c in DIFF_FIELDS if text(c, last[c]) != text(c, row[c])])
        before.append(last)
        previous[row["business_id"]] = row
    frame["changed"] = changed
    frame["previous"] = before
    return frame.sort_values(
        ["received_at", "submission_id", "business_order"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def audit_table(frame: pd.DataFrame, lang: str, *, only_changes: bool = True) -> pd.DataFrame:
    """The audit trail for people: when, who, how, which business, and each change as before → after."""
    cols = [
        label(pair, lang)
        for pair in (
            ("受付日時", "Received"),
            ("提出番号", "Submission"),
            ("方法", "Source"),
            ("提出者", "Submitter"),
            ("業務", "Business"),
            ("基準日", "As of"),
            ("変更内容", "Changes"),
        )
    ]
    out = []
    for row in frame.to_dict("records"):
        changes = row["changed"]
        if only_changes and not changes:
            continue
        if changes == ["*"]:
            shown = label(("初回報告: ", "First report: "), lang) + value_label("stage", row["stage"], lang)
        elif not changes:
            shown = label(("変更なし（再確認）", "No change (re-confirmed)"), lang)
        else:
            last = row["previous"]
            shown = "; ".join(
                f"{column_label(c, lang)}: {value_label(c, last[c], lang)} → {value_label(c, row[c], lang)}"
                for c in changes
            )
        out.append(
            [
                when(row["received_at"]),
                row["submission_id"],
                label(SOURCE_LABELS.get(row["source"], (row["source"], row["source"])), lang),
                row["submitter"] or "",
                business_name(row["business_id"], lang),
                iso(row["as_of"]),
                shown,
            ]
        )
    return pd.DataFrame(out, columns=cols)


def tokens_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Issued tokens (never their hashes) with the municipality's name, last use and revocation."""
    frame = token_listing(con)
    names = municipalities(con).set_index("code")
    cols = [
        label(pair, lang)
        for pair in (
            ("トークン番号", "Token"),
            ("権限", "Role"),
            ("団体コード", "Code"),
            ("団体名", "Municipality"),
            ("ラベル", "Label"),
            ("発行日時", "Issued"),
            ("最終利用", "Last used"),
            ("失効日時", "Revoked"),
        )
    ]
    name = lang_column("name", lang)
    return pd.DataFrame(
        {
            cols[0]: frame["id"].to_numpy(),
            cols[1]: [
                label(("管理（CIO室）", "CIO office (admin)") if r == "admin" else ("団体", "Municipality"), lang)
                for r in frame["role"]
            ],
            cols[2]: frame["municipality_code"].fillna("").to_numpy(),
            cols[3]: [
                str(names.at[c, name]) if isinstance(c, str) and c in names.index else ""
                for c in frame["municipality_code"]
            ],
            cols[4]: frame["label"].fillna("").to_numpy(),
            cols[5]: [when(v) for v in frame["created_at"]],
            cols[6]: [when(v) or label(("未使用", "never"), lang) for v in frame["last_used_at"]],
            cols[7]: [when(v) for v in frame["revoked_at"]],
        }
    )


def live_tokens(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Tokens that are not revoked: id, role, municipality_code, label."""
    frame = token_listing(con)
    return frame[frame["revoked_at"].isna()].reset_index(drop=True)
