"""報告 Report: a municipality's 20 systems as a prefilled form, a one-click "no change" report, or an
Excel/CSV upload; checked like the command line, changes shown before confirming, then a receipt."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

import streamlit as st

from dashboard import auth, reporting
from dashboard.i18n import lang, tr
from etl import read as reader
from etl import store, validate
from schemas.vocabulary import EARLIEST_AS_OF, GOV_CLOUD, SPECIAL_SUPPORT_REASONS, STAGES

log = logging.getLogger(__name__)
PENDING, RECEIPT, FORM_FOR, DONE_SHA = "report_pending", "report_receipt", "report_form_for", "report_done_sha"


def key(business_id: str, field: str) -> str:
    """The stable widget key of one cell of the form."""
    return f"report_{business_id}_{field}"


def load_form(code: str, prefilled) -> None:
    """Put the latest accepted status into the form's widgets (first visit, or after a submission)."""
    for row in prefilled.to_dict("records"):
        for field in reporting.FORM_FIELDS:
            st.session_state[key(row["business_id"], field)] = row[field]
    st.session_state["report_as_of"] = validate.today_in_tokyo().date()
    st.session_state[FORM_FOR] = code


def form_rows(prefilled) -> list[dict]:
    """The form's current values, one dict per business."""
    return [
        {"business_id": b, **{f: st.session_state.get(key(b, f)) for f in reporting.FORM_FIELDS}}
        for b in prefilled["business_id"]
    ]


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


def do_submit(preview: reporting.Preview, principal, code: str) -> None:
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


