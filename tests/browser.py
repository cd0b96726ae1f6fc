"""Headless Chromium for the site's tests: Debian's chromium (/usr/bin/chromium, or
$NEWSMIRROR_CHROMIUM), driven by Playwright. Without it the browser tests are skipped,
saying how to install it; CI sets NEWSMIRROR_REQUIRE_BROWSER=1, where they fail instead."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# The flags that keep Chromium from calling home (refused on a closed network, and no
# request may leave the test but those the pages make).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-domain-reliability"]
SHOTS = Path(os.environ.get("NEWSMIRROR_SCREENSHOTS", "/tmp/newsmirror-screenshots"))
MOBILE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    given = os.environ.get("NEWSMIRROR_CHROMIUM")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API keeps an event loop running in the thread
    while it is open, and the other tests' asyncio.run() may not run beside it."""
    path = chromium_path()
    if path is None:
        message = ("no Chromium: install Debian's chromium (apt-get install chromium) or set "
                   "NEWSMIRROR_CHROMIUM")
        if os.environ.get("NEWSMIRROR_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=ARGS)
        yield launched
        launched.close()


def shot(page: Any, name: str) -> Path:
    """A screenshot of ``page`` in $NEWSMIRROR_SCREENSHOTS (to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """``root`` served on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def under_sub_path(site: Path, folder: Path) -> Iterator[str]:
    """``site`` served as ``/mirror/site/`` (a GitHub Pages project site) from ``folder``;
    yields the server's base URL."""
    (folder / "mirror").symlink_to(site.parent)
    with served(folder) as base:
        yield base


def phone_pages(browser: Any) -> Iterator[tuple[str, Any, list[str]]]:
    """A phone-sized page in the light colour scheme, then in the dark one, each with the
    log of the URLs it requested."""
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=MOBILE, color_scheme=scheme)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request, log=requests: log.append(request.url))
        yield scheme, page, requests
        context.close()
