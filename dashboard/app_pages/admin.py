"""管理 Admin (the CIO office): who has not reported (with the reminders), what changed (the digest),
rejected submissions with findings and raw files, the audit trail per municipality and business, the
tokens (issue, re-issue, revoke), the contacts, the admin log and the settings it can change."""

from __future__ import annotations

import logging
from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import admin_reminders, auth, captions, view
from dashboard.i18n import label, lang, tr
from dashboard.reporting import access, admin, dry_run, form, office, tables
from schemas.vocabulary.display import KPI_HELP, KPI_LABELS

log = logging.getLogger(__name__)


def coverage_tab() -> None:
    """Reporting coverage, the silent municipalities first."""
    language = lang()
    today = access.today()
    with access.connection(read_only=True) as con:
        days = admin.recent_report_days(con)
        frame = admin.coverage(con, today)
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
    table = admin.coverage_table(frame, language)
    st.dataframe(table, key="admin_coverage_table", hide_index=True, width="stretch")
    view.downloads(table, f"coverage_{today.isoformat()}", "admin_coverage")
    st.caption(
        tr(
            f"{captions.fmt_date(today)} 時点。{days}日以内に報告のない団体を「途絶」とします。"
            "上から、一度も報告のない団体、報告が古い団体の順です。",
            f"As of {captions.fmt_date(today)}. Late: no report in the last {days} days. "
            "Never-reported municipalities first, then the longest silent.",
        )
    )
    me = auth.current()
    if me is not None:
        admin_reminders.reminder_panel(int(days), me)


def rejected_tab() -> None:
    """Rejected submissions, one's findings and its raw file."""
    language = lang()
    with access.connection(read_only=True) as con:
        frame = admin.rejected(con)
    if not len(frame):
        st.info(tr("却下された提出はありません。", "No rejected submissions."))
        return
    st.dataframe(admin.rejected_table(frame, language), key="admin_rejected_table", hide_index=True, width="stretch")
    labels = {
        int(r["id"]): f"#{r['id']} {r['municipality_code'] or ''} {r['filename'] or ''}"
        for r in frame.to_dict("records")
    }
    pick = st.selectbox(
        tr("提出を選ぶ", "Submission"), list(labels), format_func=lambda i: labels[int(i)], key="admin_rejected_pick"
    )
    with access.connection(read_only=True) as con:
        found = access.submission_findings(con, int(pick), None)
        raw = access.raw_file(con, int(pick))
    places = None if raw is None else dry_run.stored_places(raw.data, raw.original_name, raw.source)
    if places is not None:
        view.plain_caption(tables.rows_note(places, language))
    with st.container(key="admin_rejected_findings"):
        view.plain_table(tables.findings_table(found, language, places, with_code=True), hide_index=True)
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
    with access.connection(read_only=True) as con:
        munis = access.municipalities(con)
    names = dict(zip(munis["code"], munis["name_en" if language == "en" else "name_ja"], strict=True))
    left, right = st.columns(2)
    code = left.selectbox(
        tr("団体", "Municipality"), list(names), format_func=lambda c: f"{c} {names[c]}", key="admin_audit_muni"
    )
    biz_ids = [None, *form.businesses()["business_id"]]
    business = right.selectbox(
        tr("業務", "Business"),
        biz_ids,
        format_func=lambda b: tr("すべて", "All") if b is None else form.business_name(b, language),
        key="admin_audit_business",
    )
    only = st.toggle(
        tr("変更のあった報告だけ", "Only reports that changed something"), value=True, key="admin_audit_only_changes"
    )
    with access.connection(read_only=True) as con:
        trail = admin.audit_trail(con, code, business)
        history = admin.admin_history(con, code)
    table = admin.audit_table(trail, language, only_changes=only)
    if len(table):
        st.dataframe(captions.screen_dates(table), key="admin_audit_table", hide_index=True, width="stretch")
        view.downloads(table, f"audit_{code}", "admin_audit")
    else:
        st.info(tr("受付済みの報告はありません。", "No accepted reports."))
    st.markdown(tr("**この団体の提出（受付・却下とも）**", "**This municipality's submissions (all outcomes)**"))
    st.dataframe(
        tables.history_table(history, language), key="admin_audit_submissions", hide_index=True, width="stretch"
    )


SHOWN = "admin_token_shown"


