"""管理 Admin (the CIO office): who has not reported, rejected submissions with findings and raw files,
the audit trail per municipality and business, and the issued tokens with revocation."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import admin_reminders, auth, plain, reporting, view
from dashboard.i18n import label, lang, tr
from schemas.vocabulary import KPI_HELP, KPI_LABELS

log = logging.getLogger(__name__)


def coverage_tab() -> None:
    """Reporting coverage, the silent municipalities first."""
    language = lang()
    today = reporting.today()
    with reporting.connection(read_only=True) as con:
        days = reporting.recent_report_days(con)
        frame = reporting.coverage(con, today)
    total, never, late = len(frame), int(frame["never"].sum()), int(frame["late"].sum())
    a, b, c = st.columns(3)
    # the overview's card and the reminders count the same window (the setting recent_report_days)
    a.metric(
        tr(*KPI_LABELS["reported_recent"]).format(days=days),
        f"{total - late} / {total}",
        help=tr(*KPI_HELP["reported_recent"]).format(days=days),
    )
    b.metric(label("coverage", "late"), late - never)
    c.metric(tr("一度も報告なし", "Never reported"), never)
    table = reporting.coverage_table(frame, language)
    st.dataframe(table, key="admin_coverage_table", hide_index=True, width="stretch")
    st.download_button(
        tr("CSV をダウンロード", "Download CSV"),
        view.csv_bytes(table),
        file_name=f"coverage_{today.isoformat()}.csv",
        mime="text/csv",
        key="admin_coverage_csv",
    )
    st.caption(
        tr(
            f"{view.fmt_date(today)} 時点。{days}日以内に報告のない団体を「途絶」とします。"
            "上から、一度も報告のない団体、報告が古い団体の順です。",
            f"As of {view.fmt_date(today)}. Late: no report in the last {days} days. "
            "Never-reported municipalities first, then the longest silent.",
        )
    )
    me = auth.current()
    if me is not None:
        admin_reminders.reminder_panel(int(days), me)


def rejected_tab() -> None:
    """Rejected submissions, one's findings and its raw file."""
    language = lang()
    with reporting.connection(read_only=True) as con:
        frame = reporting.rejected(con)
    if not len(frame):
        st.info(tr("却下された提出はありません。", "No rejected submissions."))
        return
    st.dataframe(
        reporting.rejected_table(frame, language), key="admin_rejected_table", hide_index=True, width="stretch"
    )
    labels = {
        int(r["id"]): f"#{r['id']} {r['municipality_code'] or ''} {r['filename'] or ''}"
        for r in frame.to_dict("records")
    }
    pick = st.selectbox(
        tr("提出を選ぶ", "Submission"), list(labels), format_func=lambda i: labels[int(i)], key="admin_rejected_pick"
    )
    with reporting.connection(read_only=True) as con:
        found = reporting.submission_findings(con, int(pick), None)
        raw = reporting.raw_file(con, int(pick))
    places = None if raw is None else reporting.stored_places(raw.data, raw.original_name, raw.source)
    if places is not None:
        plain.caption(reporting.rows_note(places, language))
    with st.container(key="admin_rejected_findings"):
        plain.table(reporting.findings_table(found, language, places, with_code=True), hide_index=True)
    if raw is not None:
        st.download_button(
            tr("受信したファイルをダウンロード", "Download the file as received"),
            raw.data,
            file_name=raw.filename,
            mime=raw.mime,
            key="admin_rejected_raw",
        )


