"""The CIO office's round on the admin page through AppTest: tokens issued, re-issued and revoked
(the new token signs in, the old one no longer does, the admin log holds the three actions), the
reminders read before sending with a test message to a local aiosmtpd server, the settings, and the
digest (変更) shown and mailed."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from streamlit.testing.v1 import AppTest

from etl import clock, ingest, settings, store
from notify import contacts
from tests.support.apptest import admin_session, frames
from tests.support.codes import CHIYODA, CHUO
from tests.support.factories import csv_bytes, under_way_row, valid_row
from tests.support.mail import CHIYODA_EMAIL, SENDER, Inbox
from tests.support.paths import APP
from tests.support.ports import free_port

LABEL = "千代田区 情報政策課 山田"


def new_tokens(at: AppTest) -> list[str]:
    """The token strings the page shows (only right after an issue or re-issue)."""
    return [c.value for c in at.code if c.value.startswith("hyj_")]


def frame_with(at: AppTest, *columns: str, exact: bool = False) -> pd.DataFrame:
    """The first table shown whose headers include these, or are exactly these (AppTest finds tables by
    content, not key)."""
    for df in at.dataframe:
        shown = list(df.value.columns)
        if (shown == list(columns)) if exact else set(columns) <= set(shown):
            return df.value
    raise KeyError(columns)


def signs_in(token: str) -> bool:
    """Whether a fresh session signs in with this token on the sign-in page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/signin.py").run()
    at.text_input(key="signin_token").input(token)
    at.button(key="signin_submit").click().run()
    assert not at.exception
    return not at.error


def live_token_id(label: str) -> int:
    with store.connect(read_only=True) as con:
        return int(store.scalar(con, "select max(id) from tokens where label = ? and revoked_at is null", [label]))


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in {
        "HYOJUNKA_SMTP_HOST": "127.0.0.1",
        "HYOJUNKA_SMTP_PORT": str(controller.port),
        "HYOJUNKA_SMTP_STARTTLS": "0",
        "HYOJUNKA_SMTP_FROM": SENDER,
    }.items():
        monkeypatch.setenv(name, value)
    try:
        yield inbox
    finally:
        controller.stop()


def test_issue_reissue_and_revoke_from_the_admin_page(tmp_db):
    at = admin_session()
    at.selectbox(key="admin_issue_who").set_value(CHIYODA)
    at.text_input(key="admin_issue_label").input(LABEL)
    at.button(key="admin_issue_submit").click().run()
    assert not at.exception
    (first,) = new_tokens(at)
    assert any("この一度しか表示されません" in w.value for w in at.warning)  # shown once, and said so
    listed = frame_with(at, "ラベル", "最終利用")
    assert LABEL in set(listed["ラベル"]) and "未使用" in set(listed["最終利用"])
    assert signs_in(first)

    at.run()  # any later run: the token is not shown again
    assert new_tokens(at) == []

    first_id = live_token_id(LABEL)
    at.selectbox(key="admin_reissue_pick").set_value(first_id)
    at.button(key="admin_reissue_submit").click().run()  # without the confirmation: nothing happens
    assert new_tokens(at) == [] and any("確認欄" in w.value for w in at.warning)
    at.checkbox(key="admin_reissue_confirm").check()
    at.button(key="admin_reissue_submit").click().run()
    assert not at.exception
    (second,) = new_tokens(at)
    assert second != first
    assert not signs_in(first) and signs_in(second)  # the old one no longer signs in, the new one does
    second_id = live_token_id(LABEL)
    assert second_id != first_id

    at.selectbox(key="admin_token_pick").set_value(second_id)
    at.checkbox(key="admin_token_confirm").check()
    at.button(key="admin_token_revoke").click().run()
    assert not at.exception and any(f"#{second_id}" in s.value for s in at.success)
    assert not signs_in(second)

    with store.connect(read_only=True) as con:
        log = con.execute("select actor, action, target from admin_log order by id").fetchall()
    assert [a for _, a, _ in log] == ["token_issued", "token_reissued", "token_revoked"]
    assert {actor for actor, _, _ in log} == {"CIO室 佐藤"}  # the admin token's label
    assert [t for _, _, t in log] == [f"#{first_id}", f"#{second_id}", f"#{second_id}"]
    shown = frame_with(at, "操作", "実行者")
    assert list(shown["操作"]) == ["トークン失効", "トークン再発行", "トークン発行"]  # newest first
    assert set(shown["実行者"]) == {"CIO室 佐藤"}


def test_a_bad_label_is_refused_with_a_message(tmp_db):
    at = admin_session()
    at.selectbox(key="admin_issue_who").set_value(CHIYODA)
    at.text_input(key="admin_issue_label").input("山田\u200b")
    at.button(key="admin_issue_submit").click().run()
    assert not at.exception and new_tokens(at) == [] and "U+200B" in at.error[0].value


@pytest.fixture
def silent_history(tmp_db: Path) -> Path:
    """Chiyoda silent for 40 days with a contact; Chuo reported today; the rest never."""
    old = clock.now() - timedelta(days=40)
    assert ingest.ingest_bytes(csv_bytes([valid_row(as_of=old.date().isoformat())]), received_at=old).accepted
    fresh = csv_bytes([valid_row(municipality_code=CHUO, as_of=clock.today().isoformat())])
    assert ingest.ingest_bytes(fresh).accepted
    with store.connect() as con:
        frame = pd.DataFrame(
            [{"municipality_code": CHIYODA, "email": CHIYODA_EMAIL, "person": "山田 太郎", "department": "情報政策課"}]
        )
        contacts.replace(con, frame)
    return tmp_db


