"""Sign-in with access tokens that lasts: verify in constant time (access.tokens), slow repeated failures
per client in the store (access.throttle), keep a server-side session (access.sessions) whose random id the
browser holds only as an HttpOnly cookie set by the server (dashboard/serve.py). The session state
keeps only the principal and the session's row id, never the token or the cookie's value; every
script run re-checks the session, so a sign-out or a revoked token ends it in every tab."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import os

import duckdb
import streamlit as st

from access import sessions, throttle, tokens
from dashboard.i18n import tr
from etl import store

log = logging.getLogger(__name__)

FREE_ATTEMPTS = throttle.FREE_ATTEMPTS
FIRST_WAIT_S = throttle.FIRST_WAIT_S
MAX_WAIT_S = throttle.MAX_WAIT_S
PRINCIPAL_KEY = "auth_principal"
NAMES_KEY = "auth_names"  # the signed-in municipality's names (ja, en), for the sidebar and titles
SESSION_KEY = "auth_session"  # the session's row id in the store (not its secret)
GRANT_KEY = "auth_grant"  # a one-time hand-over code waiting to be traded for the cookie
CLEAR_KEY = "auth_clear_cookie"  # the browser's cookie is to be deleted on the next run
DEAD_COOKIE_KEY = "auth_dead_cookie"  # the hash of a cookie found dead: not looked up again
CLIENT_HEADER_ENV = "HYOJUNKA_CLIENT_IP_HEADER"  # e.g. X-Forwarded-For, when a trusted proxy sets it
TRUSTED_PROXIES_ENV = "HYOJUNKA_TRUSTED_PROXIES"  # the proxies that header is believed from
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"


class SignInResult:
    """What a sign-in attempt came to: a principal, or a message why not."""

    def __init__(self, principal: tokens.Principal | None, message: str | None = None) -> None:
        self.principal = principal
        self.message = message


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The proxies whose client-address header is believed (HYOJUNKA_TRUSTED_PROXIES: addresses or
    networks, comma-separated; loopback when unset)."""
    nets = []
    for part in os.environ.get(TRUSTED_PROXIES_ENV, DEFAULT_TRUSTED_PROXIES).split(","):
        with contextlib.suppress(ValueError):
            if part.strip():
                nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return nets


def _peer() -> str:
    # the socket's peer as the server saw it (dashboard/serve.py keeps uvicorn from rewriting it from
    # proxy headers); Streamlit reports 127.0.0.1 and ::1 as None, and AppTest has none
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "127.0.0.1"


def _trusted(peer: str) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in net for net in trusted_proxies())


def client_key() -> str:
    """Who is asking, for the throttle: the socket's peer; a header a trusted proxy sets only when
    HYOJUNKA_CLIENT_IP_HEADER names it and the peer is one of HYOJUNKA_TRUSTED_PROXIES."""
    peer = _peer()
    header = os.environ.get(CLIENT_HEADER_ENV, "").strip()
    if header and _trusted(peer):
        values = st.context.headers.get_all(header)
        if values and isinstance(values[-1], str) and values[-1].split(",")[-1].strip():
            # the proxy appends the address it saw: the last entry is the one it vouches for
            return "h:" + values[-1].split(",")[-1].strip()
    return "ip:" + ("local" if peer in ("127.0.0.1", "::1") else peer)


def _connection(read_only: bool) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    return store.connect(read_only=read_only)


def sign_in(token: str) -> SignInResult:
    """Check a token (unless this client must still wait), open a lasting session, keep its principal."""
    client = client_key()
    with _connection(read_only=False) as con:
        gate = throttle.state(con, client)
        if gate.wait_s > 0:
            # not even checked: a waiting client learns nothing about the token it tries
            left = int(gate.wait_s) + 1
            return SignInResult(
                None,
                tr(
                    f"ログインの失敗が続いたため、あと {left} 秒待ってからやり直してください。",
                    f"Too many failed sign-ins: wait {left} seconds before trying again.",
                ),
            )
        if not token or not token.strip():
            return SignInResult(None, tr("トークンを入力してください。", "Enter your access token."))
        principal = tokens.verify(con, token)
        if principal is None:
            try:
                gate = throttle.failed(con, client)
            except duckdb.Error:  # still conflicting after the retries: the page still answers
                log.warning("sign-in failure not counted: the store stayed busy", exc_info=True)
                gate = throttle.State(0, 0.0)
            log.info("sign-in refused (client failures: %d)", gate.failures)  # the token is never logged
            wait = int(gate.wait_s)
            extra = tr(f" {wait} 秒後にやり直せます。", f" You can try again in {wait} seconds.") if wait else ""
            return SignInResult(
                None,
                tr(
                    "トークンが正しくないか、失効しています。発行された文字列をそのまま貼り付けてください。",
                    "The token is wrong or revoked: paste the string you were given exactly.",
                )
                + extra,
            )
        throttle.succeeded(con, client)
        session_id, grant = sessions.open_session(con, principal.token_id)
        names = _names(con, principal)
    _keep(principal, session_id, names)
    st.session_state[GRANT_KEY] = grant
    log.info(
        "signed in: token #%d (%s %s), session #%d",
        principal.token_id,
        principal.role,
        principal.municipality_code or "",
        session_id,
    )
    return SignInResult(principal)