def _show_new_token() -> None:
    """A token just issued, shown this once with a copy button and the warning that it is never shown again."""
    shown = st.session_state.pop(SHOWN, None)
    if not shown:
        return
    with st.container(key="admin_new_token", border=True):
        st.success(shown["message"], icon=":material/key:")
        st.code(shown["token"], language=None)
        st.warning(
            tr(
                "このトークンはこの一度しか表示されません（保存されるのはハッシュだけです）。右上のボタンでコピーし、"
                "本人に安全な方法で渡してください。この画面を離れると二度と表示できません。",
                "This token is shown only now (only its hash is kept). Copy it with the button at its top right and "
                "hand it over safely: once you leave this view it cannot be shown again.",
            ),
            icon=":material/warning:",
        )


def _issue_form(me: access.Principal, names: dict[str, str]) -> None:
    holders = ["admin", *names]
    with st.form("admin_issue_form", clear_on_submit=True):
        st.markdown(tr("**新しいトークンを発行**", "**Issue a new token**"))
        left, right = st.columns(2)
        who = left.selectbox(
            tr("発行先", "For"),
            holders,
            format_func=lambda c: (
                tr("東京都 CIO 室（管理）", "Tokyo CIO office (admin)") if c == "admin" else f"{c} {names[c]}"
            ),
            key="admin_issue_who",
        )
        held_by = right.text_input(
            tr("ラベル（人名/部署）", "Label (person/department)"),
            max_chars=100,
            placeholder=tr("例: 情報政策課 山田", "e.g. IT policy section, Yamada"),
            key="admin_issue_label",
            help=tr(
                "このトークンで提出された報告の提出者として記録されます。",
                "Recorded as the submitter of every report made with this token.",
            ),
        )
        pressed = st.form_submit_button(tr("発行する", "Issue"), key="admin_issue_submit")
    if pressed:
        try:
            token_id, secret = access.issue_token(str(who), held_by or None, by=auth.submitter(me))
        except access.UserError as exc:
            st.error(tr(exc.ja, exc.en))
            return
        log.info("token #%d issued by token #%d", token_id, me.token_id)
        whom = tr("CIO 室（管理）", "the CIO office (admin)") if who == "admin" else f"{who} {names[str(who)]}"
        st.session_state[SHOWN] = {
            "token": secret,
            "message": tr(f"トークン #{token_id}（{whom}）を発行しました。", f"Issued token #{token_id} for {whom}."),
        }
        st.rerun()


def _live_labels(live: pd.DataFrame, names: dict[str, str]) -> dict[int, str]:
    out = {}
    for r in live.to_dict("records"):
        code = r["municipality_code"] if isinstance(r["municipality_code"], str) else None
        holder = f"{code} {names.get(code, '')}" if code else tr("CIO 室（管理）", "CIO office (admin)")
        held_by = r["label"] if isinstance(r["label"], str) else ""
        out[int(r["id"])] = f"#{r['id']} {holder} {held_by}".strip()
    return out


def _reissue_form(me: access.Principal, labels: dict[int, str]) -> None:
    with st.form("admin_reissue_form"):
        st.markdown(tr("**再発行（紛失・漏えい時）**", "**Re-issue (lost or exposed)**"))
        pick = st.selectbox(
            tr("再発行するトークン", "Token to re-issue"),
            list(labels),
            format_func=lambda i: labels[int(i)],
            key="admin_reissue_pick",
        )
        sure = st.checkbox(
            tr(
                "古いトークンを失効させ、そのログインをすべて終了して、新しいトークンを発行します",
                "Revoke the old token, end its sign-ins and issue a new one",
            ),
            key="admin_reissue_confirm",
        )
        pressed = st.form_submit_button(tr("再発行する", "Re-issue"), key="admin_reissue_submit")
    if pressed:
        if not sure:
            st.warning(tr("確認欄にチェックしてください。", "Tick the confirmation first."))
            return
        try:
            new_id, secret = access.reissue_token(int(pick), by=auth.submitter(me))
        except LookupError:
            st.error(tr(f"有効なトークン #{pick} はありません。", f"No live token #{pick}."))
            return
        log.info("token #%d re-issued as #%d by token #%d", int(pick), new_id, me.token_id)
        st.session_state[SHOWN] = {
            "token": secret,
            "message": tr(
                f"トークン #{pick} を失効させ、新しいトークン #{new_id} を発行しました。",
                f"Token #{pick} is revoked; new token #{new_id} issued.",
            ),
        }
        st.rerun()


