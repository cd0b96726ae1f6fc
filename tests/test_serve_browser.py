"""``newsmirror serve`` in a real browser (headless Chromium) against a real uvicorn
server on 127.0.0.1: search (simplified and traditional), filters, an article with its
revisions, its history, the sources' health, the token, no request to another host,
and no script injected through a feed item running on any page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import shot
from newsmirror.config import Mirror
from newsmirror.serve import create_app
from servers import FixtureServer
from serving import FAILING_ITEM, running, serve_mirror
from test_site_browser import MOBILE, VECTORS, hostile_mirror

DESKTOP = {"width": 1100, "height": 900}
TOKEN = "browser-token-0123456789"


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Mirror:
    return serve_mirror(tmp_path_factory.mktemp("serve-browser") / "m")


@pytest.fixture(scope="module")
def base(mirror: Mirror) -> Iterator[str]:
    with running(create_app(mirror)) as url:
        yield url


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    """A page whose every request is checked to go to the server itself."""
    context = browser.new_context(viewport=DESKTOP)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()
    assert {urlsplit(url).netloc for url in requests} == {urlsplit(base).netloc}, requests
    assert dialogs == []


def search_for(page: Any, words: str) -> None:
    page.locator("form.filters input[name=q]").fill(words)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")


def test_search_finds_simplified_and_traditional_alike(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    assert page.locator("ol.items li").count() == 30
    search_for(page, "北约")
    assert urlsplit(page.url).path == "/search"
    assert page.locator("p.meta").inner_text().startswith("找到 65")
    assert page.locator("ol.hits > li").count() == 20
    assert page.locator("ol.hits mark").first.inner_text() == "北约"
    shot(page, "serve-search")
    search_for(page, "北約")
    assert page.locator("p.meta").inner_text().startswith("找到 65")
    assert page.locator("ol.hits a mark").first.inner_text() == "北约"  # the outlet's text
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url("**page=2")
    assert "21–40" in page.locator("p.meta").inner_text()
    assert page.locator("form.filters input[name=q]").input_value() == "北約"
    shot(page, "serve-search-traditional-page-2")


def test_filters_narrow_the_search(page: Any, base: str) -> None:
    page.goto(f"{base}/search")
    form = page.locator("form.filters")
    form.locator("select[name=source]").select_option("dw")
    form.locator("select[name=status]").select_option("removed")
    form.locator("input[name=since]").fill("2022-01-10")
    search_for(page, "北约")
    hits = page.locator("ol.hits > li")
    assert hits.count() == 1
    assert "北约第63次会谈" in hits.inner_text() and "原文已被删除" in hits.inner_text()
    assert form.locator("select[name=status]").input_value() == "removed"
    shot(page, "serve-filters")
    page.locator("ol.hits a").first.click()
    page.wait_for_url("**/articles/*")
    assert "原文已被删除" in page.locator("p.notice.removed").inner_text()
    shot(page, "serve-article-removed")
    page.goto(f"{base}/search?q=北约&source=local")
    assert page.locator("p.empty").count() == 1
    page.goto(f"{base}/search?q=%22北约")
    assert "a quoted phrase is not closed" in page.locator("p.error").inner_text()


def test_an_article_its_revisions_and_its_history(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    search_for(page, "维也纳")
    page.locator("ol.hits a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("article h1").inner_text() == "北约第64次会谈"
    assert "维也纳" in page.locator("div.body").inner_text()
    revisions = page.locator("ol.revisions li")
    assert revisions.count() == 2
    assert "font-weight: bold" in page.locator("ol.revisions li.current").evaluate(
        "li => 'font-weight: ' + (getComputedStyle(li).fontWeight === '700' ? 'bold' : 'x')")
    shot(page, "serve-article")
    revisions.first.locator("a").click()
    page.wait_for_url("**?revision=1")
    assert "日内瓦" in page.locator("div.body").inner_text()
    assert "正在查看旧版本" in page.locator("p.notice.earlier").inner_text()
    page.locator("p.edited a").click()
    page.wait_for_url("**/history")
    assert page.locator("del").first.inner_text() == "日内瓦"
    assert page.locator("ins").first.inner_text() == "维也纳"
    shot(page, "serve-history")


def test_health_shows_each_source_and_its_failing_items(browser: Any, base: str) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport=MOBILE, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{base}/")
        page.get_by_role("link", name="来源状态", exact=True).last.click()
        page.wait_for_url(f"{base}/health")
        local = page.locator("section#local")
        assert local.locator("td.resting").inner_text() == "暂停中"
        assert "HTTP 503 <script>x</script>" in local.inner_text()
        assert local.locator("ul.failures a").inner_text() == FAILING_ITEM
        assert page.locator("section#dw td.ok").count() == 1
        shot(page, f"serve-health-{scheme}")
        context.close()


def test_a_token_once_then_a_cookie(browser: Any, mirror: Mirror) -> None:
    with running(create_app(mirror, token=TOKEN, host="0.0.0.0")) as url:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        refused = page.goto(f"{url}/health")
        assert refused is not None and refused.status == 401
        assert page.locator("h1").inner_text() == "需要令牌"
        assert "?token=" in page.locator("p.error").inner_text()
        assert page.evaluate("getComputedStyle(document.body).maxWidth") == "672px"
        shot(page, "serve-token-refused")
        page.goto(f"{url}/health?token={TOKEN}")
        assert page.url == f"{url}/health"  # the token is not left in the address
        assert page.locator("section#dw").count() == 1
        page.get_by_role("link", name="来源", exact=True).last.click()
        page.wait_for_url(f"{url}/sources")  # the cookie, not the token, lets it pass
        assert page.locator("ul.sources li").count() == 2
        context.close()


def test_script_injected_through_feed_items_runs_on_no_page(browser: Any,
                                                          server: FixtureServer,
                                                          tmp_path: Path) -> None:
    mirror = hostile_mirror(server, tmp_path / "m")
    with mirror.open_store(readonly=True) as store:
        articles = store.listings.page(0, 100, source="hostile")
        days = [day for day, _ in store.listings.days(100)]
        with_text = [a.id for a in articles
                     if "正文" in (store.article(a.id) or a).text]  # a vector may eat it
    paths = ["/", "/search?q=正文", "/search?q=正文&page=2", "/search?q=window",
             "/sources", "/sources/hostile", "/days", "/health",
             *(f"/days/{day}" for day in days),
             *(f"/articles/{a.id}" for a in articles),
             *(f"/articles/{a.id}/history" for a in articles),
             "/api/search?q=正文", f"/api/articles/{articles[0].id}"]
    with running(create_app(mirror)) as url:
        context = browser.new_context(viewport=MOBILE)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            answer = page.goto(url + path)
            assert answer is not None and answer.status == 200, path
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, path
            for link in page.locator("a").all():
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(
                    ("javascript", "data", "vbscript")), (path, href)
        assert page.locator("ol.hits > li").count() == 0  # the API's JSON, shown as text
        page.goto(f"{url}/search?q=正文")
        assert page.locator("ol.hits > li").count() == len(with_text) >= len(VECTORS) - 2
        shot(page, "serve-hostile-search")
        page.goto(f"{url}/articles/{articles[0].id}")
        shot(page, "serve-hostile-article")
        context.close()
    assert dialogs == []
