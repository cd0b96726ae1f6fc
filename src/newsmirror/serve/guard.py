"""Who may ask, and what every answer carries.

``serve`` shows an archive that may be someone's research, on a machine that may be
shared: it listens on the loopback address unless told otherwise, and elsewhere only
with a token. Without a token it answers only to the loopback host names, so that a web
page elsewhere cannot reach it through a DNS name rebound to 127.0.0.1. With a token,
every request needs it: ``Authorization: Bearer TOKEN`` (scripts), or a cookie that
``?token=TOKEN`` sets once (browsers: the address is then shown without the token).
The cookie holds an HMAC of the token, not the token; every comparison takes the same
time whatever the guess (``hmac.compare_digest``).

Every answer carries a Content-Security-Policy that allows no script, no frame, no
object and no ``<base>``, forms to this server only, and images from this server only
(an article page of a source whose images are hotlinked allows images from elsewhere,
as the static site does); and it sends no Referer, is never framed, is not sniffed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import re
from collections.abc import Callable
from urllib.parse import urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "newsmirror_token"
MIN_TOKEN = 16
_TOKEN = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII: it travels in a header
_log = logging.getLogger("newsmirror.serve")
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

CSP = ("default-src 'none'; style-src 'self'; img-src {images}; script-src 'none'; "
       "object-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
OWN_IMAGES = "'self' data:"
ANY_IMAGES = "'self' data: https: http:"
_HEADERS = {
    "content-security-policy": CSP.format(images=OWN_IMAGES),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

PUBLIC = frozenset({"/style.css", "/serve.css"})

Refuse = Callable[[Request, int, str], Response]
"""Makes the answer to a refused request: status, and what to say (HTML or JSON)."""


class BindError(Exception):
    """An address ``serve`` will not listen on as asked: the message says why."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address, or ``localhost``) is reachable from this machine only."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: where it points may change, so it is not trusted


def check_bind(host: str, token: str | None) -> None:
    """Refuse a non-loopback address without a token, and a token that is easy to guess."""
    if token is not None:
        if len(token) < MIN_TOKEN or not _TOKEN.match(token):
            raise BindError(
                f"--token: at least {MIN_TOKEN} printable ASCII characters, no spaces "
                "(python3 -c 'import secrets; print(secrets.token_urlsafe())' makes one)")
        return
    if not is_loopback(host):
        raise BindError(
            f"--host {host} lets other machines connect: give a token (--token or "
            "NEWSMIRROR_TOKEN) that every request must carry, or listen on 127.0.0.1")


def cookie_value(token: str) -> str:
    """What the cookie holds: the token's HMAC, so that the cookie is not the token."""
    return hmac.new(token.encode(), b"newsmirror serve cookie", hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


class Guard:
    """ASGI middleware around the whole application: the security headers on every
    answer, then the host check (no token) or the token check; an unexpected error is
    logged and answered without a traceback."""

    def __init__(self, app: ASGIApp, *, token: str | None, host: str, refuse: Refuse) -> None:
        self.app = app
        self.token = token
        self.cookie = cookie_value(token) if token else ""
        self.hosts = None if token else _LOOPBACK_NAMES | {host.strip("[]").lower()}
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(_HEADERS)
        if self.token:  # nothing a protected server showed stays in a shared browser
            headers["cache-control"] = "no-store"

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                response_headers = MutableHeaders(scope=message)
                for name, value in headers.items():
                    if name not in response_headers:
                        response_headers[name] = value
            await send(message)

        request = Request(scope)
        answer = self.check(request)
        if answer is not None:
            await answer(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # the log has the traceback; the answer says nothing of it
            _log.exception("%s %s", request.method, request.url.path)
            if started:
                raise
            answer = self.refuse(request, 500, "something went wrong (the server's log "
                                 "says what)")
            await answer(scope, receive, send_with_headers)

    def check(self, request: Request) -> Response | None:
        """The answer to a request that may not pass (None: it may). The stylesheets
        are newsmirror's own, not the archive's: they pass, so that a refusal is legible."""
        if request.url.path in PUBLIC:
            return None
        if self.hosts is not None:
            if (request.url.hostname or "").lower() not in self.hosts:
                return self.refuse(request, 400, "this server answers to 127.0.0.1 and "
                                   "localhost only")
            return None
        assert self.token is not None
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and _same(credentials.strip(), self.token):
            return None
        if _same(request.cookies.get(COOKIE, ""), self.cookie):
            return None
        given = request.query_params.get("token")
        if given is not None and _same(given, self.token) and request.method in ("GET", "HEAD"):
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items()
                              if k != "token"])
            redirect = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), 303)
            redirect.set_cookie(COOKIE, self.cookie, httponly=True, samesite="strict",
                                path="/")
            return redirect
        response = self.refuse(request, 401, "a token is needed: send Authorization: Bearer "
                               "TOKEN, or open a page once with ?token=TOKEN")
        response.headers["www-authenticate"] = 'Bearer realm="newsmirror"'
        return response
