"""Settings as the store holds them: the reference values of data/reference/settings.csv (reloaded
by `hyojunka init`) under the values the CIO office set from the admin page (`settings_set`, kept
across inits). Only the keys of `EDITABLE` can be set; each is checked before it is kept."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd
from email_validator import EmailNotValidError, validate_email

from etl import adminlog, clock, paths
from etl.errors import UserError

PUBLIC_URL, DIGEST_RECIPIENTS, RECEIPT_MAIL = "public_url", "digest_recipients", "receipt_mail"
MAX_VALUE = 1000


class InvalidSetting(UserError, ValueError):
    """A value the setting cannot take, in Japanese and English."""


def _url(value: str) -> str:
    url = value.strip().rstrip("/")
    if url and (not url.startswith(("https://", "http://")) or any(c.isspace() for c in url) or len(url) < 10):
        raise InvalidSetting(
            "公開 URL は https:// で始まるアドレスにしてください（例: https://hyojunka.example.metro.tokyo.lg.jp）。",
            "The public URL must be an address starting with https:// (e.g. https://hyojunka.example.jp).",
        )
    return url


def addresses(value: str | None) -> list[str]:
    """A comma- (or space-, semicolon-) separated list of addresses, each checked; InvalidSetting names the bad one."""
    out: list[str] = []
    for part in (value or "").replace(";", ",").replace("\n", ",").split(","):
        for item in part.split():
            try:
                email = validate_email(item, check_deliverability=False).normalized
            except EmailNotValidError as exc:
                raise InvalidSetting(
                    f"メールアドレス「{item[:100]}」が正しくありません。", f"Not a valid email address: {item[:100]!r}."
                ) from exc
            if email not in out:
                out.append(email)
    return out


def _recipients(value: str) -> str:
    return ", ".join(addresses(value))


def _flag(value: str) -> str:
    folded = value.strip().lower()
    if folded in ("1", "true", "yes", "on", "はい"):
        return "1"
    if folded in ("0", "false", "no", "off", "いいえ", ""):
        return "0"
    raise InvalidSetting("1（する）か 0（しない）にしてください。", "Use 1 (on) or 0 (off).")


EDITABLE: dict[str, Callable[[str], str]] = {PUBLIC_URL: _url, DIGEST_RECIPIENTS: _recipients, RECEIPT_MAIL: _flag}


def table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every setting with its value in force, its reference value, and who set it from the admin page when."""
    return con.execute(paths.sql("settings_list")).df()


def get(con: duckdb.DuckDBPyConnection, key: str, default: str = "") -> str:
    """A setting's value in force: as set from the admin page, else the reference value, else `default`."""
    rows = con.execute(paths.sql("setting_value"), {"key": key}).fetchall()
    value = rows[0][0] if rows else None
    return default if value is None else str(value)


def put(con: duckdb.DuckDBPyConnection, key: str, value: str, *, by: str) -> str:
    """Check and keep one editable setting (logged in the admin log); returns the value as kept."""
    if key not in EDITABLE:
        raise InvalidSetting(f"設定「{key}」は変更できません。", f"The setting {key!r} cannot be changed here.")
    if len(value) > MAX_VALUE:
        raise InvalidSetting(
            f"設定値は {MAX_VALUE} 文字以内にしてください。",
            f"A setting's value must be at most {MAX_VALUE} characters.",
        )
    kept = EDITABLE[key](value)
    before = get(con, key)
    con.execute("insert or replace into settings_set values (?, ?, ?, ?)", [key, kept, clock.now(), by])
    if kept != before:
        adminlog.record(con, by, "settings_changed", key, f"{before or '(空 empty)'} → {kept or '(空 empty)'}")
    return kept
