"""What every document shares: the day it counts on, the store's as-of facts and the public base URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from dashboard import captions, queries
from etl import clock
from etl.errors import BilingualError
from schemas.vocabulary.language import lang_query

BASE_URL_ENV = "HYOJUNKA_PUBLIC_URL"
NO_PUBLIC_URL = (
    "公開アドレスが設定されていないため、QRコードはありません（HYOJUNKA_PUBLIC_URL または --base-url で設定）。",
    "No public address is set, so there is no QR code (set HYOJUNKA_PUBLIC_URL or --base-url).",
)


class OutputError(BilingualError):
    """A document could not be made; the message is in Japanese and English."""


@dataclass(frozen=True)
class Facts(captions.StoreFacts):
    """The day a document counts on, its language and the store's as-of facts."""

    day: date
    lang: str
    meta: dict

    @property
    def as_of(self) -> str:
        """The newest report day as shown: YYYY/MM/DD (file names take captions.iso_date of it)."""
        return captions.fmt_date(self.meta["data_as_of"])

    @property
    def source(self) -> str:
        """The source line's text (without the word 'source')."""
        return captions.source_text(self.meta, self.lang)

    @property
    def caption(self) -> str:
        """The full as-of and source caption, as under every chart of the dashboard."""
        return captions.as_of_caption(self.meta, self.lang)


def today() -> date:
    """Today in Asia/Tokyo."""
    return clock.today()


def base_url(explicit: str | None = None) -> str | None:
    """The public dashboard's address: the explicit one, else $HYOJUNKA_PUBLIC_URL, else None (a document
    handed out must not point at a local address its readers cannot open)."""
    chosen = (explicit or os.environ.get(BASE_URL_ENV) or "").strip()
    return chosen.rstrip("/") or None


def public_page_url(base: str, code: str, lang: str = "ja") -> str:
    """A municipality's public page under the base URL, in the language."""
    params = {"muni": code} | lang_query(lang)
    return f"{base.rstrip('/')}/municipality?{urlencode(params)}"


def facts(con: duckdb.DuckDBPyConnection, day: date, lang: str) -> Facts:
    """The as-of facts read through the query layer."""
    return Facts(day, lang, queries.meta(con))


def require_data(db: str | Path | None) -> Path:
    """The database path when it exists and holds accepted reports, else an OutputError."""
    from etl import paths

    path = paths.db_path(db)
    if not path.exists():
        raise OutputError(
            f"データベース {path} がありません。先に `hyojunka init` と `hyojunka demo` または `hyojunka ingest` を実行してください。",
            f"No database at {path}. Run `hyojunka init` and `hyojunka demo` or `hyojunka ingest` first.",
        )
    return path
