"""Errors a user may see: each carries its message in Japanese and in English as separate fields."""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is meant for the user, in both languages (never a traceback)."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja = ja
        self.en = en

    def message(self, lang: str) -> str:
        """The message in the language ('en' or Japanese)."""
        return self.en if lang == "en" else self.ja


class StoreBusy(UserError, RuntimeError):
    """The database stayed locked by another process for longer than the retry budget."""


class UnknownMunicipality(UserError, ValueError):
    """A municipality code that is not in the jurisdiction's list."""

    def __init__(self, code: str) -> None:
        super().__init__(f"団体コード {code} は対象団体の一覧にありません。", f"Unknown municipality code {code}.")
        self.code = code
