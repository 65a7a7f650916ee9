"""What the admin page's contacts and reminders need, without widgets: the contacts (private, admin
only), importing a contacts file, the reminders a silent-days threshold would send, sending them
through the SMTP settings of the environment, and the log of reminders sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from dashboard.reporting.access import connection
from etl import adminlog, store
from etl import settings as app_settings
from notify import contacts, remind
from schemas.vocabulary.display import COVERAGE
from schemas.vocabulary.language import in_lang, lang_column


@dataclass(frozen=True)
class Settings:
    """Whether reminders can be sent from here: the public URL and SMTP, or why not (ja, en)."""

    base_url: str | None
    smtp: remind.Smtp | None
    problem: tuple[str, str] | None


def settings() -> Settings:
    """The public URL and the SMTP settings from the environment, or the first thing missing."""
    try:
        with connection(read_only=True) as con:
            stored = app_settings.get(con, app_settings.PUBLIC_URL)
        url = remind.public_url(None, stored)
        smtp = remind.Smtp.from_env()
    except remind.ReminderError as exc:
        return Settings(None, None, (exc.message_ja, exc.message_en))
    return Settings(url, smtp, None)


def contacts_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Every contact with its municipality, for people."""
    frame = contacts.listing(con)
    return pd.DataFrame(
        {
            in_lang(("団体コード", "Code"), lang): frame["municipality_code"],
            in_lang(("団体名", "Municipality"), lang): frame[lang_column("name", lang)],
            in_lang(("メールアドレス", "Email"), lang): frame["email"],
            in_lang(("担当者", "Person"), lang): frame["person"],
            in_lang(("部署", "Department"), lang): frame["department"],
        }
    )


def import_contacts(
    raw: bytes, lang: str, *, by: str = adminlog.CLI, filename: str | None = None
) -> tuple[int, list[str]]:
    """Check a contacts file and keep it when it has no problem: (contacts kept, problems in the language).
    A kept file is recorded in the admin log as imported by `by`."""
    with connection(read_only=False) as con:
        frame, problems = contacts.parse(raw, store.reference_codes(con))
        if problems:
            return 0, [_problem_text(p, lang) for p in problems]
        n = contacts.replace(con, frame)
        munis = frame["municipality_code"].nunique()
        adminlog.record(con, by, "contacts_imported", filename, f"{n} contacts, {munis} municipalities")
        return n, []


def _problem_text(problem: contacts.Problem, lang: str) -> str:
    where = []
    if problem.row:
        where.append(in_lang((f"{problem.row} 行目", f"row {problem.row}"), lang))
    if problem.column:
        where.append(in_lang(contacts.LABELS[problem.column], lang))
    message = in_lang((problem.message_ja, problem.message_en), lang)
    return (" / ".join(where) + ": " if where else "") + message


def plan(today: date, silent_days: int) -> tuple[list[remind.Reminder], list[remind.Reminder]]:
    """The reminders this threshold would send, and the silent municipalities without a contact."""
    with connection(read_only=True) as con:
        return remind.plan(con, today, silent_days)


def plan_table(ready: list[remind.Reminder], missing: list[remind.Reminder], lang: str) -> pd.DataFrame:
    """The silent municipalities with their last report and whom a reminder would go to."""
    no_contact = in_lang(("（連絡先なし）", "(no contact)"), lang)
    rows = [
        {
            in_lang(("団体コード", "Code"), lang): r.code,
            in_lang(("団体名", "Municipality"), lang): r.name_ja,
            in_lang(("最終報告日", "Last report"), lang): f"{r.last_report:%Y/%m/%d}" if r.last_report else "",
            in_lang(("経過日数", "Days since"), lang): r.silent_days,
            in_lang(("送信先", "To"), lang): ", ".join(r.emails) if r.emails else no_contact,
        }
        for r in [*ready, *missing]
    ]
    return pd.DataFrame(rows)


def smtp_problem() -> tuple[str, str] | None:
    """Why nothing can be sent from here (the SMTP settings missing or unsafe), or None."""
    try:
        remind.Smtp.from_env()
    except remind.ReminderError as exc:
        return exc.message_ja, exc.message_en
    return None


def missing_table(missing: list[remind.Reminder], lang: str) -> pd.DataFrame:
    """The silent municipalities that have no contact to remind."""
    return pd.DataFrame(
        {
            in_lang(("団体コード", "Code"), lang): [r.code for r in missing],
            in_lang(("団体名", "Municipality"), lang): [r.name_ja for r in missing],
            in_lang(("最終報告日", "Last report"), lang): [
                f"{r.last_report:%Y/%m/%d}" if r.last_report else in_lang(COVERAGE["never"], lang) for r in missing
            ],
        }
    )


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
            ok = sum(r.outcome == "sent" for r in ready)
            adminlog.record(
                con, sent_by, "reminders_sent", None, f"{ok} sent, {len(ready) - ok} failed, silent {silent_days}+ days"
            )
    return ready


def history_table(con: duckdb.DuckDBPyConnection, lang: str) -> pd.DataFrame:
    """Reminders sent or tried, newest first, for people."""
    frame = remind.history(con)
    sent_at = pd.to_datetime(frame["sent_at"], utc=True).dt.tz_convert(store.TOKYO).dt.strftime("%Y/%m/%d %H:%M")
    outcome = {"sent": ("送信済み", "Sent"), "failed": ("失敗", "Failed")}
    return pd.DataFrame(
        {
            in_lang(("送信日時", "Sent"), lang): sent_at,
            in_lang(("団体コード", "Code"), lang): frame["municipality_code"],
            in_lang(("送信先", "To"), lang): frame["email"],
            in_lang(("最終報告日", "Last report"), lang): pd.to_datetime(frame["last_report"]).dt.strftime("%Y/%m/%d"),
            in_lang(("結果", "Outcome"), lang): [in_lang(outcome.get(o, (o, o)), lang) for o in frame["outcome"]],
            in_lang(("エラー", "Error"), lang): frame["error"],
            in_lang(("送信者", "By"), lang): frame["sent_by"],
        }
    )
