"""Fetch over HTTP(S) with httpx, in a way a mirror can leave running for months.

One :meth:`HttpFetcher.fetch` is: for each redirect hop (followed here, not by httpx, so
that every hop is checked by the SSRF guard and robots.txt, captured, and a loop is seen),
up to ``attempts`` requests, each holding a host slot (politeness) and bounded by connect,
read and total timeouts and by ``max_bytes`` on the wire and after decompression.
"""

from __future__ import annotations

import asyncio
import dataclasses
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from newsmirror.dates import now
from newsmirror.errors import FetchError, RefusedError
from newsmirror.net.body import ACCEPT_ENCODING, read_body
from newsmirror.net.capture import WarcCapture
from newsmirror.net.content import check_body, check_headers
from newsmirror.net.guard import AddressRefusedError, check_through_proxy
from newsmirror.net.model import (
    BodyLimit,
    Expect,
    FetchResult,
    FetchSettings,
    Validators,
    redact,
)
from newsmirror.net.politeness import HostGate, Robots
from newsmirror.net.redirects import REDIRECT_STATUSES, RedirectChain
from newsmirror.net.retry import RETRIED_ERRORS, backoff, retried_status, retry_after
from newsmirror.net.transport import make_transport

__all__ = ["HttpFetcher"]

_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
    "page": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "image": "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8",
    "any": "*/*",
}


