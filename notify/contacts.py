"""Municipal contacts for reminders (email, person, department): private, admin only.

A contacts file (CSV, UTF-8 or Shift_JIS, Japanese or English headers) replaces the contacts of every
municipality it names; a file with any error changes nothing and says which row and column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd
from email_validator import EmailNotValidError, validate_email

from etl import clock, hygiene, paths, read, store

MAX_BYTES = 1_000_000
MAX_ROWS = 10_000
MAX_TEXT = 100
COLUMNS = ["municipality_code", "email", "person", "department"]
HEADERS = {
    "municipality_code": "municipality_code",
    "団体コード": "municipality_code",
    "email": "email",
    "メールアドレス": "email",
    "メール": "email",
    "person": "person",
    "担当者": "person",
    "担当者名": "person",
    "department": "department",
    "部署": "department",
    "担当部署": "department",
}
LABELS = {
    "municipality_code": ("団体コード", "municipality code"),
    "email": ("メールアドレス", "email"),
    "person": ("担当者", "person"),
    "department": ("部署", "department"),
}


@dataclass(frozen=True)
class Problem:
    """One reason a contacts file is refused: the file row (header = row 1) and column, in both languages."""

    row: int | None
    column: str | None
    message_ja: str
    message_en: str

    def __str__(self) -> str:
        where_ja = (f"{self.row} 行目 " if self.row else "") + (f"[{LABELS[self.column][0]}] " if self.column else "")
        where_en = (f"row {self.row} " if self.row else "") + (f"[{LABELS[self.column][1]}] " if self.column else "")
        return f"{where_ja}{self.message_ja} / {where_en}{self.message_en}"


def _text_problem(value: str) -> tuple[str, str] | None:
    bad = hygiene.first_refused(value)  # the reports' own rule (etl.hygiene)
    if bad:
        point = hygiene.code_point(bad[1])
        return (f"使えない文字 {point} が含まれています", f"holds a character that is not allowed: {point}")
    if len(value) > MAX_TEXT:
        return (f"{MAX_TEXT} 文字以内にしてください", f"must be at most {MAX_TEXT} characters")
    return None


def parse(raw: bytes, known_codes: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The contacts in a file, checked; problems name the file row (header = 1) and column."""
    if len(raw) > MAX_BYTES:
        return pd.DataFrame(columns=COLUMNS), [
            Problem(
                None, None, f"ファイルが大きすぎます（上限 {MAX_BYTES:,} バイト）", f"file over {MAX_BYTES:,} bytes"
            )
        ]
    text = read.decode(raw)
    if text is None:
        return pd.DataFrame(columns=COLUMNS), [
            Problem(None, None, "文字コードを読めません（UTF-8 か Shift_JIS）", "not UTF-8 or Shift_JIS text")
        ]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return pd.DataFrame(columns=COLUMNS), [
            Problem(None, None, f"CSV として読めません: {exc}", f"not readable as CSV: {exc}")
        ]
    problems: list[Problem] = []
    mapped = {c: HEADERS.get(read.fold(c).lower(), HEADERS.get(read.fold(c))) for c in frame.columns}
    names = [m for m in mapped.values() if m]
    for column in ("municipality_code", "email"):
        if column not in names:
            ja, en = LABELS[column]
            problems.append(Problem(1, None, f"列「{ja}」がありません", f"the column '{en}' is missing"))
    duplicated = {m for m in names if names.count(m) > 1}
    for column in sorted(duplicated):
        problems.append(Problem(1, column, "同じ列が複数あります", "the column appears more than once"))
    if len(frame) > MAX_ROWS:
        problems.append(Problem(None, None, f"{MAX_ROWS:,} 行を超えています", f"more than {MAX_ROWS:,} rows"))
    if problems:
        return pd.DataFrame(columns=COLUMNS), problems
    frame = frame.rename(columns={c: m for c, m in mapped.items() if m})[[c for c in COLUMNS if c in names]]
    frame = frame.reindex(columns=COLUMNS, fill_value="")
    rows = []
    seen: set[tuple[str, str]] = set()
    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2  # the header is row 1
        code = read.fold(record["municipality_code"])
        email = read.fold(record["email"])
        person = read.fold(record["person"])
        department = read.fold(record["department"])
        if not code and not email and not person and not department:
            continue
        if code not in known_codes:
            problems.append(
                Problem(
                    line,
                    "municipality_code",
                    f"団体コード「{code}」は対象団体の一覧にありません",
                    f"'{code}' is not a municipality code of this jurisdiction",
                )
            )
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(
                Problem(
                    line,
                    "email",
                    f"メールアドレス「{email}」の形式が正しくありません",
                    f"'{email}' is not a valid email address",
                )
            )
        for column, value in (("person", person), ("department", department)):
            issue = _text_problem(value)
            if issue:
                problems.append(Problem(line, column, *issue))
        if (code, email.lower()) in seen:
            problems.append(Problem(line, "email", "同じ団体・アドレスが重複しています", "the same contact twice"))
        seen.add((code, email.lower()))
        rows.append(
            {"municipality_code": code, "email": email, "person": person or None, "department": department or None}
        )
    if not rows and not problems:
        problems.append(Problem(None, None, "連絡先が 1 件もありません", "no contacts in the file"))
    return pd.DataFrame(rows, columns=COLUMNS), problems


def replace(con: duckdb.DuckDBPyConnection, contacts: pd.DataFrame, *, now: datetime | None = None) -> int:
    """Replace the contacts of every municipality in `contacts` with these, in one transaction."""
    now = now or clock.now()
    with store.transaction(con):
        codes = sorted(set(contacts["municipality_code"]))
        con.execute("delete from contacts where list_contains(?, municipality_code)", [codes])
        con.register("incoming_contacts", contacts.assign(updated_at=now))
        con.execute("insert into contacts by name select * from incoming_contacts")
        con.unregister("incoming_contacts")
    return len(contacts)


def listing(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every contact with its municipality's name, by code."""
    return con.execute(paths.sql("contacts_list.sql")).df()


def delete(con: duckdb.DuckDBPyConnection, code: str, email: str) -> bool:
    """Remove one contact; False when there was none."""
    found = store.scalar(
        con, "select count(*) from contacts where municipality_code = ? and lower(email) = lower(?)", [code, email]
    )
    con.execute("delete from contacts where municipality_code = ? and lower(email) = lower(?)", [code, email])
    return bool(found)
