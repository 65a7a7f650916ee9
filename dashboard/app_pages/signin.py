"""ログイン Sign in: a municipality's or the CIO office's access token."""

import streamlit as st

from dashboard import auth
from dashboard.i18n import tr

st.title(tr("ログイン", "Sign in"))

principal = auth.signed_in()
if principal is not None:
    st.success(tr("ログインしています: ", "Signed in as ") + auth.describe(principal))
    if principal.is_admin:
        st.page_link(
            "app_pages/admin.py", label=tr("管理画面へ", "Go to the admin page"), icon=":material/folder_open:"
        )
    else:
        st.page_link(
            "app_pages/report.py", label=tr("報告画面へ", "Go to the report page"), icon=":material/edit_note:"
        )
    if st.button(tr("ログアウト", "Sign out"), key="signin_signout"):
        auth.sign_out()
        st.rerun()
    st.stop()

st.markdown(
    tr(
        "東京都から配布されたアクセストークン（`hyj_` で始まる文字列）を貼り付けてください。"
        "トークンは画面・URL・ログに表示・記録されません。",
        "Paste the access token you were given (it starts with `hyj_`). "
        "It is never shown on a page, put in a URL or written to a log.",
    )
)
with st.form("signin_form", clear_on_submit=True):
    token = st.text_input(
        tr("アクセストークン", "Access token"), type="password", key="signin_token", autocomplete="off"
    )
    pressed = st.form_submit_button(tr("ログイン", "Sign in"), key="signin_submit", type="primary")

if pressed:
    result = auth.sign_in(token)  # a busy database is told by the app's one boundary
    if result.principal is None:
        st.error(result.message, icon=":material/lock:")
    elif result.principal.is_admin:
        st.switch_page("app_pages/admin.py")
    else:
        st.switch_page("app_pages/report.py")

st.caption(
    tr(
        "トークンをお持ちでない場合や紛失した場合は、東京都 CIO 室にご連絡ください"
        "（再発行し、旧トークンは失効させます）。",
        "No token, or lost it? Contact the Tokyo CIO office: it issues a new one and revokes the old.",
    )
)
