"""Japanese first, English on a toggle: the language lives in the URL (?lang=en)."""

from __future__ import annotations

import streamlit as st

from schemas.vocabulary import labels
from schemas.vocabulary.language import in_lang, lang_column
from schemas.vocabulary.language import lang_query as vocabulary_lang_query

LANGS = ("ja", "en")


def lang() -> str:
    """The current language: 'ja' unless the URL says lang=en."""
    value = st.query_params.get("lang", "ja")
    return value if value in LANGS else "ja"


def tr(ja: str, en: str) -> str:
    """The text in the current language."""
    return in_lang((ja, en), lang())


def lang_query() -> dict[str, str]:
    """The URL query that keeps the current language on a link (none for Japanese, lang=en)."""
    return vocabulary_lang_query(lang())


def text(key: str) -> str:
    """A column or axis label from the vocabulary, in the current language."""
    return labels.text(key, lang())


def column(what: str) -> str:
    """The frame column holding `what` in the current language, e.g. business_en."""
    return lang_column(what, lang())


def label(kind: str, code: object, language: str | None = None) -> str:
    """A code's label (stage, gov_cloud, region, sort, ...) from the vocabulary, in the current language.

    A widget's format_func passes the page's language: Streamlit may call it outside the script run.
    """
    return labels.label(kind, code, language or lang())


def language_toggle() -> None:
    """The sidebar toggle; it writes the choice into the URL so that a link keeps it."""
    english = st.sidebar.toggle("English", value=lang() == "en", key="lang_toggle")
    if english and lang() != "en":
        st.query_params["lang"] = "en"
    elif not english and "lang" in st.query_params:
        del st.query_params["lang"]
