"""What a reader's browser pays for a search: the site served on 127.0.0.1, the search
page opened in headless Chromium (Debian's, as the tests use), and a few words searched
one after the other; for each, the time until its results show, how many results, and
the requests and bytes it cost (the first loads more of each part's index than the next)."""

from __future__ import annotations

import functools
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WORDS = ("北约", "北約", "俄", "香港")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure(site: Path) -> dict[str, Any]:
    """The figures of each of :data:`WORDS`; empty without Chromium or Playwright."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if chromium is None:
        return {}
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found: dict[str, Any] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            loads: list[int] = []
            page.on("response", lambda response: loads.append(
                int(response.headers.get("content-length", "0"))))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search.html")
            started = time.perf_counter()
            try:
                page.wait_for_selector("form.search input:not([disabled])", timeout=120_000)
            except PlaywrightTimeout:  # a figure too: the page is not usable at this size
                found["error"] = (f"the search page was not ready after "
                                  f"{time.perf_counter() - started:.0f} s "
                                  f"({len(loads)} requests, {sum(loads) / 1e3:,.0f} kB)")
                browser.close()
                return found
            found["page_requests"], found["page_kb"] = len(loads), round(sum(loads) / 1e3)
            for word in WORDS:
                loads.clear()
                started = time.perf_counter()
                page.get_by_role("searchbox").fill(word)
                page.get_by_role("searchbox").press("Enter")
                page.wait_for_selector(
                    f'#search-results[aria-busy="false"][data-query="{word}"]',
                    state="attached", timeout=120_000)
                status = page.locator("#search-status").inner_text()
                found[word] = {"ms": round((time.perf_counter() - started) * 1000),
                               "requests": len(loads), "kb": round(sum(loads) / 1e3),
                               "status": status}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found