def review(kind: str, principal, code: str) -> None:
    """The checked submission: findings by row and column, marked cells, changes, then confirm."""
    pending = st.session_state.get(PENDING)
    if not pending or pending["kind"] != kind:
        return
    preview: reporting.Preview = pending["preview"]
    language = lang()
    localise = preview.source == "form"
    with st.container(key=f"review_{kind}", border=True):
        st.subheader(tr("確認", "Check"))
        if preview.n_errors:
            st.error(
                tr(
                    f"エラーが {preview.n_errors} 件あります。赤い欄を直してください。エラーがある間は提出できません。",
                    f"{preview.n_errors} errors: fix the cells marked red. Nothing can be submitted"
                    " while there are errors.",
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
        if len(preview.findings):
            st.markdown(tr("**指摘事項**（行・列ごと）", "**Findings** (by row and column)"))
            st.dataframe(
                reporting.findings_table(preview.findings, language),
                key=f"review_findings_{kind}",
                hide_index=True,
                width="stretch",
            )
            if preview.cells is not None:
                st.markdown(
                    tr("**提出内容**（赤: エラー、黄: 警告）", "**Submitted rows** (red: error, amber: warning)")
                )
                st.dataframe(
                    reporting.marked_cells(preview, language, localise=localise),
                    key=f"review_cells_{kind}",
                    width="stretch",
                )
        if not preview.n_errors:
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


def form_tab(principal, code: str, prefilled) -> None:
    """The prefilled form of the 20 systems and the one-click "no change" report."""
    language = lang()
    today = validate.today_in_tokyo().date()
    last = reporting.last_as_of(prefilled)
    col_a, col_b = st.columns([3, 2])
    col_a.markdown(
        tr(
            "前回受付済みの内容が入っています。変わった業務だけ直して「内容を確認」を押してください。",
            "The form holds your last accepted report: change what has changed and press “Check”.",
        )
    )
    no_change = col_b.button(
        tr("変更なしで報告（前回の内容を本日付で再確認）", "No change: re-confirm the last report as of today"),
        key="report_no_change",
        disabled=last is None,
        help=tr(
            "前回受付済みの内容を、基準日だけ今日にして提出します。",
            "Submits the last accepted status with today's date.",
        ),
    )
    if no_change:
        frame = reporting.no_change_frame(code, prefilled, today)
        raw = reporting.form_bytes(frame)
        preview = reporting.preview(raw, filename="form.json", source="form", code=code)
        st.session_state[PENDING] = {"kind": "form", "preview": preview}
        st.session_state.pop(RECEIPT, None)
        if not preview.n_errors and not preview.n_warnings:
            do_submit(preview, principal, code)
        st.rerun()

    if (
        any(key(b, "stage") not in st.session_state for b in prefilled["business_id"])
        or st.session_state.get(FORM_FOR) != code
    ):
        load_form(code, prefilled)

    # two lines a business, every field labelled, so that dates and Japanese labels stay readable
    widths_top = [2.0, 2.6, 1.9, 1.9, 2.6]
    widths_bottom = [1.0, 2.3, 2.5, 1.5, 2.4, 3.0]
    heads = [
        tr("業務", "Business"),
        tr("進捗段階", "Stage"),
        tr("移行完了予定日", "Target date"),
        tr("稼働日", "Go-live date"),
        tr("ガバメントクラウド", "Government Cloud"),
        tr("特定移行支援", "Special support"),
        tr("特定移行支援事由", "Special-support reason"),
        tr("PMO完了率", "PMO %"),
        tr("ベンダ", "Vendor"),
        tr("備考（非公開）", "Notes (private)"),
    ]
    stage_label = partial(reporting.value_label, "stage", lang=language)
    cloud_label = partial(reporting.value_label, "gov_cloud", lang=language)
    reason_label = partial(reporting.value_label, "special_support_reason", lang=language)
    with st.form("report_form", border=True):
        st.date_input(
            tr("基準日（この報告が示す日）", "As-of date (the day this report describes)"),
            key="report_as_of",
            min_value=EARLIEST_AS_OF,
            max_value=today,
            format="YYYY-MM-DD",
        )
        for number, biz in enumerate(prefilled.itertuples(), start=1):
            b = biz.business_id
            box = st.container(border=True, gap="small")
            cols = box.columns(widths_top, vertical_alignment="bottom")
            cols[0].markdown(f"**{number}. {reporting.business_name(b, language)}**")
            cols[1].selectbox(heads[1], list(STAGES), format_func=stage_label, key=key(b, "stage"))
            cols[2].date_input(
                heads[2],
                key=key(b, "target_date"),
                format="YYYY-MM-DD",
                min_value=date(2020, 1, 1),
                max_value=date(2040, 12, 31),
            )
            cols[3].date_input(
                heads[3],
                key=key(b, "go_live_date"),
                format="YYYY-MM-DD",
                min_value=date(2015, 1, 1),
                max_value=today,
            )
            cols[4].selectbox(
                heads[4],
                list(GOV_CLOUD),
                format_func=cloud_label,
                key=key(b, "gov_cloud"),
            )
            cols = box.columns(widths_bottom, vertical_alignment="bottom")
            cols[1].checkbox(heads[5], key=key(b, "special_support"))
            cols[2].selectbox(
                heads[6],
                [None, *SPECIAL_SUPPORT_REASONS],
                format_func=reason_label,
                key=key(b, "special_support_reason"),
                placeholder=tr("（なし）", "(none)"),
            )
            cols[3].number_input(
                heads[7],
                min_value=0.0,
                max_value=100.0,
                step=5.0,
                key=key(b, "pmo_progress"),
                value=None,  # empty stays empty (optional), instead of turning into 0
                placeholder="—",
            )
            cols[4].text_input(heads[8], max_chars=100, key=key(b, "vendor"))
            cols[5].text_input(heads[9], max_chars=1000, key=key(b, "notes"))
        st.caption(
            tr(
                "稼働日は「標準準拠システム稼働」のときだけ、事由は特定移行支援システムのときだけ入力します。"
                "備考は東京都 CIO 室と自団体だけが見られます。",
                "Go-live date only for live systems; a reason only for special-support systems. "
                "Notes are seen only by the CIO office and your municipality.",
            )
        )
        checked = st.form_submit_button(tr("内容を確認", "Check"), key="report_form_check", type="primary")
    if checked:
        as_of = st.session_state.get("report_as_of") or today
        frame = reporting.form_frame(code, as_of, form_rows(prefilled))
        raw = reporting.form_bytes(frame)
        st.session_state[PENDING] = {
            "kind": "form",
            "preview": reporting.preview(raw, filename="form.json", source="form", code=code),
        }
        st.session_state.pop(RECEIPT, None)
    review("form", principal, code)


def template_bytes(code: str, fmt: str) -> bytes:
    """The municipality's prefilled template, built when its download button is clicked."""
    from etl.template import build_template

    with reporting.connection(read_only=True) as con:
        return build_template(con, code, fmt)


def upload_tab(principal, code: str) -> None:
    """The prefilled template to download and an XLSX/CSV upload checked the same way."""
    st.markdown(
        tr(
            "1. 入力済みのテンプレートをダウンロード　2. 変わった欄を直して保存　3. ここにアップロード",
            "1. Download the prefilled template  2. Change what has changed and save  3. Upload it here",
        )
    )
    left, right = st.columns(2)
    # built on click, not on every rerun of this page: the workbook takes a noticeable moment
    left.download_button(
        tr("Excel テンプレート（入力済み）", "Excel template (prefilled)"),
        partial(template_bytes, code, "xlsx"),
        file_name=f"hyojunka_{code}.xlsx",
        key="report_template_xlsx",
        mime=reporting.MIMES["xlsx"],
    )
    right.download_button(
        tr("CSV テンプレート（入力済み）", "CSV template (prefilled)"),
        partial(template_bytes, code, "csv"),
        file_name=f"hyojunka_{code}.csv",
        key="report_template_csv",
        mime="text/csv",
    )
    upload = st.file_uploader(
        tr("報告ファイル（XLSX または CSV、5 MB まで）", "Report file (XLSX or CSV, up to 5 MB)"),
        type=["xlsx", "csv"],
        key="report_upload",
    )
    if upload is None:
        if (st.session_state.get(PENDING) or {}).get("kind") == "upload":
            st.session_state.pop(PENDING, None)
        return
    raw = upload.getvalue()
    digest = store.sha256(raw)
    pending = st.session_state.get(PENDING)
    if digest != st.session_state.get(DONE_SHA) and not (
        pending and pending["kind"] == "upload" and pending["preview"].sha256 == digest
    ):
        fmt = reader.detect_format(raw, upload.name)
        source = fmt if fmt in ("xlsx", "csv") else "csv"
        preview = reporting.preview(raw, filename=upload.name, source=source, code=code)
        st.session_state[PENDING] = {"kind": "upload", "preview": preview}
        st.session_state.pop(RECEIPT, None)
        if preview.n_errors:
            # a file with errors is a submission like on the command line: kept as rejected, nothing applied
            do_submit(preview, principal, code)
            st.rerun()
    review("upload", principal, code)


def history_tab(history, code: str) -> None:
    """The municipality's own submissions and the findings of one of them."""
    language = lang()
    if not len(history):
        st.info(tr("まだ提出はありません。", "No submissions yet."))
        return
    st.dataframe(
        reporting.history_table(history, language), key="report_history_table", hide_index=True, width="stretch"
    )
    ids = [int(i) for i in history["id"]]
    if st.session_state.get("report_history_newest") != ids[0]:
        # a new submission arrived: show its findings first
        st.session_state.pop("report_history_pick", None)
        st.session_state["report_history_newest"] = ids[0]
    labels = {
        int(r["id"]): f"#{r['id']} {reporting.when(r['received_at'])} "
        f"{reporting.OUTCOME_LABELS[r['outcome']][1 if language == 'en' else 0]}"
        for r in history.to_dict("records")
    }
    pick = st.selectbox(
        tr("指摘事項を見る提出", "Show the findings of"),
        ids,
        format_func=lambda i: labels[int(i)],
        key="report_history_pick",
    )
    with reporting.connection(read_only=True) as con:
        found = reporting.submission_findings(con, int(pick), code)
    if len(found):
        st.dataframe(
            reporting.findings_table(found, language), key="report_history_findings", hide_index=True, width="stretch"
        )
    else:
        st.caption(tr("指摘事項はありません。", "No findings."))


def main() -> None:
    """The page: guard, load, then the form, upload and history tabs."""
    st.title(tr("報告", "Report"))
    principal = auth.current()
    if principal is None:
        auth.ask_to_sign_in(
            tr(
                "報告するには、団体のアクセストークンでログインしてください。",
                "Sign in with your municipality's access token to report.",
            )
        )
        return
    if principal.is_admin:
        st.info(
            tr(
                "管理者トークンでは報告できません。管理画面をご利用ください。",
                "The admin token does not report: use the admin page.",
            )
        )
        st.page_link(
            "app_pages/admin.py", label=tr("管理画面へ", "Go to the admin page"), icon=":material/folder_open:"
        )
        return
    code = principal.municipality_code
    with reporting.connection(read_only=True) as con:
        names = reporting.municipalities(con).set_index("code")
        prefilled = reporting.prefill(con, code)
        history = reporting.history(con, code)
    name = names.at[code, "name_en" if lang() == "en" else "name_ja"] if code in names.index else code
    last = reporting.last_as_of(prefilled)
    st.markdown(f"### {name}（{code}）")
    st.caption(tr(f"前回受付済みの基準日: {last or '未報告'}", f"Last accepted as-of date: {last or 'never reported'}"))
    receipt_slot = st.container()  # filled last: a submission made further down this run shows at once
    form, upload, past = st.tabs(
        [
            tr("フォームで報告", "Report with the form"),
            tr("Excel・CSV で報告", "Report with Excel or CSV"),
            tr("提出履歴", "Submission history"),
        ]
    )
    with form:
        form_tab(principal, code, prefilled)
    with upload:
        upload_tab(principal, code)
    with past:
        history_tab(history, code)
    with receipt_slot:
        show_receipt()


try:
    main()
except store.StoreBusy as exc:
    st.error(auth.busy_message(exc), icon=":material/hourglass_top:")
except Exception:  # no traceback reaches a user; the log keeps it (tokens never enter it)
    log.exception("report page failed")
    st.error(
        tr(
            "申し訳ありません。処理中に問題が起きました。入力内容は提出されていません。時間をおいてやり直してください。",
            "Sorry, something went wrong; nothing was submitted. Please try again shortly.",
        )
    )
