"""The weekly digest for the CIO office: what changed between two days, from the append-only history.

The status of every pair on the day before the window is set beside its status on the window's last
day, both by `schedule_on` (the one definition of lateness every page uses), so any past window can
be replayed and gives the same digest. It lists: systems that went live, target dates that moved
(by how many days, later or earlier; of systems not live nor out of scope at the end), systems that became past due, special-support designations
added and removed, and municipalities from which no accepted report arrived in the window.
`hyojunka digest --send` and the admin page mail it to the CIO office (the `digest_recipients`
setting) through the reminders' SMTP settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import duckdb
import pandas as pd

from etl import clock, paths
from etl.errors import UserError
from schemas.vocabulary.labels import schedule_label
from schemas.vocabulary.language import in_lang

DEFAULT_DAYS = 7
SECTIONS: dict[str, tuple[str, str]] = {
    "live": ("稼働したシステム", "Systems that went live"),
    "moved": ("移行完了予定日の変更", "Target dates moved"),
    "past_due": ("期限超過になったシステム", "Systems that became past due"),
    "special_added": ("特定移行支援の指定（追加）", "Special-support designations added"),
    "special_removed": ("特定移行支援の指定（解除）", "Special-support designations removed"),
    "silent": ("期間中に報告のなかった団体", "Municipalities that did not report"),
}
HEADERS: dict[str, tuple[str, str]] = {
    "code": ("団体コード", "Code"),
    "municipality": ("団体名", "Municipality"),
    "business": ("業務", "Business"),
    "go_live_date": ("稼働日", "Go-live date"),
    "before": ("変更前", "Before"),
    "after": ("変更後", "After"),
    "days": ("日数", "Days"),
    "direction": ("向き", "Direction"),
    "status": ("予定に対する状況", "Schedule status"),
    "due_date": ("期日", "Due date"),
    "reason": ("事由", "Reason"),
    "last_report": ("最終報告日", "Last report"),
}
LATER, EARLIER = ("遅く", "later"), ("早く", "earlier")


class DigestError(UserError, ValueError):
    """A window that cannot be digested (end before start, in the future), in Japanese and English."""


@dataclass(frozen=True)
class Digest:
    """What changed in [since, until] (days in Tokyo, both included), one frame per section."""

    since: date
    until: date
    live: pd.DataFrame
    moved: pd.DataFrame
    past_due: pd.DataFrame
    special_added: pd.DataFrame
    special_removed: pd.DataFrame
    silent: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """The number of rows of each section."""
        return {name: len(getattr(self, name)) for name in SECTIONS}


def window(since: date | None = None, until: date | None = None) -> tuple[date, date]:
    """The window's first and last day: by default the last 7 days up to today (Tokyo)."""
    until = until or clock.today()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise DigestError(
            f"開始日 {since:%Y/%m/%d} が終了日 {until:%Y/%m/%d} より後です。",
            f"The start {since:%Y-%m-%d} is after the end {until:%Y-%m-%d}.",
        )
    return since, until


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.TOKYO)


def compute(con: duckdb.DuckDBPyConnection, since: date | None = None, until: date | None = None) -> Digest:
    """The digest of the window (default: the last 7 days) from the store's history."""
    since, until = window(since, until)
    pairs = con.execute(paths.sql("digest_pairs"), {"before": since - timedelta(days=1), "until": until}).df()
    was_live = pairs["stage_before"].eq("live")
    live = pairs[pairs["stage"].eq("live") & ~was_live]
    both = pairs["target_before"].notna() & pairs["target_date"].notna()
    open_now = ~pairs["stage"].isin(["live", "not_applicable"])  # a system gone live is news of its own
    moved = pairs[both & open_now & (pairs["target_before"] != pairs["target_date"])].copy()
    moved["days"] = [
        int((pd.Timestamp(b) - pd.Timestamp(a)).days)
        for a, b in zip(moved["target_before"], moved["target_date"], strict=True)
    ]
    overdue_now = pairs["schedule_status"].str.startswith("overdue_")
    overdue_before = pairs["status_before"].fillna("").str.startswith("overdue_")
    past_due = pairs[overdue_now & ~overdue_before]
    special_before = pairs["special_before"].fillna(False).astype(bool)
    special_now = pairs["special_support"].fillna(False).astype(bool)
    added = pairs[special_now & ~special_before]
    removed = pairs[~special_now & special_before]
    reported = {
        code
        for (code,) in con.execute(
            paths.sql("digest_reported"), {"start": _start_of(since), "end": _start_of(until + timedelta(days=1))}
        ).fetchall()
    }
    last = dict(con.execute(paths.sql("digest_last_reports"), {"end": _start_of(until + timedelta(days=1))}).fetchall())
    munis = con.execute("select code, name_ja, name_en from municipalities order by code").df()
    silent = munis[~munis["code"].isin(reported)].copy()
    silent["last_report"] = [
        pd.Timestamp(last[c]).tz_convert(clock.TOKYO).date() if c in last else None for c in silent["code"]
    ]
    return Digest(
        since,
        until,
        live=live.reset_index(drop=True),
        moved=moved.reset_index(drop=True),
        past_due=past_due.reset_index(drop=True),
        special_added=added.reset_index(drop=True),
        special_removed=removed.reset_index(drop=True),
        silent=silent.reset_index(drop=True),
    )


