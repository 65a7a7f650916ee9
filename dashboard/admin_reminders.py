"""The admin page's reminders and contacts (widgets only; the work is in `reporting.reminders`):
a panel under the coverage table that sends the reminders its threshold selects, and a tab that
keeps the municipalities' contacts and shows the reminders sent. Admin only: never on a public page."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import auth, view
from dashboard.i18n import lang, tr
from dashboard.reporting import access
from dashboard.reporting import reminders as work

log = logging.getLogger(__name__)


def reminder_panel(silent_days: int, me: access.Principal) -> None:
    """Under the coverage table: who a reminder would go to at this threshold, and a send button."""
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


def contacts_tab() -> None:
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
        n, problems = work.import_contacts(upload.getvalue(), language)
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
        st.download_button(
            tr("CSV をダウンロード", "Download CSV"),
            view.csv_bytes(sent),
            file_name="reminders.csv",
            mime="text/csv",
            key="admin_reminders_csv",
        )
    else:
        st.info(tr("まだ督促メールは送っていません。", "No reminders sent yet."))