def _names(con: duckdb.DuckDBPyConnection, principal: tokens.Principal) -> tuple[str, str] | None:
    if not principal.municipality_code:
        return None
    row = con.execute(
        "select name_ja, name_en from municipalities where code = ?", [principal.municipality_code]
    ).fetchone()
    return tuple(row) if row else None


def _keep(principal: tokens.Principal, session_id: int, names: tuple[str, str] | None) -> None:
    st.session_state[PRINCIPAL_KEY] = principal
    st.session_state[SESSION_KEY] = session_id
    st.session_state[NAMES_KEY] = names


def _forget() -> None:
    for key in list(st.session_state.keys()):
        if key in (PRINCIPAL_KEY, NAMES_KEY, SESSION_KEY, GRANT_KEY) or str(key).startswith(
            ("report_", "review_", "admin_")
        ):
            del st.session_state[key]


def sign_out() -> None:
    """End the session in the store (every tab), delete the browser's cookie, forget what it edited."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is not None:
        with _connection(read_only=False) as con:
            sessions.end(con, int(session_id))
        log.info("signed out: session #%d", session_id)
    _forget()
    st.session_state[CLEAR_KEY] = True


def refresh() -> tokens.Principal | None:
    """Once per script run: confirm this session's sign-in in the store, or take it up from the cookie.

    A session signed out in another tab, expired, or whose token was revoked is forgotten here, so
    every page (and the sidebar's signed-in line) reflects it from the next page load or click on.
    """
    principal = st.session_state.get(PRINCIPAL_KEY)
    if principal is not None:
        session_id = st.session_state.get(SESSION_KEY)
        with _connection(read_only=True) as con:
            live = sessions.alive(con, int(session_id)) if session_id is not None else None
            revoked = live is None and tokens.is_revoked(con, principal.token_id)
        if live is None:
            _forget()
            st.session_state[CLEAR_KEY] = True
            if revoked:
                message = tr(
                    "このトークンは失効しました。もう一度ログインしてください。",
                    "This token has been revoked: sign in again.",
                )
            else:
                message = tr(
                    "ログインが終了しました（ログアウトまたは有効期限切れ）。もう一度ログインしてください。",
                    "Your sign-in has ended (signed out or expired): sign in again.",
                )
            st.warning(message, icon=":material/lock:")
            return None
        return live.principal
    cookie = st.context.cookies.get(sessions.COOKIE_NAME)
    if not isinstance(cookie, str) or not cookie or st.session_state.get(DEAD_COOKIE_KEY) == sessions.digest(cookie):
        return None
    with _connection(read_only=True) as con:
        live = sessions.resolve(con, cookie)
        names = _names(con, live.principal) if live is not None else None
    if live is None:
        st.session_state[DEAD_COOKIE_KEY] = sessions.digest(cookie)
        st.session_state[CLEAR_KEY] = True
        return None
    _keep(live.principal, live.session_id, names)
    return live.principal


def browser_steps() -> None:
    """Hand a fresh sign-in's one-time code to the server for the cookie, or delete a dead cookie.

    The browser posts to this app's own routes (dashboard/serve.py); the session id itself comes back
    only in an HttpOnly Set-Cookie header, so no script of the page ever sees it.
    """
    grant = st.session_state.pop(GRANT_KEY, None)
    clear = st.session_state.pop(CLEAR_KEY, False)
    if grant is None and not clear:
        return
    if grant is not None:
        body = json.dumps({"grant": grant})
        script = (
            "fetch('/api/session', {method: 'POST', credentials: 'same-origin', "
            f"headers: {{'Content-Type': 'application/json'}}, body: JSON.stringify({body})}})"
            ".then(r => { window.__hyjSession = r.ok ? 'set' : 'refused'; })"
            ".catch(() => { window.__hyjSession = 'failed'; });"
        )
    else:
        script = (
            "fetch('/api/signout', {method: 'POST', credentials: 'same-origin'})"
            ".then(r => { window.__hyjSession = r.ok ? 'cleared' : 'refused'; })"
            ".catch(() => { window.__hyjSession = 'failed'; });"
        )
    with st.sidebar:
        st.html(f"<script>{script}</script>", unsafe_allow_javascript=True, width="content")


def current() -> tokens.Principal | None:
    """The session's principal as confirmed by `refresh` in this script run."""
    return st.session_state.get(PRINCIPAL_KEY)


def signed_in() -> tokens.Principal | None:
    """The session's principal (for the sidebar and the sign-in page)."""
    return st.session_state.get(PRINCIPAL_KEY)


def describe(principal: tokens.Principal) -> str:
    """Who the session speaks for, in the current language."""
    if principal.is_admin:
        return tr("東京都 CIO 室（管理）", "Tokyo CIO office (admin)")
    code = principal.municipality_code or ""
    names = st.session_state.get(NAMES_KEY)
    return f"{tr(*names)}（{code}）" if names else code


def submitter(principal: tokens.Principal) -> str:
    """The submitter recorded with a submission: the token's label (a person or department), never its secret."""
    if principal.label:
        return principal.label
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
