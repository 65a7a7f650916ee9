"""What the admin page's contacts and reminders need, without widgets: the contacts (private, admin
only), importing a contacts file, the reminders a silent-days threshold would send, sending them
through the SMTP settings of the environment, and the log of reminders sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from dashboard.reporting.access import connection
from etl import contacts, remind, store


@dataclass(frozen=True)
class Settings:
    """Whether reminders can be sent from here: the public URL and SMTP, or why not (ja, en)."""

    base_url: str | None
    smtp: remind.Smtp | None
    problem: tuple[str, str] | None


def settings() -> Settings:
    """The public URL and the SMTP settings from the environment, or the first thing missing."""
    try:
        url = remind.public_url()
        smtp = remind.Smtp.from_env()
    except remind.ReminderError as exc:
        return Settings(None, None, (exc.ja, exc.en))
    return Settings(url, smtp, None)


def contacts_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Every contact with its municipality, for people."""
    frame = contacts.listing(con)
    en = lang == "en"
    return pd.DataFrame(
        {
            "Code" if en else "団体コード": frame["municipality_code"],
            "Municipality" if en else "団体名": frame["name_en" if en else "name_ja"],
            "Email" if en else "メールアドレス": frame["email"],
            "Person" if en else "担当者": frame["person"],
            "Department" if en else "部署": frame["department"],
        }
    )


def import_contacts(raw: bytes, lang: str) -> tuple[int, list[str]]:
    """Check a contacts file and keep it when it has no problem: (contacts kept, problems in the language)."""
    with connection(read_only=False) as con:
        frame, problems = contacts.parse(raw, store.reference_codes(con))
        if problems:
            return 0, [_problem_text(p, lang) for p in problems]
        return contacts.replace(con, frame), []


def _problem_text(problem: contacts.Problem, lang: str) -> str:
    en = lang == "en"
    where = []
    if problem.row:
        where.append(f"row {problem.row}" if en else f"{problem.row} 行目")
    if problem.column:
        where.append(contacts.LABELS[problem.column][1 if en else 0])
    message = problem.message_en if en else problem.message_ja
    return (" / ".join(where) + ": " if where else "") + message


def plan(today: date, silent_days: int) -> tuple[list[remind.Reminder], list[remind.Reminder]]:
    """The reminders this threshold would send, and the silent municipalities without a contact."""
    with connection(read_only=True) as con:
        return remind.plan(con, today, silent_days)


def plan_table(ready: list[remind.Reminder], missing: list[remind.Reminder], lang: str) -> pd.DataFrame:
    """The silent municipalities with their last report and whom a reminder would go to."""
    en = lang == "en"
    rows = [
        {
            "Code" if en else "団体コード": r.code,
            "Municipality" if en else "団体名": r.name_ja,
            "Last report" if en else "最終報告日": f"{r.last_report:%Y/%m/%d}" if r.last_report else "",
            "Days since" if en else "経過日数": r.silent_days,
            "To" if en else "送信先": ", ".join(r.emails) if r.emails else ("(no contact)" if en else "（連絡先なし）"),
        }
        for r in [*ready, *missing]
    ]
    return pd.DataFrame(rows)


def send(silent_days: int, sent_by: str, today: date) -> list[remind.Reminder]:
    """Compose and send this threshold's reminders now; each is logged in the store."""
    config = settings()
    if config.smtp is None or config.base_url is None:
        raise remind.ReminderError(*(config.problem or ("送信設定がありません。", "Sending is not configured.")))
    with connection(read_only=False) as con:
        ready, _ = remind.plan(con, today, silent_days)
        for r in ready:
            r.message = remind.compose(r, config.base_url, silent_days, config.smtp.sender)
        if ready:
            remind.send(con, ready, config.smtp, silent_days=silent_days, sent_by=sent_by)
    return ready


def history_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Reminders sent or tried, newest first, for people."""
    frame = remind.history(con)
    en = lang == "en"
    sent_at = pd.to_datetime(frame["sent_at"], utc=True).dt.tz_convert(store.TOKYO).dt.strftime("%Y/%m/%d %H:%M")
    outcome = {"sent": ("送信済み", "Sent"), "failed": ("失敗", "Failed")}
    return pd.DataFrame(
        {
            "Sent" if en else "送信日時": sent_at,
            "Code" if en else "団体コード": frame["municipality_code"],
            "To" if en else "送信先": frame["email"],
            "Last report" if en else "最終報告日": pd.to_datetime(frame["last_report"]).dt.strftime("%Y/%m/%d"),
            "Outcome" if en else "結果": [outcome.get(o, (o, o))[1 if en else 0] for o in frame["outcome"]],
            "Error" if en else "エラー": frame["error"],
            "By" if en else "送信者": frame["sent_by"],
        }
    )
