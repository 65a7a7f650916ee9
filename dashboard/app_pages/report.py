"""報告 Report: a municipality's 20 systems as a prefilled form, a one-click "no change" report, or an
Excel/CSV upload; checked like the command line, changes shown before confirming, then a receipt."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import auth, cost_view, view
from dashboard.i18n import label, lang, tr
from dashboard.report_view import DONE_SHA, FORM_FOR, PENDING, do_submit, review, start_review
from dashboard.reporting import access, dry_run, tables, values
from dashboard.reporting import form as report_form
from schemas.vocabulary.contract import EARLIEST_AS_OF, GOV_CLOUD, SPECIAL_SUPPORT_REASONS, STAGES

log = logging.getLogger(__name__)


def key(business_id: str, field: str) -> str:
    """The stable widget key of one cell of the form."""
    return f"report_{business_id}_{field}"


# the language the form's choice boxes were last given their choices in, and those boxes' fields
FORM_LANG = "report_form_lang"
CHOICE_FIELDS = ("stage", "gov_cloud", "special_support_reason")


def follow_language(prefilled: pd.DataFrame) -> None:
    """After a switch of language, hand every choice box of the form its choice again: a box keeps the
    text it was last given, so without this it would go on showing 「標準準拠システム稼働」 on the
    English page until the form is sent."""
    language = lang()
    if st.session_state.get(FORM_LANG, language) != language:
        for b in prefilled["business_id"]:
            for field in CHOICE_FIELDS:
                if key(b, field) in st.session_state:
                    st.session_state[key(b, field)] = st.session_state[key(b, field)]
    st.session_state[FORM_LANG] = language


def load_form(code: str, prefilled: pd.DataFrame) -> None:
    """Put the latest accepted status into the form's widgets (first visit, or after a submission)."""
    for row in prefilled.to_dict("records"):
        for field in report_form.FORM_FIELDS:
            st.session_state[key(row["business_id"], field)] = row[field]
        pmo = row["pmo_progress"]  # the form shows an integer percent
        st.session_state[key(row["business_id"], "pmo_progress")] = None if pmo is None or pd.isna(pmo) else round(pmo)
    st.session_state["report_as_of"] = access.today()
    st.session_state[FORM_FOR] = code


def form_rows(prefilled: pd.DataFrame) -> list[dict]:
    """The form's current values, one dict per business."""
    return [
        {"business_id": b, **{f: st.session_state.get(key(b, f)) for f in report_form.FORM_FIELDS}}
        for b in prefilled["business_id"]
    ]


def no_change_button(principal: access.Principal, code: str, prefilled: pd.DataFrame) -> None:
    """The one-click report that re-confirms the last accepted status as of today; its review (only
    when something needs a look) and its receipt right below it."""
    last = report_form.last_as_of(prefilled)
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
        today = access.today()
        frame = report_form.no_change_frame(code, prefilled, today)
        raw = report_form.form_bytes(frame)
        preview = dry_run.preview(raw, filename=report_form.form_filename(code, today), source="form", code=code)
        if preview.n_errors or len(preview.findings) or preview.duplicate_of:
            start_review(preview, "no_change")
        else:
            do_submit(preview, principal, code, "no_change")
            st.rerun()
    review("no_change", principal, code)


# two lines a business, every field labelled, so that dates and Japanese labels stay readable
WIDTHS_TOP = [1.8, 2.4, 1.7, 1.7, 2.8]
# the special-support box stands over its reason, in one column wide enough for its label at 1024 px
WIDTHS_BOTTOM = [4.6, 1.3, 2.4, 3.1]


def business_fields(number: int, b: str, today: date) -> None:
    """The labelled fields of one business, in a bordered box of two lines."""
    language = lang()
    box = st.container(border=True, gap="small")
    cols = box.columns(WIDTHS_TOP, vertical_alignment="bottom")
    cols[0].markdown(f"**{number}. {report_form.business_name(b, language)}**")
    cols[1].selectbox(
        tr("進捗段階", "Stage"),
        list(STAGES),
        format_func=partial(tables.value_label, "stage", lang=language),
        key=key(b, "stage"),
    )
    cols[2].date_input(
        tr("移行完了予定日", "Target date"),
        key=key(b, "target_date"),
        format="YYYY/MM/DD",
        min_value=date(2020, 1, 1),
        max_value=date(2040, 12, 31),
    )
    cols[3].date_input(
        tr("稼働日", "Go-live date"),
        key=key(b, "go_live_date"),
        format="YYYY/MM/DD",
        min_value=date(2015, 1, 1),
        max_value=today,
    )
    cols[4].selectbox(
        tr("ガバメントクラウド", "Government Cloud"),
        list(GOV_CLOUD),
        format_func=partial(tables.value_label, "gov_cloud", lang=language),
        key=key(b, "gov_cloud"),
    )
    cols = box.columns(WIDTHS_BOTTOM, vertical_alignment="bottom")
    cols[0].checkbox(tr("特定移行支援", "Special support"), key=key(b, "special_support"))
    cols[0].selectbox(
        tr("特定移行支援事由", "Special-support reason"),
        [None, *SPECIAL_SUPPORT_REASONS],
        format_func=partial(tables.value_label, "special_support_reason", lang=language),
        key=key(b, "special_support_reason"),
        placeholder=tr("（なし）", "(none)"),
    )
    cols[1].number_input(
        tr("PMO完了率（%）", "PMO (%)"),
        min_value=0,
        max_value=100,
        step=5,
        format="%d",
        key=key(b, "pmo_progress"),
        value=None,  # empty stays empty (optional), instead of turning into 0
        placeholder="—",
    )
    cols[2].text_input(
        tr("ベンダ", "Vendor"), max_chars=report_form.MAX_CHARS["vendor"], key=key(b, "vendor"), placeholder="—"
    )
    cols[3].text_input(
        tr("備考（非公開）", "Notes (private)"),
        max_chars=report_form.MAX_CHARS["notes"],
        key=key(b, "notes"),
        placeholder="—",
    )


