"""Contacts and reminders through the real command line, sent to a real local SMTP server (aiosmtpd)
started by the test on 127.0.0.1, never an outside address."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from etl import clock, database, ingest, store
from notify import contacts
from tests.support.cli import run_etl_text
from tests.support.codes import CHIYODA, CHUO, MINATO
from tests.support.factories import csv_bytes, valid_row
from tests.support.mail import BASE_URL, CONTACTS_CSV, SENDER, Inbox
from tests.support.ports import free_port


@pytest.fixture
def reporting_history(tmp_db: Path, database_once) -> Path:
    """Chiyoda last reported 40 days ago, Chuo today, Minato never; the three have contacts (imported
    through the command line). Built once per run, copied over `tmp_db`."""

    def build(db: Path) -> None:
        database.init(db)
        old = clock.now() - timedelta(days=40)
        raw = csv_bytes([valid_row(as_of=old.date().isoformat())])
        assert ingest.ingest_bytes(raw, filename="old.csv", db=db, received_at=old).accepted
        fresh = csv_bytes([valid_row(municipality_code=CHUO, as_of=clock.today().isoformat())])
        assert ingest.ingest_bytes(fresh, filename="fresh.csv", db=db).accepted
        path = db.with_name("reminders-contacts.csv")
        path.write_text(CONTACTS_CSV, encoding="utf-8")
        done = run_etl_text("contacts", "import", str(path), db=db)
        assert done.returncode == 0, done.stderr

    return database_once("reporting-history.duckdb", build, tmp_db)[0]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    """A plain local SMTP server (no TLS, no auth) on 127.0.0.1."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def smtp_env(controller: Controller, **extra: str) -> dict[str, str]:
    return {
        "HYOJUNKA_SMTP_HOST": "127.0.0.1",
        "HYOJUNKA_SMTP_PORT": str(controller.port),
        "HYOJUNKA_SMTP_STARTTLS": "0",
        "HYOJUNKA_SMTP_FROM": SENDER,
        "HYOJUNKA_PUBLIC_URL": BASE_URL,
        **extra,
    }


# ------------------------------------------------------------------------------------------------ contacts
def test_contacts_import_and_list(reporting_history):
    listing = run_etl_text("contacts", "list", "--json", db=reporting_history)
    assert listing.returncode == 0
    assert "yamada@city.chiyoda.example.jp" in listing.stdout and "鈴木 花子" in listing.stdout
    # a file replaces the contacts of the municipalities it names, and only those
    path = reporting_history.parent / "chiyoda.csv"
    path.write_text(f"municipality_code,email\n{CHIYODA},new@city.chiyoda.example.jp\n", encoding="utf-8")
    assert run_etl_text("contacts", "import", str(path), db=reporting_history).returncode == 0
    with store.connect(reporting_history, read_only=True) as con:
        book = contacts.listing(con)
    assert list(book[book["municipality_code"] == CHIYODA]["email"]) == ["new@city.chiyoda.example.jp"]
    assert len(book) == 3


def test_a_contacts_file_with_errors_changes_nothing_and_names_row_and_column(reporting_history):
    path = reporting_history.parent / "bad.csv"
    path.write_text(
        "団体コード,メールアドレス,担当者,部署\n"
        f"{CHIYODA},not-an-address,山田,情報政策課\n"
        "999999,ok@example.jp,,\n"
        f"{CHUO},ok2@example.jp,a\u202eb,\n",
        encoding="utf-8",
    )
    done = run_etl_text("contacts", "import", str(path), db=reporting_history)
    assert done.returncode == 1
    assert "2 行目 [メールアドレス]" in done.stderr and "row 2 [email]" in done.stderr
    assert "3 行目 [団体コード]" in done.stderr and "999999" in done.stderr
    assert "4 行目 [担当者]" in done.stderr and "U+202E" in done.stderr
    assert "Traceback" not in done.stderr
    with store.connect(reporting_history, read_only=True) as con:
        assert "not-an-address" not in repr(contacts.listing(con).to_dict("records"))
        assert len(contacts.listing(con)) == 3


def test_contacts_are_exported_only_when_asked(reporting_history):
    plain = run_etl_text("export", db=reporting_history)
    assert plain.returncode == 0 and "yamada@" not in plain.stdout and "contact_emails" not in plain.stdout
    asked = run_etl_text("export", "--include-contacts", db=reporting_history)
    assert asked.returncode == 0 and "contact_emails" in asked.stdout
    assert "yamada@city.chiyoda.example.jp" in asked.stdout


# ------------------------------------------------------------------------------------------------ reminders
def test_the_dry_run_prints_each_reminder_and_sends_nothing(reporting_history, smtp_server):
    controller, inbox = smtp_server
    done = run_etl_text("remind", "--silent-days", "30", db=reporting_history, env=smtp_env(controller))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    last = (clock.now() - timedelta(days=40)).date()
    assert "To: yamada@city.chiyoda.example.jp" in out
    assert "情報政策課 山田 太郎 様" in out
    assert f"最終報告日 {last:%Y/%m/%d}（40 日前）以降、新しい報告をいただいておりません。" in out
    assert f"報告画面: {BASE_URL}/report" in out
    assert "港区（団体コード 131032）" in out and "これまでに報告をいただいておりません。" in out
    assert "suzuki@" not in out  # Chuo reported today: not silent
    assert "連絡先がありません" in done.stderr  # silent municipalities without a contact are named
    assert inbox.messages == []
    with store.connect(reporting_history, read_only=True) as con:
        assert store.scalar(con, "select count(*) from reminders") == 0


