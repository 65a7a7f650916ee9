"""Reporting helpers for the sign-in, report and admin pages: prefill, dry run, diff, findings in the
user's language, coverage and the audit trail. Pure functions of a connection and parameters, no widgets;
every write goes through `etl.ingest`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl import ingest, reference, store, validate
from etl import read as reader
from schemas.vocabulary import (
    COLUMNS,
    GOV_CLOUD,
    HEADERS_EN,
    HEADERS_JA,
    SPECIAL_SUPPORT_REASONS,
    STAGES,
)

SQL_DIR = Path(__file__).resolve().parent / "sql"
# the fields a municipality edits per business in the form, in the form's column order
FORM_FIELDS: list[str] = [
    "stage",
    "target_date",
    "go_live_date",
    "gov_cloud",
    "special_support",
    "special_support_reason",
    "pmo_progress",
    "vendor",
    "notes",
]
DIFF_FIELDS: list[str] = FORM_FIELDS
DEFAULT_STAGE = "not_started"
DEFAULT_GOV_CLOUD = "planned"
SEVERITY_LABELS = {"error": ("エラー", "Error"), "warning": ("警告", "Warning")}
OUTCOME_LABELS = {
    "accepted": ("受付", "Accepted"),
    "rejected": ("却下", "Rejected"),
    "duplicate": ("受付済み（重複）", "Duplicate (already accepted)"),
}
SOURCE_LABELS = {
    "form": ("フォーム", "Form"),
    "xlsx": ("Excel", "Excel"),
    "csv": ("CSV", "CSV"),
    "json": ("JSON", "JSON"),
    "demo": ("デモ", "Demo"),
}
ERROR_FILL = "background-color: #f8c9c4; color: #5c0a00"  # offending cell of an error
WARNING_FILL = "background-color: #fbe8b0; color: #4d3800"  # offending cell of a warning


def sql(name: str) -> str:
    """The text of one dashboard/sql/reporting_*.sql file."""
    return (SQL_DIR / f"reporting_{name}.sql").read_text(encoding="utf-8")


def _l(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


# --------------------------------------------------------------------------------------------- store access
@contextlib.contextmanager
def connection(*, read_only: bool = True, db: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; the store waits out other processes and other sessions of this one."""
    with store.connect(db, read_only=read_only) as con:
        yield con


def submit(
    raw: bytes, *, filename: str, source: str, submitter: str, code: str, db: str | Path | None = None
) -> ingest.Outcome:
    """Ingest one submission as a municipality through the same path as the command line."""
    return ingest.ingest_bytes(raw, filename=filename, source=source, submitter=submitter, submitter_code=code, db=db)


# --------------------------------------------------------------------------------------------- the form
@cache
def businesses() -> pd.DataFrame:
    """The 20 businesses in display order (resident registry first)."""
    frame = reference.businesses().sort_values("order", kind="stable").reset_index(drop=True)
    return frame[["business_id", "order", "name_ja", "name_en"]]


def business_name(business_id: str, lang: str) -> str:
    """A business's name in the language, or its id when unknown."""
    names = businesses().set_index("business_id")
    if business_id not in names.index:
        return business_id
    return str(names.at[business_id, "name_en" if lang == "en" else "name_ja"])


