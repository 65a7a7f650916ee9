"""The served app: Streamlit's ASGI `st.App` around `app.py`, plus the two routes that set and clear
the sign-in cookie from the server, so that the cookie can be HttpOnly (a script cannot set that).

`streamlit run dashboard/serve.py` (what `make run` does). `POST /api/session` trades a sign-in's
one-time hand-over code for a random session id set as an HttpOnly, SameSite=Strict cookie;
`POST /api/signout` ends the session its cookie names and deletes the cookie. Both refuse requests
from another origin.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/serve.py` from a checkout
    sys.path.insert(0, str(ROOT))

from access import sessions  # noqa: E402
from documents import images  # noqa: E402
from etl import store  # noqa: E402

log = logging.getLogger("hyojunka.serve")
SECURE_ENV = "HYOJUNKA_COOKIE_SECURE"  # auto (Secure over https), always, never
MAX_BODY = 1024


def _same_origin(request: Request) -> bool:
    """A browser's POST from this app's own pages: the Origin header names this very host."""
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin is None:
        return False
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def _secure(request: Request) -> bool:
    mode = os.environ.get(SECURE_ENV, "auto").strip().lower()
    if mode == "always":
        return True
    if mode == "never":
        return False
    return request.url.scheme == "https"


def _refused() -> Response:
    return Response(status_code=403, headers={"Cache-Control": "no-store"})


def _redeem(grant: str) -> str | None:
    with store.connect(wait_s=10.0) as con:
        return sessions.redeem(con, grant)


def _end(session_id: str) -> None:
    with store.connect(wait_s=10.0) as con:
        sessions.end_by_cookie(con, session_id)


async def start_session(request: Request) -> Response:
    """POST {"grant": code}: a fresh session id for a one-time hand-over code, as an HttpOnly cookie."""
    if not _same_origin(request):
        return _refused()
    body = await _read_json(request)
    grant = body.get("grant") if isinstance(body, dict) else None
    if not isinstance(grant, str):
        return Response(status_code=400, headers={"Cache-Control": "no-store"})
    try:
        session_id = await run_in_threadpool(_redeem, grant)
    except store.StoreBusy:
        return Response(status_code=503, headers={"Cache-Control": "no-store", "Retry-After": "2"})
    if session_id is None:
        log.info("session hand-over refused (unknown, used or expired code)")
        return _refused()
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        sessions.COOKIE_NAME,
        session_id,
        max_age=int(sessions.lifetime().total_seconds()),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    return response


async def end_session(request: Request) -> Response:
    """POST: end the session the cookie names (if any) and delete the cookie."""
    if not _same_origin(request):
        return _refused()
    session_id = request.cookies.get(sessions.COOKIE_NAME)
    if session_id:
        try:
            await run_in_threadpool(_end, session_id)
        except store.StoreBusy:
            pass  # the app has already ended the session by its row id; the cookie still goes
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(sessions.COOKIE_NAME, path="/", secure=_secure(request), httponly=True, samesite="strict")
    return response


async def _read_json(request: Request) -> object:
    raw = b""
    async for chunk in request.stream():  # read at most MAX_BODY bytes, whatever the client claims
        raw += chunk
        if len(raw) > MAX_BODY:
            return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _socket_peer(app: object, trusted_hosts: object = None) -> object:
    """Stands in for uvicorn's ProxyHeadersMiddleware: the app itself is served, unwrapped.

    uvicorn believes X-Forwarded-For from its trusted hosts (loopback unless FORWARDED_ALLOW_IPS says
    otherwise) and puts that address in the connection's place; a visitor on this machine could then
    name any address it likes and the sign-in throttle would count each one apart. The client address
    the app sees is the socket's peer; a proxy's header is read by the app only when
    HYOJUNKA_CLIENT_IP_HEADER names it, and only from HYOJUNKA_TRUSTED_PROXIES (dashboard/auth.py).
    """
    return app


def _no_proxy_headers() -> None:
    # uvicorn imports this module (the app) before it wraps the app in its proxy-header middleware
    import uvicorn.config

    uvicorn.config.ProxyHeadersMiddleware = _socket_peer  # type: ignore[misc,assignment]


_no_proxy_headers()

app = st.App(
    "app.py",
    routes=[
        Route("/api/session", start_session, methods=["POST"]),
        Route("/api/signout", end_session, methods=["POST"]),
    ],
)

# the chart browser starts with the server, not on the first image a reader asks for (about 3 s saved)
if os.environ.get("HYOJUNKA_WARM_CHARTS", "1") != "0":
    images.warm()
