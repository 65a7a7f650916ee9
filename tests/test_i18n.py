"""dashboard.i18n through a real Streamlit script run: the language lives in the URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from dashboard.i18n import label, lang, text, tr

    st.markdown(f"lang={lang()}")
    st.markdown(tr("業務", "Business"))
    st.markdown(label("stage", "live"))
    st.markdown(text("vendor"))


def _shown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_japanese_by_default():
    at = AppTest.from_function(_script).run()
    assert _shown(at) == ["lang=ja", "業務", "標準準拠システム稼働", "ベンダ"]


def test_english_from_the_url():
    at = AppTest.from_function(_script)
    at.query_params["lang"] = "en"
    at.run()
    assert _shown(at) == ["lang=en", "Business", "Live", "Vendor"]


def test_an_unknown_language_falls_back_to_japanese():
    at = AppTest.from_function(_script)
    at.query_params["lang"] = "fr"
    at.run()
    assert _shown(at)[0] == "lang=ja"
