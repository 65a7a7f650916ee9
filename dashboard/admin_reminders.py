"""The admin page's reminders and contacts (widgets only; the work is in `reporting.reminders`):
a panel under the coverage table that sends the reminders its threshold selects, and a tab that
keeps the municipalities' contacts and shows the reminders sent. Admin only: never on a public page."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import auth, view
from dashboard.i18n import lang, tr
from dashboard.reporting import access, office
from dashboard.reporting import reminders as work

log = logging.getLogger(__name__)


def _preview(everyone: list, silent_days: int, language: str) -> int:
    """Each reminder's subject and body as it would be sent (pick one); returns the index picked."""
    shown = office.previews(everyone, silent_days)
    pick = st.selectbox(
        tr("文面を確認する団体", "Read the reminder of"),
        list(range(len(shown))),
        format_func=lambda i: shown[int(i)][0],
        key="admin_remind_preview_pick",
    )
    who, to, subject, body = shown[int(pick)]
    no_contact = tr("（連絡先なし）", "(no contact)")
    with st.container(key="admin_remind_preview", border=True):
        st.markdown(f"**To:** {to or no_contact}  \n**{tr('件名', 'Subject')}:** {subject}")
        st.code(body, language=None, wrap_lines=True)
    return int(pick)


def _test_send(everyone: list, pick: int, silent_days: int, me: access.Principal) -> None:
    """Send the reminder shown to one typed address, marked as a test."""
    smtp_problem = work.smtp_problem()
    with st.form("admin_remind_test_form"):
        address = st.text_input(
            tr("テスト送信先（この一通だけ）", "Send this one message as a test to"),
            placeholder="name@example.metro.tokyo.lg.jp",
            key="admin_remind_test_to",
        )
        pressed = st.form_submit_button(
            tr("テスト送信", "Send a test"), key="admin_remind_test_send", disabled=smtp_problem is not None
        )
    if smtp_problem is not None:
        st.caption(tr(*smtp_problem) + tr("（テスト送信にも SMTP の設定が必要です）", " (a test needs SMTP too)"))
    if pressed:
        try:
            sent = office.send_test(everyone[pick], silent_days, address, by=auth.submitter(me))
        except access.UserError as exc:
            st.error(tr(exc.ja, exc.en))
            return
        if sent.error:
            st.error(tr(f"送信できませんでした: {sent.error}", f"Not sent: {sent.error}"))
        else:
            st.success(tr(f"{sent.to[0]} にテスト送信しました。", f"Test sent to {sent.to[0]}."))


