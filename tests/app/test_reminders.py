"""The admin page's contacts and reminders through AppTest, sending to a local aiosmtpd server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from streamlit.testing.v1 import AppTest

from access import tokens
from etl import clock, ingest, store
from notify import contacts
from tests.support.apptest import admin_session, frames
from tests.support.codes import CHIYODA, CHUO
from tests.support.factories import csv_bytes, valid_row
from tests.support.mail import BASE_URL, CHIYODA_EMAIL, SENDER, Inbox
from tests.support.paths import APP
from tests.support.ports import free_port


@pytest.fixture
def history(tmp_db: Path) -> Path:
    """Chiyoda silent for 40 days with a contact; Chuo reported today."""
    old = clock.now() - timedelta(days=40)
    assert ingest.ingest_bytes(
        csv_bytes([valid_row(as_of=old.date().isoformat())]), db=tmp_db, received_at=old
    ).accepted
    fresh = csv_bytes([valid_row(municipality_code=CHUO, as_of=clock.today().isoformat())])
    assert ingest.ingest_bytes(fresh, db=tmp_db).accepted
    with store.connect(tmp_db) as con:
        frame = pd.DataFrame(
            [{"municipality_code": CHIYODA, "email": CHIYODA_EMAIL, "person": "山田 太郎", "department": "情報政策課"}]
        )
        contacts.replace(con, frame)
    return tmp_db


def test_the_admin_sends_reminders_from_the_coverage_view(history, monkeypatch):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        for name, value in {
            "HYOJUNKA_SMTP_HOST": "127.0.0.1",
            "HYOJUNKA_SMTP_PORT": str(controller.port),
            "HYOJUNKA_SMTP_STARTTLS": "0",
            "HYOJUNKA_SMTP_FROM": SENDER,
            "HYOJUNKA_PUBLIC_URL": BASE_URL,
        }.items():
            monkeypatch.setenv(name, value)
        at = admin_session()  # the window is the setting recent_report_days (30)
        shown = frames(at)
        assert (
            CHIYODA_EMAIL in shown and "（連絡先なし）" in shown
        )  # Chiyoda to remind; silent ones without contact named
        assert at.button(key="admin_remind_send")
        at.button(key="admin_remind_send").click().run()  # without the confirmation: nothing sent
        assert inbox.messages == [] and "確認欄" in at.warning[0].value
        at.checkbox(key="admin_remind_confirm").check()
        at.button(key="admin_remind_send").click().run()
        assert not at.exception
        assert "1 通の督促メールを送りました" in at.success[0].value
    finally:
        controller.stop()
    assert [rcpt for rcpt, _ in inbox.messages] == [[CHIYODA_EMAIL]]
    text = inbox.messages[0][1].get_content()
    assert "千代田区（団体コード 131016）" in text and f"{BASE_URL}/report" in text
    with store.connect(read_only=True) as con:
        logged = con.execute("select municipality_code, outcome, sent_by from reminders").fetchall()
    assert logged == [(CHIYODA, "sent", "CIO室 佐藤")]
    with store.connect(read_only=True) as con:  # and the admin log says who sent them
        assert con.execute("select actor, action from admin_log").fetchall() == [("CIO室 佐藤", "reminders_sent")]
    # the contacts tab shows the contact and the log
    shown = frames(at)
    assert "情報政策課" in shown and "送信済み" in shown


def test_without_smtp_settings_the_panel_says_so_and_offers_no_send(history, monkeypatch):
    monkeypatch.delenv("HYOJUNKA_SMTP_HOST", raising=False)
    monkeypatch.setenv("HYOJUNKA_PUBLIC_URL", BASE_URL)
    at = admin_session()
    assert CHIYODA_EMAIL in frames(at)
    assert any("HYOJUNKA_SMTP_HOST" in i.value for i in at.info)
    with pytest.raises(KeyError):
        at.button(key="admin_remind_send")


def test_contacts_never_reach_a_public_page_or_a_municipality(history):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    everything = "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info]) + frames(at)
    assert CHIYODA_EMAIL not in everything and "山田 太郎" not in everything
    with store.connect() as con:
        _, token = tokens.issue(con, CHIYODA)
    municipal = AppTest.from_file(APP, default_timeout=60)
    municipal.switch_page("app_pages/signin.py").run()
    municipal.text_input(key="signin_token").input(token)
    municipal.button(key="signin_submit").click().run()
    municipal.switch_page("app_pages/admin.py").run()
    assert CHIYODA_EMAIL not in frames(municipal) and not municipal.tabs
