"""Shared fixtures. Tests never reach the internet: name lookups of anything but
loopback names fail, so a test that forgot to pin a host fails instead of leaking."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme

from browser import browser  # noqa: F401 - the headless Chromium fixture
from newsmirror import dates
from servers import FixtureServer, serving

FIXTURES = Path(__file__).parent / "fixtures"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", None}
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else host
    if name not in LOOPBACK_NAMES and not str(name).startswith("127."):
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {name!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)


@pytest.fixture(autouse=True)
def no_pagefind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run and publish builds the site's search index with Pagefind (0.3 s a
    process): only the tests marked ``pagefind`` do; the others' runs index nothing."""
    if request.node.get_closest_marker("pagefind") is None:
        from newsmirror.site.search.index import SearchReport

        monkeypatch.setattr("newsmirror.site.search.step.build_index",
                            lambda *args, **kwargs: (SearchReport(), []))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with serving() as running:
        yield running


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[FixtureServer]:
    """An HTTPS server whose certificate names the hosts the seed fixtures use."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("www.epochtimes.com", "feedx.net", "www.dw.com", "news.example",
                  "127.0.0.1").configure_cert(context)
    with serving(context) as running:
        yield running


class Clock:
    """The time a run sees (when it fetched, what is due, when a removal is confirmed),
    moved on by a test that needs hours to pass between two runs."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return dates.now() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    for module in ("newsmirror.pipeline", "newsmirror.steps.sources", "newsmirror.steps.articles",
                   "newsmirror.recheck.step", "newsmirror.net.http"):
        monkeypatch.setattr(f"{module}.now", moved.now)
    return moved
