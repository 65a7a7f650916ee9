"""The sign-in, report and admin pages driven through AppTest against a real DuckDB file."""

from __future__ import annotations

import json
from datetime import timedelta

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import auth, plain, queries
from dashboard.reporting import access, form
from etl import ingest, store
from tests.support.apptest import TODAY, accept, all_text, issue, report_bytes, signed_in
from tests.support.codes import CHIYODA, CHUO
from tests.support.factories import form_rows
from tests.support.paths import APP


def kpis() -> dict[str, int]:
    with store.connect(read_only=True) as con:
        return queries.kpis(con, TODAY)


def submissions() -> pd.DataFrame:
    with store.connect(read_only=True) as con:
        return con.execute("select * from v_submissions order by id").df()


def frame_by_columns(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page (interactive or static) that has these columns."""
    # a static table renders Markdown: its cells are escaped (dashboard.plain), read as shown
    for value in [*(df.value for df in at.dataframe), *(plain.shown_frame(t.value) for t in at.table)]:
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}")


# ------------------------------------------------------------------------------------------------ sign-in
def fail_signins(at: AppTest, n: int, start: int = 1) -> None:
    """Try n wrong tokens on the sign-in page of this app session."""
    for attempt in range(start, start + n):
        at.text_input(key="signin_token").input(f"hyj_wrong{attempt}")
        at.button(key="signin_submit").click().run()


def end_the_wait() -> None:
    """Let time pass for the throttle: every client's wait is over (its failure count stays)."""
    with store.connect() as con:
        con.execute("update signin_failures set wait_until = now() - interval 1 second")


def test_a_wrong_token_is_refused_and_repeated_failures_are_slowed(tmp_db):
    token_id, token = issue(CHIYODA)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/signin.py").run()
    for attempt in range(1, auth.FREE_ATTEMPTS + 1):
        fail_signins(at, 1, attempt)
        assert "トークンが正しくないか" in at.error[0].value
    assert "秒後にやり直せます" in at.error[0].value  # the fifth failure starts the wait

    # while the client waits, even the right token is not checked
    at.text_input(key="signin_token").input(token)
    at.button(key="signin_submit").click().run()
    assert "待ってからやり直してください" in at.error[0].value
    assert auth.PRINCIPAL_KEY not in at.session_state
    with store.connect(read_only=True) as con:
        assert con.execute("select last_used_at from tokens where id = ?", [token_id]).fetchone()[0] is None

    # a further failure after the wait doubles it
    end_the_wait()
    fail_signins(at, 1, 6)
    assert f"{int(auth.FIRST_WAIT_S * 2)} 秒後" in at.error[0].value

    # once the wait is over, the right token signs in and the token is shown nowhere
    end_the_wait()
    at.text_input(key="signin_token").input(token)
    at.button(key="signin_submit").click().run()
    assert not at.error
    assert at.session_state[auth.PRINCIPAL_KEY].municipality_code == CHIYODA
    at.switch_page("app_pages/signin.py").run()
    assert "千代田区" in at.success[0].value
    assert not at.text_input  # signed in: no token field, and the token is shown nowhere
    assert token not in all_text(at)
    assert token not in repr([at.session_state[k] for k in at.session_state])


def test_the_throttle_holds_across_new_sessions(tmp_db):
    """Every reload is a new session: the failures are counted per client in the store, not per session."""
    _, token = issue(CHIYODA)
    for attempt in range(1, auth.FREE_ATTEMPTS + 1):
        at = AppTest.from_file(APP, default_timeout=60)  # a fresh session, as after a reload
        at.switch_page("app_pages/signin.py").run()
        fail_signins(at, 1, attempt)
        assert "トークンが正しくないか" in at.error[0].value
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.switch_page("app_pages/signin.py").run()
    fresh.text_input(key="signin_token").input(token)
    fresh.button(key="signin_submit").click().run()
    assert "待ってからやり直してください" in fresh.error[0].value
    assert auth.PRINCIPAL_KEY not in fresh.session_state
    end_the_wait()
    fresh.text_input(key="signin_token").input(token)
    fresh.button(key="signin_submit").click().run()
    assert fresh.session_state[auth.PRINCIPAL_KEY].municipality_code == CHIYODA
    with store.connect(read_only=True) as con:  # a success starts the count again
        assert con.execute("select count(*) from signin_failures").fetchone()[0] == 0


def test_pages_ask_for_sign_in_and_sign_out_forgets_the_session(tmp_db):
    _, token = issue(CHIYODA)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/report.py").run()
    assert "ログインしてください" in at.info[0].value
    assert not at.selectbox
    at = signed_in(token)
    assert at.selectbox(key="report_resident_registry_stage")
    at.button(key="signout").click().run()
    assert auth.PRINCIPAL_KEY not in at.session_state
    at.run()
    assert "ログインしてください" in at.info[0].value


def test_a_municipality_token_does_not_open_the_admin_page(tmp_db):
    _, token = issue(CHIYODA)
    at = signed_in(token, "app_pages/admin.py")
    assert "管理者トークン" in at.info[0].value
    assert not at.tabs


# ------------------------------------------------------------------------------------------------ the form
def test_a_form_change_is_accepted_and_the_overview_numbers_move(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA, "千代田区 情報政策課 山田")
    before = kpis()
    at = signed_in(token)
    assert at.selectbox(key="report_resident_registry_stage").value == "procurement"  # prefilled

    at.selectbox(key="report_resident_registry_stage").set_value("live")
    at.date_input(key="report_resident_registry_go_live_date").set_value(TODAY - timedelta(days=3))
    at.date_input(key="report_resident_registry_target_date").set_value(TODAY - timedelta(days=3))
    at.selectbox(key="report_resident_registry_gov_cloud").set_value("running")
    at.checkbox(key="report_resident_registry_special_support").uncheck()
    at.selectbox(key="report_resident_registry_special_support_reason").set_value(None)
    at.button(key="report_form_check").click().run()
    assert not at.exception and not at.error
    changes = frame_by_columns(at, "業務", "項目", "前回（受付済み）", "今回")
    stage = changes[changes["項目"] == "進捗段階"]
    assert stage.iloc[0].tolist()[1:] == ["住民基本台帳", "進捗段階", "事業者選定・契約", "標準準拠システム稼働"]
    assert set(changes["業務"]) == {"住民基本台帳"}  # nothing else changed
    assert len(submissions()) == 1  # checking stores nothing

    at.button(key="review_submit_form").click().run()
    assert not at.exception
    receipt = at.success[0].value
    subs = submissions()
    new = subs.iloc[-1]
    assert new["outcome"] == "accepted" and new["source"] == "form" and new["submitter_code"] == CHIYODA
    assert new["submitter"] == "千代田区 情報政策課 山田"  # the token's label, not "token#N"
    assert f"#{new['id']}" in receipt and new["sha256"] in receipt
    after = kpis()
    assert after["live"] == before["live"] + 1
    assert after["registry_live"] == before["registry_live"] + 1
    with store.connect(read_only=True) as con:
        stage_now, raw = con.execute(
            "select l.stage, s.raw from latest_status l join submissions s on s.id = l.submission_id"
            " where l.municipality_code = ? and l.business_id = 'resident_registry'",
            [CHIYODA],
        ).fetchone()
    assert stage_now == "live"
    assert len(json.loads(bytes(raw))) == 20  # the form's data kept as JSON
    # the form reloads from the new latest status
    assert at.selectbox(key="report_resident_registry_stage").value == "live"


def test_warnings_need_the_acknowledgement(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA, stage="procurement"))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.selectbox(key="report_resident_registry_stage").set_value("planning")
    at.button(key="report_form_check").click().run()
    assert "警告が 1 件" in at.warning[0].value
    found = frame_by_columns(at, "行", "列", "種別", "内容")
    assert found.iloc[0][["行", "列", "種別"]].tolist() == [1, "進捗段階", "警告"]
    assert "後退" in found.iloc[0]["内容"]
    assert at.button(key="review_submit_form").disabled
    at.run()
    assert len(submissions()) == 1

    at.checkbox(key="review_ack_form").check().run()
    assert not at.button(key="review_submit_form").disabled
    at.button(key="review_submit_form").click().run()
    new = submissions().iloc[-1]
    assert (new["outcome"], new["n_warnings"]) == ("accepted", 1)
    assert "受け付けました" in at.success[0].value


