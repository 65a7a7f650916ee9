"""Reminders to silent municipalities: a Japanese message per municipality that has not reported for
N days, to its contacts, with its last report date and a link to the report page; printed (dry run)
or sent through SMTP configured by environment, every send logged in the store."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import duckdb
import pandas as pd

from etl import clock, paths, store
from etl.errors import UserError

PUBLIC_URL_ENV = "HYOJUNKA_PUBLIC_URL"
SENDER_NAME = "東京都 CIO 室"


class ReminderError(UserError):
    """A reminder run that cannot go ahead (settings missing or unsafe), in Japanese and English."""


@dataclass(frozen=True)
class Smtp:
    """Where and how to send: from HYOJUNKA_SMTP_* variables."""

    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    cafile: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Smtp:
        """The SMTP settings from the environment; ReminderError naming what is missing or unsafe."""
        env = dict(os.environ if env is None else env)
        host = env.get("HYOJUNKA_SMTP_HOST", "").strip()
        sender = env.get("HYOJUNKA_SMTP_FROM", "").strip()
        missing = [n for n, v in (("HYOJUNKA_SMTP_HOST", host), ("HYOJUNKA_SMTP_FROM", sender)) if not v]
        if missing:
            names = ", ".join(missing)
            raise ReminderError(f"送信設定 {names} がありません。", f"{names} not set.")
        try:
            port = int(env.get("HYOJUNKA_SMTP_PORT", "587"))
        except ValueError as exc:
            raise ReminderError(
                "HYOJUNKA_SMTP_PORT は数値にしてください。", "HYOJUNKA_SMTP_PORT must be a number."
            ) from exc
        starttls = env.get("HYOJUNKA_SMTP_STARTTLS", "1").strip().lower() not in ("0", "false", "no", "off")
        user = env.get("HYOJUNKA_SMTP_USER") or None
        password = env.get("HYOJUNKA_SMTP_PASSWORD") or None
        if user and not starttls:
            raise ReminderError(
                "STARTTLS なしではパスワードを送りません（HYOJUNKA_SMTP_STARTTLS=1 にしてください）。",
                "Refusing to send a password without STARTTLS (set HYOJUNKA_SMTP_STARTTLS=1).",
            )
        return cls(host, port, starttls, user, password, sender, env.get("HYOJUNKA_SMTP_CAFILE") or None)


@dataclass
class Reminder:
    """One municipality's reminder: to whom, about which last report, and the message."""

    code: str
    name_ja: str
    emails: list[str]
    last_report: date | None
    silent_days: int | None
    message: EmailMessage | None = None
    outcome: str | None = None
    error: str | None = None
    extra: dict = field(default_factory=dict)


PLACEHOLDER_URL = "<公開URL未設定 public-URL-not-set>"


def public_url(explicit: str | None = None, stored: str | None = None) -> str:
    """The app's public base URL (for the link to the report page): --base-url, else the `public_url`
    setting (set from the admin page), else $HYOJUNKA_PUBLIC_URL."""
    url = (explicit or stored or os.environ.get(PUBLIC_URL_ENV, "")).strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise ReminderError(
            f"公開 URL（管理画面の設定、{PUBLIC_URL_ENV} または --base-url、https://…）が設定されていません。"
            "送信には公開 URL が必要です。",
            f"The public URL (the admin page's setting, {PUBLIC_URL_ENV} or --base-url, https://...) is not set; "
            "sending needs it.",
        )
    return url


def preview_url(explicit: str | None = None, stored: str | None = None) -> tuple[str, ReminderError | None]:
    """The link's base for a preview: the public URL, or a placeholder and why sending would be refused."""
    try:
        return public_url(explicit, stored), None
    except ReminderError as exc:
        return PLACEHOLDER_URL, exc


def silent(con: duckdb.DuckDBPyConnection, today: date, silent_days: int) -> pd.DataFrame:
    """Municipalities whose last accepted report arrived at least `silent_days` days ago, or never."""
    frame = con.execute(paths.sql("remind_last_reports.sql"), {"day": today}).df()
    frame["last_report"] = pd.to_datetime(frame["last_received"], utc=True).dt.tz_convert(store.TOKYO).dt.date
    frame["days"] = frame.pop("days_since").astype("Int64")
    keep = [pd.isna(d) or d >= silent_days for d in frame["days"]]
    return frame[keep].reset_index(drop=True)


def plan(con: duckdb.DuckDBPyConnection, today: date, silent_days: int) -> tuple[list[Reminder], list[Reminder]]:
    """The reminders to send (silent municipalities with contacts) and the silent ones without a contact."""
    quiet = silent(con, today, silent_days)
    contacts = con.execute("select municipality_code, email, person, department from contacts order by email").df()
    ready: list[Reminder] = []
    missing: list[Reminder] = []
    for row in quiet.itertuples():
        mine = contacts[contacts["municipality_code"] == row.code]
        reminder = Reminder(
            row.code,
            row.name_ja,
            list(mine["email"]),
            None if pd.isna(row.last_report) else row.last_report,
            None if row.days is None or pd.isna(row.days) else int(row.days),
            extra={"contacts": mine.astype(object).where(mine.notna(), None).to_dict("records")},
        )
        (ready if len(mine) else missing).append(reminder)
    return ready, missing


