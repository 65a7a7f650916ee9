"""Picking a language: a (Japanese, English) pair's text, and a frame's column in a language.

The one place that decides what a language code means: English for 'en', Japanese for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable

Pair = tuple[str, str]


def in_lang(pair: Iterable[str], lang: str) -> str:
    """The pair's (ja, en) text in the language: English for 'en', Japanese otherwise."""
    ja, en = tuple(pair)[:2]
    return en if lang == "en" else ja


def lang_query(lang: str) -> dict[str, str]:
    """The URL query that keeps the language on a link: none for Japanese (the default), lang=en."""
    return {"lang": "en"} if lang == "en" else {}


def lang_column(what: str, lang: str) -> str:
    """The frame column holding `what` in the language, e.g. business_en."""
    return f"{what}_{'en' if lang == 'en' else 'ja'}"
