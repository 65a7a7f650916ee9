"""What the CIO office runs the round with, without widgets: the admin log, the settings it can
change from the admin page, the weekly digest (shown and mailed) and the reminders' previews and
test message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import duckdb
import pandas as pd

from dashboard.reporting.access import connection
from etl import adminlog, clock, settings
from notify import digest, remind
from schemas.vocabulary.language import in_lang

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "token_issued": ("トークン発行", "Token issued"),
    "token_reissued": ("トークン再発行", "Token re-issued"),
    "token_revoked": ("トークン失効", "Token revoked"),
    "contacts_imported": ("連絡先取込み", "Contacts imported"),
    "reminders_sent": ("督促メール送信", "Reminders sent"),
    "test_sent": ("テスト送信", "Test message sent"),
    "settings_changed": ("設定変更", "Setting changed"),
    "digest_sent": ("ダイジェスト送信", "Digest sent"),
}
SETTING_LABELS: dict[str, tuple[str, str]] = {
    settings.PUBLIC_URL: ("公開 URL", "Public URL"),
    settings.DIGEST_RECIPIENTS: ("ダイジェストの送信先", "Digest recipients"),
    settings.RECEIPT_MAIL: ("受付票を連絡先にメール", "Mail receipts to contacts"),
}
InvalidSetting = settings.InvalidSetting
SECTIONS = digest.SECTIONS
Digest = digest.Digest


def record(actor: str, action: str, target: str | None = None, detail: str = "") -> None:
    """Append one action to the admin log."""
    with connection(read_only=False) as con:
        adminlog.record(con, actor, action, target, detail)


def log_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """The admin log for people, newest first: when (Tokyo), who, what, on what, details."""
    frame = adminlog.entries(con)
    when = pd.to_datetime(frame["logged_at"], utc=True).dt.tz_convert(clock.TOKYO).dt.strftime("%Y/%m/%d %H:%M")
    return pd.DataFrame(
        {
            in_lang(("日時", "When"), lang): when,
            in_lang(("実行者", "Who"), lang): frame["actor"],
            in_lang(("操作", "What"), lang): [in_lang(ACTION_LABELS.get(a, (a, a)), lang) for a in frame["action"]],
            in_lang(("対象", "On"), lang): frame["target"].fillna(""),
            in_lang(("内容", "Details"), lang): frame["detail"].fillna(""),
        }
    )


def setting(key: str) -> str:
    """One setting's value in force."""
    with connection(read_only=True) as con:
        return setting_in(con, key)


def setting_in(con: duckdb.DuckDBPyConnection, key: str) -> str:
    """One setting's value in force, read through a connection the page already holds."""
    return settings.get(con, key)


def settings_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Every setting with its value in force and who set it from here when, for people."""
    frame = settings.table(con)
    set_at = pd.to_datetime(frame["set_at"], utc=True).dt.tz_convert(clock.TOKYO).dt.strftime("%Y/%m/%d %H:%M")
    return pd.DataFrame(
        {
            in_lang(("設定", "Setting"), lang): frame["key"],
            in_lang(("値", "Value"), lang): frame["value"],
            in_lang(("説明", "Description"), lang): frame["description_en" if lang == "en" else "description_ja"],
            in_lang(("変更日時", "Changed"), lang): set_at.fillna(""),
            in_lang(("変更者", "By"), lang): frame["set_by"].fillna(""),
        }
    )


def put_setting(key: str, value: str, *, by: str) -> str:
    """Check and keep one setting (InvalidSetting says why not); logged in the admin log."""
    with connection(read_only=False) as con:
        return settings.put(con, key, value, by=by)


def compute_digest(since: date, until: date) -> digest.Digest:
    """The digest of the window from the store's history."""
    with connection(read_only=True) as con:
        return digest.compute(con, since, until)


def digest_tables(d: digest.Digest, lang: str) -> dict[str, pd.DataFrame]:
    """Each section of the digest as a table in the language."""
    return digest.tables(d, lang)


@dataclass(frozen=True)
class Sent:
    """What a send came to: the addresses and the error, if any."""

    to: list[str]
    error: str | None


