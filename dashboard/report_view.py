"""The report page's shared parts: the review of a checked submission (findings, marked cells,
changes, the confirmation), filing it and its receipt. Widgets only; the data comes from
`dashboard.reporting`."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, reporting
from dashboard.i18n import lang, tr

PENDING, RECEIPT, FORM_FOR, DONE_SHA = "report_pending", "report_receipt", "report_form_for", "report_done_sha"


def show_receipt() -> None:
    """The last submission's receipt: id, outcome, sha256 and counts."""
    receipt = st.session_state.get(RECEIPT)
    if not receipt:
        return
    with st.container(key="report_receipt", border=True):
        body = tr(
            f"提出番号 **#{receipt['submission_id']}**　行数 {receipt['n_rows']}　警告 {receipt['n_warnings']}"
            f"　エラー {receipt['n_errors']}\n\nsha256: `{receipt['sha256']}`",
            f"Submission **#{receipt['submission_id']}**, {receipt['n_rows']} rows, {receipt['n_warnings']}"
            f" warnings, {receipt['n_errors']} errors\n\nsha256: `{receipt['sha256']}`",
        )
        if receipt["outcome"] == "accepted":
            st.success(
                tr("受け付けました。公開ページに反映されています。", "Accepted: the public pages show it now.")
                + "\n\n"
                + body,
                icon=":material/check_circle:",
            )
        elif receipt["outcome"] == "duplicate":
            st.info(
                tr(
                    f"同じ内容は受付済みです（提出 #{receipt['duplicate_of']}）。二重には反映しません。",
                    f"The same content was already accepted (submission #{receipt['duplicate_of']});"
                    " it is not applied twice.",
                )
                + "\n\n"
                + body,
                icon=":material/info:",
            )
        else:
            st.error(
                tr(
                    "受け付けられませんでした。下の指摘を直して、もう一度提出してください。何も反映されていません。",
                    "Rejected: nothing was applied. Fix what is listed below and submit again.",
                )
                + "\n\n"
                + body,
                icon=":material/block:",
            )


def do_submit(preview: reporting.Preview, principal: reporting.Principal, code: str) -> None:
    """Ingest the previewed bytes (exactly those) and keep the receipt for the next run."""
    outcome = reporting.submit(
        preview.raw, filename=preview.filename, source=preview.source, submitter=auth.submitter(principal), code=code
    )
    r = outcome.receipt
    st.session_state[RECEIPT] = {
        "submission_id": r.submission_id,
        "outcome": r.outcome,
        "sha256": r.sha256,
        "n_rows": r.n_rows,
        "n_errors": r.n_errors,
        "n_warnings": r.n_warnings,
        "duplicate_of": r.duplicate_of,
    }
    st.session_state[DONE_SHA] = r.sha256
    if r.outcome == "rejected":
        # the store re-checked against newer data and refused: show what it found
        preview.findings = outcome.findings
        st.session_state[PENDING] = {"kind": st.session_state[PENDING]["kind"], "preview": preview, "final": True}
    else:
        st.session_state.pop(PENDING, None)
        st.session_state.pop(FORM_FOR, None)  # reload the form from the new latest status


def _verdict(preview: reporting.Preview) -> None:
    """One line on top of the review: errors block, warnings need the acknowledgement, or all clear."""
    if preview.n_errors:
        st.error(
            tr(
                f"エラーが {preview.n_errors} 件あります。赤い欄を直してください。エラーがある間は提出できません。",
                f"{preview.n_errors} errors: fix the cells marked red. Nothing can be submitted while there are errors.",
            ),
            icon=":material/block:",
        )
    elif preview.n_warnings:
        st.warning(
            tr(
                f"警告が {preview.n_warnings} 件あります。内容を確認のうえ、確認欄にチェックして提出してください。",
                f"{preview.n_warnings} warnings: read them, tick the acknowledgement and submit.",
            ),
            icon=":material/warning:",
        )
    else:
        st.success(tr("エラー・警告はありません。", "No errors or warnings."), icon=":material/check_circle:")
    if preview.duplicate_of:
        st.info(
            tr(
                f"同じ内容は受付済みです（提出 #{preview.duplicate_of}）。提出しても二重には反映されません。",
                f"This content was already accepted (submission #{preview.duplicate_of});"
                " submitting it again changes nothing.",
            )
        )


def _findings(preview: reporting.Preview, kind: str, language: str) -> None:
    """The findings by row and column, and the submitted cells with the offending ones marked."""
    st.markdown(tr("**指摘事項**（行・列ごと）", "**Findings** (by row and column)"))
    st.dataframe(
        reporting.findings_table(preview.findings, language),
        key=f"review_findings_{kind}",
        hide_index=True,
        width="stretch",
    )
    if preview.cells is not None:
        st.markdown(tr("**提出内容**（赤: エラー、黄: 警告）", "**Submitted rows** (red: error, amber: warning)"))
        st.dataframe(
            reporting.marked_cells(preview, language, localise=preview.source == "form"),
            key=f"review_cells_{kind}",
            width="stretch",
        )


def _changes(preview: reporting.Preview, kind: str, language: str) -> None:
    """What this report changes against the last accepted one."""
    st.markdown(tr("**前回の受付済み報告からの変更**", "**Changes against the last accepted report**"))
    before = preview.previous_as_of
    st.caption(
        tr(
            f"前回の基準日: {before or 'なし（初回報告）'}",
            f"Last accepted as-of date: {before or 'none (first report)'}",
        )
    )
    if len(preview.changes):
        st.dataframe(
            reporting.changes_table(preview.changes, language),
            key=f"review_changes_{kind}",
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(tr("内容の変更はありません（基準日のみ更新）。", "No change in content (only the as-of date)."))


def review(kind: str, principal: reporting.Principal, code: str) -> None:
    """The checked submission: findings by row and column, marked cells, changes, then confirm."""
    pending = st.session_state.get(PENDING)
    if not pending or pending["kind"] != kind:
        return
    preview: reporting.Preview = pending["preview"]
    language = lang()
    with st.container(key=f"review_{kind}", border=True):
        st.subheader(tr("確認", "Check"))
        _verdict(preview)
        if len(preview.findings):
            _findings(preview, kind, language)
        if not preview.n_errors:
            _changes(preview, kind, language)
        if pending.get("final"):
            return
        ack = True
        if preview.n_warnings and not preview.n_errors:
            ack = st.checkbox(
                tr("警告の内容を確認しました。このまま提出します。", "I have read the warnings and submit as it is."),
                key=f"review_ack_{kind}",
            )
        left, right = st.columns([1, 1])
        go = left.button(
            tr("この内容で提出する", "Submit this report"),
            key=f"review_submit_{kind}",
            type="primary",
            disabled=bool(preview.n_errors) or not ack,
        )
        if right.button(tr("取り消す", "Cancel"), key=f"review_cancel_{kind}"):
            st.session_state.pop(PENDING, None)
            st.rerun()
        # checked again here: a disabled button is a hint, not a guard
        if go and not preview.n_errors and ack:
            do_submit(preview, principal, code)
            st.rerun()
