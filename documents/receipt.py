"""The receipt (受付票) of one submission as an A4 PDF: its number, when it was received (Tokyo),
who submitted it and how, the outcome, what it changed against the last accepted report, every
finding, and the file's sha256 in small print. Set by WeasyPrint like the sheet (Noto Sans CJK JP
found through fontconfig); made when asked for, and mailed to the municipality's contacts where the
`receipt_mail` setting says so."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from dashboard import captions
from dashboard.reporting import access, admin, dry_run, tables
from documents import fonts
from etl import clock
from schemas.vocabulary.language import in_lang

TEMPLATES = Path(__file__).resolve().parent / "templates"
WORDS: dict[str, tuple[str, str]] = {
    "title": ("受付票", "Receipt"),
    "kicker": (
        "基幹業務システム標準化・ガバメントクラウド移行状況の報告",
        "Status report on the move to standard systems",
    ),
    "number": ("提出番号", "Submission"),
    "received": ("受付日時", "Received"),
    "municipality": ("団体", "Municipality"),
    "submitter": ("提出者", "Submitted by"),
    "how": ("方法・ファイル", "How"),
    "outcome": ("結果", "Outcome"),
    "counts": ("件数", "Counts"),
    "changes": ("変更内容", "What changed"),
    "findings": ("指摘", "Findings"),
    "no_findings": ("指摘はありません。", "No findings."),
    "file": ("受信したファイル", "File as received"),
    "footer": (
        "東京都 CIO 室 hyojunka が発行した受付票です。受信したファイルは原本のまま保存されています（sha256 で照合できます）。",
        "Issued by hyojunka, Tokyo CIO office. The file is kept exactly as received (match it by its sha256).",
    ),
}


class ReceiptMissing(access.UserError, LookupError):
    """No such submission (or not this municipality's)."""


@dataclass(frozen=True)
class ReceiptData:
    """Everything one receipt shows."""

    number: int
    code: str | None
    name: str
    received: str
    submitter: str
    how: str
    outcome: str
    outcome_code: str
    counts: str
    changes: pd.DataFrame
    unchanged: int
    findings: pd.DataFrame
    filename: str
    size: int
    sha256: str
    lang: str


def receipt_data(
    submission_id: int, code: str | None, *, lang: str = "ja", db: str | Path | None = None
) -> ReceiptData:
    """Read one submission's receipt; with a code, only that municipality's submission."""
    with access.connection(read_only=True, db=db) as con:
        rows = con.execute(access.sql("receipt_document"), {"submission_id": submission_id}).df()
        if not len(rows) or (code is not None and rows.at[0, "municipality_code"] != code):
            raise ReceiptMissing(f"提出 #{submission_id} はありません。", f"No submission #{submission_id}.")
        s = rows.iloc[0]
        found = access.submission_findings(con, submission_id, None)
        raw = access.raw_file(con, submission_id)
        muni = s["municipality_code"] if isinstance(s["municipality_code"], str) else None
        trail = admin.audit_trail(con, muni) if muni and s["outcome"] == "accepted" else None
    places = None if raw is None else dry_run.stored_places(raw.data, raw.original_name, raw.source)
    changes = pd.DataFrame()
    unchanged = 0
    if trail is not None and len(trail):
        mine = trail[trail["submission_id"] == submission_id].reset_index(drop=True)
        unchanged = int(sum(not c for c in mine["changed"]))
        changes = captions.screen_dates(admin.audit_table(mine, lang, only_changes=True).iloc[:, -3:])
    name = s["name_en" if lang == "en" else "name_ja"]
    received = pd.Timestamp(s["received_at"]).tz_convert(clock.TOKYO)
    n = (int(s["n_rows"]), int(s["n_warnings"]), int(s["n_errors"]))
    source = str(s["source"])
    return ReceiptData(
        number=int(s["id"]),
        code=muni,
        name=f"{name}（{muni}）" if muni and isinstance(name, str) else (muni or "—"),
        received=received.strftime("%Y/%m/%d %H:%M:%S") + in_lang(("（日本時間）", " (Tokyo time)"), lang),
        submitter=str(s["submitter"] or "—"),
        how=in_lang(tables.SOURCE_LABELS.get(source, (source, source)), lang)
        + (f" · {s['filename']}" if isinstance(s["filename"], str) else ""),
        outcome=in_lang(tables.OUTCOME_LABELS.get(str(s["outcome"]), (s["outcome"], s["outcome"])), lang)
        + (f"（#{int(s['duplicate_of'])}）" if pd.notna(s["duplicate_of"]) else ""),
        outcome_code=str(s["outcome"]),
        counts=in_lang(
            (f"{n[0]} 行、警告 {n[1]}、エラー {n[2]}", f"{n[0]} rows, {n[1]} warnings, {n[2]} errors"), lang
        ),
        changes=changes,
        unchanged=unchanged,
        findings=tables.findings_table(found, lang, places),
        filename=str(s["filename"] or ""),
        size=int(s["size_bytes"]),
        sha256=str(s["sha256"]),
        lang=lang,
    )


def _no_changes(data: ReceiptData) -> str:
    if data.outcome_code == "rejected":
        return in_lang(("却下のため、何も反映されていません。", "Rejected: nothing was applied."), data.lang)
    if data.outcome_code == "duplicate":
        return in_lang(
            ("受付済みの内容と同じため、反映していません。", "The same as an earlier submission: not applied again."),
            data.lang,
        )
    return in_lang(
        (f"変更はありません（{data.unchanged} 業務を再確認）。", f"No change ({data.unchanged} systems re-confirmed)."),
        data.lang,
    )


def receipt_html(data: ReceiptData, font: fonts.Font) -> str:
    """The receipt as HTML for WeasyPrint."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    findings = data.findings.drop(columns=[c for c in data.findings.columns[-1:]])  # the code column is for machines
    return env.get_template("receipt.html").render(
        lang=data.lang,
        w={k: in_lang(v, data.lang) for k, v in WORDS.items()},
        font_family=font.family,
        number=data.number,
        received=data.received,
        municipality=data.name,
        submitter=data.submitter,
        how=data.how,
        outcome=data.outcome,
        counts=data.counts,
        changes=[["" if pd.isna(v) else v for v in row] for row in data.changes.itertuples(index=False)],
        change_columns=list(data.changes.columns),
        no_changes=_no_changes(data),
        findings=[["" if pd.isna(v) else v for v in row] for row in findings.itertuples(index=False)],
        finding_columns=list(findings.columns),
        filename=data.filename,
        size=f"{data.size:,}",
        sha256=data.sha256,
    )


def render_receipt(submission_id: int, code: str | None, *, lang: str = "ja", db: str | Path | None = None) -> bytes:
    """One submission's receipt as PDF bytes."""
    import weasyprint

    font = fonts.noto_cjk()
    html = receipt_html(receipt_data(submission_id, code, lang=lang, db=db), font)
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def file_name(submission_id: int, lang: str = "ja") -> str:
    """The receipt's file name: hyojunka_receipt_<number>[_en].pdf."""
    return f"hyojunka_receipt_{submission_id}{'_en' if lang == 'en' else ''}.pdf"