def test_send_delivers_the_japanese_reminders_and_logs_them(reporting_history, smtp_server):
    controller, inbox = smtp_server
    done = run_etl_text("remind", "--silent-days", "30", "--send", db=reporting_history, env=smtp_env(controller))
    assert done.returncode == 0, done.stderr
    received = {tuple(rcpt): message for rcpt, message in inbox.messages}
    assert set(received) == {("yamada@city.chiyoda.example.jp",), ("it@city.minato.example.jp",)}

    chiyoda = received[("yamada@city.chiyoda.example.jp",)]
    assert chiyoda["Subject"] == "【報告のお願い】標準化・ガバメントクラウド移行状況（千代田区）"
    assert SENDER in chiyoda["From"] and "東京都 CIO 室" in chiyoda["From"]
    text = chiyoda.get_content()
    last = (clock.now() - timedelta(days=40)).date()
    assert text.startswith("情報政策課 山田 太郎 様\n")
    assert "千代田区（団体コード 131016）の基幹業務システム標準化・ガバメントクラウド移行状況について、" in text
    assert f"最終報告日 {last:%Y/%m/%d}（40 日前）以降、新しい報告をいただいておりません。" in text
    assert f"報告画面: {BASE_URL}/report\n" in text
    assert chiyoda.get_content_charset() == "utf-8"

    minato = received[("it@city.minato.example.jp",)].get_content()
    assert minato.startswith("情報システム課 ご担当者様\n") and "これまでに報告をいただいておりません。" in minato

    with store.connect(reporting_history, read_only=True) as con:
        log = con.execute("select municipality_code, email, outcome, last_report, silent_days from reminders").df()
    assert sorted(log["municipality_code"]) == [CHIYODA, MINATO]
    assert set(log["outcome"]) == {"sent"} and set(log["silent_days"]) == {30}


def test_send_without_settings_is_a_clear_usage_error(reporting_history):
    done = run_etl_text(
        "remind", "--silent-days", "30", "--send", db=reporting_history, env={"HYOJUNKA_PUBLIC_URL": BASE_URL}
    )
    assert done.returncode == 2 and "HYOJUNKA_SMTP_HOST" in done.stderr and "Traceback" not in done.stderr
    no_url = run_etl_text(
        "remind", "--silent-days", "30", "--send", db=reporting_history, env={"HYOJUNKA_PUBLIC_URL": ""}
    )
    assert no_url.returncode == 2 and "HYOJUNKA_PUBLIC_URL" in no_url.stderr and "Traceback" not in no_url.stderr


def test_the_dry_run_works_without_a_public_url_and_warns(reporting_history):
    done = run_etl_text("remind", "--silent-days", "30", db=reporting_history, env={"HYOJUNKA_PUBLIC_URL": ""})
    assert done.returncode == 0, done.stderr
    assert "To: yamada@city.chiyoda.example.jp" in done.stdout
    assert "報告画面: <公開URL未設定 public-URL-not-set>/report" in done.stdout  # the link reads as a placeholder
    assert (
        "WARNING" in done.stderr and "送信には公開 URL が必要です" in done.stderr and "sending needs it" in done.stderr
    )


def test_the_public_url_set_in_the_store_is_the_link(reporting_history):
    from etl import settings

    with store.connect(reporting_history) as con:
        settings.put(con, settings.PUBLIC_URL, "https://hyojunka.example.jp/", by="test")
    done = run_etl_text("remind", "--silent-days", "30", db=reporting_history, env={"HYOJUNKA_PUBLIC_URL": ""})
    assert done.returncode == 0 and "報告画面: https://hyojunka.example.jp/report" in done.stdout
    assert "WARNING" not in done.stderr


@pytest.mark.slow  # a TLS handshake and retries against a local server
def test_a_refused_connection_is_logged_as_failed(reporting_history):
    env = {
        "HYOJUNKA_SMTP_HOST": "127.0.0.1",
        "HYOJUNKA_SMTP_PORT": str(free_port()),  # nothing listens there
        "HYOJUNKA_SMTP_STARTTLS": "0",
        "HYOJUNKA_SMTP_FROM": SENDER,
        "HYOJUNKA_PUBLIC_URL": BASE_URL,
    }
    done = run_etl_text("remind", "--silent-days", "30", "--send", db=reporting_history, env=env)
    assert done.returncode == 1 and "失敗 failed" in done.stdout
    with store.connect(reporting_history, read_only=True) as con:
        assert set(con.execute("select outcome from reminders").df()["outcome"]) == {"failed"}


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made with openssl for the test's own server."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.mark.slow  # a TLS handshake and retries against a local server
def test_send_with_starttls_and_login(reporting_history, tmp_path):
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            logins.append((auth_data.login.decode(), auth_data.password.decode()))
            return AuthResult(success=auth_data.password == b"s3cret")
        return AuthResult(success=False)

    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        env = smtp_env(
            controller,
            HYOJUNKA_SMTP_STARTTLS="1",
            HYOJUNKA_SMTP_USER="cio",
            HYOJUNKA_SMTP_PASSWORD="s3cret",
            HYOJUNKA_SMTP_CAFILE=str(cert),
        )
        done = run_etl_text("remind", "--silent-days", "30", "--send", db=reporting_history, env=env)
    finally:
        controller.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    assert logins == [("cio", "s3cret")]
    assert len(inbox.messages) == 2
    # a password is never sent without STARTTLS
    plain = {**env, "HYOJUNKA_SMTP_STARTTLS": "0"}
    refused = run_etl_text("remind", "--silent-days", "30", "--send", db=reporting_history, env=plain)
    assert refused.returncode == 2 and "STARTTLS" in refused.stderr