def form_tab(principal: access.Principal, code: str, prefilled: pd.DataFrame) -> None:
    """The prefilled form of the 20 systems and the one-click "no change" report."""
    today = access.today()
    no_change_button(principal, code, prefilled)
    if (
        any(key(b, "stage") not in st.session_state for b in prefilled["business_id"])
        or st.session_state.get(FORM_FOR) != code
    ):
        load_form(code, prefilled)
    follow_language(prefilled)
    with st.form("report_form", border=True):
        st.date_input(
            tr("基準日（この報告が示す日）", "As-of date (the day this report describes)"),
            key="report_as_of",
            min_value=EARLIEST_AS_OF,
            max_value=today,
            format="YYYY/MM/DD",
        )
        for number, b in enumerate(prefilled["business_id"], start=1):
            business_fields(number, b, today)
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
        frame = report_form.form_frame(code, as_of, form_rows(prefilled))
        raw = report_form.form_bytes(frame)
        filename = report_form.form_filename(code, as_of)
        start_review(dry_run.preview(raw, filename=filename, source="form", code=code), "form")
    review("form", principal, code)


def upload_tab(principal: access.Principal, code: str) -> None:
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
        partial(access.template, code, "xlsx"),
        file_name=f"hyojunka_{code}.xlsx",
        key="report_template_xlsx",
        mime=access.MIMES["xlsx"],
        on_click="ignore",  # a rerun on the click would drop the file's maker before the browser asks for it
    )
    right.download_button(
        tr("CSV テンプレート（入力済み）", "CSV template (prefilled)"),
        partial(access.template, code, "csv"),
        file_name=f"hyojunka_{code}.csv",
        key="report_template_csv",
        mime="text/csv",
        on_click="ignore",
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
    digest = access.digest(raw)
    pending = st.session_state.get(PENDING)
    if digest != st.session_state.get(DONE_SHA) and not (
        pending and pending["kind"] == "upload" and pending["preview"].sha256 == digest
    ):
        fmt = access.file_format(raw, upload.name)
        source = fmt if fmt in ("xlsx", "csv") else "csv"
        # checked, not filed: only the review's submit files it (accepted, or rejected when the user
        # submits despite errors, as the command line does)
        start_review(dry_run.preview(raw, filename=upload.name, source=source, code=code), "upload")
    review("upload", principal, code)


def history_tab(history: pd.DataFrame, code: str) -> None:
    """The municipality's own submissions and the findings of one of them."""
    language = lang()
    if not len(history):
        st.info(tr("まだ提出はありません。", "No submissions yet."))
        return
    st.dataframe(tables.history_table(history, language), key="report_history_table", hide_index=True, width="stretch")
    ids = [int(i) for i in history["id"]]
    if (
        st.session_state.get("report_history_newest") != ids[0]
        or st.session_state.get("report_history_pick") not in ids
    ):
        # a new submission arrived: select it (set, not cleared, so that the selector the browser shows
        # and the table under it read the same one submission)
        st.session_state["report_history_pick"] = ids[0]
        st.session_state["report_history_newest"] = ids[0]
    labels = {
        int(r["id"]): f"#{r['id']} {tables.when(r['received_at'])} "
        f"{tables.OUTCOME_LABELS[r['outcome']][1 if language == 'en' else 0]}"
        for r in history.to_dict("records")
    }
    pick = st.selectbox(
        tr("指摘事項を見る提出", "Show the findings of"),
        ids,
        format_func=lambda i: labels[int(i)],
        key="report_history_pick",
    )
    with access.connection(read_only=True) as con:
        found = access.submission_findings(con, int(pick), code)
        places = dry_run.places_of_submission(con, int(pick)) if len(found) else None
    if places is not None:
        view.plain_caption(tables.rows_note(places, language))
        with st.container(key="report_history_findings"):
            view.plain_table(tables.findings_table(found, language, places), hide_index=True)
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
    if code is None:  # a municipality token always carries its code; only admin has none
        return
    with access.connection(read_only=True) as con:
        names = access.municipalities(con).set_index("code")
        prefilled = report_form.prefill(con, code)
        history = access.history(con, code)
    name = names.at[code, "name_en" if lang() == "en" else "name_ja"] if code in names.index else code
    last = report_form.last_as_of(prefilled)
    st.markdown(f"### {name}（{code}）")
    shown = values.slash_date(last)
    st.caption(tr("前回受付済みの基準日: ", "Last accepted as-of date: ") + (shown or label("coverage", "never")))
    form, upload, past, costs = st.tabs(
        [
            tr("フォームで報告", "Report with the form"),
            tr("Excel・CSV で報告", "Report with Excel or CSV"),
            tr("提出履歴", "Submission history"),
            tr("運用経費", "Operating costs"),
        ]
    )
    with form:
        form_tab(principal, code, prefilled)
    with upload:
        upload_tab(principal, code)
    with past:
        history_tab(history, code)
    with costs:
        cost_view.cost_tab(principal, code)


try:
    main()
except access.StoreBusy:
    raise  # the app's one boundary tells the user
except Exception:  # no traceback reaches a user; the log keeps it (tokens never enter it)
    log.exception("report page failed")
    st.error(
        tr(
            "申し訳ありません。処理中に問題が起きました。入力内容は提出されていません。時間をおいてやり直してください。",
            "Sorry, something went wrong; nothing was submitted. Please try again shortly.",
        )
    )