def test_errors_in_the_form_block_and_point_at_row_and_column(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.selectbox(key="report_resident_registry_stage").set_value("live")  # live without a go-live date
    at.button(key="report_form_check").click().run()
    assert "エラーが" in at.error[0].value
    found = frame_by_columns(at, "行", "列", "種別", "内容")
    assert "コード" not in found.columns  # the rule's code is the CIO office's, not the municipality's
    row = found[found["列"] == "稼働日"].iloc[0]
    assert (row["行"], row["列"], row["種別"]) == (1, "稼働日", "エラー")
    assert "稼働日が空欄" in row["内容"] and "入力してください" in row["内容"]
    assert at.button(key="review_submit_form").disabled
    assert len(submissions()) == 1


def test_the_no_change_report_reconfirms_the_last_status_as_of_today(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA, as_of=TODAY - timedelta(days=40)))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.button(key="report_no_change").click().run()
    assert not at.exception
    new = submissions().iloc[-1]
    assert new["outcome"] == "accepted" and new["n_rows"] == 20
    with store.connect(read_only=True) as con:
        days = con.execute("select distinct as_of from latest_status where municipality_code = ?", [CHIYODA]).fetchall()
    assert days == [(TODAY,)]
    assert f"#{new['id']}" in at.success[0].value