def _slash(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{pd.Timestamp(value):%Y/%m/%d}"


def _name(row: dict, lang: str) -> str:
    return str(row["name_en" if lang == "en" else "name_ja"])


def tables(d: Digest, lang: str = "ja") -> dict[str, pd.DataFrame]:
    """Each section as a table for people, headers in the language (dates as YYYY/MM/DD text)."""

    def h(key: str) -> str:
        return in_lang(HEADERS[key], lang)

    def pair_cols(row: dict) -> dict[str, object]:
        business = row["business_en" if lang == "en" else "business_ja"]
        return {h("code"): row["municipality_code"], h("municipality"): _name(row, lang), h("business"): business}

    out: dict[str, pd.DataFrame] = {}
    out["live"] = pd.DataFrame(
        [{**pair_cols(r), h("go_live_date"): _slash(r["go_live_date"])} for r in d.live.to_dict("records")],
        columns=[h("code"), h("municipality"), h("business"), h("go_live_date")],
    )
    out["moved"] = pd.DataFrame(
        [
            {
                **pair_cols(r),
                h("before"): _slash(r["target_before"]),
                h("after"): _slash(r["target_date"]),
                h("days"): abs(int(r["days"])),
                h("direction"): in_lang(LATER if r["days"] > 0 else EARLIER, lang),
            }
            for r in d.moved.to_dict("records")
        ],
        columns=[h("code"), h("municipality"), h("business"), h("before"), h("after"), h("days"), h("direction")],
    )
    out["past_due"] = pd.DataFrame(
        [
            {
                **pair_cols(r),
                h("status"): schedule_label(r["schedule_status"], lang),
                h("due_date"): _slash(r["due_date"]),
            }
            for r in d.past_due.to_dict("records")
        ],
        columns=[h("code"), h("municipality"), h("business"), h("status"), h("due_date")],
    )
    for name in ("special_added", "special_removed"):
        frame: pd.DataFrame = getattr(d, name)
        out[name] = pd.DataFrame(
            [pair_cols(r) for r in frame.to_dict("records")], columns=[h("code"), h("municipality"), h("business")]
        )
    out["silent"] = pd.DataFrame(
        [
            {h("code"): r["code"], h("municipality"): _name(r, lang), h("last_report"): _slash(r["last_report"])}
            for r in d.silent.to_dict("records")
        ],
        columns=[h("code"), h("municipality"), h("last_report")],
    )
    return out


def subject(d: Digest) -> str:
    """The digest mail's subject."""
    return f"【週次ダイジェスト】標準化・ガバメントクラウド移行 {d.since:%Y/%m/%d}〜{d.until:%Y/%m/%d}"


def text(d: Digest, lang: str = "ja") -> str:
    """The digest as plain text: a line of counts, then each section's rows."""
    counts = d.counts()
    head = in_lang(
        (
            f"{d.since:%Y/%m/%d}〜{d.until:%Y/%m/%d} の変更（東京都 CIO 室向け）",
            f"Changes {d.since:%Y-%m-%d} to {d.until:%Y-%m-%d} (for the Tokyo CIO office)",
        ),
        lang,
    )
    lines = [head, ""]
    lines += [f"・{in_lang(SECTIONS[name], lang)}: {n}" for name, n in counts.items()]
    for name, table in tables(d, lang).items():
        lines += ["", f"■ {in_lang(SECTIONS[name], lang)}（{len(table)}）"]
        if not len(table):
            lines.append(in_lang(("なし", "none"), lang))
        for row in table.itertuples(index=False):
            lines.append("  " + " / ".join(str(v) for v in row if str(v) != ""))
    return "\n".join(lines) + "\n"


def compose(d: Digest, recipients: list[str], sender: str, sender_name: str) -> EmailMessage:
    """The digest as a UTF-8 email to the CIO office (Japanese, then English)."""
    message = EmailMessage()
    message["From"] = formataddr((sender_name, sender))
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject(d)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text(d, "ja") + "\n" + "-" * 40 + "\n\n" + text(d, "en"), charset="utf-8")
    return message
