"""The staff console's routes on the web page's server: bot/servers/web.py hands over every
/staff path.

Enabled only when STAFF_TOKEN is set (16 characters or more). Every report route needs either
`Authorization: Bearer <STAFF_TOKEN>` (compared in constant time) or the session cookie the
sign-in form sets (Secure, HttpOnly, SameSite=Strict, 8 hours, kept in this process's memory).
Responses are never cached; each access is logged with its path, status and client address,
never with a token or cookie.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import threading
import time
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.settings import staff_token, staff_utc_offset_hours, tracker_store_url
from bot.staff import page
from bot.staff.report import Request, build, make_engine, nlu_candidates_yaml

log = logging.getLogger("bot.staff.access")
COOKIE = "staff_session"
SESSION_SECONDS = 8 * 3600
MAX_FORM_BYTES = 4096
DEFAULT_DAYS = 30
MAX_DAYS = 366
ASSET_TYPES = {"staff.js": "text/javascript; charset=utf-8",
               "echarts.js": "text/javascript; charset=utf-8",
               "staff.css": "text/css; charset=utf-8"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; connect-src 'none'; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'")

_sessions: dict[str, float] = {}
_lock = threading.Lock()


def bearer_matches(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


def new_session() -> str:
    session = secrets.token_urlsafe(32)
    with _lock:
        now = time.time()
        for expired in [key for key, until in _sessions.items() if until < now]:
            del _sessions[expired]
        _sessions[session] = now + SESSION_SECONDS
    return session


def session_valid(cookie_header: str | None) -> bool:
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header or "")
    except Exception:  # a malformed Cookie header is no session
        return False
    morsel = cookies.get(COOKIE)
    if morsel is None:
        return False
    with _lock:
        until = _sessions.get(morsel.value)
    return until is not None and until > time.time()


def request_of(query: dict[str, list[str]], env: dict[str, str]) -> Request:
    """The period asked for (?from=YYYY-MM-DD&to=YYYY-MM-DD), else the last 30 days;
    impossible dates fall back to the default rather than fail."""
    offset = staff_utc_offset_hours(env)
    default = Request.last_days(DEFAULT_DAYS, offset)
    try:
        first = dt.date.fromisoformat(query.get("from", [""])[0])
        last = dt.date.fromisoformat(query.get("to", [""])[0])
    except ValueError:
        return default
    if first > last or (last - first).days >= MAX_DAYS:
        return default
    return Request(first, last, offset)


def handle(handler: Any, method: str, with_body: bool = True) -> None:
    """Answer a /staff request on `handler` (a BaseHTTPRequestHandler of bot/servers/web.py)."""
    parts = urlsplit(handler.path)
    route, query = parts.path.rstrip("/") or "/", parse_qs(parts.query)
    lang = "en" if query.get("lang", [""])[0] == "en" else "zh"
    token = staff_token(handler.env)
    status = _answer(handler, method, route, query, lang, token, with_body)
    log.info("staff console: %s %s -> %d from %s", method, route, status,
             handler.client_address[0])


def _answer(handler: Any, method: str, route: str, query: dict[str, list[str]], lang: str,
            token: str | None, with_body: bool) -> int:
    if token is None:
        return _send(handler, HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", with_body)
    name = route.removeprefix("/staff/")
    if method in ("GET", "HEAD") and name in ASSET_TYPES:
        return _send(handler, HTTPStatus.OK, page.asset(name), ASSET_TYPES[name], with_body)
    if route == "/staff/login":
        if method != "POST":
            return _send(handler, HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n",
                         "text/plain", with_body, {"Allow": "POST"})
        return _login(handler, token, lang)
    if method not in ("GET", "HEAD"):
        return _send(handler, HTTPStatus.METHOD_NOT_ALLOWED, b"method not allowed\n",
                     "text/plain", with_body, {"Allow": "GET, HEAD"})
    authorized = (bearer_matches(handler.headers.get("Authorization"), token)
                  or session_valid(handler.headers.get("Cookie")))
    if route not in ("/staff", "/staff/nlu_candidates.yml", "/staff/logout"):
        return _send(handler, HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", with_body)
    if not authorized:
        return _send(handler, HTTPStatus.UNAUTHORIZED, page.login_page(lang).encode(),
                     "text/html; charset=utf-8", with_body,
                     {"WWW-Authenticate": 'Bearer realm="staff"'})
    if route == "/staff/logout":
        return _send(handler, HTTPStatus.SEE_OTHER, b"", "text/plain", with_body,
                     {"Location": "/staff", "Set-Cookie": _cookie("", 0)})
    report = build(make_engine(tracker_store_url(handler.env)),
                   request_of(query, handler.env))
    if route == "/staff/nlu_candidates.yml":
        name = f"nlu_candidates_{report['period']['first']}_{report['period']['last']}.yml"
        return _send(handler, HTTPStatus.OK, nlu_candidates_yaml(report).encode(),
                     "application/yaml; charset=utf-8", with_body,
                     {"Content-Disposition": f'attachment; filename="{name}"'})
    return _send(handler, HTTPStatus.OK, page.render(report, inline=False).encode(),
                 "text/html; charset=utf-8", with_body)


def _login(handler: Any, token: str, lang: str) -> int:
    length = int(handler.headers.get("Content-Length") or 0)
    if length > MAX_FORM_BYTES:
        return _send(handler, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"too large\n", "text/plain")
    form = parse_qs(handler.rfile.read(length).decode("utf-8", "replace"))
    given = form.get("token", [""])[0]
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _send(handler, HTTPStatus.UNAUTHORIZED,
                     page.login_page(lang, failed=True).encode(), "text/html; charset=utf-8")
    return _send(handler, HTTPStatus.SEE_OTHER, b"", "text/plain", True,
                 {"Location": f"/staff?lang={lang}",
                  "Set-Cookie": _cookie(new_session(), SESSION_SECONDS)})


def _cookie(value: str, max_age: int) -> str:
    return (f"{COOKIE}={value}; Max-Age={max_age}; Path=/staff; Secure; HttpOnly; "
            "SameSite=Strict")


def _send(handler: Any, status: HTTPStatus, body: bytes, kind: str, with_body: bool = True,
          extra: dict[str, str] | None = None) -> int:
    handler.send_response(status)
    headers = {"Content-Type": kind, "Content-Length": str(len(body)),
               "Cache-Control": "no-store", "Pragma": "no-cache",
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
               "X-Frame-Options": "DENY", "Content-Security-Policy": POLICY, **(extra or {})}
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if with_body:
        handler.wfile.write(body)
    return int(status)