def _revoke_form(me: access.Principal, labels: dict[int, str]) -> None:
    with st.form("admin_revoke_form"):
        st.markdown(tr("**失効**", "**Revoke**"))
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
        done = access.revoke_token(int(pick), by=auth.submitter(me))
        log.info("token #%d revoked by token #%d", int(pick), me.token_id)
        st.session_state["admin_revoked"] = int(pick) if done else None
        st.rerun()


def tokens_tab(me: access.Principal) -> None:
    """Issued tokens with their last use (Tokyo time); issue, re-issue and revoke."""
    language = lang()
    _show_new_token()
    revoked = st.session_state.pop("admin_revoked", None)
    if revoked:
        st.success(tr(f"トークン #{revoked} を失効させました。", f"Token #{revoked} is revoked."))
    with access.connection(read_only=True) as con:
        table = admin.tokens_table(con, language)
        live = admin.live_tokens(con)
        munis = access.municipalities(con)
    names = dict(zip(munis["code"], munis["name_en" if language == "en" else "name_ja"], strict=True))
    st.dataframe(table, key="admin_tokens_table", hide_index=True, width="stretch")
    st.caption(
        tr(
            "トークンの文字列は保存されず、発行時に一度だけ表示されます。時刻は日本時間です。",
            "Token strings are never stored: each is shown once, when issued. Times are Tokyo time.",
        )
    )
    _issue_form(me, names)
    if not len(live):
        return
    labels = _live_labels(live, names)
    _reissue_form(me, labels)
    _revoke_form(me, labels)


def log_tab() -> None:
    """The admin log: who did what, when."""
    language = lang()
    with access.connection(read_only=True) as con:
        table = office.log_table(con, language)
    if not len(table):
        st.info(tr("まだ記録はありません。", "Nothing recorded yet."))
        return
    st.dataframe(table, key="admin_log_table", hide_index=True, width="stretch")
    view.downloads(table, "admin_log", "admin_log")
    st.caption(
        tr(
            "トークンの発行・再発行・失効、連絡先の取込み、督促・テスト・ダイジェストの送信、設定の変更を記録します"
            "（コマンドラインからの操作は実行者 cli）。時刻は日本時間です。",
            "Tokens issued, re-issued and revoked, contacts imported, reminders, test messages and digests sent, "
            "settings changed (the command line's as cli). Tokyo time.",
        )
    )


def settings_tab(me: access.Principal) -> None:
    """The settings in force; the public URL, the digest's recipients and the receipt mail can be changed."""
    language = lang()
    with access.connection(read_only=True) as con:
        table = office.settings_table(con, language)
        current = {key: office.setting_in(con, key) for key in office.SETTING_LABELS}
    st.dataframe(table, key="admin_settings_table", hide_index=True, width="stretch")
    with st.form("admin_settings_form"):
        url = st.text_input(
            tr(*office.SETTING_LABELS["public_url"]),
            value=current["public_url"],
            placeholder="https://hyojunka.example.metro.tokyo.lg.jp",
            key="admin_setting_public_url",
            help=tr("督促メールの報告画面へのリンクに使います。", "The link to the report page in reminders."),
        )
        recipients = st.text_input(
            tr(*office.SETTING_LABELS["digest_recipients"]),
            value=current["digest_recipients"],
            placeholder="cio@example.metro.tokyo.lg.jp, ...",
            key="admin_setting_digest_recipients",
            help=tr("カンマ区切り", "Comma-separated"),
        )
        mail = st.checkbox(
            tr(*office.SETTING_LABELS["receipt_mail"]),
            value=current["receipt_mail"] == "1",
            key="admin_setting_receipt_mail",
            help=tr(
                "提出のたびに受付票（PDF）を、その団体の連絡先に送ります。",
                "After each submission, mail its receipt (PDF) to the municipality's contacts.",
            ),
        )
        pressed = st.form_submit_button(tr("保存する", "Save"), key="admin_settings_save")
    if pressed:
        wanted = {"public_url": url, "digest_recipients": recipients, "receipt_mail": "1" if mail else "0"}
        problems = []
        for key, value in wanted.items():
            if value == current[key]:
                continue
            try:
                office.put_setting(key, value, by=auth.submitter(me))
            except office.InvalidSetting as exc:
                problems.append(f"{tr(*office.SETTING_LABELS[key])}: {tr(exc.ja, exc.en)}")
        if problems:
            st.error("\n\n".join(problems))
            return
        st.session_state["admin_settings_saved"] = True
        st.rerun()
    if st.session_state.pop("admin_settings_saved", None):
        st.success(tr("設定を保存しました。", "Settings saved."))


