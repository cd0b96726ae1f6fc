"""The static site in a real browser (headless Chromium): navigation from disk and under a
sub-path of a web server, no request to another host, and no script injected through a
feed item running on any page."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import MOBILE, phone_pages, shot, under_sub_path
from mirrors import LOCAL_NETWORK, make_mirror
from newsmirror.config import Mirror
from newsmirror.pipeline import run_mirror
from servers import FixtureServer, Route
from sites import site_mirror


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_mirror(tmp_path_factory.mktemp("browser") / "m").output / "site"


def walk(page: Any, start: str, name: str) -> list[str]:
    """Home → a source → its older page → an article → its history; the URLs seen."""
    page.goto(start)
    seen = [page.url]
    page.get_by_role("link", name="德国之声").first.click()
    seen.append(page.url)
    assert page.locator("h1").inner_text() == "德国之声"
    page.locator("nav.pager a[rel=next]").click()
    seen.append(page.url)
    assert page.url.endswith("/dw/page-2.html")
    page.get_by_role("link", name="北约第59次会谈").click()
    seen.append(page.url)
    assert page.locator("article h1").inner_text() == "北约第59次会谈"
    page.go_back()
    page.locator("nav.pager a[rel=prev]").click()  # newer: page 3, with the edited one
    page.get_by_role("link", name="北约第64次会谈").click()
    shot(page, f"{name}-article")
    page.locator("p.edited a").click()
    seen.append(page.url)
    assert page.url.endswith(".history.html")
    assert page.locator("ins").count() and page.locator("del").count()
    shot(page, f"{name}-history")
    return seen


def test_from_disk_home_source_page_two_article_history(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    seen = walk(page, (site / "index.html").as_uri(), "file")
    assert all(url.startswith("file://") for url in seen)
    assert all(url.startswith("file://") for url in requests), requests
    # the stylesheet applied: the page is laid out by it, not by the browser's defaults
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "672px"
    shot(page, "file-home")
    context.close()


def test_under_a_sub_path_of_a_server_nothing_comes_from_elsewhere(browser: Any, site: Path,
                                                                   tmp_path: Path) -> None:
    with under_sub_path(site, tmp_path) as base:
        for scheme, page, requests in phone_pages(browser):
            seen = walk(page, f"{base}/mirror/site/index.html", f"subpath-{scheme}")
            assert all(url.startswith(f"{base}/mirror/site/") for url in seen), seen
            # images = "local" pages too: every request goes to the site itself
            page.goto(f"{base}/mirror/site/local/index.html")
            page.locator("ol.items a").first.click()
            page.wait_for_load_state("load")
            page.wait_for_function("document.querySelector('figure.lead img').complete")
            assert page.locator("figure.lead img").evaluate("img => img.naturalWidth") == 1
            shot(page, f"subpath-{scheme}-local")
            hosts = {urlsplit(url).netloc for url in requests}
            assert hosts == {urlsplit(base).netloc}, hosts


VECTORS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload="window.__pwned=1">',
    "javascript:window.__pwned=1",
    '<a href="javascript:window.__pwned=1">x</a>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1">',
    '<details open ontoggle="window.__pwned=1">d</details>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    '<base href="javascript:/">',
    '<form action="javascript:window.__pwned=1"><button>x</button></form>',
    '<object data="javascript:window.__pwned=1"></object>',
    '<embed src="data:text/html,&lt;script&gt;parent.__pwned=1&lt;/script&gt;">',
    '<style>body{background:url("javascript:window.__pwned=1")}</style>',
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>"></noscript>',
    '<a href="jav&#x09;ascript:window.__pwned=1">tab</a>',
    "{{ 7*7 }}{% raw %}",
]


def hostile_feed(link_base: str) -> bytes:
    """An RSS feed whose items carry a vector in every field a feed gives."""
    items = []
    for number, vector in enumerate(VECTORS):
        escaped = vector.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body = (f"<p>{vector}</p>" + "<p>这是一段足够长的正文，用来让全文条目被直接采用。</p>" * 12)
        body = body.replace("]]>", "]]&gt;")
        items.append(
            f"<item><title>{escaped}</title>"
            f"<link>{link_base}/a/{number}?q=%22%3E%3Cscript%3E</link>"
            f"<author>{escaped}</author><dc:creator>{escaped}</dc:creator>"
            f"<pubDate>Mon, 10 Jan 2022 0{number % 10}:00:00 GMT</pubDate>"
            f'<enclosure url="https://img.example/{number}.jpg&quot; onerror=&quot;'
            f'window.__pwned=1" type="image/jpeg"/>'
            f"<description>{escaped}</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>hostile</title>'
            f"<link>{link_base}/</link>{''.join(items)}</channel></rss>").encode()


def hostile_mirror(server: FixtureServer, folder: Path) -> Mirror:
    """A mirror of :func:`hostile_feed` (a source titled with a script too), run once
    through the real pipeline."""
    server.routes["/feed.xml"] = Route(hostile_feed(server.url("")),
                                       headers={"Content-Type": "application/rss+xml"})
    mirror = make_mirror(folder, (
        f"[network]\n{LOCAL_NETWORK}\n[[sources]]\nname = \"hostile\"\n"
        f"url = \"{server.url('/feed.xml')}\"\nstyle = \"mirror\"\n"
        f"title = \"<script>window.__pwned=1</script>\"\n"))
    # in a thread of its own: Playwright's sync API keeps an event loop in this one
    with ThreadPoolExecutor(1) as worker:
        report = worker.submit(run_mirror, mirror).result()
    assert report.sources[0].new_articles == len(VECTORS), report.sources
    return mirror


def test_script_injected_through_feed_items_runs_on_no_page(browser: Any,
                                                          server: FixtureServer,
                                                          tmp_path: Path) -> None:
    mirror = hostile_mirror(server, tmp_path / "m")
    site = mirror.output / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(VECTORS)
    context = browser.new_context(viewport=MOBILE)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith(("javascript", "data", "vbscript")), \
                (path, href)
    assert dialogs == []
    shot(page, "hostile-last")
    context.close()


def test_the_qr_code_shows_on_a_phone_in_light_and_dark(browser: Any, tmp_path: Path) -> None:
    mirror = site_mirror(tmp_path / "m", '\n[publish]\nbase_url = "https://m.example/"\n')
    article = next(p for p in (mirror.output / "site" / "dw" / "2022").rglob("*.html")
                   if ".history" not in p.name)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=MOBILE, color_scheme=scheme)
        page = context.new_page()
        page.goto(article.as_uri())
        box = page.locator("figure.qr svg").bounding_box()
        assert box is not None and box["width"] >= 100 and box["height"] >= 100
        # dark modules on a light ground in both schemes: what a phone's camera reads
        assert page.locator("figure.qr svg path[stroke]").get_attribute("stroke") == "#000"
        shot(page, f"qr-{scheme}")
        context.close()