def _greeting(contacts: list[dict]) -> str:
    if len(contacts) == 1:
        person = contacts[0].get("person") or ""
        department = contacts[0].get("department") or ""
        if person:
            return f"{department} {person} 様".strip()
        if department:
            return f"{department} ご担当者様"
    return "ご担当者様"


def body(reminder: Reminder, base_url: str, silent_days: int) -> str:
    """The reminder's Japanese text."""
    if reminder.last_report is None:
        since = "これまでに報告をいただいておりません。"
    else:
        since = (
            f"最終報告日 {reminder.last_report:%Y/%m/%d}（{reminder.silent_days} 日前）以降、"
            "新しい報告をいただいておりません。"
        )
    lines = [
        _greeting(reminder.extra.get("contacts", [])),
        "",
        "東京都 CIO 室です。いつもお世話になっております。",
        "",
        f"{reminder.name_ja}（団体コード {reminder.code}）の基幹業務システム標準化・"
        "ガバメントクラウド移行状況について、",
        since,
        "",
        "お手数ですが、下記の報告画面から最新の状況をご報告ください。",
        "状況に変更がない場合も、報告画面の「変更なしで報告」からご報告をお願いいたします。",
        "",
        f"報告画面: {base_url}/report",
        "（ログインには東京都から配布したアクセストークンが必要です。"
        "お持ちでない場合や紛失した場合は、このメールにご返信ください。）",
        "",
        SENDER_NAME,
        "",
        f"※ {silent_days} 日以上報告のない団体のご担当者様にお送りしています。",
    ]
    return "\n".join(lines) + "\n"


def subject(reminder: Reminder) -> str:
    """The reminder's Japanese subject line."""
    return f"【報告のお願い】標準化・ガバメントクラウド移行状況（{reminder.name_ja}）"


def compose(reminder: Reminder, base_url: str, silent_days: int, sender: str) -> EmailMessage:
    """The reminder as a UTF-8 email message."""
    message = EmailMessage()
    message["From"] = formataddr((SENDER_NAME, sender))
    message["To"] = ", ".join(reminder.emails)
    message["Subject"] = subject(reminder)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body(reminder, base_url, silent_days), charset="utf-8")
    return message


def send(
    con: duckdb.DuckDBPyConnection,
    reminders: list[Reminder],
    smtp: Smtp,
    *,
    silent_days: int,
    sent_by: str,
    timeout: float = 30.0,
) -> list[Reminder]:
    """Send each reminder through one SMTP connection and log every attempt in `reminders`."""
    composed = [r for r in reminders if r.message is not None]
    for r in reminders:
        if r.message is None:
            r.outcome, r.error = "failed", "no message composed"
    errors = deliver(smtp, [r.message for r in composed if r.message is not None], timeout=timeout)
    for r, error in zip(composed, errors, strict=True):
        r.outcome, r.error = ("failed", error) if error else ("sent", None)
    log(con, reminders, silent_days=silent_days, sent_by=sent_by)
    return reminders


def deliver(smtp: Smtp, messages: list[EmailMessage], *, timeout: float = 30.0) -> list[str | None]:
    """Send messages through one SMTP connection (STARTTLS and login as set); each one's error, or None when sent."""
    errors: list[str | None] = [None] * len(messages)
    done = [False] * len(messages)
    try:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
    except OSError as exc:
        return [f"connect: {exc}"] * len(messages)
    try:
        client.ehlo()
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context(cafile=smtp.cafile))
            client.ehlo()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        for i, message in enumerate(messages):
            try:
                refused = client.send_message(message)
            except smtplib.SMTPException as exc:
                errors[i] = str(exc)[:500]
            else:
                errors[i] = f"refused: {', '.join(refused)}" if refused else None
            done[i] = True
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        for i in range(len(messages)):
            if not done[i]:
                errors[i] = str(exc)[:500]
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    return errors


def log(con: duckdb.DuckDBPyConnection, reminders: list[Reminder], *, silent_days: int, sent_by: str) -> None:
    """Keep one row per reminder tried: when, to whom, about which last report, and the outcome."""
    now = clock.now()
    for r in reminders:
        rid = int(store.scalar(con, "select nextval('reminder_id_seq')"))
        con.execute(
            "insert into reminders values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                rid,
                now,
                r.code,
                ", ".join(r.emails),
                r.last_report,
                silent_days,
                str(r.message["Subject"]) if r.message else subject(r),
                r.outcome or "failed",
                r.error,
                sent_by,
            ],
        )


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every reminder tried, newest first."""
    return con.execute("select * from reminders order by id desc").df()