def digest_tab(me: access.Principal) -> None:
    """変更: what changed between two days (default the last 7), the same digest as `hyojunka digest`."""
    language = lang()
    today = access.today()
    left, right = st.columns(2)
    since = left.date_input(
        tr("開始日", "From"),
        value=today - timedelta(days=6),
        max_value=today,
        key="admin_digest_since",
        format="YYYY/MM/DD",
    )
    until = right.date_input(
        tr("終了日", "To"), value=today, max_value=today, key="admin_digest_until", format="YYYY/MM/DD"
    )
    if since > until:
        st.warning(tr("開始日が終了日より後です。", "The start is after the end."))
        return
    found = office.compute_digest(since, until)
    counts = found.counts()
    st.caption(
        tr(
            f"{since:%Y/%m/%d}〜{until:%Y/%m/%d}（両日を含む）。開始日の前日と終了日の状況（報告の基準日による）を比べ、"
            "報告は期間中に受け付けたものを数えます。過去のどの期間でも同じ結果になります。",
            f"{since:%Y-%m-%d} to {until:%Y-%m-%d} (both included): the status on the day before the start against "
            "the status on the last day (by the reports' as-of dates); reports counted by when they arrived. "
            "Any past window gives the same digest again.",
        )
    )
    cols = st.columns(len(counts))
    for column, (name, n) in zip(cols, counts.items(), strict=True):
        column.metric(tr(*office.SECTIONS[name]), n)
    for name, table in office.digest_tables(found, language).items():
        st.markdown(f"**{tr(*office.SECTIONS[name])}（{len(table)}）**")
        if not len(table):
            st.caption(tr("なし", "None"))
            continue
        st.dataframe(table, key=f"admin_digest_{name}", hide_index=True, width="stretch")
        view.downloads(table, f"digest_{name}_{since:%Y%m%d}_{until:%Y%m%d}", f"admin_digest_{name}")
    recipients = office.setting("digest_recipients")
    with st.form("admin_digest_form"):
        st.markdown(
            tr(
                f"**CIO 室へメールで送る**（送信先: {recipients or '未設定。「設定」タブで入れてください'}）",
                f"**Mail it to the CIO office** (to: {recipients or 'not set: see the Settings tab'})",
            )
        )
        pressed = st.form_submit_button(tr("ダイジェストを送る", "Send the digest"), key="admin_digest_send")
    if pressed:
        try:
            sent = office.send_digest(found, by=auth.submitter(me))
        except access.UserError as exc:
            st.error(tr(exc.ja, exc.en))
            return
        if sent.error:
            st.error(tr(f"送信できませんでした: {sent.error}", f"Not sent: {sent.error}"))
        else:
            st.success(tr(f"{', '.join(sent.to)} に送りました。", f"Sent to {', '.join(sent.to)}."))


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
    cov, changes, rej, audit, toks, reach, logs, config = st.tabs(
        [
            tr("報告状況", "Reporting coverage"),
            tr("変更", "Changes"),
            tr("却下された提出", "Rejected submissions"),
            tr("監査ログ", "Audit trail"),
            tr("トークン", "Tokens"),
            tr("連絡先・督促", "Contacts & reminders"),
            tr("管理ログ", "Admin log"),
            tr("設定", "Settings"),
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
    with changes:
        digest_tab(principal)
    with reach:
        admin_reminders.contacts_tab(principal)
    with logs:
        log_tab()
    with config:
        settings_tab(principal)


try:
    main()
except access.StoreBusy:
    raise  # the app's one boundary tells the user
except Exception:  # no traceback reaches a user; the log keeps it
    log.exception("admin page failed")
    st.error(
        tr(
            "申し訳ありません。処理中に問題が起きました。時間をおいてやり直してください。",
            "Sorry, something went wrong. Please try again shortly.",
        )
    )
