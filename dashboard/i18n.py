"""Japanese first, English on a toggle: the language lives in the URL (?lang=en)."""

from __future__ import annotations

import streamlit as st

LANGS = ("ja", "en")


def lang() -> str:
    """The current language: 'ja' unless the URL says lang=en."""
    value = st.query_params.get("lang", "ja")
    return value if value in LANGS else "ja"


def tr(ja: str, en: str) -> str:
    """The text in the current language."""
    return en if lang() == "en" else ja


def language_toggle() -> None:
    """The sidebar toggle; it writes the choice into the URL so that a link keeps it."""
    english = st.sidebar.toggle("English", value=lang() == "en", key="lang_toggle")
    if english and lang() != "en":
        st.query_params["lang"] = "en"
    elif not english and "lang" in st.query_params:
        del st.query_params["lang"]
