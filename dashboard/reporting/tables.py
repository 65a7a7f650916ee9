"""What the municipality reads: values and headers in its language, findings, the submitted cells
with the offending ones marked, the changes against the last accepted report and its history."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.captions import screen_day
from dashboard.reporting.dry_run import Places, Preview
from dashboard.reporting.form import business_name
from dashboard.reporting.values import row_number, text
from etl.clock import TOKYO
from etl.findings import KINDS
from schemas.fields import names
from schemas.vocabulary.contract import GOV_CLOUD, SPECIAL_SUPPORT_REASONS, STAGES
from schemas.vocabulary.labels import LABELS
from schemas.vocabulary.language import in_lang, lang_column

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
DATE_COLUMNS = frozenset(names(kind="date"))  # the report's days (the registry's date columns)


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
    if column in DATE_COLUMNS:
        return screen_day(shown)  # the screen's one date format (YYYY/MM/DD); files keep ISO
    return shown


def column_label(column: object, lang: str) -> str:
    """A canonical column name as the user's header (Japanese template header or English)."""
    if column is None or (isinstance(column, float) and pd.isna(column)) or column == "":
        return "—"
    header = LABELS["column"].get(str(column))
    return label(header, lang) if header else str(column)


def when(value: object) -> str:
    """A stored time as Tokyo local time, minutes precision."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(TOKYO)
    return stamp.strftime("%Y/%m/%d %H:%M")


SEVERITY_ORDER = {"error": 0, "warning": 1}


def ordered(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors first, then warnings; each by row (file-level findings first) and code."""
    if not len(findings):
        return findings
    rank = findings["severity"].map(SEVERITY_ORDER).fillna(2)
    out = findings.assign(_rank=rank).sort_values(["_rank", "row", "code"], na_position="first", kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def findings_table(
    findings: pd.DataFrame, lang: str, places: Places | None = None, with_code: bool = False
) -> pd.DataFrame:
    """Findings for people, errors first: the row as the user sees it (CSV line or Excel row with the
    header counted, the sheet for XLSX), the business, column header, severity, full message, value.

    The finding's code (the rule's name) only `with_code` (the CIO office's view; exports keep it
    too): a municipality reads the message, which names the values and the fix."""
    cols = [
        label(pair, lang)
        for pair in (
            ("行", "Row"),
            ("業務", "Business"),
            ("列", "Column"),
            ("種別", "Severity"),
            ("内容", "Message"),
            ("値", "Value"),
            ("コード", "Code"),
        )
    ]
    sheet = places.sheet if places is not None and places.source == "xlsx" else None
    if sheet is not None:
        cols = [label(("シート", "Sheet"), lang), *cols]
    if findings is None or not len(findings):
        return pd.DataFrame(columns=cols if with_code else cols[:-1])
    found = ordered(findings)
    rows = found["row"].tolist()
    if places is None:
        shown_rows = pd.array([row_number(r) for r in rows], dtype="Int64")
        names = ["—"] * len(rows)
    else:
        shown_rows = pd.array([places.row(r) for r in rows], dtype="Int64")
        names = [business_name(b, lang) if (b := places.business(r)) else "—" for r in rows]
    columns = {
        cols[-7]: shown_rows,
        cols[-6]: names,
        cols[-5]: [column_label(c, lang) for c in found["column"]],
        cols[-4]: [label(SEVERITY_LABELS.get(s, (s, s)), lang) for s in found["severity"]],
        cols[-3]: found[lang_column("message", lang)].to_numpy(),
        cols[-2]: found["value"].fillna("").to_numpy(),
        cols[-1]: found["code"].to_numpy(),
    }
    if sheet is not None:
        columns = {cols[0]: [sheet if r is not None else "" for r in (row_number(x) for x in rows)], **columns}
    if not with_code:
        del columns[cols[-1]]
        cols = cols[:-1]
    return pd.DataFrame(columns, columns=cols)


def rows_note(places: Places, lang: str) -> str:
    """How to read the row numbers of a findings table."""
    if places.source == "xlsx":
        sheet = places.sheet or ""
        return label(
            (
                f"行は Excel の行番号です（シート「{sheet}」、見出しが {places.header_row} 行目）。",
                f"Rows as Excel numbers them (the header is row {places.header_row}) on sheet '{sheet}'.",
            ),
            lang,
        )
    if places.source == "csv":
        return label(
            (
                f"行はファイルの行番号です（見出しが {places.header_row} 行目）。",
                f"Rows are the file's lines (the header is line {places.header_row}).",
            ),
            lang,
        )
    return label(("行はフォームの業務の番号です。", "Rows are numbered as in the form."), lang)


def standing_lines(standing: pd.DataFrame, places: Places, lang: str) -> list[str]:
    """Warnings that stand unchanged since the last accepted report, one line per kind."""
    lines = []
    for code, part in standing.groupby("code", sort=True):
        names = [business_name(b, lang) for r in part["row"] if (b := places.business(r))]
        more = len(names) > 4
        shown = label(
            ("、".join(names[:4]) + (" ほか" if more else ""), ", ".join(names[:4]) + (" and others" if more else "")),
            lang,
        )
        kind = label(KINDS.get(str(code), (str(code), str(code))), lang)
        lines.append(
            label(
                (
                    f"前回から変更のない {len(part)} 業務で引き続き: {kind}（{shown}）",
                    f"{len(part)} unchanged systems still: {kind} ({shown})",
                ),
                lang,
            )
        )
    return lines


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
    shown.index = pd.Index([preview_.places.row(n) for n in shown.index], name=label(("行", "Row"), lang))
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
    marks.index = pd.Index([preview_.places.row(n) for n in marks.index], name=label(("行", "Row"), lang))
    return marks


def marked_cells(preview_: Preview, lang: str, *, localise: bool) -> Styler:
    """The submitted rows as a styled table with the offending cells marked."""
    shown = cells_view(preview_, lang, localise=localise)
    marks = cell_marks(preview_, lang)
    return shown.style.apply(lambda _: marks, axis=None)


def changes_table(changes: pd.DataFrame, lang: str, places: Places | None = None) -> pd.DataFrame:
    """The changes against the last accepted report, in the language; rows numbered as the findings
    table numbers them (the CSV line or Excel row, through `places`)."""
    cols = [
        label(pair, lang)
        for pair in (
            ("行", "Row"),
            ("業務", "Business"),
            ("項目", "Field"),
            ("前回（受付済み）", "Last accepted"),
            ("今回", "This report"),
        )
    ]
    out = pd.DataFrame(
        {
            cols[0]: pd.array(
                [places.row(r) for r in changes["row"]] if places is not None else changes["row"], dtype="Int64"
            ),
            cols[1]: [business_name(b, lang) for b in changes["business_id"]],
            cols[2]: [column_label(c, lang) for c in changes["column"]],
            cols[3]: [value_label(c, v, lang) for c, v in zip(changes["column"], changes["before"], strict=True)],
            cols[4]: [value_label(c, v, lang) for c, v in zip(changes["column"], changes["after"], strict=True)],
        }
    )
    return out


# a submission's columns as people read them (the history, the CIO office's rejected list): header, cells
SUBMISSION_HEADERS = {
    "id": ("提出番号", "Submission"),
    "received_at": ("受付日時", "Received"),
    "municipality_code": ("団体コード", "Code"),
    "name": ("団体名", "Municipality"),
    "source": ("方法", "Source"),
    "filename": ("ファイル", "File"),
    "submitter": ("提出者", "Submitter"),
    "outcome": ("結果", "Outcome"),
    "n_rows": ("行数", "Rows"),
    "n_errors": ("エラー", "Errors"),
    "n_warnings": ("警告", "Warnings"),
}
HISTORY_COLUMNS = [
    "id",
    "received_at",
    "source",
    "filename",
    "submitter",
    "outcome",
    "n_rows",
    "n_errors",
    "n_warnings",
]


def _submission_cells(frame: pd.DataFrame, column: str, lang: str) -> Any:
    if column == "received_at":
        return [when(v) for v in frame[column]]
    if column == "source":
        return [label(SOURCE_LABELS.get(s, (s, s)), lang) for s in frame[column]]
    if column == "outcome":
        return [label(OUTCOME_LABELS.get(o, (o, o)), lang) for o in frame[column]]
    if column == "name":
        return frame[lang_column("name", lang)].fillna("").to_numpy()
    if column in ("municipality_code", "filename", "submitter"):
        return frame[column].fillna("").to_numpy()
    return frame[column].to_numpy()


def submissions_table(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Submissions for people: the columns asked for (`SUBMISSION_HEADERS`), each under its label."""
    heads = [label(SUBMISSION_HEADERS[c], lang) for c in columns]
    if not len(frame):
        return pd.DataFrame(columns=heads)
    return pd.DataFrame({h: _submission_cells(frame, c, lang) for h, c in zip(heads, columns, strict=True)})


def history_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Submissions for people: id, received, source, file, outcome, counts."""
    return submissions_table(frame, HISTORY_COLUMNS, lang)