def _plain(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, np.generic):  # numpy scalars from a frame: compare as Python values
        value = value.item()
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def latest_own(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """One municipality's latest accepted status per business, with its notes."""
    return con.execute(sql("latest_own"), {"code": code}).df()


def prefill(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The municipality's 20 systems with their latest accepted status, defaults where there is none."""
    latest = latest_own(con, code).set_index("business_id")
    rows = []
    for biz in businesses().itertuples():
        last = latest.loc[biz.business_id] if biz.business_id in latest.index else None

        def get(col: str, _last=last) -> object:
            return None if _last is None else _plain(_last[col])

        reason = get("special_support_reason")
        pmo = get("pmo_progress")
        rows.append(
            {
                "business_id": biz.business_id,
                "stage": get("stage") or DEFAULT_STAGE,
                "target_date": get("target_date"),
                "go_live_date": get("go_live_date"),
                "gov_cloud": get("gov_cloud") or DEFAULT_GOV_CLOUD,
                "special_support": bool(get("special_support") or False),
                "special_support_reason": None if reason is None else int(reason),
                "pmo_progress": None if pmo is None else float(pmo),
                "vendor": get("vendor") or "",
                "notes": get("notes") or "",
                "last_as_of": get("as_of"),
                "reported": last is not None,
            }
        )
    return pd.DataFrame(rows)


def last_as_of(prefilled: pd.DataFrame) -> date | None:
    """The newest as-of day among the prefilled rows, None when the municipality never reported."""
    days = [d for d in prefilled["last_as_of"] if d is not None and not pd.isna(d)]
    return max(days) if days else None


def form_frame(code: str, as_of: date, rows: list[dict]) -> pd.DataFrame:
    """The form's values (one dict per business with FORM_FIELDS) as a submission in canonical columns."""
    out = []
    for row in rows:
        reason = row.get("special_support_reason")
        pmo = row.get("pmo_progress")
        out.append(
            {
                "municipality_code": code,
                "business_id": row["business_id"],
                "as_of": as_of.isoformat(),
                "stage": row.get("stage") or "",
                "target_date": _iso(row.get("target_date")),
                "go_live_date": _iso(row.get("go_live_date")),
                "gov_cloud": row.get("gov_cloud") or "",
                "special_support": "true" if row.get("special_support") else "false",
                "special_support_reason": "" if reason is None else str(int(reason)),
                "pmo_progress": "" if pmo is None or pd.isna(pmo) else _number(pmo),
                "vendor": (row.get("vendor") or "").strip(),
                "notes": (row.get("notes") or "").strip(),
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)


def no_change_frame(code: str, prefilled: pd.DataFrame, today: date) -> pd.DataFrame:
    """The last accepted status of every reported business, re-confirmed as of today."""
    reported = prefilled[prefilled["reported"]]
    return form_frame(code, today, reported.to_dict("records"))


def _iso(value: object) -> str:
    value = _plain(value)
    return value.isoformat() if isinstance(value, date) else ""


def _number(value: object) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def form_bytes(frame: pd.DataFrame) -> bytes:
    """A form submission's raw bytes: its rows as JSON, the same shape `ingest_frame` keeps."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")


# --------------------------------------------------------------------------------------------- dry run
@dataclass
class Preview:
    """A submission checked but not yet kept: its bytes, findings, cells as written and changes."""

    raw: bytes
    filename: str
    source: str
    sha256: str
    findings: pd.DataFrame
    cells: pd.DataFrame | None  # the rows as written, with their 1-based row numbers as index
    changes: pd.DataFrame  # row, business_id, column, before, after (canonical text)
    n_rows: int
    duplicate_of: int | None = None
    previous_as_of: date | None = None

    @property
    def n_errors(self) -> int:
        """How many findings block the submission."""
        return int((self.findings["severity"] == "error").sum()) if len(self.findings) else 0

    @property
    def n_warnings(self) -> int:
        """How many findings are advice that needs acknowledging."""
        return int((self.findings["severity"] == "warning").sum()) if len(self.findings) else 0


def preview(raw: bytes, *, filename: str, source: str, code: str, db: str | Path | None = None) -> Preview:
    """Read and check a submission exactly as the ingest would, and compare it with the last report."""
    # the same reading as etl.ingest.ingest_bytes: a form's JSON is read by its bytes
    result = reader.read(raw, filename, source if source in reader.FORMATS else None)

    def checked():
        with connection(read_only=True, db=db) as con:
            ctx = validate.context_from_store(con, result.frame, code)
            found = validate.check(result, ctx)
            latest = latest_own(con, code)
            dup = store.find_accepted(con, store.sha256(raw))
        return found, latest, dup

    found, latest, dup = checked()
    cells = None
    if result.raw is not None:
        cells = result.raw.copy()
        cells.index = pd.Index(result.row_numbers, name="row")
    changes = diff(latest, result.frame, result.row_numbers, code)
    prev = None
    if len(latest):
        prev = _plain(latest["as_of"].max())
    n_rows = 0 if result.frame is None else len(result.frame)
    return Preview(raw, filename, source, store.sha256(raw), found, cells, changes, n_rows, dup, prev)


def _text(column: str, value: object) -> str:
    value = _plain(value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if column in ("pmo_progress", "special_support_reason"):
        try:
            return _number(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def diff(latest: pd.DataFrame, frame: pd.DataFrame | None, row_numbers: list[int], code: str) -> pd.DataFrame:
    """Cells that differ from the last accepted report: row, business_id, column, before, after."""
    columns = ["row", "business_id", "column", "before", "after"]
    if frame is None or not len(frame):
        return pd.DataFrame(columns=columns)
    before = latest.set_index("business_id") if len(latest) else pd.DataFrame()
    out = []
    for position, row in enumerate(frame.to_dict("records")):
        if row["municipality_code"] != code:
            continue
        biz = row["business_id"]
        last = before.loc[biz] if biz in before.index else None
        for column in DIFF_FIELDS:
            old = "" if last is None else _text(column, last[column])
            new = _text(column, row[column])
            if column == "special_support" and last is None and new == "false":
                continue  # a new row that is not special-support changes nothing worth showing
            if old != new:
                out.append(
                    {"row": row_numbers[position], "business_id": biz, "column": column, "before": old, "after": new}
                )
    return pd.DataFrame(out, columns=columns)


# --------------------------------------------------------------------------------------------- display
def value_label(column: str, value: object, lang: str) -> str:
    """A canonical value as the user reads it: stage and cloud labels, はい/いいえ, reason names."""
    text = _text(column, value)
    if text == "":
        return "—"
    if column == "stage" and text in STAGES:
        return _l(STAGES[text], lang)
    if column == "gov_cloud" and text in GOV_CLOUD:
        return _l(GOV_CLOUD[text], lang)
    if column == "business_id":
        return business_name(text, lang)
    if column == "special_support" and text in ("true", "false"):
        return _l(("はい", "yes") if text == "true" else ("いいえ", "no"), lang)
    if column == "special_support_reason" and text.isdigit() and int(text) in SPECIAL_SUPPORT_REASONS:
        return f"{text} {_l(SPECIAL_SUPPORT_REASONS[int(text)], lang)}"
    return text


def column_label(column: object, lang: str) -> str:
    """A canonical column name as the user's header (Japanese template header or English)."""
    if column is None or (isinstance(column, float) and pd.isna(column)) or column == "":
        return "—"
    headers = HEADERS_EN if lang == "en" else HEADERS_JA
    return headers.get(str(column), str(column))


def findings_table(findings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Findings for people: row, column header, severity, message in the language and the value."""
    cols = (
        ["Row", "Column", "Severity", "Message", "Value", "Code"]
        if lang == "en"
        else ["行", "列", "種別", "内容", "値", "コード"]
    )
    if findings is None or not len(findings):
        return pd.DataFrame(columns=cols)
    message = findings["message_en" if lang == "en" else "message_ja"]
    out = pd.DataFrame(
        {
            cols[0]: findings["row"].astype("Int64"),
            cols[1]: [column_label(c, lang) for c in findings["column"]],
            cols[2]: [_l(SEVERITY_LABELS.get(s, (s, s)), lang) for s in findings["severity"]],
            cols[3]: message.to_numpy(),
            cols[4]: findings["value"].fillna("").to_numpy(),
            cols[5]: findings["code"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)


def cells_view(preview_: Preview, lang: str, *, localise: bool) -> pd.DataFrame:
    """The submitted rows under the user's headers, indexed by row number; labels when `localise`."""
    cells = preview_.cells
    if cells is None:
        return pd.DataFrame()
    shown = cells.copy()
    if localise:
        for column in shown.columns:
            if column in ("business_id", "stage", "gov_cloud", "special_support", "special_support_reason"):
                shown[column] = [value_label(column, v, lang) if v != "" else "" for v in shown[column]]
    shown.columns = [column_label(c, lang) for c in shown.columns]
    shown.index.name = "Row" if lang == "en" else "行"
    return shown


def cell_marks(preview_: Preview, lang: str) -> pd.DataFrame:
    """CSS for each shown cell: red where an error points, amber where a warning does."""
    cells = preview_.cells
    if cells is None:
        return pd.DataFrame()
    marks = pd.DataFrame("", index=cells.index, columns=cells.columns)
    found = preview_.findings
    for severity, fill in (("warning", WARNING_FILL), ("error", ERROR_FILL)):  # errors paint last
        part = found[found["severity"] == severity]
        for row, column in zip(part["row"], part["column"], strict=True):
            if pd.isna(row) or int(row) not in marks.index:
                continue
            if isinstance(column, str) and column in marks.columns:
                marks.loc[int(row), column] = fill
            else:  # a finding about the whole row
                marks.loc[int(row), :] = fill
    marks.columns = [column_label(c, lang) for c in marks.columns]
    marks.index.name = "Row" if lang == "en" else "行"
    return marks


def marked_cells(preview_: Preview, lang: str, *, localise: bool):
    """The submitted rows as a styled table with the offending cells marked."""
    shown = cells_view(preview_, lang, localise=localise)
    marks = cell_marks(preview_, lang)
    return shown.style.apply(lambda _: marks, axis=None)


def changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The changes against the last accepted report, in the language."""
    cols = (
        ["Row", "Business", "Field", "Last accepted", "This report"]
        if lang == "en"
        else ["行", "業務", "項目", "前回（受付済み）", "今回"]
    )
    out = pd.DataFrame(
        {
            cols[0]: changes["row"].astype("Int64"),
            cols[1]: [business_name(b, lang) for b in changes["business_id"]],
            cols[2]: [column_label(c, lang) for c in changes["column"]],
            cols[3]: [value_label(c, v, lang) for c, v in zip(changes["column"], changes["before"], strict=True)],
            cols[4]: [value_label(c, v, lang) for c, v in zip(changes["column"], changes["after"], strict=True)],
        }
    )
    return out


# --------------------------------------------------------------------------------------------- history
def history(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """A municipality's own submissions, accepted and rejected, newest first."""
    return con.execute(sql("history"), {"code": code}).df()


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Submissions for people: id, received, source, file, outcome, counts."""
    cols = (
        ["Submission", "Received", "Source", "File", "Submitter", "Outcome", "Rows", "Errors", "Warnings"]
        if lang == "en"
        else ["提出番号", "受付日時", "方法", "ファイル", "提出者", "結果", "行数", "エラー", "警告"]
    )
    if not len(frame):
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(
        {
            cols[0]: frame["id"].to_numpy(),
            cols[1]: [when(v) for v in frame["received_at"]],
            cols[2]: [_l(SOURCE_LABELS.get(s, (s, s)), lang) for s in frame["source"]],
            cols[3]: frame["filename"].fillna("").to_numpy(),
            cols[4]: frame["submitter"].fillna("").to_numpy(),
            cols[5]: [_l(OUTCOME_LABELS.get(o, (o, o)), lang) for o in frame["outcome"]],
            cols[6]: frame["n_rows"].to_numpy(),
            cols[7]: frame["n_errors"].to_numpy(),
            cols[8]: frame["n_warnings"].to_numpy(),
        }
    )


def when(value: object) -> str:
    """A stored time as Tokyo local time, minutes precision."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(store.TOKYO)
    return stamp.strftime("%Y-%m-%d %H:%M")


def submission_findings(con: duckdb.DuckDBPyConnection, submission_id: int, code: str | None) -> pd.DataFrame:
    """A submission's findings; with a code, empty unless the submission is that municipality's."""
    return con.execute(sql("findings"), {"submission_id": submission_id, "code": code}).df()


# --------------------------------------------------------------------------------------------- admin
def municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The jurisdiction's municipalities: code and names."""
    return con.execute(sql("municipalities")).df()


def coverage(con: duckdb.DuckDBPyConnection, today: date, late_after_days: int = 31) -> pd.DataFrame:
    """Each municipality's last accepted report and days since, the silent ones first."""
    frame = con.execute(sql("coverage")).df()
    received = pd.to_datetime(frame["last_received"], utc=True).dt.tz_convert(store.TOKYO)
    days = (pd.Timestamp(today) - pd.to_datetime(received.dt.date)).dt.days
    frame["days_since"] = days.astype("Int64")
    frame["never"] = frame["last_received"].isna()
    frame["late"] = frame["never"] | (frame["days_since"] > late_after_days).fillna(True)
    order = frame.assign(_never=~frame["never"], _days=frame["days_since"].fillna(10**6))
    order = order.sort_values(["_never", "_days", "code"], ascending=[True, False, True], kind="stable")
    return order.drop(columns=["_never", "_days"]).reset_index(drop=True)


def coverage_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Coverage for people: status first, then the municipality and its last report."""
    en = lang == "en"
    cols = (
        ["Status", "Code", "Municipality", "Kind", "Last report received", "As of", "Days since", "Systems reported"]
        if en
        else ["状況", "団体コード", "団体名", "区分", "最終報告の受付日時", "基準日", "経過日数", "報告済み業務数"]
    )

    def status(row) -> str:
        if row["never"]:
            return "未報告" if not en else "Never reported"
        if row["late"]:
            return "報告が途絶" if not en else "Late"
        return "報告済み" if not en else "Up to date"

    return pd.DataFrame(
        {
            cols[0]: [status(r) for r in frame.to_dict("records")],
            cols[1]: frame["code"].to_numpy(),
            cols[2]: frame["name_en" if en else "name_ja"].to_numpy(),
            cols[3]: frame["kind" if en else "kind_ja"].to_numpy(),
            cols[4]: [when(v) for v in frame["last_received"]],
            cols[5]: [_iso(v) for v in frame["last_as_of"]],
            cols[6]: frame["days_since"].to_numpy(),
            cols[7]: frame["n_systems"].to_numpy(),
        }
    )


def rejected(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rejected submissions, newest first."""
    return con.execute(sql("rejected")).df()


def rejected_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected submissions for people."""
    en = lang == "en"
    cols = (
        ["Submission", "Received", "Code", "Municipality", "Source", "File", "Submitter", "Errors", "Warnings"]
        if en
        else ["提出番号", "受付日時", "団体コード", "団体名", "方法", "ファイル", "提出者", "エラー", "警告"]
    )
    return pd.DataFrame(
        {
            cols[0]: frame["id"].to_numpy(),
            cols[1]: [when(v) for v in frame["received_at"]],
            cols[2]: frame["municipality_code"].fillna("").to_numpy(),
            cols[3]: frame["name_en" if en else "name_ja"].fillna("").to_numpy(),
            cols[4]: [_l(SOURCE_LABELS.get(s, (s, s)), lang) for s in frame["source"]],
            cols[5]: frame["filename"].fillna("").to_numpy(),
            cols[6]: frame["submitter"].fillna("").to_numpy(),
            cols[7]: frame["n_errors"].to_numpy(),
            cols[8]: frame["n_warnings"].to_numpy(),
        }
    )


@dataclass(frozen=True)
class RawFile:
    """A kept submission's bytes with a name to download them under."""

    submission_id: int
    filename: str
    mime: str
    data: bytes


MIMES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "form": "application/json",
}


def raw_file(con: duckdb.DuckDBPyConnection, submission_id: int) -> RawFile | None:
    """The raw bytes of a submission as received, or None."""
    row = con.execute(sql("raw"), {"submission_id": submission_id}).fetchone()
    if row is None:
        return None
    sid, filename, source, _digest, raw = row
    ext = {"form": "json"}.get(source, source)
    name = Path(filename).name if filename else f"submission_{sid}.{ext}"
    return RawFile(int(sid), f"{sid}_{name}", MIMES.get(source, "application/octet-stream"), bytes(raw))


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
            changed.append([c for c in DIFF_FIELDS if _text(c, last[c]) != _text(c, row[c])])
        before.append(last)
        previous[row["business_id"]] = row
    frame["changed"] = changed
    frame["previous"] = before
    return frame.sort_values(
        ["received_at", "submission_id", "business_order"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def audit_table(frame: pd.DataFrame, lang: str, *, only_changes: bool = True) -> pd.DataFrame:
    """The audit trail for people: when, who, how, which business, and each change as before → after."""
    en = lang == "en"
    cols = (
        ["Received", "Submission", "Source", "Submitter", "Business", "As of", "Changes"]
        if en
        else ["受付日時", "提出番号", "方法", "提出者", "業務", "基準日", "変更内容"]
    )
    out = []
    for row in frame.to_dict("records"):
        changes = row["changed"]
        if only_changes and not changes:
            continue
        if changes == ["*"]:
            text = ("First report: " if en else "初回報告: ") + value_label("stage", row["stage"], lang)
        elif not changes:
            text = "No change (re-confirmed)" if en else "変更なし（再確認）"
        else:
            last = row["previous"]
            text = "; ".join(
                f"{column_label(c, lang)}: {value_label(c, last[c], lang)} → {value_label(c, row[c], lang)}"
                for c in changes
            )
        out.append(
            [
                when(row["received_at"]),
                row["submission_id"],
                _l(SOURCE_LABELS.get(row["source"], (row["source"], row["source"])), lang),
                row["submitter"] or "",
                business_name(row["business_id"], lang),
                _iso(row["as_of"]),
                text,
            ]
        )
    return pd.DataFrame(out, columns=cols)


def tokens_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Issued tokens (never their hashes) with the municipality's name, last use and revocation."""
    from etl import tokens

    frame = tokens.listing(con)
    names = municipalities(con).set_index("code")
    en = lang == "en"
    cols = (
        ["Token", "Role", "Code", "Municipality", "Label", "Issued", "Last used", "Revoked"]
        if en
        else ["トークン番号", "権限", "団体コード", "団体名", "ラベル", "発行日時", "最終利用", "失効日時"]
    )
    return pd.DataFrame(
        {
            cols[0]: frame["id"].to_numpy(),
            cols[1]: [
                ("CIO office (admin)" if en else "管理（CIO室）")
                if r == "admin"
                else ("Municipality" if en else "団体")
                for r in frame["role"]
            ],
            cols[2]: frame["municipality_code"].fillna("").to_numpy(),
            cols[3]: [
                str(names.at[c, "name_en" if en else "name_ja"]) if isinstance(c, str) and c in names.index else ""
                for c in frame["municipality_code"]
            ],
            cols[4]: frame["label"].fillna("").to_numpy(),
            cols[5]: [when(v) for v in frame["created_at"]],
            cols[6]: [when(v) or ("never" if en else "未使用") for v in frame["last_used_at"]],
            cols[7]: [when(v) for v in frame["revoked_at"]],
        }
    )


def live_tokens(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Tokens that are not revoked: id, role, municipality_code, label."""
    from etl import tokens

    frame = tokens.listing(con)
    return frame[frame["revoked_at"].isna()].reset_index(drop=True)
