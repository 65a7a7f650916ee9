"""What the municipality reads: values and headers in its language, findings, the submitted cells
with the offending ones marked, the changes against the last accepted report and its history."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.reporting.dry_run import Preview
from dashboard.reporting.form import business_name
from dashboard.reporting.values import text
from etl.clock import TOKYO
from schemas.vocabulary import GOV_CLOUD, HEADERS_EN, HEADERS_JA, SPECIAL_SUPPORT_REASONS, STAGES, in_lang

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


label = in_lang  # the vocabulary's one helper for a (ja, en) pair


def value_label(column: str, value: object, lang: str) -> str:
    """A canonical value as the user reads it: stage and cloud labels, はい/いいえ, reason names."""
    shown = text(column, value)
    if shown == "":
        return "—"
    if column == "stage" and shown in STAGES:
        return label(STAGES[shown], lang)
    if column == "gov_cloud" and shown in GOV_CLOUD:
        return label(GOV_CLOUD[shown], lang)
    if column == "business_id":
        return business_name(shown, lang)
    if column == "special_support" and shown in ("true", "false"):
        return label(("はい", "yes") if shown == "true" else ("いいえ", "no"), lang)
    if column == "special_support_reason" and shown.isdigit() and int(shown) in SPECIAL_SUPPORT_REASONS:
        return f"{shown} {label(SPECIAL_SUPPORT_REASONS[int(shown)], lang)}"
    return shown


def column_label(column: object, lang: str) -> str:
    """A canonical column name as the user's header (Japanese template header or English)."""
    if column is None or (isinstance(column, float) and pd.isna(column)) or column == "":
        return "—"
    headers = HEADERS_EN if lang == "en" else HEADERS_JA
    return headers.get(str(column), str(column))


def when(value: object) -> str:
    """A stored time as Tokyo local time, minutes precision."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(TOKYO)
    return stamp.strftime("%Y-%m-%d %H:%M")


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
            cols[2]: [label(SEVERITY_LABELS.get(s, (s, s)), lang) for s in findings["severity"]],
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


def marked_cells(preview_: Preview, lang: str, *, localise: bool) -> Styler:
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
            cols[2]: [label(SOURCE_LABELS.get(s, (s, s)), lang) for s in frame["source"]],
            cols[3]: frame["filename"].fillna("").to_numpy(),
            cols[4]: frame["submitter"].fillna("").to_numpy(),
            cols[5]: [label(OUTCOME_LABELS.get(o, (o, o)), lang) for o in frame["outcome"]],
            cols[6]: frame["n_rows"].to_numpy(),
            cols[7]: frame["n_errors"].to_numpy(),
            cols[8]: frame["n_warnings"].to_numpy(),
        }
    )