def reminder_panel(silent_days: int, me: access.Principal) -> None:
    """Under the coverage table: who a reminder would go to at this threshold, each message to read
    first, the municipalities without a contact, a test message, and the send button."""
    language = lang()
    today = access.today()
    with st.expander(
        tr(
            f"{silent_days} 日以上報告のない団体に督促メールを送る",
            f"Remind municipalities silent for {silent_days}+ days",
        ),
        key="admin_remind_panel",
    ):
        ready, missing = work.plan(today, silent_days)
        if not ready and not missing:
            st.info(tr("該当する団体はありません。", "No municipality is that silent."))
            return
        st.dataframe(
            work.plan_table(ready, missing, language), key="admin_remind_plan", hide_index=True, width="stretch"
        )
        st.caption(
            tr(
                f"送信予定 {len(ready)} 団体、連絡先がなく送れない団体 {len(missing)}（「連絡先・督促」タブで登録）。",
                f"{len(ready)} to remind; {len(missing)} without a contact (add them on the Contacts tab).",
            )
        )
        if missing:
            st.markdown(tr(f"**連絡先のない団体（{len(missing)}）**", f"**Without a contact ({len(missing)})**"))
            st.dataframe(work.missing_table(missing, language), key="admin_remind_missing", hide_index=True)
        _, url_problem = office.link_base()
        if url_problem is not None:
            st.warning(
                tr(*url_problem)
                + tr(
                    " 下の文面のリンクは仮のものです。「設定」タブで公開 URL を設定してください。",
                    " The link below is a placeholder: set the public URL on the Settings tab.",
                ),
                icon=":material/link_off:",
            )
        everyone = [*ready, *missing]
        pick = _preview(everyone, silent_days, language)
        _test_send(everyone, pick, silent_days, me)
        config = work.settings()
        if config.problem is not None:
            st.info(
                tr(*config.problem)
                + tr("（送信にはサーバの環境設定が必要です）", " (sending needs the server's settings)")
            )
            return
        with st.form("admin_remind_form"):
            sure = st.checkbox(
                tr(f"{len(ready)} 団体に督促メールを送ります", f"Send {len(ready)} reminders"),
                key="admin_remind_confirm",
            )
            pressed = st.form_submit_button(
                tr("督促メールを送る", "Send reminders"), key="admin_remind_send", disabled=not ready
            )
        if pressed:
            if not sure:
                st.warning(tr("確認欄にチェックしてください。", "Tick the confirmation first."))
                return
            sent_by = auth.submitter(me)
            results = work.send(silent_days, sent_by, today)
            ok = sum(r.outcome == "sent" for r in results)
            log.info("reminders: %d sent, %d failed, by token #%d", ok, len(results) - ok, me.token_id)
            if ok == len(results):
                st.success(tr(f"{ok} 通の督促メールを送りました。", f"Sent {ok} reminders."), icon=":material/mail:")
            else:
                st.error(
                    tr(
                        f"{len(results) - ok} 通を送れませんでした（{ok} 通は送信済み）。送信履歴を確認してください。",
                        f"{len(results) - ok} reminders failed ({ok} sent): see the log.",
                    )
                )


def contacts_tab(me: access.Principal) -> None:
    """The municipalities' contacts (import a file), and the reminders sent so far."""
    language = lang()
    with access.connection(read_only=True) as con:
        table = work.contacts_table(con, language)
        sent = work.history_table(con, language)
    st.subheader(tr("連絡先", "Contacts"))
    st.caption(
        tr(
            "督促メールの送信先です（非公開）。CSV（団体コード, メールアドレス, 担当者, 部署）を取り込むと、"
            "ファイルにある団体の連絡先を置き換えます。`hyojunka contacts import` と同じです。",
            "Where reminders go (private). A CSV (municipality code, email, person, department) replaces the "
            "contacts of the municipalities it names, as `hyojunka contacts import` does.",
        )
    )
    if len(table):
        st.dataframe(table, key="admin_contacts_table", hide_index=True, width="stretch")
    else:
        st.info(tr("連絡先はまだありません。", "No contacts yet."))
    with st.form("admin_contacts_form", clear_on_submit=True):
        upload = st.file_uploader(
            tr("連絡先ファイル（CSV）", "Contacts file (CSV)"), type=["csv"], key="admin_contacts_file"
        )
        pressed = st.form_submit_button(tr("取り込む", "Import"), key="admin_contacts_import")
    if pressed and upload is not None:
        n, problems = work.import_contacts(upload.getvalue(), language, by=auth.submitter(me), filename=upload.name)
        if problems:
            st.error(
                tr("取り込みませんでした。次の問題を直してください:", "Not imported. Fix these first:")
                + "\n\n"
                + "\n".join(f"- {p}" for p in problems)
            )
        else:
            st.session_state["admin_contacts_kept"] = n
            st.rerun()
    kept = st.session_state.pop("admin_contacts_kept", None)
    if kept is not None:
        st.success(tr(f"{kept} 件の連絡先を登録しました。", f"Kept {kept} contacts."))
    st.subheader(tr("送信履歴", "Reminders sent"))
    if len(sent):
        st.dataframe(sent, key="admin_reminders_table", hide_index=True, width="stretch")
        view.downloads(sent, "reminders", "admin_reminders")
    else:
        st.info(tr("まだ督促メールは送っていません。", "No reminders sent yet."))
