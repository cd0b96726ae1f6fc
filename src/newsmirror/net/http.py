"""Fetch over HTTP(S) with httpx: bounded concurrency, timeouts, a size cap while streaming."""

from __future__ import annotations

import asyncio
import re
from types import TracebackType

import httpx

from newsmirror.dates import now
from newsmirror.errors import FetchError
from newsmirror.net.capture import WarcCapture
from newsmirror.net.model import FetchResult, FetchSettings
from newsmirror.net.transport import make_transport

_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")
_MAX_REDIRECTS = 10
# The whole request, headers and body, must end within this many read timeouts.
_TOTAL_TIMEOUTS = 4


def redact(text: str) -> str:
    """Remove ``user:password@`` from any URL in ``text`` (proxy credentials above all)."""
    return _CREDENTIALS.sub("***@", text)


class HttpFetcher:
    """Fetches URLs from the network; one instance per run, used inside one event loop."""

    def __init__(self, settings: FetchSettings, capture: WarcCapture | None = None) -> None:
        self._settings = settings
        self._capture = capture
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9,zh-TW;q=0.8,en;q=0.6",
        }
        self._client = httpx.AsyncClient(
            transport=make_transport(settings),
            headers=self._headers,
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=_MAX_REDIRECTS,
        )

    async def fetch(self, url: str) -> FetchResult:
        """GET ``url``; raises :class:`FetchError` for network failures and HTTP errors."""
        async with self._slots:
            try:
                async with asyncio.timeout(self._settings.timeout * _TOTAL_TIMEOUTS):
                    result, history = await self._get(url)
            except TimeoutError:
                raise FetchError(f"no complete answer within "
                                 f"{self._settings.timeout * _TOTAL_TIMEOUTS:g} s", url=url
                                 ) from None
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {_MAX_REDIRECTS} redirects", url=url) from None
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out ({type(exc).__name__})", url=url) from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL: {redact(str(exc))}", url=url) from None
            except (httpx.HTTPError, OSError) as exc:
                message = redact(str(exc)) or type(exc).__name__
                raise FetchError(f"network error: {message}", url=url) from None
        if self._capture is not None:
            for hop in history:
                self._capture.record_redirect(str(hop.url), hop.status_code,
                                              hop.headers.get("location", ""), result)
            self._capture.record(result, self._headers)
        if result.status >= 400:
            raise FetchError(f"HTTP {result.status}", url=url, status=result.status)
        return result

    async def _get(self, url: str) -> tuple[FetchResult, list[httpx.Response]]:
        async with self._client.stream("GET", url) as response:
            body = await self._read_capped(response)
            result = FetchResult(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                body=body,
                fetched_at=now(),
            )
            return result, list(response.history)

    async def _read_capped(self, response: httpx.Response) -> bytes:
        limit = self._settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and response.status_code < 400:
            raise FetchError(f"body of {int(declared):,} bytes is over the limit of "
                             f"{limit:,} (network.max_bytes)", url=str(response.url))
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"body over the limit of {limit:,} bytes (network.max_bytes)",
                                 url=str(response.url))
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        await self._client.aclose()
        if self._capture is not None:
            self._capture.close()

    async def __aenter__(self) -> HttpFetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()