def audit_tab() -> None:
    """Who changed what, when and from which source, for one municipality and optionally one business."""
    language = lang()
    with reporting.connection(read_only=True) as con:
        munis = reporting.municipalities(con)
    names = dict(zip(munis["code"], munis["name_en" if language == "en" else "name_ja"], strict=True))
    left, right = st.columns(2)
    code = left.selectbox(
        tr("団体", "Municipality"), list(names), format_func=lambda c: f"{c} {names[c]}", key="admin_audit_muni"
    )
    biz_ids = [None, *reporting.businesses()["business_id"]]
    business = right.selectbox(
        tr("業務", "Business"),
        biz_ids,
        format_func=lambda b: tr("すべて", "All") if b is None else reporting.business_name(b, language),
        key="admin_audit_business",
    )
    only = st.toggle(
        tr("変更のあった報告だけ", "Only reports that changed something"), value=True, key="admin_audit_only_changes"
    )
    with reporting.connection(read_only=True) as con:
        trail = reporting.audit_trail(con, code, business)
        history = reporting.admin_history(con, code)
    table = reporting.audit_table(trail, language, only_changes=only)
    if len(table):
        st.dataframe(table, key="admin_audit_table", hide_index=True, width="stretch")
        st.download_button(
            tr("CSV をダウンロード", "Download CSV"),
            view.csv_bytes(table),
            file_name=f"audit_{code}.csv",
            mime="text/csv",
            key="admin_audit_csv",
        )
    else:
        st.info(tr("受付済みの報告はありません。", "No accepted reports."))
    st.markdown(tr("**この団体の提出（受付・却下とも）**", "**This municipality's submissions (all outcomes)**"))
    st.dataframe(
        reporting.history_table(history, language), key="admin_audit_submissions", hide_index=True, width="stretch"
    )


def tokens_tab(me: reporting.Principal) -> None:
    """Issued tokens with their last use; revoke one."""
    language = lang()
    with reporting.connection(read_only=True) as con:
        table = reporting.tokens_table(con, language)
        live = reporting.live_tokens(con)
    st.dataframe(table, key="admin_tokens_table", hide_index=True, width="stretch")
    st.caption(
        tr(
            "発行は `hyojunka token issue 団体コード`（コマンドライン）で行います。トークンの文字列は保存されません。",
            "Issue tokens with `hyojunka token issue CODE` on the command line; the token strings are never stored.",
        )
    )
    if not len(live):
        return
    labels = {
        int(r["id"]): f"#{r['id']} {r['municipality_code'] or 'admin'} {r['label'] or ''}".strip()
        for r in live.to_dict("records")
    }
    with st.form("admin_revoke_form"):
        pick = st.selectbox(
            tr("失効させるトークン", "Token to revoke"),
            list(labels),
            format_func=lambda i: labels[int(i)],
            key="admin_token_pick",
        )
        sure = st.checkbox(
            tr("このトークンを失効させます（元に戻せません）", "Revoke this token (cannot be undone)"),
            key="admin_token_confirm",
        )
        pressed = st.form_submit_button(tr("失効させる", "Revoke"), key="admin_token_revoke")
    if pressed:
        if not sure:
            st.warning(tr("確認欄にチェックしてください。", "Tick the confirmation first."))
            return
        done = reporting.revoke_token(int(pick))
        log.info("token #%d revoked by token #%d", int(pick), me.token_id)
        st.session_state["admin_revoked"] = int(pick) if done else None
        st.rerun()
    revoked = st.session_state.pop("admin_revoked", None)
    if revoked:
        st.success(tr(f"トークン #{revoked} を失効させました。", f"Token #{revoked} is revoked."))


def main() -> None:
    """The page: admin only, then five tabs."""
    st.title(tr("管理", "Admin"))
    principal = auth.current()
    if principal is None or not principal.is_admin:
        auth.ask_to_sign_in(
            tr(
                "管理画面は東京都 CIO 室の管理者トークンでログインした場合だけ使えます。",
                "The admin page needs the Tokyo CIO office's admin token.",
            )
        )
        return
    cov, rej, audit, toks, reach = st.tabs(
        [
            tr("報告状況", "Reporting coverage"),
            tr("却下された提出", "Rejected submissions"),
            tr("監査ログ", "Audit trail"),
            tr("トークン", "Tokens"),
            tr("連絡先・督促", "Contacts & reminders"),
        ]
    )
    with cov:
        coverage_tab()
    with rej:
        rejected_tab()
    with audit:
        audit_tab()
    with toks:
        tokens_tab(principal)
    with reach:
        admin_reminders.contacts_tab()


try:
    main()
except reporting.StoreBusy:
    raise  # the app's one boundary tells the user
except Exception:  # no traceback reaches a user; the log keeps it
    log.exception("admin page failed")
    st.error(
        tr(
            "申し訳ありません。処理中に問題が起きました。時間をおいてやり直してください。",
            "Sorry, something went wrong. Please try again shortly.",
        )
    )