def test_english_on_the_toggle(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.toggle(key="lang_toggle").set_value(True).run()
    at.selectbox(key="report_resident_registry_stage").set_value("live")
    at.button(key="report_form_check").click().run()
    found = frame_by_columns(at, "Row", "Column", "Severity", "Message")
    row = found[found["Column"] == "Go-live date"].iloc[0]
    assert (row["Row"], row["Column"]) == (1, "Go-live date")
    assert row["Message"] == (
        "The stage is 'Live' but the go-live date is empty: put the day it went live in the go-live date column."
    )


# ------------------------------------------------------------------------------------------------ upload
BAD_CSV = (
    "団体コード,業務,基準日,進捗段階,移行完了予定日,稼働日,ガバメントクラウド,特定移行支援システム,特定移行支援事由\n"
    f"{CHIYODA},住民基本台帳,{TODAY - timedelta(days=1)},標準準拠システム稼働,,{TODAY - timedelta(days=9)},"
    "ガバメントクラウドで稼働,いいえ,\n"
    f"{CHIYODA},戸籍の附票,{TODAY - timedelta(days=1)},完了,2027-03-31,,利用予定,はい,4\n"
    f"{CHIYODA},印鑑登録,2026/13/40,移行作業・テスト,2027-03-31,,利用予定,はい,4\n"
).encode("cp932")


def test_a_bad_upload_is_checked_not_filed_until_submitted_despite_errors(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.file_uploader(key="report_upload").upload("chiyoda.csv", BAD_CSV, "text/csv").run()
    assert not at.exception
    found = frame_by_columns(at, "行", "業務", "列", "種別", "内容")
    # the CSV's own line numbers (the header is line 1), the business of the row, errors first
    # the municipality reads messages, not the rules' codes (those are the CIO office's and the exports')
    assert "コード" not in found.columns
    stage = found[(found["行"] == 3) & (found["列"] == "進捗段階")].iloc[0]
    assert (found[(found["行"] == 4) & (found["列"] == "基準日")]["内容"].str.contains("日付として読めません")).any()
    assert stage["業務"] == "戸籍の附票"
    assert "「完了」" in stage["内容"] and "未着手" in stage["内容"]  # the allowed values named
    severities = found["種別"].tolist()
    assert severities == sorted(severities, key=lambda s: s != "エラー")  # errors first
    cells = frame_by_columns(at, "進捗段階", "基準日")
    assert list(cells.index) == [2, 3, 4] and cells.loc[3, "進捗段階"] == "完了"  # the cells as written
    # checked, not filed
    assert len(submissions()) == 1
    assert "まだ提出していません" in at.error[0].value
    assert at.button(key="review_submit_upload").disabled

    # filing despite the errors is a secondary action behind a confirmation saying nothing is applied
    assert at.button(key="review_submit_rejected_upload").disabled
    assert any("何も反映されません" in w.value for w in at.warning)
    at.checkbox(key="review_rejected_confirm_upload").check().run()
    at.button(key="review_submit_rejected_upload").click().run()
    new = submissions().iloc[-1]
    assert len(submissions()) == 2
    assert (new["outcome"], new["source"], new["filename"]) == ("rejected", "csv", "chiyoda.csv")
    assert "却下として記録しました" in at.error[0].value
    # the rejected receipt repeats its errors at the file's lines
    again = frame_by_columns(at, "行", "列", "内容")
    assert ((again["行"] == 3) & (again["列"] == "進捗段階")).any()
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from latest_status where stage = 'live'").fetchone()[0] == 0
    # the history tab opens on it, with its findings at the file's lines
    assert at.selectbox(key="report_history_pick").value == new["id"]
    history = frame_by_columns(at, "提出番号", "結果")
    assert history.iloc[0]["結果"] == "却下"


def test_the_same_bytes_are_filed_once(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA)
    with store.connect(read_only=True) as con:
        from etl.template import build_template

        raw = build_template(con, CHIYODA, "csv")
    first = signed_in(token)
    first.file_uploader(key="report_upload").upload("a.csv", raw, "text/csv").run()
    first.button(key="review_submit_upload").click().run()
    assert "受け付けました" in first.success[0].value
    filed = submissions()
    assert len(filed) == 2

    again = signed_in(token)  # another session, the same file under another name
    again.file_uploader(key="report_upload").upload("b.csv", raw, "text/csv").run()
    assert f"提出 #{filed.iloc[-1]['id']} として受付済み" in " ".join(i.value for i in again.info)
    again.button(key="review_submit_upload").click().run()
    assert len(submissions()) == 2  # acknowledged as the earlier submission, not filed again
    assert f"提出 #{filed.iloc[-1]['id']} として受付済み" in " ".join(i.value for i in again.info)


def standing_report(code: str) -> bytes:
    """20 systems under way with targets after 2026-03-31 and no special support: 20 warnings."""
    rows = form_rows("migration")
    for row in rows:
        row.update(special_support=False, special_support_reason=None)
    return form.form_bytes(form.form_frame(code, TODAY - timedelta(days=7), rows))


def test_standing_warnings_are_one_line_and_new_ones_listed(tmp_db):
    accept(CHIYODA, standing_report(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.selectbox(key="report_resident_registry_stage").set_value("planning")  # backwards: a new warning
    at.button(key="report_form_check").click().run()
    assert not at.exception
    assert "新しい警告が 2 件" in at.warning[0].value  # the changed row's two warnings
    found = frame_by_columns(at, "行", "業務", "種別", "内容")
    assert set(found["業務"]) == {"住民基本台帳"} and len(found) == 2
    standing = " ".join(plain.shown(m.value) for m in at.markdown)
    assert (
        "前回から変更のない 19 業務で引き続き: 移行完了予定日が 2026/03/31 より後で特定移行支援システムではない"
        in standing
    )
    assert at.button(key="review_submit_form").disabled
    at.checkbox(key="review_ack_form").check().run()
    at.button(key="review_submit_form").click().run()
    new = submissions().iloc[-1]
    assert (new["outcome"], new["n_warnings"]) == ("accepted", 21)  # the stored findings stay complete
    assert new["filename"] == f"form_{CHIYODA}_{TODAY:%Y%m%d}.json"


def test_no_change_with_standing_warnings_is_one_click_and_one_confirmation(tmp_db):
    accept(CHIYODA, standing_report(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    at.button(key="report_no_change").click().run()
    assert not at.exception and len(submissions()) == 1
    assert not [c for c in at.checkbox if c.key == "review_ack_no_change"]  # no tick: the button is it
    confirm = at.button(key="review_submit_no_change")
    assert not confirm.disabled and "前回と同じ警告を確認して提出する" in confirm.label
    confirm.click().run()
    new = submissions().iloc[-1]
    assert (new["outcome"], new["n_warnings"]) == ("accepted", 20)
    assert f"#{new['id']}" in at.success[0].value


def test_a_good_upload_of_the_template_is_previewed_then_accepted(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    template = at.get("download_button")
    xlsx = next(b for b in template if b.key == "report_template_xlsx")
    assert xlsx
    from etl.template import build_template

    with store.connect(read_only=True) as con:
        raw = build_template(con, CHIYODA, "xlsx")
    at.file_uploader(key="report_upload").upload("hyojunka_131016.xlsx", raw, access.MIMES["xlsx"]).run()
    assert not at.exception and not at.error
    assert "内容の変更はありません" in " ".join(i.value for i in at.info)
    assert len(submissions()) == 1
    at.button(key="review_submit_upload").click().run()
    new = submissions().iloc[-1]
    assert (new["outcome"], new["source"]) == ("accepted", "xlsx")


# ------------------------------------------------------------------------------------------------ isolation
def test_a_municipality_sees_only_its_own_data_and_notes(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA, notes="千代田の内部メモ"))
    accept(CHUO, report_bytes(CHUO, notes="中央区だけの秘密メモ"))
    _, token = issue(CHIYODA)
    at = signed_in(token)
    text = all_text(at)
    assert "千代田の内部メモ" in text
    assert "中央区だけの秘密メモ" not in text
    history = frame_by_columns(at, "提出番号", "結果")
    assert len(history) == 1
    # a submission id of another municipality gives no findings
    with store.connect(read_only=True) as con:
        other = con.execute("select id from submissions where submitter_code = ?", [CHUO]).fetchone()[0]
        assert access.submission_findings(con, other, CHIYODA).empty


# ------------------------------------------------------------------------------------------------ admin
def test_admin_sees_coverage_rejections_audit_and_revokes_tokens(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA, as_of=TODAY - timedelta(days=50)))
    accept(CHIYODA, report_bytes(CHIYODA, as_of=TODAY - timedelta(days=5), stage="migration"))
    rejected = ingest.ingest_bytes(
        BAD_CSV.replace(CHIYODA.encode(), CHUO.encode()),
        filename="chuo.csv",
        source="csv",
        submitter="test",
        submitter_code=CHUO,
    )
    assert rejected.receipt.outcome == "rejected"
    muni_id, muni_token = issue(CHIYODA)
    _, admin_token = issue("admin")
    at = signed_in(admin_token, "app_pages/admin.py")
    assert not at.exception

    coverage = frame_by_columns(at, "状況", "団体コード")
    assert coverage.iloc[0]["状況"] == "未報告"
    assert coverage.iloc[-1]["団体コード"] == CHIYODA and coverage.iloc[-1]["状況"] == "報告済み"
    assert (coverage["状況"] == "未報告").sum() == 61

    table = frame_by_columns(at, "提出番号", "団体コード", "エラー")
    assert table.iloc[0]["提出番号"] == rejected.receipt.submission_id
    assert table.iloc[0]["その後"] == "未解消（その後の受付なし）"
    found = frame_by_columns(at, "行", "業務", "列", "種別", "内容")
    assert (3, "戸籍の附票", "進捗段階") in set(zip(found["行"], found["業務"], found["列"], strict=True))
    assert found.iloc[0]["種別"] == "エラー"
    raw = next(b for b in at.get("download_button") if b.key == "admin_rejected_raw")
    assert raw

    at.selectbox(key="admin_audit_muni").set_value(CHIYODA)
    at.selectbox(key="admin_audit_business").set_value("resident_registry").run()
    audit = frame_by_columns(at, "受付日時", "提出番号", "変更内容")
    assert len(audit) == 2
    assert audit.iloc[0]["変更内容"] == "進捗段階: 事業者選定・契約 → 移行作業・テスト"
    assert audit.iloc[0]["提出者"] == "fixture"

    municipality = signed_in(muni_token)
    tokens_shown = frame_by_columns(at, "トークン番号", "最終利用")
    assert muni_token not in tokens_shown.to_csv()
    at.selectbox(key="admin_token_pick").set_value(muni_id)
    at.checkbox(key="admin_token_confirm").check()
    at.button(key="admin_token_revoke").click().run()
    assert f"トークン #{muni_id} を失効させました" in at.success[0].value
    municipality.run()  # the revoked token's session ends at once
    assert "失効しました" in municipality.warning[0].value
    assert not municipality.selectbox