def send_digest(d: digest.Digest, *, by: str) -> Sent:
    """Mail the digest to the digest_recipients setting through the reminders' SMTP settings (logged)."""
    recipients = settings.addresses(setting(settings.DIGEST_RECIPIENTS))
    if not recipients:
        raise remind.ReminderError(
            "送信先（ダイジェストの送信先）が設定されていません。「設定」タブで入れてください。",
            "No digest recipients: set them on the Settings tab.",
        )
    smtp = remind.Smtp.from_env()
    (error,) = remind.deliver(smtp, [digest.compose(d, recipients, smtp.sender, remind.SENDER_NAME)])
    detail = f"{d.since}..{d.until} → {', '.join(recipients)}" + (f" failed: {error}" if error else "")
    record(by, "digest_sent", None, detail)
    return Sent(recipients, error)


def link_base() -> tuple[str, tuple[str, str] | None]:
    """The reminders' link base (the public URL, else a placeholder) and, without one, why sending is refused."""
    url, problem = remind.preview_url(None, setting(settings.PUBLIC_URL))
    return url, None if problem is None else (problem.message_ja, problem.message_en)


def previews(reminders: list[remind.Reminder], silent_days: int) -> list[tuple[str, str, str, str]]:
    """Each reminder as it would be sent: (municipality, to, subject, body), the link a placeholder without a URL."""
    url, _ = link_base()
    return [
        (f"{r.code} {r.name_ja}", ", ".join(r.emails), remind.subject(r), remind.body(r, url, silent_days))
        for r in reminders
    ]


def send_test(reminder: remind.Reminder, silent_days: int, to: str, *, by: str) -> Sent:
    """One reminder sent to a typed address only, marked as a test in its subject (logged, not in the
    reminders sent)."""
    found = settings.addresses(to)
    if len(found) != 1:
        raise settings.InvalidSetting("送信先のアドレスを一つ入れてください。", "Type one address to send to.")
    address = found[0]
    smtp = remind.Smtp.from_env()
    url, _ = link_base()
    test = remind.Reminder(reminder.code, reminder.name_ja, [address], reminder.last_report, reminder.silent_days)
    test.extra = reminder.extra
    message = remind.compose(test, url, silent_days, smtp.sender)
    subject = message["Subject"]
    del message["Subject"]
    message["Subject"] = f"【テスト送信】{subject}"
    (error,) = remind.deliver(smtp, [message])
    record(by, "test_sent", reminder.code, f"→ {address}" + (f" failed: {error}" if error else ""))
    return Sent([address], error)


def receipt_mail_on() -> bool:
    """Whether receipts are mailed to the municipality's contacts (the `receipt_mail` setting)."""
    return setting(settings.RECEIPT_MAIL) == "1"


def mail_receipt(submission_id: int, code: str, pdf: bytes) -> Sent | None:
    """Mail a submission's receipt (PDF attached) to the municipality's contacts when the setting says
    so and contacts and SMTP exist; None when there is nothing to do."""
    if not receipt_mail_on():
        return None
    with connection(read_only=True) as con:
        book = contacts_of(con, code)
    if not book:
        return None
    smtp = remind.Smtp.from_env()
    message = EmailMessage()
    message["From"] = formataddr((remind.SENDER_NAME, smtp.sender))
    message["To"] = ", ".join(book)
    message["Subject"] = f"【受付票】提出番号 #{submission_id}（団体コード {code}）"
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(
        f"提出番号 #{submission_id} の受付票を添付します。\n"
        f"Attached is the receipt of submission #{submission_id}.\n\n{remind.SENDER_NAME}\n",
        charset="utf-8",
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"hyojunka_receipt_{submission_id}.pdf")
    (error,) = remind.deliver(smtp, [message])
    return Sent(book, error)


def contacts_of(con: duckdb.DuckDBPyConnection, code: str) -> list[str]:
    """A municipality's contact addresses."""
    return [
        e
        for (e,) in con.execute(
            "select email from contacts where municipality_code = ? order by email", [code]
        ).fetchall()
    ]
