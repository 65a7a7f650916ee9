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
# the keyboard focus ring: the theme's primary colour, 5.2:1 on white (3:1 is the least for a ring)
FOCUS_RING = "#0072B2"
# the line that sets the reporting pages apart in the navigation: 4.5:1 on white, 4.0:1 on the sidebar's grey
NAV_SEPARATOR = "#767676"
SITE_CSS = f"""
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p,
[data-testid="stTooltipIcon"], [data-testid="stWidgetLabel"] p {{ color: {MUTED_TEXT}; }}
/* Streamlit fades a caption with opacity 0.6 on top of its colour (#595959 turns #9B9B9B, 2.8:1) */
[data-testid="stCaptionContainer"], [data-testid="stMetricLabel"], [data-testid="stTooltipIcon"] {{ opacity: 1 !important; }}
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
/* 2.4.7: wherever the keyboard is, one solid ring in the theme's blue (5.2:1 on white). Streamlit
   draws none on its navigation links, page links and the scrolling main area, a faint one elsewhere,
   and none on the switch, whose input is hidden: the ring goes on the switch's label */
:is(a, button, summary, [role="tab"], [role="radio"], [role="checkbox"]):focus-visible {{
  outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important;
}}
/* a heading's link shows on hover only: it shows when the keyboard reaches it too */
[data-testid="stHeaderActionElements"] a:focus-visible {{ opacity: 1 !important; transition: none !important; }}
:is([role="tabpanel"], [data-testid="stMain"], [data-testid="stSidebarContent"]):focus-visible {{
  outline: 3px solid {FOCUS_RING} !important; outline-offset: -3px !important;
}}
label:has(input:is([type="checkbox"], [type="radio"]):focus-visible),
[role="group"]:has(input[role="combobox"]:focus-visible) {{
  outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important; border-radius: 0.5rem;
}}
/* the navigation is one list (sections would break it): a line sets the reporting pages apart */
[data-testid="stSidebarNavItems"] li:has(a[href*="/signin"]) {{
  border-top: 1px solid {NAV_SEPARATOR}; margin-top: 0.5rem; padding-top: 0.5rem;
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


# The framework's own words in the page's language: the file uploader's button and limits line are
# hidden and the project's words shown in their place; an empty date field's segments (Streamlit
# draws "yyyy", "mm" and "dd" in them) read 年, 月 and 日 on a Japanese page. (Streamlit has no option
# for these texts.)
FRAMEWORK_WORDS: dict[str, tuple[str, str]] = {
    "upload": ("ファイルを選ぶ", "Choose a file"),
    "limits": ("1ファイル 5MB まで・XLSX、CSV", "Up to 5 MB per file · XLSX, CSV"),
    "drop": ("ここにファイルをドロップ", "Drop a file here"),
}
DATE_SEGMENTS: dict[str, tuple[str, str]] = {"year": ("年", "yyyy"), "month": ("月", "mm"), "day": ("日", "dd")}
_EMPTY_SEGMENT = '[data-testid="stDateInput"] [role="spinbutton"][data-placeholder="true"]'


def _date_segments_css(language: str) -> str:
    if language == "en":
        return ""  # Streamlit's own yyyy/mm/dd is English already
    words = "\n".join(
        f'{_EMPTY_SEGMENT}[data-type="{kind}"]::after {{ content: "{ja}"; }}' for kind, (ja, _) in DATE_SEGMENTS.items()
    )
    return f"""{_EMPTY_SEGMENT} {{ color: transparent; position: relative; }}
{_EMPTY_SEGMENT}::after {{ position: absolute; left: 0; right: 0; text-align: center; color: {MUTED_TEXT}; }}
{words}
"""


def framework_css(language: str) -> str:
    """The CSS that puts the uploader's and date fields' texts in the page's language."""
    words = {k: (ja if language != "en" else en) for k, (ja, en) in FRAMEWORK_WORDS.items()}
    return f"""
<style>
[data-testid="stFileUploaderDropzone"] button > * {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{words["upload"]}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > * {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"]::after {{ content: "{words["limits"]}"; font-size: 0.875rem; }}
{_date_segments_css(language)}</style>
"""


def page_setup(language: str) -> None:
    """Tell the browser the page's language and put the contrast CSS on the page (neither takes room)."""
    st.html(SITE_CSS + framework_css(language))
    # st.html runs a script only when asked; the element sits in the sidebar, out of the page's flow
    st.sidebar.html(lang_script(language), unsafe_allow_javascript=True)
