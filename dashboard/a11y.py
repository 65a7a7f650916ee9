"""Accessibility on every page: the document's language for screen readers and the project's contrast CSS.

JIS X 8341-3:2016 AA (WCAG 2.0 AA): a Japanese page must say `lang="ja"`, else a screen reader reads
it with an English voice (3.1.1); captions, help texts and table text at 4.5:1 or more (1.4.3).
"""

from __future__ import annotations

import streamlit as st

# Streamlit draws captions, metric labels and help icons in a faded body colour; the theme's
# textColor (.streamlit/config.toml) darkens that fade, and these rules fix the ones drawn in a
# fixed grey. #595959 on white is 7.0:1.
MUTED_TEXT = "#595959"
SITE_CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p,
[data-testid="stTooltipIcon"], [data-testid="stWidgetLabel"] p {{ color: {MUTED_TEXT}; }}
/* a headline card never cuts its label or its figure: both wrap (Streamlit ends them with an ellipsis) */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] *, [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; height: auto !important;
}}
[data-testid="stMetricValue"] {{ font-size: clamp(1.4rem, 2.2vw, 2.25rem); line-height: 1.2; }}
@media (max-width: 640px) {{
  [class*="st-key-kpi_"] {{ padding: 0.4rem 0.6rem !important; }}
  [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
}}
.hyj-sr-only {{
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}}
</style>
"""


def lang_script(language: str) -> str:
    """A script that sets `<html lang>` to the page's language (only 'ja' or 'en' ever reach the page)."""
    code = "en" if language == "en" else "ja"
    return f"<script>document.documentElement.lang = '{code}';</script>"


def page_setup(language: str) -> None:
    """Tell the browser the page's language and put the contrast CSS on the page (neither takes room)."""
    st.html(SITE_CSS)
    # st.html runs a script only when asked; the element sits in the sidebar, out of the page's flow
    st.sidebar.html(lang_script(language), unsafe_allow_javascript=True)