def test_reminders_are_read_first_and_a_test_goes_to_the_typed_address_only(silent_history, smtp, monkeypatch):
    monkeypatch.delenv("HYOJUNKA_PUBLIC_URL", raising=False)
    at = admin_session()
    # the window is the recent_report_days setting (30 days)
    assert not at.exception
    # without a public URL: a warning, the link a placeholder, and no send button
    assert any("送信には公開 URL が必要です" in w.value for w in at.warning)
    bodies = [c.value for c in at.code if "報告画面:" in c.value]
    assert len(bodies) == 1 and "<公開URL未設定 public-URL-not-set>/report" in bodies[0]
    assert "千代田区（団体コード 131016）" in bodies[0] and "山田 太郎 様" in bodies[0]
    assert "【報告のお願い】" in frames(at) or any("【報告のお願い】" in m.value for m in at.markdown)
    with pytest.raises(KeyError):
        at.button(key="admin_remind_send")
    missing = frame_with(at, "団体コード", "団体名", "最終報告日", exact=True)
    assert "港区" in set(missing["団体名"]) and "千代田区" not in set(missing["団体名"])  # no contact: listed
    assert "中央区" not in set(missing["団体名"])  # reported today: not silent

    # the public URL set on the settings tab becomes the link
    at.text_input(key="admin_setting_public_url").input("https://hyojunka.example.jp/")
    at.button(key="admin_settings_save").click().run()
    assert not at.exception and "設定を保存しました" in at.success[0].value
    bodies = [c.value for c in at.code if "報告画面:" in c.value]
    assert "報告画面: https://hyojunka.example.jp/report" in bodies[0]
    assert at.button(key="admin_remind_send")

    at.text_input(key="admin_remind_test_to").input("tester@metro.tokyo.example.jp")
    at.button(key="admin_remind_test_send").click().run()
    assert not at.exception and "tester@metro.tokyo.example.jp" in at.success[0].value
    assert [rcpt for rcpt, _ in smtp.messages] == [["tester@metro.tokyo.example.jp"]]  # only the typed address
    message = smtp.messages[0][1]
    assert message["Subject"].startswith("【テスト送信】【報告のお願い】")
    assert "https://hyojunka.example.jp/report" in message.get_content()
    with store.connect(read_only=True) as con:
        assert store.scalar(con, "select count(*) from reminders") == 0  # a test is not a reminder sent
        actions = [a for (a,) in con.execute("select action from admin_log order by id").fetchall()]
        assert settings.get(con, settings.PUBLIC_URL) == "https://hyojunka.example.jp"
    assert actions == ["settings_changed", "test_sent"]


def test_a_bad_setting_is_refused_and_nothing_changes(tmp_db):
    at = admin_session()
    at.text_input(key="admin_setting_digest_recipients").input("cio@example.jp, not-an-address")
    at.button(key="admin_settings_save").click().run()
    assert not at.exception and "not-an-address" in at.error[0].value
    with store.connect(read_only=True) as con:
        assert settings.get(con, settings.DIGEST_RECIPIENTS) == ""
        assert store.scalar(con, "select count(*) from admin_log") == 0


def test_the_digest_tab_shows_the_week_and_mails_it(tmp_db, smtp):
    today = clock.today()
    before = clock.now() - timedelta(days=10)
    early = under_way_row(as_of=(today - timedelta(days=10)).isoformat(), target_date="2027-03-31")
    assert ingest.ingest_bytes(csv_bytes([early]), received_at=before).accepted
    moved = under_way_row(as_of=(today - timedelta(days=2)).isoformat(), target_date="2027-05-31")
    assert ingest.ingest_bytes(csv_bytes([moved])).accepted
    with store.connect() as con:
        settings.put(con, settings.DIGEST_RECIPIENTS, "cio@metro.tokyo.example.jp", by="test")
    at = admin_session()
    table = frame_with(at, "変更前", "変更後")
    assert list(table.iloc[0]) == ["131016", "千代田区", "固定資産税", "2027/03/31", "2027/05/31", 61, "遅く"]
    at.button(key="admin_digest_send").click().run()
    assert not at.exception and "cio@metro.tokyo.example.jp" in at.success[0].value
    (rcpt, message), *_ = smtp.messages
    assert rcpt == ["cio@metro.tokyo.example.jp"] and "週次ダイジェスト" in message["Subject"]
    assert "2027/03/31 / 2027/05/31 / 61 / 遅く" in message.get_content()


@pytest.mark.slow  # renders a PDF
def test_a_submission_offers_its_receipt_and_mails_it_to_the_contacts(tmp_db, smtp):
    from tests.support.apptest import accept, issue, report_bytes, signed_in

    accept(CHIYODA, report_bytes(CHIYODA, as_of=clock.today() - timedelta(days=40)))
    with store.connect() as con:
        settings.put(con, settings.RECEIPT_MAIL, "1", by="test")
        contacts.replace(
            con,
            pd.DataFrame([{"municipality_code": CHIYODA, "email": CHIYODA_EMAIL, "person": None, "department": None}]),
        )
    _, token = issue(CHIYODA, "情報政策課 山田")
    at = signed_in(token)
    at.button(key="report_no_change").click().run()
    assert not at.exception
    with store.connect(read_only=True) as con:
        number = int(store.scalar(con, "select max(id) from submissions"))
    assert any(b.key == "report_receipt_pdf" for b in at.get("download_button"))  # the receipt to file
    assert any(CHIYODA_EMAIL in c.value for c in at.caption)  # and it says where it was mailed
    ((rcpt, message),) = smtp.messages
    assert rcpt == [CHIYODA_EMAIL] and f"#{number}" in message["Subject"]
    (pdf,) = list(message.iter_attachments())
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    assert f"#{number}" in text and "情報政策課 山田" in text and "変更はありません（20 業務を再確認）" in text
