"""Errors a user may see: each carries its message in Japanese and in English as separate fields.

`Bilingual` is the one shape of such a message (the fields `message_ja` and `message_en`, read in a
language through the vocabulary's `in_lang`); `UserError` is what the command line and the app show
as it is, `BilingualError` a failure in making something (a chart image, a document, a font).
"""

from __future__ import annotations

from schemas.vocabulary.language import in_lang


class Bilingual:
    """A message kept as two fields, Japanese and English, never one joined string."""

    message_ja: str
    message_en: str

    def message(self, lang: str = "ja") -> str:
        """The message in the language ('en' or Japanese)."""
        return in_lang((self.message_ja, self.message_en), lang)


class BilingualError(Bilingual, RuntimeError):
    """Something could not be made; str() shows the message in Japanese and English."""

    def __init__(self, message_ja: str, message_en: str) -> None:
        super().__init__(f"{message_ja} / {message_en}")
        self.message_ja = message_ja
        self.message_en = message_en


class UserError(Bilingual, Exception):
    """An error whose message is meant for the user, in both languages (never a traceback)."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.message_ja = ja
        self.message_en = en

    @property
    def ja(self) -> str:
        """The message in Japanese."""
        return self.message_ja

    @property
    def en(self) -> str:
        """The message in English."""
        return self.message_en


class StoreBusy(UserError, RuntimeError):
    """The database stayed locked by another process for longer than the retry budget."""


class DiskFull(UserError, OSError):
    """The disk (or the file-size limit) left no room to write: nothing of the write was kept."""

    def __init__(self) -> None:
        super().__init__(
            "ディスクの空き容量が不足しているため書き込めませんでした。何も保存していません。"
            "空き容量を確保してからやり直してください。",
            "The disk is full: nothing was written. Free some space and try again.",
        )


class UnknownMunicipality(UserError, ValueError):
    """A municipality code that is not in the jurisdiction's list."""

    def __init__(self, code: str) -> None:
        super().__init__(f"団体コード {code} は対象団体の一覧にありません。", f"Unknown municipality code {code}.")
        self.code = code
