"""Session sign-in with access tokens: verify in constant time (etl.tokens), slow repeated failures per
session, keep only the principal (never the token) in the session, re-check revocation on every page."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import streamlit as st

from dashboard import reporting
from dashboard.i18n import tr
from etl import tokens

log = logging.getLogger(__name__)

FREE_ATTEMPTS = 5  # failures allowed before the first wait
FIRST_WAIT_S = 10.0  # the wait after the fifth failure; it doubles with each further failure
MAX_WAIT_S = 15 * 60.0
PRINCIPAL_KEY = "auth_principal"
NAMES_KEY = "auth_names"  # the signed-in municipality's names (ja, en), for the sidebar and titles
THROTTLE_KEY = "auth_throttle"


@dataclass
class Throttle:
    """Failed sign-in attempts of one session and until when the next attempt must wait."""

    failures: int = 0
    wait_until: float = 0.0

    def remaining(self, now: float) -> float:
        """Seconds left before another attempt is allowed (0 when allowed)."""
        return max(0.0, self.wait_until - now)

    def failed(self, now: float) -> None:
        """Count a failure; from the fifth on, wait, twice as long each time."""
        self.failures += 1
        if self.failures >= FREE_ATTEMPTS:
            wait = min(FIRST_WAIT_S * 2 ** (self.failures - FREE_ATTEMPTS), MAX_WAIT_S)
            self.wait_until = now + wait

    def succeeded(self) -> None:
        """Forget earlier failures."""
        self.failures = 0
        self.wait_until = 0.0


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to: a principal, or a message why not."""

    principal: tokens.Principal | None
    message: str | None = None


def throttle() -> Throttle:
    """This session's throttle."""
    if THROTTLE_KEY not in st.session_state:
        st.session_state[THROTTLE_KEY] = Throttle()
    return st.session_state[THROTTLE_KEY]


def sign_in(token: str, *, now: float | None = None) -> SignInResult:
    """Check a token (unless this session must still wait) and keep its principal in the session."""
    now = time.time() if now is None else now
    gate = throttle()
    left = gate.remaining(now)
    if left > 0:
        # not even checked: a waiting session learns nothing about the token it tries
        return SignInResult(
            None,
            tr(
                f"ログインの失敗が続いたため、あと {int(left) + 1} 秒待ってからやり直してください。",
                f"Too many failed sign-ins: wait {int(left) + 1} seconds before trying again.",
            ),
        )
    if not token or not token.strip():
        return SignInResult(None, tr("トークンを入力してください。", "Enter your access token."))
    with reporting.connection(read_only=False) as con:
        principal = tokens.verify(con, token)
        names = None
        if principal is not None and principal.municipality_code:
            names = con.execute(
                "select name_ja, name_en from municipalities where code = ?", [principal.municipality_code]
            ).fetchone()
    if principal is None:
        gate.failed(now)
        log.info("sign-in refused (session failures: %d)", gate.failures)  # the token is never logged
        wait = gate.remaining(now)
        extra = tr(f" {int(wait)} 秒後にやり直せます。", f" You can try again in {int(wait)} seconds.") if wait else ""
        return SignInResult(
            None,
            tr(
                "トークンが正しくないか、失効しています。発行された文字列をそのまま貼り付けてください。",
                "The token is wrong or revoked: paste the string you were given exactly.",
            )
            + extra,
        )
    gate.succeeded()
    st.session_state[PRINCIPAL_KEY] = principal
    st.session_state[NAMES_KEY] = tuple(names) if names else None
    log.info("signed in: token #%d (%s %s)", principal.token_id, principal.role, principal.municipality_code or "")
    return SignInResult(principal)


def sign_out() -> None:
    """Forget the session's principal and anything it was editing."""
    for key in list(st.session_state.keys()):
        if key in (PRINCIPAL_KEY, NAMES_KEY) or str(key).startswith(("report_", "review_", "admin_")):
            del st.session_state[key]


def current() -> tokens.Principal | None:
    """The session's principal while its token is still valid; a revoked token signs the session out."""
    principal = st.session_state.get(PRINCIPAL_KEY)
    if principal is None:
        return None
    with reporting.connection(read_only=True) as con:
        alive = con.execute(reporting.sql("token_alive"), {"token_id": principal.token_id}).fetchone()
    if alive is None:
        sign_out()
        st.warning(
            tr(
                "このトークンは失効しました。もう一度ログインしてください。",
                "This token has been revoked: sign in again.",
            )
        )
        return None
    return principal


def signed_in() -> tokens.Principal | None:
    """The session's principal as last verified, without a database round trip (for the sidebar)."""
    return st.session_state.get(PRINCIPAL_KEY)


def describe(principal: tokens.Principal) -> str:
    """Who the session speaks for, in the current language."""
    if principal.is_admin:
        return tr("東京都 CIO 室（管理）", "Tokyo CIO office (admin)")
    code = principal.municipality_code or ""
    names = st.session_state.get(NAMES_KEY)
    return f"{tr(*names)}（{code}）" if names else code


def submitter(principal: tokens.Principal) -> str:
    """The submitter recorded with a submission: the token, never its secret."""
    return f"token#{principal.token_id}" + (f" {principal.municipality_code}" if principal.municipality_code else "")


def sidebar() -> None:
    """Who is signed in and a sign-out button, in the sidebar of every page."""
    principal = signed_in()
    if principal is None:
        return
    with st.sidebar:
        st.caption(tr("ログイン中: ", "Signed in: ") + describe(principal))
        if st.button(tr("ログアウト", "Sign out"), key="signout"):
            sign_out()
            st.rerun()


def ask_to_sign_in(message: str) -> None:
    """Why this page needs a token, and the way to the sign-in page."""
    st.info(message)
    st.page_link("app_pages/signin.py", label=tr("ログイン", "Sign in"), icon=":material/key:")