class HttpFetcher:
    """Fetches URLs from the network; one instance per run, used inside one event loop.
    Keeps one httpx client per distinct proxy (``""``: direct)."""

    def __init__(self, settings: FetchSettings, capture: WarcCapture | None = None) -> None:
        self._settings = settings
        self._capture = capture
        self._limit = BodyLimit(settings.max_bytes, "network.max_bytes")
        self._gate = HostGate(settings.concurrency, settings.per_host, settings.host_delay)
        self._robots = Robots(self._load_robots, settings.user_agent)
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept-Language": "zh-CN,zh;q=0.9,zh-TW;q=0.8,en;q=0.6",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        self._timeout = httpx.Timeout(settings.timeout, connect=settings.connect_timeout,
                                      pool=settings.total_timeout)

    async def fetch(self, url: str, *, validators: Validators | None = None,
                    expect: Expect = "any", proxy: str | None = None,
                    robots: bool = False, limit: BodyLimit | None = None) -> FetchResult:
        """GET ``url``, following redirects. ``validators`` make the request conditional
        (a 304 is a result, see ``not_modified``); ``expect`` refuses a body that cannot be a
        feed, a page or an image; ``proxy`` overrides ``[network] proxy`` (a source's own);
        ``robots`` obeys the site's robots.txt; ``limit`` replaces ``[network] max_bytes``.
        Raises :class:`FetchError` for every failure."""
        proxy = self._settings.proxy if proxy is None else proxy
        headers = {"Accept": _ACCEPT[expect], **(validators or Validators()).request_headers()}
        limit = limit or self._limit
        result = await self._follow(url, headers, expect, proxy, robots, limit)
        if result.status >= 400:
            raise FetchError(f"HTTP {result.status}", url=url, status=result.status,
                             retry_after=retry_after(result.headers.get("retry-after")))
        if result.not_modified and validators:
            kept = {"etag": validators.etag or "", "last-modified": validators.last_modified or ""}
            result = dataclasses.replace(result, headers={
                **{k: v for k, v in kept.items() if v}, **result.headers})
        elif not result.not_modified:
            check_body(expect, result.content_type, result.body)
        return result

    async def _follow(self, url: str, headers: dict[str, str], expect: Expect, proxy: str,
                      robots: bool, limit: BodyLimit) -> FetchResult:
        chain = RedirectChain(url, self._settings.max_redirects)
        current = url
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(f"not an http(s) URL: {current}", url=url)
            if proxy and not self._settings.allow_private:
                await self._check_proxied(parts.hostname, parts.port, parts.scheme, url)
            if robots:
                self._gate.space_out(parts.hostname, min(
                    await self._robots.check(current, proxy), self._settings.retry_max_wait))
            result = await self._exchange(current, headers, expect, proxy, url, limit)
            if result.status not in REDIRECT_STATUSES:
                return dataclasses.replace(result, url=url, redirects=tuple(chain.hops))
            current = chain.follow(current, result.status, result.headers.get("location", ""),
                                   new_cookie="set-cookie" in result.headers)

    async def _check_proxied(self, host: str, port: int | None, scheme: str, url: str) -> None:
        try:
            await check_through_proxy(host, port or (443 if scheme == "https" else 80),
                                      self._settings.connect_timeout)
        except AddressRefusedError as exc:
            raise AddressRefusedError(str(exc), url=url) from None

    async def _exchange(self, url: str, headers: dict[str, str], expect: Expect, proxy: str,
                        origin: str, limit: BodyLimit) -> FetchResult:
        """One hop, tried up to ``attempts`` times."""
        attempts = self._settings.attempts
        host = urlsplit(url).hostname or ""
        for attempt in range(1, attempts + 1):
            try:
                result = await self._attempt(url, headers, expect, proxy, limit)
            except RETRIED_ERRORS as exc:
                if attempt == attempts:
                    raise FetchError(_describe(exc, self._settings, proxy) + _tries(attempts),
                                     url=origin) from None
                delay = backoff(attempt, self._settings.retry_backoff,
                                self._settings.retry_max_wait)
            except FetchError as exc:
                exc.url = exc.url or origin
                raise
            except (httpx.HTTPError, OSError) as exc:
                raise FetchError(_describe(exc, self._settings, proxy), url=origin) from None
            else:
                if not retried_status(result.status):
                    return result
                wait = retry_after(result.headers.get("retry-after"))
                if wait is not None and wait > self._settings.retry_max_wait:
                    raise FetchError(f"HTTP {result.status}: the server asks to come back in "
                                     f"{wait:,.0f} s (Retry-After)", url=origin,
                                     status=result.status, retry_after=wait)
                if attempt == attempts:
                    raise FetchError(f"HTTP {result.status}{_tries(attempts)}", url=origin,
                                     status=result.status, retry_after=wait)
                if wait is not None:
                    self._gate.defer(host, wait)
                delay = wait if wait is not None else backoff(
                    attempt, self._settings.retry_backoff, self._settings.retry_max_wait)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _attempt(self, url: str, headers: dict[str, str], expect: Expect,
                       proxy: str, limit: BodyLimit) -> FetchResult:
        """One request and its body, within the host's slot and the total timeout."""
        client = self._client(proxy)
        total = self._settings.total_timeout
        async with self._gate.slot(urlsplit(url).hostname or ""):
            try:
                async with asyncio.timeout(total):
                    request = client.build_request("GET", url, headers=headers)
                    response = await client.send(request, stream=True)
                    try:
                        body = await self._body(response, expect, limit)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise FetchError(f"timed out: no complete answer within {total:g} s "
                                 "(network.total_timeout)") from None
        result = FetchResult(url=url, final_url=url, status=response.status_code,
                             headers={k.lower(): v for k, v in response.headers.items()},
                             body=body, fetched_at=now())
        if self._capture is not None:
            self._capture.record(result, {k.decode("latin-1"): v.decode("latin-1")
                                          for k, v in request.headers.raw})
        return result

    async def _body(self, response: httpx.Response, expect: Expect, limit: BodyLimit
                    ) -> bytes:
        status = response.status_code
        if status == 304 or 100 <= status < 200:
            return b""
        if status >= 400 or status in REDIRECT_STATUSES:
            try:  # an error or redirect page is kept for the capture; its status counts
                return await self._read(response, limit)
            except (FetchError, httpx.HTTPError):
                return b""
        if status < 300:
            check_headers(expect, response.headers.get("content-type", ""))
        return await self._read(response, limit)

    async def _read(self, response: httpx.Response, limit: BodyLimit) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit.bytes:
            raise RefusedError(f"body of {int(declared):,} bytes is over the limit of "
                               f"{limit.bytes:,} ({limit.setting})")
        return await read_body(response.aiter_raw(), response.headers.get("content-encoding", ""),
                               limit)

    async def _load_robots(self, url: str, proxy: str) -> FetchResult:
        return await self._follow(url, {"Accept": "text/plain, */*;q=0.5"}, "any", proxy,
                                  robots=False, limit=self._limit)

    def _client(self, proxy: str) -> httpx.AsyncClient:
        client = self._clients.get(proxy)
        if client is None:
            client = self._clients[proxy] = httpx.AsyncClient(
                transport=make_transport(self._settings, proxy), headers=self._headers,
                timeout=self._timeout, follow_redirects=False, trust_env=False)
        return client

    async def aclose(self) -> None:
        self._robots.close()
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
        if self._capture is not None:
            self._capture.close()

    async def __aenter__(self) -> HttpFetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()


def _tries(attempts: int) -> str:
    return f" ({attempts} attempts)" if attempts > 1 else ""


def _describe(exc: Exception, settings: FetchSettings, proxy: str) -> str:
    """A failure of the connection, in words an operator can act on, never with secrets."""
    return _failure(exc, settings) + (f" (through proxy {redact(proxy)})" if proxy else "")


def _failure(exc: Exception, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (over {settings.connect_timeout:g} s, " \
               "network.connect_timeout)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out: no data for {settings.timeout:g} s (network.timeout)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.ProxyError):
        return f"proxy error: {redact(str(exc)) or type(exc).__name__}"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"invalid URL: {redact(str(exc))}"
    detail = redact(str(exc))
    if not detail and isinstance(exc, httpx.ReadError | httpx.RemoteProtocolError):
        return "network error: the connection was cut off mid-answer"
    return f"network error: {detail or type(exc).__name__}"
